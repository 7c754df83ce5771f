"""A case's outcomes record (OutcomeService.GetOutcomes) as the case page shows it: what
the complainant wants and each point with its finding; each remedy with its type, amount,
approval, owner, due date and whether it is done, outstanding or overdue; the learning.
Pure: it shapes what records answered and decides nothing records has not."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel

from services.console.domain.dates import uk_date

FINDINGS = {
    "upheld": "Upheld",
    "partly-upheld": "Partly upheld",
    "not-upheld": "Not upheld",
    "resolved": "Resolved",
}
REMEDY_TYPES = {
    "apology": "Apology",
    "explanation": "Explanation",
    "put-right": "Put right",
    "reassessment": "Reassessment",
    "practical-action": "Practical action",
    "review-of-practice": "Review of practice",
    "financial": "Financial",
}
REFERRALS = {"legal-services": "Legal Services", "insurer": "the insurer"}
State = Literal["done", "overdue", "outstanding", "awaiting approval", "referred", "open"]


def words(key: str) -> str:
    """``policy-or-procedure`` -> ``Policy or procedure``."""
    text = key.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def pounds(amount: str) -> str:
    """``"1250.00"`` -> ``"£1,250.00"``; empty stays empty; anything else as given."""
    if not amount:
        return ""
    try:
        return f"£{Decimal(amount):,.2f}"
    except InvalidOperation:
        return amount


class PointView(BaseModel):
    id: str
    text: str
    outcome_sought: str
    finding: str  # in words; "No finding yet" until one is recorded
    found: bool
    reason: str
    found_by: str
    found_on: str  # UK date


class RemedyView(BaseModel):
    id: str
    type: str
    description: str
    point: str
    amount: str  # "£250.00", or empty
    approval: str  # in words
    owner: str
    due: str  # UK date, or empty
    state: State
    state_words: str
    reminders: list[str]

    @property
    def commitment_open(self) -> bool:
        """An outstanding or overdue commitment: highlighted on the page."""
        return self.state in ("overdue", "outstanding")


class LearningView(BaseModel):
    id: str
    root_cause: str
    lesson: str
    service_change: str
    owner: str
    status: str
    recorded: str  # "2 November 2026 by Ruth Central"


class OutcomesView(BaseModel):
    outcome_sought: str
    agreed: str  # "Agreed with the complainant on ...", "Not yet agreed ...", or empty
    statement_outcome: str
    points: list[PointView]
    remedies: list[RemedyView]
    learning: list[LearningView]
    overdue: list[str]  # remedy ids
    outstanding: list[str]  # remedy ids, overdue ones included

    @property
    def commitments_summary(self) -> str:
        if not self.outstanding:
            return "No commitments outstanding."
        n = len(self.outstanding)
        text = f"{n} commitment{'' if n == 1 else 's'} outstanding"
        if self.overdue:
            return f"{text}, {len(self.overdue)} overdue: {', '.join(self.overdue)}."
        return f"{text}, none overdue."


def point_view(p: dict[str, Any]) -> PointView:
    finding = p.get("finding", "")
    return PointView(
        id=p.get("id", ""),
        text=p.get("text", ""),
        outcome_sought=p.get("outcome_sought", ""),
        finding=FINDINGS.get(finding, words(finding)) if finding else "No finding yet",
        found=bool(finding),
        reason=p.get("finding_reason", ""),
        found_by=p.get("found_by", ""),
        found_on=uk_date(p.get("found_on", "")),
    )


def approval(r: dict[str, Any]) -> str:
    """Whether a remedy needed and has its approval, in words."""
    if r.get("claim"):
        to = REFERRALS.get(r.get("referral", ""), r.get("referral", "") or "Legal Services")
        return f"A claim: referred to {to}, not approved here"
    if r.get("approved_by"):
        role = f" ({words(r['approved_role'])})" if r.get("approved_role") else ""
        on = f" on {uk_date(r['approved_on'])}" if r.get("approved_on") else ""
        return f"Approved by {r['approved_by']}{role}{on}"
    if r.get("status") == "awaiting-approval":
        return "Awaiting approval"
    return "Not recorded" if r.get("type") == "financial" else "Not needed"


def remedy_state(r: dict[str, Any]) -> tuple[State, str]:
    """Done, overdue (records' own reckoning against its clock), outstanding (a commitment
    with a due date), else the remedy's status."""
    due = uk_date(r.get("due", ""))
    if r.get("status") == "done":
        note = f": {r['done_note']}" if r.get("done_note") else ""
        return "done", f"Done on {uk_date(r.get('done_on', ''))}{note}"
    if r.get("overdue"):
        return "overdue", f"was due {due}"
    if due:
        return "outstanding", f"due {due}"
    if r.get("status") == "awaiting-approval":
        return "awaiting approval", "Awaiting approval (no due date)"
    if r.get("status") == "referred":
        return "referred", "Referred (a claim)"
    return "open", "Open (no due date)"


def reminder_words(text: str) -> str:
    """``"before 2026-11-13"`` (records' words for a reminder sent) -> ``"before 13
    November 2026"``."""
    kind, _, day = text.rpartition(" ")
    return f"{kind} {uk_date(day)}".strip()


def remedy_view(r: dict[str, Any]) -> RemedyView:
    state, state_text = remedy_state(r)
    kind = r.get("type", "")
    return RemedyView(
        id=r.get("id", ""),
        type=REMEDY_TYPES.get(kind, words(kind)),
        description=r.get("description", ""),
        point=r.get("point", ""),
        amount=pounds(r.get("amount", "")),
        approval=approval(r),
        owner=r.get("owner", ""),
        due=uk_date(r.get("due", "")),
        state=state,
        state_words=state_text,
        reminders=[reminder_words(m) for m in r.get("reminders", [])],
    )


def learning_view(x: dict[str, Any]) -> LearningView:
    by = f" by {x['recorded_by']}" if x.get("recorded_by") else ""
    return LearningView(
        id=x.get("id", ""),
        root_cause=words(x.get("root_cause", "")),
        lesson=x.get("lesson", ""),
        service_change=x.get("service_change", ""),
        owner=x.get("owner", ""),
        status=words(x.get("status", "")),
        recorded=f"{uk_date(x.get('recorded_on', ''))}{by}",
    )


def outcomes_view(reply: dict[str, Any]) -> OutcomesView:
    """GetOutcomes' reply (as a dict, every field present) as the page shows it."""
    remedies = [remedy_view(r) for r in reply.get("remedies", [])]
    sought = reply.get("outcome_sought", "")
    if not sought:
        agreed = ""
    elif reply.get("outcome_agreed"):
        on = f" on {uk_date(reply['agreed_on'])}" if reply.get("agreed_on") else ""
        agreed = f"Agreed with the complainant{on}."
    else:
        agreed = "Not yet agreed with the complainant."
    return OutcomesView(
        outcome_sought=sought,
        agreed=agreed,
        statement_outcome=reply.get("statement_outcome", ""),
        points=[point_view(p) for p in reply.get("points", [])],
        remedies=remedies,
        learning=[learning_view(x) for x in reply.get("learning", [])],
        overdue=[r.id for r in remedies if r.state == "overdue"],
        outstanding=[r.id for r in remedies if r.commitment_open],
    )
