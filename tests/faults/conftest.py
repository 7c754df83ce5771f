"""The platform under fault: the five services as processes a test may kill, stop and
restart, with an SMTP sink, on a vhost and stores of its own, so nothing else running on
this machine is disturbed. Faults of the broker itself use a private RabbitMQ node
(tests/support/private_broker.py), never the shared one.

``stack`` is one platform per test module (starting five services costs seconds on two
cores): each test counts its own complaints and how many cases and letters earlier tests
of the module left (`FaultStack.cases_before`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from common.settings import PlatformSettings
from devstack import smtp_sink
from tests.e2e.conftest import SERVICES
from tests.support import infra
from tests.support.faults import FaultStack
from tests.support.infra import free_port
from tests.support.private_broker import (  # noqa: F401 - fixtures
    PrivateBroker,
    private_broker,
    private_broker_node,
)


def settings(amqp_url: str, store_url: str, workdir: Path) -> PlatformSettings:
    return PlatformSettings(
        amqp_url=amqp_url,
        store_url=store_url,
        db_prefix=f"f{uuid.uuid4().hex[:8]}_",
        clock_file=workdir / "clock.json",
        delivery_limit=3,
        metrics_port_base=0,
        log_json=False,
    )


def store_url(workdir: Path, request: pytest.FixtureRequest) -> str:
    if os.environ.get("TEST_STORE", "sqlite") == "mongo":
        return str(request.getfixturevalue("mongo_url"))
    return f"sqlite:///{workdir}/stores/{{service}}.db"


def running_stack(platform: PlatformSettings, workdir: Path) -> Iterator[FaultStack]:
    sink = smtp_sink.start(workdir / "mail", port=free_port())
    s = FaultStack(
        platform, workdir, smtp_port=sink.port, ports={name: free_port() for name in SERVICES}
    )
    try:
        s.start_all(SERVICES)
        yield s
    finally:
        s.stop_all()
        sink.stop()
        if os.environ.get("E2E_SHOW_LOGS"):
            for name in SERVICES:
                print(f"==== {name}\n{s.log(name).read_text()[-4000:]}")


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
