"""The platform's own counters, scraped from each service's Prometheus endpoint before and
after the run: store operations (``complaints_store_operations_total{service,op}``) and
messages handled (``complaints_messages_handled_total{service,queue,outcome}``).

A service whose port does not answer, or that does not export a counter, gives ``None``
for that figure and a note; totals are ``None`` unless every service answered.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

PORTS = {"intake": 9101, "routing": 9102, "deadlines": 9103, "notifications": 9104, "records": 9105}
STORE_OPS = "complaints_store_operations_total"
HANDLED = "complaints_messages_handled_total"


@dataclass
class Scrape:
    """One service's counters at one moment: (sample name, sorted labels) -> value."""

    service: str
    values: dict[tuple[str, tuple[tuple[str, str], ...]], float] = field(default_factory=dict)
    error: str | None = None

    def has(self, name: str) -> bool:
        return any(n == name for n, _ in self.values)

    def total(self, name: str, by: str | None = None) -> dict[str, float]:
        """Sum of ``name`` samples, grouped by label ``by`` (one group "" when None)."""
        out: dict[str, float] = {}
        for (n, labels), value in self.values.items():
            if n == name:
                key = dict(labels).get(by, "") if by else ""
                out[key] = out.get(key, 0.0) + value
        return out


def parse(service: str, text: str) -> Scrape:
    """The two platform counters out of a Prometheus text exposition."""
    scrape = Scrape(service)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name in (STORE_OPS, HANDLED):
                key = (sample.name, tuple(sorted(sample.labels.items())))
                scrape.values[key] = scrape.values.get(key, 0.0) + float(sample.value)
    return scrape


def scrape(service: str, port: int, host: str = "127.0.0.1", timeout_s: float = 2.0) -> Scrape:
    url = f"http://{host}:{port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as reply:  # noqa: S310 - local
            return parse(service, reply.read().decode("utf-8", "replace"))
    except (OSError, urllib.error.URLError, ValueError) as exc:
        return Scrape(service, error=f"{url} did not answer ({exc.__class__.__name__}: {exc})")


def scrape_all(host: str = "127.0.0.1", ports: dict[str, int] = PORTS) -> dict[str, Scrape]:
    return {service: scrape(service, port, host) for service, port in ports.items()}


def _delta(before: Scrape, after: Scrape, name: str, by: str | None) -> dict[str, float]:
    old, new = before.total(name, by), after.total(name, by)
    return {k: new[k] - old.get(k, 0.0) for k in sorted(new)}


def _per(n: float | None, d: float | None) -> float | None:
    return None if n is None or not d else n / d


def store_figures(
    before: dict[str, Scrape], after: dict[str, Scrape], complaints: int
) -> dict[str, Any]:
    """Store operations and handled messages during the run, per complaint and per message."""
    notes: list[str] = []
    by_service: dict[str, dict[str, Any]] = {}
    for service in after:
        b, a = before.get(service, Scrape(service, error="not scraped before")), after[service]
        row: dict[str, Any] = {"operations": None, "handled_messages": None, "by_op": None}
        if b.error or a.error:
            notes.append(f"{service}: {a.error or b.error}")
        else:
            if a.has(STORE_OPS):
                row["by_op"] = _delta(b, a, STORE_OPS, "op")
                row["operations"] = sum(row["by_op"].values())
            else:
                notes.append(f"{service}: no {STORE_OPS} counter exported")
            if a.has(HANDLED):
                row["handled_by_outcome"] = _delta(b, a, HANDLED, "outcome")
                row["handled_messages"] = sum(row["handled_by_outcome"].values())
            else:
                notes.append(f"{service}: no {HANDLED} counter exported")
        if any((row[k] or 0) < 0 for k in ("operations", "handled_messages")):
            notes.append(f"{service}: counters went backwards (restarted during the run?)")
            row["operations"] = row["handled_messages"] = None
        row["operations_per_complaint"] = _per(row["operations"], complaints)
        row["operations_per_handled_message"] = _per(row["operations"], row["handled_messages"])
        by_service[service] = row
    rows = by_service.values()
    ops = None if any(r["operations"] is None for r in rows) else sum(r["operations"] for r in rows)
    handled = (
        None
        if any(r["handled_messages"] is None for r in rows)
        else sum(r["handled_messages"] for r in rows)
    )
    return {
        "operations": ops,
        "handled_messages": handled,
        "operations_per_complaint": _per(ops, complaints),
        "operations_per_handled_message": _per(ops, handled),
        "handled_messages_per_complaint": _per(handled, complaints),
        "by_service": by_service,
        "notes": notes,
    }
