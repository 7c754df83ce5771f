"""Fixtures shared by integration and end-to-end tests (see tests/support/infra.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from common.settings import PlatformSettings
from tests.support import infra


@pytest.fixture(scope="session")
def broker() -> Iterator[infra.Broker]:
    """The session's RabbitMQ: a container with ``TEST_BROKER=container`` where a Docker
    engine answers, else the local broker (the run's summary says which, and why)."""
    with infra.broker() as b:
        yield b


@pytest.fixture(scope="session")
def amqp_url(broker: infra.Broker) -> str:
    return broker.url


@pytest.fixture(scope="session")
def mongo_url() -> Iterator[str]:
    with infra.mongo() as url:
        yield url


@pytest.fixture
def vhost_url(broker: infra.Broker) -> Iterator[str]:
    """A broker of this test's own: a fresh vhost on the session's broker."""
    with broker.vhost() as url:
        yield url


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker of a parallel run (pytest-xdist) hands its infrastructure lines to the
    controller, which prints the summary."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["session_report"] = list(infra.SESSION_REPORT)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    for line in getattr(node, "workeroutput", {}).get("session_report", ()):
        infra.report_line(line)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say which broker and store server the run used, and why not a container if one
    was asked for: a fallback is never silent."""
    if infra.SESSION_REPORT:
        terminalreporter.section("test infrastructure")
        for line in infra.SESSION_REPORT:
            terminalreporter.write_line(line)


@pytest.fixture
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The services' store for one test: SQLite files in the test's own directory (the
    default engine), or with ``TEST_STORE=mongo`` the MongoDB-protocol server."""
    if os.environ.get("TEST_STORE", "sqlite") == "mongo":
        return str(request.getfixturevalue("mongo_url"))
    return f"sqlite:///{tmp_path}/stores/{{service}}.db"


@pytest.fixture
def platform(vhost_url: str, store_url: str, tmp_path) -> PlatformSettings:  # type: ignore[no-untyped-def]
    """Settings for one isolated platform: own vhost, own stores, own clock file."""
    return infra.platform_settings(vhost_url, store_url, tmp_path)
