"""What happened to each complaint, from the messages a tap queue heard on the bus (pure).

A complaint is published with a unique ``partner_ref``. The partner reply
``<partner>.accepted`` (exchange ``partners``) names its ``reference``; every later event on
``complaints`` carries that ``reference`` in its body (`common.contracts.events.Event`), so
events are matched by reference. ``complaint.received`` also names both and serves when the
reply is missing. Events heard before their reference is known are kept and replayed.

Milestones (seconds after the complaint was published; a complaint with several strands
reaches a per-strand milestone when its last strand does):

``accepted``           the partner reply ``<partner>.accepted``
``routed``             ``case.routed`` for every strand (``strands_total``)
``clocks_set``         the first ``deadline.set`` of every strand: deadlines started a clock
``first_letter``       the first ``notification.sent`` for the reference (any letter)
``case_acknowledged``  records' ``case.acknowledged`` for every strand (the file says so)
``acknowledged``       ``notification.sent`` of template ``acknowledgement`` to the
                       ``complainant`` for every strand: the acknowledgement letter was sent.
                       This is the end of the pipeline: a complaint is *completed* here.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

MILESTONES = (
    "accepted",
    "routed",
    "clocks_set",
    "first_letter",
    "case_acknowledged",
    "acknowledged",
)
ACK_TEMPLATE, ACK_RECIPIENT = "acknowledgement", "complainant"


@dataclass(frozen=True)
class BusMessage:
    """One message the tap heard: when (monotonic seconds), where, and its JSON body."""

    t: float
    exchange: str
    routing_key: str
    body: dict[str, Any]
    size: int = 0


@dataclass
class Complaint:
    """One published complaint and the times (monotonic seconds) of what became of it."""

    partner_ref: str
    published_at: float
    reference: str | None = None
    accepted_at: float | None = None
    rejected: bool = False
    excluded: bool = False
    publish_failed: str | None = None
    strands_total: int | None = None
    routed: dict[int, float] = field(default_factory=dict)
    clocks: dict[int, float] = field(default_factory=dict)
    in_file_acks: dict[int, float] = field(default_factory=dict)
    ack_letters: dict[int, float] = field(default_factory=dict)
    first_letter_at: float | None = None

    def _all_strands(self, per_strand: dict[int, float]) -> float | None:
        if not self.strands_total or not per_strand:
            return None
        wanted = range(1, self.strands_total + 1)
        if any(s not in per_strand for s in wanted):
            return None
        return max(per_strand[s] for s in wanted)

    def at(self, milestone: str) -> float | None:
        """When the milestone was heard (monotonic seconds), or None."""
        match milestone:
            case "accepted":
                return self.accepted_at
            case "routed":
                return self._all_strands(self.routed)
            case "clocks_set":
                return self._all_strands(self.clocks)
            case "first_letter":
                return self.first_letter_at
            case "case_acknowledged":
                return self._all_strands(self.in_file_acks)
            case "acknowledged":
                return self._all_strands(self.ack_letters)
        raise KeyError(milestone)

    def latency(self, milestone: str) -> float | None:
        at = self.at(milestone)
        return None if at is None else at - self.published_at

    @property
    def completed(self) -> bool:
        return self.at("acknowledged") is not None

    @property
    def settled(self) -> bool:
        """Nothing more is to be waited for: completed, or it never will be."""
        return (
            self.completed
            or self.rejected
            or self.publish_failed is not None
            or (self.excluded and not self.routed)
        )

    def status(self) -> str:
        """The last milestone reached, or why there is none."""
        if self.publish_failed is not None:
            return f"publish failed: {self.publish_failed}"
        if self.rejected:
            return "rejected by the platform"
        if self.excluded and not self.routed:
            return "excluded by routing"
        reached = [m for m in MILESTONES if self.at(m) is not None]
        return f"reached {reached[-1]}" if reached else "no reply from intake"


def _strand(body: dict[str, Any]) -> int:
    strand = body.get("strand")
    return strand if isinstance(strand, int) else 1


class Tracker:
    """Feeds bus messages to the complaints they concern; counts everything heard."""

    def __init__(self) -> None:
        self.complaints: dict[str, Complaint] = {}
        self._by_reference: dict[str, Complaint] = {}
        self._pending: dict[str, list[BusMessage]] = defaultdict(list)
        self.seen = 0  # every message the tap heard, ours or not
        self.seen_bytes = 0
        self.by_key: Counter[str] = Counter()
        self.ours: list[tuple[float, int]] = []  # (time, body size) of messages about ours
        self.last_heard: float | None = None

    def published(self, partner_ref: str, t: float) -> Complaint:
        complaint = Complaint(partner_ref, t)
        self.complaints[partner_ref] = complaint
        return complaint

    def _link(self, complaint: Complaint, reference: str) -> None:
        if complaint.reference is not None:
            return
        complaint.reference = reference
        self._by_reference[reference] = complaint
        for msg in self._pending.pop(reference, []):
            self._apply(complaint, msg)

    def add(self, msg: BusMessage) -> None:
        self.seen += 1
        self.seen_bytes += msg.size
        self.by_key[msg.routing_key] += 1
        self.last_heard = msg.t
        body = msg.body
        if msg.exchange == "partners":
            complaint = self.complaints.get(str(body.get("partner_ref")))
            if complaint is None:
                return
            self.ours.append((msg.t, msg.size))
            kind = msg.routing_key.rsplit(".", 1)[-1]
            if kind == "accepted" and body.get("reference"):
                if complaint.accepted_at is None:
                    complaint.accepted_at = msg.t
                self._link(complaint, str(body["reference"]))
            elif kind == "rejected" and complaint.accepted_at is None:
                complaint.rejected = True
            return
        reference = body.get("reference")
        if not reference:
            return
        complaint = self._by_reference.get(reference)
        if complaint is None and msg.routing_key == "complaint.received":
            complaint = self.complaints.get(str(body.get("partner_ref")))
            if complaint is not None:
                self._link(complaint, reference)
        if complaint is None:
            self._pending[reference].append(msg)
            return
        self._apply(complaint, msg)

    def _apply(self, c: Complaint, msg: BusMessage) -> None:
        self.ours.append((msg.t, msg.size))
        body, t, key = msg.body, msg.t, msg.routing_key
        strand = _strand(body)
        if key == "case.routed":
            c.routed.setdefault(strand, t)
            total = body.get("strands_total")
            if isinstance(total, int) and total > 0:
                c.strands_total = total
        elif key == "case.excluded":
            c.excluded = True
        elif key == "deadline.set" and not body.get("extended"):
            c.clocks.setdefault(strand, t)
        elif key == "case.acknowledged":
            c.in_file_acks.setdefault(strand, t)
        elif key == "notification.sent":
            if c.first_letter_at is None or t < c.first_letter_at:
                c.first_letter_at = t
            if body.get("template") == ACK_TEMPLATE and body.get("recipient") == ACK_RECIPIENT:
                c.ack_letters.setdefault(strand, t)

    # -- questions asked while waiting and when reporting ---------------------------------

    def all_settled(self) -> bool:
        return all(c.settled for c in self.complaints.values())

    def count(self, milestone: str) -> int:
        return sum(1 for c in self.complaints.values() if c.at(milestone) is not None)

    def latencies(self, milestone: str) -> list[float]:
        return [lat for c in self.complaints.values() if (lat := c.latency(milestone)) is not None]

    def window(self) -> tuple[float, float] | None:
        """First publish -> last complaint acknowledged (None before any is)."""
        done = [at for c in self.complaints.values() if (at := c.at("acknowledged")) is not None]
        if not done or not self.complaints:
            return None
        return min(c.published_at for c in self.complaints.values()), max(done)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between closest ranks (numpy's default)."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is not within 0-100")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    low, high = math.floor(k), math.ceil(k)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summarise(values: Iterable[float]) -> dict[str, float | int | None]:
    """count, p50, p95, p99, max and mean of latencies in seconds (None when empty)."""
    vals = list(values)
    return {
        "count": len(vals),
        "p50": percentile(vals, 50),
        "p95": percentile(vals, 95),
        "p99": percentile(vals, 99),
        "max": max(vals) if vals else None,
        "mean": sum(vals) / len(vals) if vals else None,
    }


def rate(count: int, window: tuple[float, float] | None) -> float | None:
    """count per second over the window, or None when there is no time to divide by."""
    if window is None or count <= 0:
        return None
    elapsed = window[1] - window[0]
    return count / elapsed if elapsed > 0 else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is unknown or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator
