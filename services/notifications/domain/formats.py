"""Accessible formats and languages: what a person's needs ask of each letter. Pure.

Seed 004: "Where required, information will be provided in large print, translation or in
other formats", and reports explained in a meeting where needed. The submission carries
the person's `Needs` (a language, formats, other adjustments); for each letter to them:

- large print: the letter goes as a large-print PDF (on paper, or attached to an email);
- braille, audio and easy read are produced by people: a task letter to the fallback desk
  of the procedure and nation, named on the letter's record (``tasks``);
- a language other than English: a translation task to the desk, due a set number of
  working days after the letter (`TRANSLATION_WORKING_DAYS`), counted on the nation's
  calendar; the English letter goes meanwhile, so the person is never left waiting.

The case file shows each: the letter as provided (``notification.sent``'s ``provided``)
and each task with its due date (``notification.task-raised``).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from common.contracts.submission import LetterFormat, Needs
from services.notifications.domain import delivery
from services.notifications.domain.delivery import LetterRecord
from services.notifications.domain.letters import (
    Letter,
    RenderedLetter,
    content_sha256,
    idempotency_key,
)

TASK_TEMPLATE = "format-request"
# The desk's reminder on the day a translation falls due (planned with the task, sent by
# the delivery sweep on that day: stored, so it survives restarts).
REMINDER_TEMPLATE = "format-reminder"
DESK_TEMPLATES = (TASK_TEMPLATE, REMINDER_TEMPLATE)
# A translated letter within this many working days of the English one (a service
# standard the operator can change: NOTIFICATIONS_TRANSLATION_WORKING_DAYS).
TRANSLATION_WORKING_DAYS = 10
BY_PEOPLE = {
    LetterFormat.BRAILLE: "a braille copy",
    LetterFormat.AUDIO: "an audio recording",
    LetterFormat.EASY_READ: "an easy-read version",
}


class TaskNeed(BaseModel):
    """One piece of work a letter needs from people."""

    model_config = ConfigDict(frozen=True)

    kind: str  # braille | audio | easy-read | translation
    language: str | None = None

    @property
    def words(self) -> str:
        if self.kind == "translation":
            return f"a translation into the language tagged {self.language!r}"
        return BY_PEOPLE[LetterFormat(self.kind)]


def english(language: str | None) -> bool:
    return not language or language.lower().split("-")[0] == "en"


def large_print(needs: Needs) -> bool:
    return LetterFormat.LARGE_PRINT in needs.formats


def tasks_for(needs: Needs) -> list[TaskNeed]:
    """The work by people ``needs`` asks of every letter, in a fixed order."""
    out = [TaskNeed(kind=str(f)) for f in BY_PEOPLE if f in needs.formats]
    if not english(needs.language):
        out.append(TaskNeed(kind="translation", language=needs.language))
    return out


def task_letter(
    letter: Letter,
    need: TaskNeed,
    *,
    desk: str,
    due: date | None,
    explanation: str,
    now: datetime,
) -> Letter:
    """The letter to the desk asking for ``need`` for ``letter`` (same trigger, its own
    key, so a redelivered event raises it once)."""
    return Letter(
        key=idempotency_key(letter.key, "desk", desk, f"{TASK_TEMPLATE}:{need.kind}"),
        trigger=letter.trigger,
        case_ref=letter.case_ref,
        procedure=letter.procedure,
        recipient_kind="desk",
        address_key=desk,
        template=TASK_TEMPLATE,
        context={
            "for_letter": letter.key,
            "for_template": letter.template,
            "for_recipient": letter.recipient_kind,
            "task": need.kind,
            "words": need.words,
            "language": need.language,
            "due": due.isoformat() if due else None,
            "explanation": explanation,
            "raised_on": now.date().isoformat(),
        },
    )


def render_task(letter: Letter, original: RenderedLetter | None = None) -> RenderedLetter:
    """The desk's task letter, in words (no template: the same for every procedure)."""
    c = letter.context
    due = f" by {c['due']} ({c['explanation']})" if c.get("due") else ""
    subject = f"[Format request] {c['words']} of a letter on {letter.case_ref}"
    body = (
        f"FOR THE DUTY DESK: the {c['for_template']} letter to the {c['for_recipient']} on "
        f"{letter.case_ref} (letter {c['for_letter']}) is needed as {c['words']}{due}.\n"
        "The letter has gone in English meanwhile. Please arrange it, send it to the "
        f"person, and record what was provided on the case file (complaints case add "
        f"{letter.case_ref} document ...).\n"
    )
    if original is not None:
        body += (
            "\n----------------------------------------------------------------\n\n"
            f"Subject: {original.subject}\n\n{original.body}"
        )
    return RenderedLetter(subject=subject, body=body, sha256=content_sha256(subject, body))


