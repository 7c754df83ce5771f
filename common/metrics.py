"""Prometheus metrics of one service, on its own registry and HTTP port.

- ``complaints_messages_handled_total{service,queue,outcome}``: every delivery a
  consumer finished: ``ok``, ``rejected`` (dead-lettered at once with reasons) or
  ``failed`` (returned to its queue to be retried).
- ``complaints_handle_seconds{service,queue}``: how long handling took.
- ``complaints_store_operations_total{service,op}``: store round trips by operation,
  read from the store engine's own counters at scrape time.
- ``complaints_events_published_total{service,key}``: messages the service published
  (confirmed by the broker), by routing key: letters sent and failed
  (``notification.sent``/``notification.failed``), breaches (``deadline.breached``),
  referrals, rejections, partner replies...
- ``complaints_outbox_backlog{service}``: messages committed to an outbox and not yet
  published (and cleared), read from the store at scrape time (`Store.outbox_backlog`,
  a count on an index, never per message). Growing: the broker refuses or is away.
- Gauges a service adds with `ServiceMetrics.gauge`, read the same way (deadlines:
  ``complaints_timers_due`` and ``complaints_timers_due_oldest_seconds``, see
  `services.deadlines.gauges`).

Gauges are read when Prometheus scrapes, one after the other on a daemon thread of
their own (SQLite keeps its connection there), each within a time limit: a read that fails or takes
longer than `GAUGE_TIMEOUT_S` leaves that gauge out of the scrape (and is logged)
instead of hanging the scrape; the hot path never touches them.

Ports: ``<SERVICE>_METRICS_PORT``, else ``PLATFORM_METRICS_PORT_BASE`` plus the service's
place (intake 1, routing 2, deadlines 3, notifications 4, records 5: 9101-9105 by
default); a base of 0 turns the endpoint off (tests that run services in-process).

What each service exposes, without running it (``scripts/check_metrics.sh`` lints this
with ``promtool check metrics``):

    python -m common.metrics              # every service's /metrics text
    python -m common.metrics --out DIR    # DIR/<service>.prom, one file each
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import queue
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

GAUGE_TIMEOUT_S = 2.0

PLACES = {"intake": 1, "routing": 2, "deadlines": 3, "notifications": 4, "records": 5}


def metrics_port(service: str, base: int) -> int | None:
    """The port ``service`` serves /metrics on, or None when it is turned off."""
    explicit = os.environ.get(f"{service.upper()}_METRICS_PORT")
    if explicit:
        return int(explicit)
    if base <= 0:
        return None
    return base + PLACES.get(service, 9)


class _StoreOperations(Collector):
    def __init__(self, service: str, store: Any):
        self._service, self._store = service, store

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(
            "complaints_store_operations",
            "Store round trips by operation (get, commit, clear_outbox, find, ...)",
            labels=["service", "op"],
        )
        for op, n in sorted(dict(self._store.operations).items()):
            family.add_metric([self._service, op], n)
        yield family


class _Worker:
    """One daemon thread that runs the gauges' reads in turn: SQLite keeps its connection
    in it, and a read stuck on an unreachable store never holds up the process's exit
    (a `ThreadPoolExecutor`'s threads are joined at exit)."""

    def __init__(self, name: str):
        self._name = name
        self._jobs: queue.SimpleQueue[tuple[Callable[[], float], Future[float]]] = (
            queue.SimpleQueue()
        )
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, fn: Callable[[], float]) -> Future[float]:
        future: Future[float] = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
        self._jobs.put((fn, future))
        return future

    def _run(self) -> None:
        while True:
            fn, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed to the scrape, which logs it
                future.set_exception(exc)


