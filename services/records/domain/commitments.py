"""Commitments followed up: every remedy with a due date is tracked until done; its owner
is reminded before it falls due and when it does; a case is not closed as resolved with
one overdue unless a reason is recorded.

Seed 004: "ensuring that commitments given in responses (including adjudications) are
implemented".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.outcome_commands import Acting, Done, OutcomeCommand
from services.records.domain.outcomes import CaseOutcomes, Remedy, RemedyStatus, Reminder

BEFORE, DUE = "before", "due"


@dataclass(frozen=True, kw_only=True)
class CompleteCommitment(OutcomeCommand):
    """A remedy was carried out: when, and the evidence."""

    action = "complete-commitment"
    remedy: str
    note: str


def complete(record: CaseOutcomes, cmd: CompleteCommitment, by: Acting) -> Done:
    if not cmd.note:
        raise InvalidField("note", "say what was done (the evidence it was done)", "required")
    remedy = record.remedy(cmd.remedy)
    if remedy.status is RemedyStatus.DONE:
        raise Refusal(f"{remedy.id} was already done on {remedy.done_on}")
    if remedy.status is RemedyStatus.CANCELLED:
        raise Refusal(f"{remedy.id} was cancelled on {remedy.cancelled_on}: {remedy.cancel_reason}")
    if remedy.status is RemedyStatus.AWAITING_APPROVAL:
        raise Refusal(f"{remedy.id} is awaiting approval: approve it before paying it")
    late = remedy.overdue(by.today)
    remedy.status, remedy.done_on, remedy.done_note = RemedyStatus.DONE, by.today, cmd.note
    words = f"Commitment {remedy.id} done on {by.today}" + (" (late)" if late else "")
    detail = {"remedy": remedy.id, "note": cmd.note, "due": remedy.due.isoformat()
              if remedy.due else None, "late": late}  # fmt: skip
    return Done("commitment-done", f"{words}: {cmd.note}", detail)


def tracked(record: CaseOutcomes) -> list[Remedy]:
    """The commitments: remedies with a due date, not yet done nor cancelled."""
    return [r for r in record.remedies if r.due is not None and r.outstanding]


def overdue(record: CaseOutcomes, today: date) -> list[Remedy]:
    return [r for r in tracked(record) if r.overdue(today)]


@dataclass(frozen=True)
class Reminding:
    """A reminder to send now: which commitment, and whether it is ``before`` or ``due``."""

    remedy: Remedy
    kind: str

    def words(self, today: date) -> str:
        due = self.remedy.due
        assert due is not None
        when = (
            f"due in {(due - today).days} days, on {due}" if self.kind == BEFORE
            else f"due today, {due}" if due == today
            else f"overdue since {due}"
        )  # fmt: skip
        return f"Reminder to {self.remedy.owner}: commitment {self.remedy.id} is {when}"


def _remind_from(remedy: Remedy, days_before: int) -> date:
    assert remedy.due is not None
    return remedy.due - timedelta(days=days_before)


def reminders_due(record: CaseOutcomes, today: date, days_before: int) -> list[Reminding]:
    """The reminders to send today: one ``before`` (from ``days_before`` days ahead) and
    one ``due`` (on the day or, after downtime, late), each once."""
    out: list[Reminding] = []
    for r in tracked(record):
        sent = {m.kind for m in r.reminders}
        assert r.due is not None
        if r.due <= today and DUE not in sent:
            out.append(Reminding(r, DUE))
        elif _remind_from(r, days_before) <= today < r.due and BEFORE not in sent:
            out.append(Reminding(r, BEFORE))
    return out


def mark_sent(reminding: Reminding, today: date) -> None:
    reminding.remedy.reminders.append(Reminder(kind=reminding.kind, on=today))


def next_check(record: CaseOutcomes, days_before: int) -> date | None:
    """The first day a reminder sweep has work on this file (None: nothing to remind)."""
    days: list[date] = []
    for r in tracked(record):
        sent = {m.kind for m in r.reminders}
        assert r.due is not None
        if BEFORE not in sent and DUE not in sent:
            days.append(_remind_from(r, days_before))
        elif DUE not in sent:
            days.append(r.due)
    return min(days, default=None)


def check_close(record: CaseOutcomes, today: date, reason: str, responded: bool) -> list[str]:
    """A case closed as resolved (after its response) with an overdue commitment needs a
    recorded reason; the refusal names each. Returns the overdue ones closed over."""
    late = overdue(record, today)
    if late and responded and not reason:
        names = "; ".join(r.words() for r in late)
        raise Refusal(
            f"commitment overdue: {names}. Record it done, or give a reason to close with it "
            "outstanding (seed 004: commitments given in responses are implemented)"
        )
    return [r.id for r in late]
