"""Issue 18: letter records are typed (`LetterRecord`) and stored through a codec; records
stored before (plain dicts with datetimes, no route or tasks) still read."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.notifications.adapters import codec
from services.notifications.domain.delivery import FormatTask, LetterRecord, new_record
from services.notifications.domain.letters import Letter

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
LETTER = Letter(
    key="ntf-1", trigger="m-1", case_ref="DSO-2026-000001/1", procedure="dso",
    recipient_kind="complainant", address_key="complainant", template="acknowledgement",
    context={"name": "Amal"},
)  # fmt: skip

# As the service stored a sent letter before records were typed.
OLD = {
    "key": "ntf-1",
    "letter": LETTER.model_dump(mode="json"),
    "status": "sent",
    "attempts": 1,
    "next_attempt_at": datetime(2026, 12, 7, 9, 0),  # naive UTC, as an engine gives it
    "pending_since": datetime(2026, 12, 7, 9, 0),
    "failed_at": None,
    "leased_until": None,
    "last_error": None,
    "recipient": "complainant",
    "address_key": "complainant",
    "template": "acknowledgement",
    "trigger": "m-1",
    "address": "amal@example.org",
    "channel": "smtp",
    "sha256": "ab" * 32,
    "provider_id": "<x@example>",
    "sent_at": datetime(2026, 12, 7, 9, 1),
    "fallback": {"desk": "desk:dso-england", "recipient": "police", "intended": "police:x",
                 "to": "police", "reason": "no entry", "urgency": "normal", "rule": "r",
                 "found": True},
}  # fmt: skip


def test_an_old_untyped_record_still_reads() -> None:
    record = codec.decode(OLD)
    assert isinstance(record, LetterRecord)
    assert record.status == "sent" and record.letter == LETTER
    assert record.sent_at is not None and record.fallback is not None
    assert record.fallback.desk == "desk:dso-england"
    assert record.route is None and record.tasks == []


def test_a_record_round_trips_through_the_codec_and_keeps_unknown_fields() -> None:
    record = new_record(LETTER, NOW)
    record.route, record.provided, record.pdf_pages = "hand", "PDF, 1 page, by hand", 1
    record.tasks = [
        FormatTask(kind="translation", desk="desk:dso-england", letter="ntf-2",
                   language="pl", due=date(2026, 12, 21), explanation="10th working day")
    ]  # fmt: skip
    stored = codec.encode(record)
    assert stored["tasks"][0]["due"] == "2026-12-21"  # JSON-shaped: every engine alike
    stored["added_by_a_newer_version"] = {"x": 1}
    again = codec.decode(stored)
    assert again.tasks == record.tasks and again.route == "hand"
    assert codec.encode(again)["added_by_a_newer_version"] == {"x": 1}


def test_a_claimed_copys_resumed_flag_is_never_stored() -> None:
    record = new_record(LETTER, NOW)
    record.resumed = True
    assert "resumed" not in codec.encode(record)