class _ScrapeGauge(Collector):
    """One gauge whose value ``read`` gives at scrape time, on the shared worker."""

    def __init__(
        self,
        name: str,
        documentation: str,
        service: str,
        read: Callable[[], float],
        worker: _Worker,
    ):
        self._name, self._doc, self._service = name, documentation, service
        self._read, self._worker = read, worker
        self._running: Future[float] | None = None

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Registering must not read the store; the family's shape is all it needs.
        yield GaugeMetricFamily(self._name, self._doc, labels=["service"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if self._running is None or self._running.done():
            self._running = self._worker.submit(self._read)
        try:
            value = float(self._running.result(timeout=GAUGE_TIMEOUT_S))
        except FutureTimeout:
            log.warning("metrics: %s took over %.1f s; left out", self._name, GAUGE_TIMEOUT_S)
            return
        except ConnectionError as exc:  # the store is not open yet (the service says so)
            log.info("metrics: %s left out: %s", self._name, exc)
            return
        except Exception:
            log.exception("metrics: reading %s failed; left out", self._name)
            return
        family = GaugeMetricFamily(self._name, self._doc, labels=["service"])
        family.add_metric([self._service], value)
        yield family


class ServiceMetrics:
    def __init__(self, service: str, store: Any):
        self.service = service
        self.registry = CollectorRegistry()
        self.handled = Counter(
            "complaints_messages_handled",
            "Deliveries a consumer finished, by outcome (ok, rejected, failed)",
            ["service", "queue", "outcome"],
            registry=self.registry,
        )
        self.handle_seconds = Histogram(
            "complaints_handle_seconds",
            "Time to handle one delivery",
            ["service", "queue"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.published = Counter(
            "complaints_events_published",
            "Messages published with the broker's confirm, by routing key",
            ["service", "key"],
            registry=self.registry,
        )
        self.registry.register(_StoreOperations(service, store))
        # Store reads for gauges run here, one at a time, off the event loop.
        self._worker = _Worker(f"{service}-gauges")
        if hasattr(store, "outbox_backlog"):
            self.gauge(
                "complaints_outbox_backlog",
                "Messages committed to an outbox and not yet published",
                store.outbox_backlog,
            )
        self.port: int | None = None

    def gauge(self, name: str, documentation: str, read: Callable[[], float]) -> None:
        """Add a gauge labelled with the service, read by ``read`` (blocking, cheap: one
        indexed query) each time Prometheus scrapes, never on the hot path."""
        self.registry.register(_ScrapeGauge(name, documentation, self.service, read, self._worker))

    def count_published(self, msg: Any) -> None:
        self.published.labels(self.service, msg.routing_key).inc()

    def observe(self, queue: str, outcome: str, seconds: float) -> None:
        self.handled.labels(self.service, queue, outcome).inc()
        self.handle_seconds.labels(self.service, queue).observe(seconds)

    def serve(self, port: int | None, host: str) -> None:
        """Serve /metrics on ``port`` (None: not at all). A port already taken is
        logged as an error and the service goes on: complaints matter more."""
        if port is None:
            return
        try:
            server, _ = start_http_server(port, addr=host, registry=self.registry)
        except OSError as exc:
            log.error("metrics: cannot listen on %s:%d (%s); /metrics is off", host, port, exc)
            return
        self.port = server.server_port
        log.info("metrics on http://%s:%d/metrics", host, self.port)


# -- what every service exposes ------------------------------------------------------------


def exposition(service: str) -> str:
    """``service``'s /metrics text as Prometheus scrapes it, from the service as its
    ``bootstrap.build`` wires it, in-process: an in-memory store, no broker connection,
    nothing served. One delivery handled and one message published are recorded first,
    so every family has a sample (and its label names show)."""
    from common.settings import PlatformSettings

    with tempfile.TemporaryDirectory() as folder:
        platform = PlatformSettings(
            store_url="memory://", metrics_port_base=0, clock_file=Path(folder) / "clock.json"
        )
        rt = importlib.import_module(f"services.{service}.bootstrap").build(platform)
        try:
            spec = rt.queues[0][0]
            rt.metrics.observe(spec.name, "ok", 0.01)
            rt.metrics.count_published(SimpleNamespace(routing_key=spec.keys[0]))
            return generate_latest(rt.metrics.registry).decode()
        finally:
            rt.store.close()


def expositions() -> dict[str, str]:
    """Every service's /metrics text (`exposition`), by service."""
    return {service: exposition(service) for service in PLACES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m common.metrics",
        description="Print (or write to --out, one <service>.prom each) the /metrics text "
        "of every service, built in-process.",
    )
    parser.add_argument("--out", type=Path, help="write DIR/<service>.prom instead")
    args = parser.parse_args(argv)
    for service, text in expositions().items():
        if args.out is None:
            print(f"# -- {service}\n{text}", end="")
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{service}.prom").write_text(text)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    raise SystemExit(main())
