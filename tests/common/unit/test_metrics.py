"""A service's /metrics: handled messages by outcome and store round trips by operation."""

from __future__ import annotations

import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from common.metrics import ServiceMetrics, metrics_port
from common.storage import open_store
from services.routing.adapters.documents import RoutingRecord
from tests.support.infra import free_port


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_metrics_endpoint_counts_messages_and_store_operations() -> None:
    store = open_store("memory://", [RoutingRecord], service="routing")
    metrics = ServiceMetrics("routing", store)
    metrics.serve(free_port(), "127.0.0.1")
    assert metrics.port is not None
    store.get(RoutingRecord, "nope")
    store.get(RoutingRecord, "nope")
    metrics.observe("routing.complaints", "ok", 0.01)
    metrics.observe("routing.complaints", "rejected", 0.02)
    metrics.observe("routing.complaints", "ok", 0.01)
    got = scrape(metrics.port)
    ops = ("complaints_store_operations_total", (("op", "get"), ("service", "routing")))
    assert got[ops] == 2
    ok = (("outcome", "ok"), ("queue", "routing.complaints"), ("service", "routing"))
    rejected = (("outcome", "rejected"), ("queue", "routing.complaints"), ("service", "routing"))
    assert got[("complaints_messages_handled_total", ok)] == 2
    assert got[("complaints_messages_handled_total", rejected)] == 1


async def test_published_events_are_counted_by_routing_key() -> None:
    from common.bus import Outgoing
    from common.outbox import Applied, OutboxRelay
    from tests.support.fakes import FakePublisher

    store = open_store("memory://", [RoutingRecord], service="routing")
    metrics = ServiceMetrics("routing", store)
    metrics.serve(free_port(), "127.0.0.1")
    relay = OutboxRelay(
        FakePublisher(), store, [RoutingRecord], on_published=metrics.count_published
    )
    doc = RoutingRecord(id="R-1")
    sent = [Outgoing(exchange="complaints", routing_key=k, message_id=f"m{i}", body={})
            for i, k in enumerate(["case.routed", "case.routed", "deadline.breached"])]  # fmt: skip
    store.commit(doc, message_id=None, emit=sent)
    await relay.publish(RoutingRecord, "R-1", Applied(doc, duplicate=False, emitted=sent))
    got = scrape(metrics.port)  # type: ignore[arg-type]
    key = "complaints_events_published_total"
    assert got[(key, (("key", "case.routed"), ("service", "routing")))] == 2
    assert got[(key, (("key", "deadline.breached"), ("service", "routing")))] == 1


def test_a_taken_port_leaves_the_service_running_without_metrics() -> None:
    store = open_store("memory://", [RoutingRecord], service="routing")
    first = ServiceMetrics("routing", store)
    first.serve(free_port(), "127.0.0.1")
    second = ServiceMetrics("routing", store)
    second.serve(first.port, "127.0.0.1")
    assert second.port is None


def test_metrics_ports(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("RECORDS_METRICS_PORT", raising=False)
    assert metrics_port("intake", 9100) == 9101
    assert metrics_port("records", 9100) == 9105
    assert metrics_port("records", 0) is None
    monkeypatch.setenv("RECORDS_METRICS_PORT", "9999")
    assert metrics_port("records", 0) == 9999
