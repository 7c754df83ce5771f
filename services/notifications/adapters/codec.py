"""Letter records to and from the plain documents `NotificationCase` keeps.

Records are stored as JSON-shaped dicts (times as ISO text, dates as ``YYYY-MM-DD``), so
every engine stores them alike. Records written before they were typed (plain dicts with
``datetime`` values, no ``route`` or ``tasks``) decode to the same `LetterRecord`; a field
this version does not know is kept, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.notifications.domain import delivery
from services.notifications.domain.delivery import LetterRecord


def encode(record: LetterRecord) -> dict[str, Any]:
    """The stored form of one record."""
    return record.model_dump(mode="json")


def decode(data: LetterRecord | dict[str, Any]) -> LetterRecord:
    """One stored record, typed (old untyped records included)."""
    if isinstance(data, LetterRecord):
        return data
    return LetterRecord.model_validate(data)


def encode_all(records: Iterable[LetterRecord]) -> list[dict[str, Any]]:
    return [encode(r) for r in records]


def decode_all(raw: Iterable[LetterRecord | dict[str, Any]]) -> list[LetterRecord]:
    return [decode(r) for r in raw]


def letters_of(doc: Any) -> list[LetterRecord]:
    """The typed letter records of a `NotificationCase`."""
    return decode_all(doc.letters or [])


def mark(doc: Any, records: Iterable[LetterRecord | dict[str, Any]]) -> None:
    """Put ``records`` on ``doc`` with the strand's indexed times: when the sender next
    has work (`delivery.next_attempt`), since when a letter has waited
    (`delivery.pending_since`) and when one last failed (`delivery.last_failed`), the
    last two for `complaints ops health`."""
    typed = decode_all(records)
    doc.letters = encode_all(typed)
    doc.next_attempt_at = delivery.next_attempt(typed)
    doc.pending_since = delivery.pending_since(typed)
    doc.failed_at = delivery.last_failed(typed)
