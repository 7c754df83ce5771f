"""Issue 18: a translation raised to the desk has a due date, and the desk is reminded on
that day: the reminder is planned with the task as a pending letter due at 09:00 on the
due day (London), sent by the delivery sweep then, not before, once; stored with the
letters, so handlers started afresh on the same store (a restart) still send it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from common.clock import LONDON
from services.notifications.adapters import codec
from services.notifications.adapters.documents import NotificationCase
from services.notifications.dispatch import content
from services.notifications.domain import formats
from tests.notifications.unit.test_notifications_handlers import Rig
from tests.support.events import lifecycle, routed

DETAINED = {"name": "Amal Haddad", "detained_person_ref": "AB123", "contact": "a@example.org"}


def _reminders(rig: Rig) -> list[tuple[str, str, str]]:
    return [s for s in rig.channel.sent if s[1].startswith("[Due today]")]


async def test_the_desk_is_reminded_on_the_day_a_translation_falls_due() -> None:
    rig = Rig()
    case = routed("dso", complainant={**DETAINED, "needs": {"language": "pl"}})
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    letters = await rig.letters(case.case_ref)
    reminder = letters[f"{formats.REMINDER_TEMPLATE}:desk"]
    # the 10th working day after Monday 2 November 2026 (England and Wales), 09:00 London
    due = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)
    assert reminder["status"] == "pending"
    assert reminder["next_attempt_at"] == due and reminder["pending_since"] == due
    assert len([s for s in rig.channel.sent if s[1].startswith("[Format request]")]) == 1

    # A restart: new handlers on the same store; nothing goes before the due morning.
    later = Rig(store=rig.store)
    later.clock.advance(due - later.clock.now() - timedelta(minutes=1))
    await later.handlers.sweep()
    assert _reminders(later) == []
    later.clock.advance(timedelta(minutes=2))
    await later.handlers.sweep()
    await later.handlers.sweep()
    [(email, subject, _)] = _reminders(later)
    assert email == "dso.duty.england@example.gov.uk"
    assert subject.startswith("[Due today] a translation into")
    assert subject.endswith(f"'pl' of a letter on {case.case_ref}")
    sent = (await later.letters(case.case_ref))[f"{formats.REMINDER_TEMPLATE}:desk"]
    assert sent["status"] == "sent"


async def test_the_reminder_says_what_is_due_and_quotes_the_letter() -> None:
    rig = Rig()
    case = routed("dso", complainant={**DETAINED, "needs": {"language": "pl"}})
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    doc = rig.store.get(NotificationCase, case.case_ref)
    records = codec.letters_of(doc)
    [reminder] = [r for r in records if r.letter.template == formats.REMINDER_TEMPLATE]
    text = content(reminder, records)
    assert "is due today, 2026-11-16 (" in text.body and "asked of you on 2026-11-02" in text.body
    assert "Subject: " in text.body and "Amal Haddad" in text.body


async def test_braille_alone_has_no_reminder() -> None:
    rig = Rig()
    case = routed("dso", complainant={**DETAINED, "needs": {"formats": ["braille"]}})
    await rig.event(case, "m-routed")
    letters = await rig.letters(case.case_ref)
    assert f"{formats.REMINDER_TEMPLATE}:desk" not in letters


async def test_a_translation_recorded_done_withdraws_its_reminder() -> None:
    """The desk sent the translated letter before the due day and recorded it (``complaints
    letters task-done``): the reminder is withdrawn and never goes, even after a restart."""
    rig = Rig()
    case = routed("dso", complainant={**DETAINED, "needs": {"language": "pl"}})
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    letters = await rig.letters(case.case_ref)
    task = letters[f"{formats.TASK_TEMPLATE}:desk"]["key"]
    with pytest.raises(LookupError, match="no format or translation task letter 'nope'"):
        await rig.handlers.complete_task(case.case_ref, "nope", by="desk.officer", note="")
    done = await rig.handlers.complete_task(
        case.case_ref, task, by="desk.officer", note="Polish translation posted"
    )
    assert done.template == "acknowledgement"  # the letter the translation was for
    (translation,) = done.tasks
    today = rig.clock.now().astimezone(LONDON).date()
    assert (translation.done_on, translation.done_by, translation.note) == (
        today, "desk.officer", "Polish translation posted",
    )  # fmt: skip
    reminder = (await rig.letters(case.case_ref))[f"{formats.REMINDER_TEMPLATE}:desk"]
    assert reminder["status"] == "withdrawn"
    assert f"recorded done on {today.isoformat()} by desk.officer" in reminder["last_error"]

    later = Rig(store=rig.store)  # a restart, then the due morning and after
    later.clock.advance(datetime(2026, 11, 17, 9, 0, tzinfo=LONDON) - later.clock.now())
    await later.handlers.sweep()
    await later.handlers.sweep()
    assert _reminders(later) == []
    # recorded again (by its reminder's key, as listed): nothing changes
    again = await later.handlers.complete_task(
        case.case_ref, reminder["key"], by="someone.else", note=""
    )
    assert again.tasks[0].done_by == "desk.officer"


async def test_a_reminder_already_sent_stays_sent_when_the_task_is_recorded_done() -> None:
    rig = Rig()
    case = routed("dso", complainant={**DETAINED, "needs": {"language": "pl"}})
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    rig.clock.advance(datetime(2026, 11, 16, 9, 1, tzinfo=LONDON) - rig.clock.now())
    await rig.handlers.sweep()
    assert len(_reminders(rig)) == 1
    task = (await rig.letters(case.case_ref))[f"{formats.TASK_TEMPLATE}:desk"]["key"]
    await rig.handlers.complete_task(case.case_ref, task, by="desk.officer", note="")
    reminder = (await rig.letters(case.case_ref))[f"{formats.REMINDER_TEMPLATE}:desk"]
    assert reminder["status"] == "sent"
