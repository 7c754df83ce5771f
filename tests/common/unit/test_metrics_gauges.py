"""Gauges read at scrape time: the outbox backlog of every service, and any gauge a
service adds (deadlines' timers due has its own tests). Scraped over HTTP as
Prometheus does."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from common import metrics as metrics_module
from common.bus import Outgoing
from common.metrics import ServiceMetrics
from common.outbox import Applied, OutboxRelay
from common.storage import open_store
from services.routing.adapters.documents import RoutingRecord
from tests.support.fakes import FakePublisher
from tests.support.infra import free_port

BACKLOG = "complaints_outbox_backlog"


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def served(store, service: str = "routing") -> ServiceMetrics:  # type: ignore[no-untyped-def]
    m = ServiceMetrics(service, store)
    m.serve(free_port(), "127.0.0.1")
    assert m.port is not None
    return m


def out(i: int, key: str = "case.routed") -> Outgoing:
    return Outgoing(exchange="complaints", routing_key=key, message_id=f"m{i}", body={})


async def test_outbox_backlog_rises_with_commits_and_falls_when_the_relay_publishes() -> None:
    store = open_store("memory://", [RoutingRecord], service="routing")
    m = served(store)
    backlog = (BACKLOG, (("service", "routing"),))
    assert scrape(m.port)[backlog] == 0  # type: ignore[arg-type]
    publisher = FakePublisher(fail=True)  # the broker is away: the outbox keeps them
    relay = OutboxRelay(publisher, store, [RoutingRecord])
    for n in range(3):
        doc = RoutingRecord(id=f"R-{n}")
        sent = [out(2 * n), out(2 * n + 1)]
        store.commit(doc, message_id=f"in-{n}", emit=sent)
        with pytest.raises(ConnectionError):
            await relay.publish(RoutingRecord, doc.id, Applied(doc, duplicate=False, emitted=sent))
    assert scrape(m.port)[backlog] == 6  # type: ignore[arg-type]
    publisher.fail = False  # back: the sweep publishes what waited
    assert await relay.sweep(older_than_s=-1) == 6
    assert scrape(m.port)[backlog] == 0  # type: ignore[arg-type]


def test_the_backlog_is_read_per_scrape_and_never_on_the_hot_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path}/routing.db", [RoutingRecord], service="routing")
    reads = []
    count = store.outbox_backlog

    def spy() -> int:
        reads.append(threading.current_thread().name)
        return count()

    store.outbox_backlog = spy  # type: ignore[method-assign]
    m = served(store)
    for n in range(50):
        store.commit(RoutingRecord(id=f"R-{n}"), message_id=f"in-{n}", emit=[out(n)])
        m.observe("routing.complaints", "ok", 0.001)
        m.count_published(out(n))
    assert reads == []
    assert scrape(m.port)[(BACKLOG, (("service", "routing"),))] == 50  # type: ignore[arg-type]
    scrape(m.port)  # type: ignore[arg-type]
    assert len(reads) == 2
    # Always the gauges' own worker: SQLite keeps one connection there.
    assert set(reads) == {"routing-gauges"}


def test_a_failing_or_slow_gauge_is_left_out_and_the_rest_is_scraped(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(metrics_module, "GAUGE_TIMEOUT_S", 0.2)
    store = open_store("memory://", [RoutingRecord], service="routing")
    m = served(store)

    def broken() -> float:
        raise RuntimeError("store away")

    release = threading.Event()

    def slow() -> float:
        release.wait(5)
        return 1.0

    m.gauge("complaints_test_broken", "fails", broken)
    m.gauge("complaints_test_slow", "hangs", slow)
    m.observe("routing.complaints", "ok", 0.01)
    started = time.monotonic()
    got = scrape(m.port)  # type: ignore[arg-type]
    assert time.monotonic() - started < 3
    names = {name for name, _ in got}
    assert "complaints_test_broken" not in names and "complaints_test_slow" not in names
    assert got[(BACKLOG, (("service", "routing"),))] == 0
    ok = (("outcome", "ok"), ("queue", "routing.complaints"), ("service", "routing"))
    assert got[("complaints_messages_handled_total", ok)] == 1
    release.set()


def test_a_read_stuck_on_the_store_does_not_hold_up_the_process_exit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    script = tmp_path / "stuck.py"
    script.write_text(
        "import threading\n"
        "from prometheus_client import generate_latest\n"
        "from common import metrics\n"
        "from common.storage import open_store\n"
        "from services.routing.adapters.documents import RoutingRecord\n"
        "metrics.GAUGE_TIMEOUT_S = 0.1\n"
        "m = metrics.ServiceMetrics('routing', open_store('memory://', [RoutingRecord],"
        " service='routing'))\n"
        "m.gauge('complaints_test_stuck', 'never answers', lambda: threading.Event().wait())\n"
        "assert b'complaints_test_stuck' not in generate_latest(m.registry)\n"
        "print('scraped')\n"
    )
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, str(script)], cwd=root, capture_output=True, text=True, timeout=30,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "scraped"
