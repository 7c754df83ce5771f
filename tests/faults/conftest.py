"""The platform under fault: the five services as processes a test may kill, stop and
restart, with an SMTP sink, on a vhost and stores of its own, so nothing else running on
this machine is disturbed. Faults of the broker itself use a private RabbitMQ node
(tests/support/private_broker.py), never the shared one.

``stack`` is one platform per test module (starting five services costs seconds on two
cores): each test counts its own complaints and how many cases and letters earlier tests
of the module left (`FaultStack.cases_before`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from common.settings import PlatformSettings
from tests.e2e.conftest import running
from tests.support import infra
from tests.support.faults import FaultStack
from tests.support.private_broker import (  # noqa: F401 - fixtures
    PrivateBroker,
    private_broker,
    private_broker_node,
)


def settings(amqp_url: str, store_url: str, workdir: Path) -> PlatformSettings:
    return infra.platform_settings(amqp_url, store_url, workdir, prefix="f")


def store_url(workdir: Path, request: pytest.FixtureRequest) -> str:
    if os.environ.get("TEST_STORE", "sqlite") == "mongo":
        return str(request.getfixturevalue("mongo_url"))
    return f"sqlite:///{workdir}/stores/{{service}}.db"


def running_stack(platform: PlatformSettings, workdir: Path) -> Iterator[FaultStack]:
    with running(platform, workdir, FaultStack) as s:
        yield s


@contextmanager
def own_vhost(amqp_url: str) -> Iterator[str]:
    """A vhost of its own on the shared broker (the session's container where Docker runs)."""
    if infra.docker_available():
        yield amqp_url
        return
    with infra.local_vhost() as url:
        yield url


@pytest.fixture(scope="module")
def stack(
    amqp_url: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[FaultStack]:
    """The whole platform on a vhost of its own on the shared broker, for one module."""
    workdir = tmp_path_factory.mktemp("faults")
    with own_vhost(amqp_url) as url:
        platform = settings(url, store_url(workdir, request), workdir)
        yield from running_stack(platform, workdir)


@pytest.fixture
def broker_stack(
    private_broker: PrivateBroker,  # noqa: F811 - the fixture above
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> Iterator[tuple[FaultStack, PrivateBroker]]:
    """The whole platform on a private broker this test may stop, start and kill."""
    platform = settings(private_broker.url, store_url(tmp_path, request), tmp_path)
    for s in running_stack(platform, tmp_path):
        yield s, private_broker
