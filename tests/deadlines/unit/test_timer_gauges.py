"""complaints_timers_due and complaints_timers_due_oldest_seconds: timers due by today that
no sweep has fired yet, read at scrape time; 0 again once a sweep fires them."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from common.metrics import ServiceMetrics
from common.settings import PlatformSettings
from common.storage import open_store
from services.deadlines.adapters.documents import DOCUMENTS
from services.deadlines.gauges import TimerGauges
from tests.deadlines.unit.test_deadlines_handlers import REMIND, Rig, route
from tests.support.events import routed


def gauges(metrics: ServiceMetrics) -> dict[str, float]:
    text = generate_latest(metrics.registry).decode()
    return {
        s.name: s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name.startswith("complaints_timers_due") and s.labels == {"service": "deadlines"}
    }


@pytest.fixture(params=["memory", "sqlite"])
def rig(request, tmp_path) -> Rig:  # type: ignore[no-untyped-def]
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/deadlines.db"
    return Rig(open_store(url, DOCUMENTS, service="deadlines"))


def test_timers_due_rise_when_their_day_comes_and_fall_when_the_sweep_fires_them(rig) -> None:  # type: ignore[no-untyped-def]
    metrics = ServiceMetrics("deadlines", rig.store)
    TimerGauges(rig.store, rig.clock, fresh_s=0).register(metrics)
    assert gauges(metrics) == {
        "complaints_timers_due": 0,
        "complaints_timers_due_oldest_seconds": 0,
    }
    for n in range(3):
        route(rig, routed("dso", received_on=date(2026, 11, 2) + timedelta(days=n)), f"m{n}")
    rig.on(REMIND - timedelta(days=1))  # the day before the first reminder
    assert gauges(metrics)["complaints_timers_due"] == 0
    rig.on(REMIND)
    assert gauges(metrics) == {
        "complaints_timers_due": 1,
        "complaints_timers_due_oldest_seconds": 0,
    }
    rig.on(REMIND + timedelta(days=4))  # no sweep for four days (Thu to Mon)
    assert gauges(metrics) == {
        "complaints_timers_due": 3,
        "complaints_timers_due_oldest_seconds": 4 * 86400,
    }
    assert asyncio.run(rig.handlers.sweep()) == 3  # three reminders
    assert gauges(metrics) == {
        "complaints_timers_due": 0,
        "complaints_timers_due_oldest_seconds": 0,
    }


def test_one_read_serves_both_gauges_of_a_scrape(rig) -> None:  # type: ignore[no-untyped-def]
    metrics = ServiceMetrics("deadlines", rig.store)
    TimerGauges(rig.store, rig.clock).register(metrics)
    before = dict(rig.store.operations)
    gauges(metrics)
    after = dict(rig.store.operations)
    assert {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)} == {
        "find": 1
    }


def test_the_deadlines_service_serves_the_gauges(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The service as `build` wires it, on its SQLite store, scraped over HTTP."""
    import urllib.request

    from services.deadlines.bootstrap import build
    from tests.support.infra import free_port

    rt = build(
        PlatformSettings(
            store_url=f"sqlite:///{tmp_path}/{{service}}.db",
            metrics_port_base=0,
            clock_file=tmp_path / "clock.json",
        )
    )
    try:
        rt.metrics.serve(free_port(), "127.0.0.1")
        url = f"http://127.0.0.1:{rt.metrics.port}/metrics"
        text = urllib.request.urlopen(url, timeout=10).read().decode()
        samples = {
            s.name: s.value
            for family in text_string_to_metric_families(text)
            for s in family.samples
            if s.labels == {"service": "deadlines"}
        }
        assert samples["complaints_timers_due"] == 0
        assert samples["complaints_timers_due_oldest_seconds"] == 0
        assert samples["complaints_outbox_backlog"] == 0
    finally:
        rt.store.close()