def reminder_letter(task: Letter) -> Letter:
    """The reminder to the desk on the day the task ``task`` asks for falls due."""
    return task.model_copy(
        update={
            "key": idempotency_key(task.key, "desk", task.address_key, REMINDER_TEMPLATE),
            "template": REMINDER_TEMPLATE,
            "context": {**task.context, "task_letter": task.key},
        }
    )


def render_reminder(letter: Letter, original: RenderedLetter | None = None) -> RenderedLetter:
    """The desk's reminder that a task falls due today (sent on its due day)."""
    c = letter.context
    subject = f"[Due today] {c['words']} of a letter on {letter.case_ref}"
    body = (
        f"FOR THE DUTY DESK: REMINDER. The {c['words']} of the {c['for_template']} letter "
        f"to the {c['for_recipient']} on {letter.case_ref} (letter {c['for_letter']}), asked "
        f"of you on {c['raised_on']}, is due today, {c['due']} ({c['explanation']}).\n"
        "If it has not gone yet, please send it to the person today and record what was "
        f"provided on the case file (complaints case add {letter.case_ref} document ...); "
        "if it has, nothing more is needed.\n"
    )
    if original is not None:
        body += (
            "\n----------------------------------------------------------------\n\n"
            f"Subject: {original.subject}\n\n{original.body}"
        )
    return RenderedLetter(subject=subject, body=body, sha256=content_sha256(subject, body))


def provided(*, route_words: str, large: bool, pages: int | None, on_paper: bool) -> str:
    """What the person got, in words, for the case file."""
    if on_paper:
        kind = "large-print PDF" if large else "PDF"
        return f"{kind}, {pages} page{'s' if pages != 1 else ''}, {route_words}"
    if large:
        return f"email with a large-print PDF attached ({pages} page{'s' if pages != 1 else ''})"
    return ""


def complete_task(
    letters: list[LetterRecord], key: str, *, on: date, by: str, note: str = ""
) -> LetterRecord:
    """Record the desk's task done: ``key`` is its task letter's (or its reminder's, as
    `complaints case letters` lists them). The task is marked done on the record of the
    letter it is for, and its reminder, if not yet sent, is withdrawn: a reminder after the
    translated letter went would send the desk after work already done. Returns the record
    of the letter the task is for (its ``tasks``); recording it again changes nothing.
    Raises `LookupError` naming the key when it is no task letter of these letters."""
    by_key = {r.key: r for r in letters}
    record = by_key.get(key)
    if record is not None and record.template == REMINDER_TEMPLATE:
        record = by_key.get(str(record.letter.context.get("task_letter") or ""))
    if record is None or record.template != TASK_TEMPLATE:
        raise LookupError(f"no format or translation task letter {key!r} on this case")
    for r in letters:
        for task in r.tasks:
            if task.letter == record.key and task.done_on is None:
                task.done_on, task.done_by, task.note = on, by, note
        if (
            r.template == REMINDER_TEMPLATE
            and r.letter.context.get("task_letter") == record.key
            and r.status == delivery.PENDING
        ):
            r.status, r.leased_until = delivery.WITHDRAWN, None
            r.last_error = f"withdrawn: the task was recorded done on {on.isoformat()} by {by}"
    return by_key.get(str(record.letter.context.get("for_letter") or ""), record)
