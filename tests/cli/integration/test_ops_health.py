"""``complaints ops health``: fake gRPC health servers and metrics endpoints, a real broker
(own vhost) with the platform's queues, or everything absent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pika
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from prometheus_client import CollectorRegistry, start_http_server
from typer.testing import CliRunner

from cli.main import app
from common.bus import QUEUES
from ops.services import SERVICES
from tests.support.infra import free_port

pytestmark = pytest.mark.integration
runner = CliRunner()
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class FakeServices:
    """A gRPC health server and a /metrics endpoint per service, on free ports."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.health: dict[str, health.HealthServicer] = {}
        self._servers: list[Any] = []
        self._http: list[Any] = []
        for name in SERVICES:
            server = grpc.server(ThreadPoolExecutor(max_workers=2))
            checker = health.HealthServicer()
            health_pb2_grpc.add_HealthServicer_to_server(checker, server)
            checker.set("", SERVING)
            port = server.add_insecure_port("127.0.0.1:0")
            server.start()
            self.health[name] = checker
            self._servers.append(server)
            monkeypatch.setenv(f"{name.upper()}_GRPC_PORT", str(port))
            http, _ = start_http_server(0, addr="127.0.0.1", registry=CollectorRegistry())
            self._http.append(http)
            monkeypatch.setenv(f"{name.upper()}_METRICS_PORT", str(http.server_port))

    def stop(self) -> None:
        for server in self._servers:
            server.stop(None)
        for http in self._http:
            http.shutdown()
            http.server_close()


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[FakeServices]:  # type: ignore[no-untyped-def]
    # health reads the notifications store for unaddressed referrals: a local demo's
    # .data/notifications.db must not change what this test sees.
    monkeypatch.setenv("NOTIFICATIONS_STORE_URL", f"sqlite:///{tmp_path}/notifications.db")
    fakes = FakeServices(monkeypatch)
    yield fakes
    fakes.stop()


@pytest.fixture
def broker(vhost_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The platform's queues on the test's vhost, each work queue with a consumer."""
    monkeypatch.setenv("PLATFORM_AMQP_URL", vhost_url)
    conn = pika.BlockingConnection(pika.URLParameters(vhost_url))
    ch = conn.channel()
    for spec in QUEUES:
        ch.queue_declare(spec.name, durable=True, arguments={"x-queue-type": "quorum"})
        ch.queue_declare(spec.dlq, durable=True, arguments={"x-queue-type": "quorum"})
        ch.basic_consume(spec.name, lambda *a: None)
    yield ch
    conn.close()


def health_report(*args: str) -> tuple[int, Any]:
    result = runner.invoke(app, ["ops", "health", "--json", *args])
    return result.exit_code, json.loads(result.output)


def test_all_well_is_exit_0_and_a_service_not_serving_is_exit_1(
    services: FakeServices, broker: Any
) -> None:
    code, report = health_report()
    assert report["problems"] == []
    assert code == 0 and report["healthy"] is True
    assert [(s["service"], s["grpc"], s["metrics"]) for s in report["services"]] == [
        (name, "SERVING", "ok") for name in SERVICES
    ]
    assert [(q["queue"], q["consumers"], q["dlq_messages"]) for q in report["queues"]] == [
        (spec.name, 1, 0) for spec in QUEUES
    ]
    table = runner.invoke(app, ["ops", "health"])
    assert table.exit_code == 0 and "healthy" in table.output and "SERVING" in table.output

    services.health["routing"].set("", NOT_SERVING)
    code, report = health_report()
    assert code == 1
    assert {s["service"]: s["grpc"] for s in report["services"]}["routing"] == "NOT_SERVING"
    assert [p for p in report["problems"] if "routing" in p][0].startswith(
        "routing: gRPC NOT_SERVING"
    )


def test_dead_letters_and_a_queue_without_consumer_are_problems(
    services: FakeServices, broker: Any, vhost_url: str
) -> None:
    broker.basic_publish("", "records.events.dlq", b"{}")
    other = pika.BlockingConnection(pika.URLParameters(vhost_url))
    other.channel().queue_delete("deadlines.cases")  # its consumer goes with it
    other.close()
    code, report = health_report()
    assert code == 1
    queues = {q["queue"]: q for q in report["queues"]}
    assert queues["records.events"]["dlq_messages"] == 1
    assert queues["deadlines.cases"]["messages"] is None
    assert "records.events.dlq: 1 dead letter(s)" in report["problems"]
    assert "deadlines.cases: queue absent" in report["problems"]


def test_with_the_services_absent_each_is_reported_unreachable_and_exit_is_1(
    broker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SERVICES:
        monkeypatch.setenv(f"{name.upper()}_GRPC_PORT", str(free_port()))
        monkeypatch.setenv(f"{name.upper()}_METRICS_PORT", str(free_port()))
    result = runner.invoke(app, ["ops", "health"])
    assert result.exit_code == 1
    assert "UNHEALTHY" in result.output
    code, report = health_report()
    assert code == 1
    assert {s["grpc"] for s in report["services"]} == {"unreachable"}
    assert {s["metrics"] for s in report["services"]} == {"unreachable"}
    assert report["broker"]["reachable"] is True


def test_an_unreachable_broker_is_reported_not_raised(
    services: FakeServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLATFORM_AMQP_URL", f"amqp://guest:guest@127.0.0.1:{free_port()}/")
    code, report = health_report()
    assert code == 1
    assert report["broker"]["reachable"] is False
    assert report["queues"] == []
    assert all(s["ok"] for s in report["services"])


def test_metrics_turned_off_are_not_a_problem(
    services: FakeServices, broker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SERVICES:
        monkeypatch.delenv(f"{name.upper()}_METRICS_PORT")
    monkeypatch.setenv("PLATFORM_METRICS_PORT_BASE", "0")
    code, report = health_report()
    assert code == 0, report["problems"]
    assert {s["metrics"] for s in report["services"]} == {"off"}
