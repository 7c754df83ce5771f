"""Deadlines' gauges, read when Prometheus scrapes (`ServiceMetrics.gauge`):

- ``complaints_timers_due{service}``: strands with a reminder, breach, closing window or
  automatic progress due by today that no sweep has fired yet. The sweep runs every
  ``DEADLINES_SWEEP_INTERVAL_S`` (5 s), so this stays at 0 unless sweeps fail or fall
  behind (broker or store away, a replica stuck). It counts at most `CAP`.
- ``complaints_timers_due_oldest_seconds{service}``: how late the oldest of them is, in
  seconds (Prometheus's base unit of time): timers fire on days, so this is whole days
  late times 86,400 (0 when none, or when all are due today; 86400 a day late).

Both come from one indexed range read on ``next_fire_on`` (the sweep's own query, at
most `CAP` partial documents: the day only), shared by the two gauges of one scrape.
The read is one ``find`` in ``complaints_store_operations_total``.
"""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from typing import Any

from common.clock import Clock, today
from common.metrics import ServiceMetrics
from services.deadlines.adapters.documents import StrandClocks

CAP = 10_000
DAY_S = 86_400
# The two gauges of one scrape share one read.
FRESH_S = 1.0


class TimerGauges:
    def __init__(self, store: Any, clock: Clock, *, cap: int = CAP, fresh_s: float = FRESH_S):
        self._store, self._clock, self._cap, self._fresh = store, clock, cap, fresh_s
        self._lock = threading.Lock()
        self._read_at = -float("inf")
        self._due, self._oldest_late_s = 0, 0

    def _read(self) -> tuple[int, int]:
        with self._lock:
            if time.monotonic() - self._read_at > self._fresh:
                day = today(self._clock)
                rows = self._store.find_fields(
                    StrandClocks,
                    {"next_fire_on__lte": day},
                    ["next_fire_on"],
                    order_by="next_fire_on",
                    limit=self._cap,
                )
                oldest = _day(rows[0].get("next_fire_on")) if rows else None
                self._due = len(rows)
                days_late = max((day - oldest).days, 0) if oldest else 0
                self._oldest_late_s = days_late * DAY_S
                self._read_at = time.monotonic()
            return self._due, self._oldest_late_s

    def due(self) -> float:
        return self._read()[0]

    def oldest_seconds(self) -> float:
        return self._read()[1]

    def register(self, metrics: ServiceMetrics) -> None:
        metrics.gauge(
            "complaints_timers_due",
            "Strands with a reminder, breach or other timer due by today and not yet fired",
            self.due,
        )
        metrics.gauge(
            "complaints_timers_due_oldest_seconds",
            "How late the oldest timer due and not yet fired is, in whole days as seconds "
            "(86400 a day; 0: none)",
            self.oldest_seconds,
        )


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None
