"""The life of one letter: pending -> sent, or retried with backoff, then failed.

A strand's letters are typed records (`LetterRecord`), kept by `NotificationCase` as plain
documents through the codec (`services.notifications.adapters.codec`), so the rules for
retries, leases and exactly-once can be tested without a store or a server.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.notifications.domain.letters import Letter

Status = Literal["pending", "sent", "failed", "withdrawn"]
PENDING: Literal["pending"] = "pending"
SENT: Literal["sent"] = "sent"
FAILED: Literal["failed"] = "failed"
# Not to be sent after all: a desk's reminder of a task recorded done first (`formats`).
WITHDRAWN: Literal["withdrawn"] = "withdrawn"


class Fallback(BaseModel):
    """Why a letter went to the fallback desk of its procedure and nation instead of its
    own recipient (a referral or notice that could not be addressed, or a letter to a
    person who cannot be reached by email, post or hand). ``found``: the desk exists."""

    model_config = ConfigDict(extra="allow")

    desk: str
    recipient: str = ""
    intended: str = ""
    to: str = ""
    reason: str = ""
    urgency: str = ""
    rule: str = ""
    found: bool = True


class FormatTask(BaseModel):
    """Work a person's needs call for that the platform cannot do itself (braille, audio,
    easy read, a translation), raised to the fallback desk as a letter of its own
    (``letter``), with a due date for translations (``due``, in working days)."""

    model_config = ConfigDict(extra="allow")

    kind: str  # braille | audio | easy-read | translation
    desk: str
    letter: str  # the task letter's key
    language: str | None = None
    due: date | None = None
    explanation: str = ""
    # recorded done by the desk (`complaints letters task-done`): its reminder is withdrawn
    done_on: date | None = None
    done_by: str = ""
    note: str = ""


class LetterRecord(BaseModel):
    """One planned letter and its fate: status, attempts, lease, outcome. Fields a newer
    version stores are kept (``extra``), so an older reader loses nothing."""

    model_config = ConfigDict(extra="allow")

    key: str
    letter: Letter
    status: Status = PENDING
    attempts: int = 0
    next_attempt_at: datetime
    pending_since: datetime | None = None
    failed_at: datetime | None = None
    leased_until: datetime | None = None
    last_error: str | None = None
    recipient: str = ""
    address_key: str = ""
    template: str = ""
    trigger: str = ""
    # the outcome
    address: str | None = None
    channel: str | None = None
    sha256: str | None = None
    provider_id: str | None = None
    sent_at: datetime | None = None
    interrupted: int = 0
    resends: int = 0
    fallback: Fallback | None = None
    # issue 18: how it went (email, post, hand) and in what form
    route: str | None = None
    provided: str | None = None
    pdf_pages: int | None = None
    pdf_bytes: int | None = None
    tasks: list[FormatTask] = Field(default_factory=list)
    # a claimed copy only (never stored): its last lease ran out with no outcome
    resumed: bool = Field(default=False, exclude=True)

    def copy_(self) -> LetterRecord:
        return self.model_copy(deep=True)


def new_record(letter: Letter, now: datetime) -> LetterRecord:
    """A pending record, or a failed one with its reason for a letter that failed planning."""
    return LetterRecord(
        key=letter.key,
        letter=letter,
        status=FAILED if letter.error else PENDING,
        next_attempt_at=now,
        pending_since=now,
        failed_at=now if letter.error else None,
        last_error=letter.error,
        recipient=letter.recipient_kind,
        address_key=letter.address_key,
        template=letter.template,
        trigger=letter.trigger,
    )


def records(raw: Iterable[LetterRecord | dict[str, Any]]) -> list[LetterRecord]:
    """Typed records of stored ones (old records, stored as plain dicts, still read)."""
    return [r if isinstance(r, LetterRecord) else LetterRecord.model_validate(r) for r in raw]


def add_planned(records_: list[LetterRecord], letters: list[Letter], now: datetime) -> int:
    """Add letters not already known by key; returns how many were new (one per key ever)."""
    known = {r.key for r in records_}
    fresh = [new_record(letter, now) for letter in letters if letter.key not in known]
    records_.extend(fresh)
    return len(fresh)


def due(records_: list[LetterRecord], now: datetime) -> list[LetterRecord]:
    """Pending letters whose attempt time has come and that no sender holds a lease on."""
    return [
        r
        for r in records_
        if r.status == PENDING
        and at(r.next_attempt_at) <= now
        and (r.leased_until is None or at(r.leased_until) <= now)
    ]


def next_attempt(records_: list[LetterRecord]) -> datetime | None:
    """When the sender next has work for these letters (None when nothing is pending)."""
    times = [
        max(at(r.next_attempt_at), at(r.leased_until or r.next_attempt_at))
        for r in records_
        if r.status == PENDING
    ]
    return min(times) if times else None


def backoff(attempts: int, base_s: float, max_s: float) -> timedelta:
    return timedelta(seconds=min(max_s, base_s * (2 ** max(0, attempts - 1))))


def at(value: Any) -> datetime:
    """A stored time as an aware datetime (engines give naive UTC or ISO text)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return at(datetime.fromisoformat(str(value)))


def pending_since(records_: list[LetterRecord]) -> datetime | None:
    """Since when the longest-waiting pending letter has waited (None: none pending)."""
    times = [at(r.pending_since or r.next_attempt_at) for r in records_ if r.status == PENDING]
    return min(times) if times else None


def last_failed(records_: list[LetterRecord]) -> datetime | None:
    """When the most recent of the letters now failed failed (None: none failed)."""
    times = [at(r.failed_at or r.next_attempt_at) for r in records_ if r.status == FAILED]
    return max(times) if times else None
