"""The life of one letter: pending -> sent, or retried with backoff, then failed.

Pure bookkeeping over plain dicts (the letter records a `NotificationCase` keeps), so the
rules for retries, leases and exactly-once can be tested without a store or a server.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from services.notifications.domain.letters import Letter

PENDING, SENT, FAILED = "pending", "sent", "failed"


def new_record(letter: Letter, now: datetime) -> dict[str, Any]:
    """A pending record, or a failed one with its reason for a letter that failed planning."""
    return {
        "key": letter.key,
        "letter": letter.model_dump(mode="json"),
        "status": FAILED if letter.error else PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "pending_since": now,
        "failed_at": now if letter.error else None,
        "leased_until": None,
        "last_error": letter.error,
        "recipient": letter.recipient_kind,
        "address_key": letter.address_key,
        "template": letter.template,
        "trigger": letter.trigger,
    }


def add_planned(records: list[dict[str, Any]], letters: list[Letter], now: datetime) -> int:
    """Add letters not already known by key; returns how many were new (one per key ever)."""
    known = {r["key"] for r in records}
    fresh = [new_record(letter, now) for letter in letters if letter.key not in known]
    records.extend(fresh)
    return len(fresh)


def due(records: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Pending letters whose attempt time has come and that no sender holds a lease on."""
    return [
        r
        for r in records
        if r["status"] == PENDING
        and at(r["next_attempt_at"]) <= now
        and (r.get("leased_until") is None or at(r["leased_until"]) <= now)
    ]


def next_attempt(records: list[dict[str, Any]]) -> datetime | None:
    """When the sender next has work for these letters (None when nothing is pending)."""
    times = [
        max(at(r["next_attempt_at"]), at(r["leased_until"] or r["next_attempt_at"]))
        for r in records
        if r["status"] == PENDING
    ]
    return min(times) if times else None


def backoff(attempts: int, base_s: float, max_s: float) -> timedelta:
    return timedelta(seconds=min(max_s, base_s * (2 ** max(0, attempts - 1))))


def at(value: Any) -> datetime:
    """A stored time as an aware datetime (engines give naive UTC or ISO text)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value))


def pending_since(records: list[dict[str, Any]]) -> datetime | None:
    """Since when the longest-waiting pending letter has waited (None: none pending)."""
    times = [
        at(r.get("pending_since") or r["next_attempt_at"]) for r in records
        if r["status"] == PENDING
    ]  # fmt: skip
    return min(times) if times else None


def last_failed(records: list[dict[str, Any]]) -> datetime | None:
    """When the most recent of the letters now failed failed (None: none failed)."""
    times = [
        at(r.get("failed_at") or r["next_attempt_at"]) for r in records if r["status"] == FAILED
    ]
    return max(times) if times else None


def mark(doc: Any, records: list[dict[str, Any]]) -> None:
    """Put ``records`` on ``doc`` with the strand's indexed times: when the sender next
    has work (`next_attempt`), since when a letter has waited (`pending_since`) and when
    one last failed (`last_failed`), the last two for `complaints ops health`."""
    doc.letters = records
    doc.next_attempt_at = next_attempt(records)
    doc.pending_since = pending_since(records)
    doc.failed_at = last_failed(records)
