"""A remedy changed after it was given: amended (what, who, by when, how much) or
cancelled (withdrawn), each with a reason, in the file's audit trail.

Seed 003: "appropriate remedies can be provided at any stage", and handlers should know
"the action and level of financial payments that can be approved": raising a payment
above what its approval covers needs a new approval by a role allowed that amount
(`remedies.approve_remedy`, the limits of `RecordsSettings.remedy_limits`). A cancelled
remedy (e.g. the complainant declined it) is no longer a commitment followed up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.outcome_commands import Acting, Done, OutcomeCommand
from services.records.domain.outcomes import (
    Amendment,
    CaseOutcomes,
    Remedy,
    RemedyStatus,
    RemedyType,
)
from services.records.domain.remedies import approver_for

# A remedy on a case not routed, excluded or merged is not changed (closed: it may be,
# a commitment outstanding at closure is still followed up).
SHUT = frozenset({"pending", "excluded", "merged"})
FINISHED = (RemedyStatus.DONE, RemedyStatus.CANCELLED)


@dataclass(frozen=True, kw_only=True)
class AmendRemedy(OutcomeCommand):
    """Amend a remedy: any of its description, owner, due date and amount, with why."""

    action = "amend-remedy"  # who may give a remedy may amend it (access policy)
    remedy: str
    reason: str
    description: str = ""
    owner: str = ""
    due: date | None = None
    amount: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class CancelRemedy(OutcomeCommand):
    """Cancel (withdraw) a remedy, with why (e.g. the complainant declined it)."""

    action = "cancel-remedy"  # ... or cancel it
    remedy: str
    reason: str


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}"


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def _covered(remedy: Remedy) -> Decimal | None:
    """What a financial remedy's approval covers (approved before the amount was kept: the
    amount it had)."""
    if remedy.approved_amount is not None:
        return remedy.approved_amount
    return remedy.amount if remedy.approved_by else None


def _changeable(record: CaseOutcomes, remedy_id: str, by: Acting, doing: str) -> Remedy:
    if by.status in SHUT:
        raise Refusal(f"the case is {by.status}: no remedy can be {doing}")
    remedy = record.remedy(remedy_id)
    if remedy.status is RemedyStatus.DONE:
        raise Refusal(f"{remedy.id} was done on {remedy.done_on}: it cannot be {doing}")
    if remedy.status is RemedyStatus.CANCELLED:
        raise Refusal(f"{remedy.id} was cancelled on {remedy.cancelled_on}: it cannot be {doing}")
    return remedy


def _changes(remedy: Remedy, cmd: AmendRemedy, by: Acting) -> dict[str, list[str]]:
    """Each field given that differs from the remedy's: [was, now]; checked."""
    if cmd.due is not None and cmd.due < by.today:
        raise InvalidField("due", f"{cmd.due} is already past (today is {by.today})")
    if cmd.amount is not None:
        if remedy.type is not RemedyType.FINANCIAL:
            raise InvalidField(
                "amount", f"only a financial remedy has an amount, not {remedy.type}"
            )
        if cmd.amount <= 0:
            raise InvalidField("amount", "a financial remedy needs an amount above £0")
        if remedy.status is RemedyStatus.REFERRED:
            raise Refusal(
                f"{remedy.id} is a claim referred to {remedy.referral}: they decide the amount, "
                "not the complaints procedure (seed 004)"
            )
    given = {
        "description": (remedy.description, cmd.description),
        "owner": (remedy.owner, cmd.owner),
        "due": (_day(remedy.due), _day(cmd.due)),
        "amount": (_money(remedy.amount), _money(cmd.amount)),
    }  # fmt: skip
    changed = {k: [was, now] for k, (was, now) in given.items() if now and now != was}
    if not changed:
        raise InvalidField(
            "description", "give what changes (description, owner, due or amount)", "required"
        )
    return changed


def amend_remedy(record: CaseOutcomes, cmd: AmendRemedy, by: Acting) -> Done:
    if not cmd.reason:
        raise InvalidField("reason", "say why the remedy is amended", "required")
    remedy = _changeable(record, cmd.remedy, by, "amended")
    changed = _changes(remedy, cmd, by)
    remedy.description = cmd.description or remedy.description
    remedy.owner = cmd.owner or remedy.owner
    if cmd.due is not None and cmd.due != remedy.due:
        remedy.due, remedy.reminders = cmd.due, []  # a new date: its reminders go again
    words = ""
    if cmd.amount is not None:
        covered = _covered(remedy)
        remedy.amount = cmd.amount
        if remedy.status is RemedyStatus.OPEN and (covered is None or cmd.amount > covered):
            remedy.status = RemedyStatus.AWAITING_APPROVAL
            remedy.approved_by, remedy.approved_role, remedy.approved_on = "", "", None
            changed["status"] = [str(RemedyStatus.OPEN), str(RemedyStatus.AWAITING_APPROVAL)]
            words = (
                f"; £{cmd.amount:,.2f} is above the £{covered or 0:,.2f} approved: awaiting "
                f"approval again by {approver_for(cmd.amount, by.limits)}"
            )
    remedy.amendments.append(
        Amendment(on=by.today, by=by.actor, reason=cmd.reason, changes=changed)
    )
    said = ", ".join(f"{k} {was or '-'} -> {now}" for k, (was, now) in changed.items())
    summary = f"Remedy {remedy.id} amended: {said} ({cmd.reason}){words}"
    detail = {"remedy": remedy.id, "type": str(remedy.type), "changes": changed,
              "reason": cmd.reason, "status": str(remedy.status)}  # fmt: skip
    return Done("remedy-amended", summary, detail)


def cancel_remedy(record: CaseOutcomes, cmd: CancelRemedy, by: Acting) -> Done:
    if not cmd.reason:
        raise InvalidField("reason", "say why the remedy is cancelled", "required")
    remedy = _changeable(record, cmd.remedy, by, "cancelled")
    was = remedy.status
    remedy.status = RemedyStatus.CANCELLED
    remedy.cancelled_on, remedy.cancelled_by, remedy.cancel_reason = by.today, by.actor, cmd.reason
    summary = f"Remedy {remedy.words()} cancelled: {cmd.reason}"
    detail = {"remedy": remedy.id, "type": str(remedy.type), "was": str(was),
              "reason": cmd.reason, "amount": _money(remedy.amount)}  # fmt: skip
    return Done("remedy-cancelled", summary, detail)


def approved_within_limits(record: CaseOutcomes, limits: dict[str, Decimal]) -> list[str]:
    """The financial remedies marked approved (open or done) whose amount their approval
    or their approver's limit does not cover: none, whatever was done (a check for tests
    and for an operator reading a file)."""
    wrong = []
    for r in record.remedies:
        if r.type is not RemedyType.FINANCIAL or r.status not in (RemedyStatus.OPEN, *FINISHED):
            continue
        if r.status is RemedyStatus.CANCELLED or r.amount is None:
            continue
        covered = _covered(r)
        if (
            covered is None
            or r.amount > covered
            or r.amount > limits.get(r.approved_role, Decimal(0))
        ):
            wrong.append(r.id)
    return wrong
