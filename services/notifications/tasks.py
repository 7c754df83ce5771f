"""Format and translation tasks, raised when a letter to a person is planned (issue 18).

For each new letter to a person whose needs ask for work by people (`formats.tasks_for`:
braille, audio, easy read, a translation), a task letter to the fallback desk of the
procedure and nation is planned beside it, the letter's record names the task, and a
``notification.task-raised`` event tells the case file, with the due date of a
translation counted in working days on the nation's calendar from today (the running
clock). A translation's reminder to the desk is planned with it (`formats.REMINDER_TEMPLATE`):
a pending letter whose first attempt is 09:00 on the due day, so the delivery sweep sends it
that morning; it is stored with the letters, so it survives restarts. Planned in the same
commit as the letter, so a redelivered event raises nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime, time

from common.bus import Outgoing
from common.clock import LONDON
from common.contracts.events import NotificationTaskRaised
from common.contracts.submission import Nation
from common.workdays import calendar_for
from services.notifications.config import NotificationsSettings
from services.notifications.dispatch import person_of
from services.notifications.domain import delivery, formats
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import FormatTask, LetterRecord
from services.notifications.domain.directory import desk_key
from services.notifications.domain.letters import Letter

# The hour of the due day the desk is reminded (London time).
REMIND_AT = time(9, 0)


def raise_tasks(
    view: CaseView,
    letters: list[LetterRecord],
    known: int,
    now: datetime,
    settings: NotificationsSettings,
) -> list[Outgoing]:
    """Plan the task letters for ``letters[known:]`` (appended to ``letters``) and return
    their ``notification.task-raised`` events."""
    events: list[Outgoing] = []
    desk = desk_key(view.procedure, view.nation)
    fresh = [
        r for r in letters[known:]
        if r.status == delivery.PENDING and r.letter.template not in formats.DESK_TEMPLATES
    ]  # fmt: skip
    for record in fresh:
        person = person_of(record.address_key, view)
        if person is None or getattr(person, "anonymous", False):
            continue
        for need in formats.tasks_for(person.needs):
            due, explanation = None, ""
            if need.kind == "translation":
                calendar = calendar_for(Nation(view.nation).calendar)
                counted = calendar.add_working_days(
                    now.astimezone(LONDON).date(), settings.translation_working_days
                )
                due, explanation = counted.due, counted.explain()
            task = formats.task_letter(
                record.letter, need, desk=desk, due=due, explanation=explanation, now=now
            )
            if delivery.add_planned(letters, [task], now):
                if due is not None:
                    _remind_on(letters, task, due, now)
                record.tasks = [
                    *record.tasks,
                    FormatTask(kind=need.kind, desk=desk, letter=task.key,
                               language=need.language, due=due, explanation=explanation),
                ]  # fmt: skip
                events.append(_event(view, record, need, desk, due, explanation, now))
    return events


def _remind_on(letters: list[LetterRecord], task: Letter, due: date, now: datetime) -> None:
    """Plan the desk's reminder for the day ``task`` falls due: a pending letter whose first
    attempt is that morning, so the delivery sweep (one indexed query on
    ``next_attempt_at``) sends it then, whatever restarts happen in between."""
    when = max(datetime.combine(due, REMIND_AT, tzinfo=LONDON), now)
    reminder = formats.reminder_letter(task)
    if delivery.add_planned(letters, [reminder], now):
        letters[-1].next_attempt_at = letters[-1].pending_since = when


def _event(view, record, need, desk, due, explanation, now) -> Outgoing:  # type: ignore[no-untyped-def]
    event = NotificationTaskRaised(
        reference=view.reference, strand=view.strand, procedure=view.procedure,
        stage=view.stage, occurred_at=now, recipient=record.letter.recipient_kind,
        template=record.letter.template, letter=record.key, task=need.kind,
        language=need.language, due=due, explanation=explanation, desk=desk,
    )  # fmt: skip
    return Outgoing.event(event, message_id=f"notification.task-raised:{record.key}:{need.kind}")
