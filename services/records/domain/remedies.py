"""Remedies, typed, with an owner and a due date; financial ones approved by a role
allowed that amount, claims referred.

Seed 003: "appropriate remedies can be provided at any stage"; handlers should know "the
action and level of financial payments that can be approved". Seed 004 lists the methods
of resolution (apology, conciliation, reassessment, practical action, review of practice,
monitoring the remedy) and sends claims for compensation to Legal Services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.outcome_commands import Acting, Done, OutcomeCommand
from services.records.domain.outcomes import (
    CaseOutcomes,
    Referral,
    Remedy,
    RemedyStatus,
    RemedyType,
)

CLOSED = frozenset({"pending", "excluded", "merged", "closed"})


@dataclass(frozen=True, kw_only=True)
class AddRemedy(OutcomeCommand):
    """Give a remedy: what, who does it, by when; financial: amount and reason; a claim
    for compensation: the referral."""

    action = "add-remedy"
    type: RemedyType
    description: str
    owner: str
    due: date | None = None
    point: str = ""
    amount: Decimal | None = None
    reason: str = ""
    claim: bool = False
    referral: Referral | None = None


@dataclass(frozen=True, kw_only=True)
class ApproveRemedy(OutcomeCommand):
    """Approve a financial remedy, as a role allowed its amount."""

    action = "approve-remedy"
    remedy: str
    note: str = ""


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def add_remedy(record: CaseOutcomes, cmd: AddRemedy, by: Acting) -> Done:
    if by.status in CLOSED:
        raise Refusal(f"the case is {by.status}: no remedy can be added to it")
    if not cmd.owner:
        raise InvalidField("owner", "name who will carry the remedy out", "required")
    if cmd.due is not None and cmd.due < by.today:
        raise InvalidField("due", f"{cmd.due} is already past (today is {by.today})")
    if cmd.point:
        record.point(cmd.point)
    financial = cmd.type is RemedyType.FINANCIAL
    if financial:
        if cmd.amount is None or cmd.amount <= 0:
            raise InvalidField("amount", "a financial remedy needs an amount above £0", "required")
        if not cmd.reason:
            raise InvalidField("reason", "say why the payment is made", "required")
    elif cmd.amount is not None:
        raise InvalidField("amount", f"only a financial remedy has an amount, not {cmd.type}")
    if cmd.claim and cmd.referral is None:
        raise InvalidField(
            "referral",
            "a claim for compensation is referred: legal-services or insurer (seed 004)",
            "required",
        )
    if cmd.referral is not None and not cmd.claim:
        raise InvalidField("claim", "a referral is for a claim: say a claim was made")
    status = (
        RemedyStatus.REFERRED if cmd.claim
        else RemedyStatus.AWAITING_APPROVAL if financial
        else RemedyStatus.OPEN
    )  # fmt: skip
    remedy = Remedy(
        id=f"R{len(record.remedies) + 1}", type=cmd.type, description=cmd.description,
        owner=cmd.owner, due=cmd.due, point=cmd.point, amount=cmd.amount, reason=cmd.reason,
        claim=cmd.claim, referral=cmd.referral, status=status, added_by=by.actor,
        added_on=by.today,
    )  # fmt: skip
    record.remedies.append(remedy)
    words = f"Remedy {remedy.words()}"
    if status is RemedyStatus.AWAITING_APPROVAL:
        words += "; awaiting approval"
    if status is RemedyStatus.REFERRED:
        words += f"; claim referred to {cmd.referral}"
    detail = remedy.model_dump(mode="json", exclude={"reminders", "reason"})
    detail["payment_reason"] = remedy.reason
    return Done("remedy-added", words, detail)


def approver_for(amount: Decimal, limits: dict[str, Decimal]) -> str:
    """The roles allowed ``amount``, in words."""
    able = sorted((lim, role) for role, lim in limits.items() if lim >= amount)
    if not able:
        return "no role may approve it: refer it to Legal Services"
    return " or ".join(f"{role} (up to {_money(lim)})" for lim, role in able)


def approve_remedy(record: CaseOutcomes, cmd: ApproveRemedy, by: Acting) -> Done:
    if by.status in {"pending", "excluded"}:
        raise Refusal(f"the case is {by.status}: nothing to approve")
    remedy = record.remedy(cmd.remedy)
    if remedy.type is not RemedyType.FINANCIAL:
        raise Refusal(f"{remedy.id} is {remedy.type}: only financial remedies are approved")
    if remedy.status is RemedyStatus.REFERRED:
        raise Refusal(
            f"{remedy.id} is a claim referred to {remedy.referral}: they decide it, not the "
            "complaints procedure (seed 004)"
        )
    if remedy.status is RemedyStatus.CANCELLED:
        raise Refusal(f"{remedy.id} was cancelled on {remedy.cancelled_on}: nothing to approve")
    if remedy.status is not RemedyStatus.AWAITING_APPROVAL:
        raise Refusal(f"{remedy.id} was approved by {remedy.approved_by} on {remedy.approved_on}")
    assert remedy.amount is not None
    limit = by.limits.get(by.role, Decimal(0))
    if remedy.amount > limit:
        raise Refusal(
            f"{remedy.id} is {_money(remedy.amount)}: role {by.role} may approve financial "
            f"remedies up to {_money(limit)}; it needs {approver_for(remedy.amount, by.limits)}"
        )
    remedy.status = RemedyStatus.OPEN
    remedy.approved_by, remedy.approved_role, remedy.approved_on = by.actor, by.role, by.today
    remedy.approved_amount = remedy.amount
    words = (
        f"Financial remedy {remedy.id} of {_money(remedy.amount)} approved by {by.actor} "
        f"({by.role}, limit {_money(limit)})"
    )
    detail = {"remedy": remedy.id, "amount": f"{remedy.amount:.2f}", "limit": f"{limit:.2f}",
              "approved_role": by.role, "note": cmd.note}  # fmt: skip
    return Done("remedy-approved", words, detail)
