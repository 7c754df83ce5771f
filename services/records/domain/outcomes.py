"""What the complainant wants and what they got: the typed record of a strand's outcome
sought, its points of complaint and their findings, remedies (commitments) and learning.

Pure: pydantic models and small functions, no storage (codec:
`services.records.adapters.outcomes_codec`). Seeds served:

- 004 "record the action or outcome expected by the complainant"; at stage 2 "the desired
  outcome should be agreed";
- 002 "clarify the points of complaint and outcome sought"; "a clear response to each of
  their points of complaint";
- 001 "what you expect should happen as a result of your complaint".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class Finding(StrEnum):
    """The finding on one point (seed 002 "a clear response to each of their points")."""

    UPHELD = "upheld"
    PARTLY = "partly-upheld"
    NOT_UPHELD = "not-upheld"
    RESOLVED = "resolved"


class RemedyType(StrEnum):
    """Seed 004's methods of resolution and seed 003's remedies."""

    APOLOGY = "apology"
    EXPLANATION = "explanation"
    PUT_RIGHT = "put-right"
    REASSESSMENT = "reassessment"
    PRACTICAL_ACTION = "practical-action"
    REVIEW_OF_PRACTICE = "review-of-practice"
    FINANCIAL = "financial"


class RemedyStatus(StrEnum):
    AWAITING_APPROVAL = "awaiting-approval"  # a financial remedy not yet approved
    REFERRED = "referred"  # a claim: Legal Services or the insurer decide it (seed 004)
    OPEN = "open"  # agreed, to be done
    DONE = "done"
    CANCELLED = "cancelled"  # withdrawn with a reason (e.g. the complainant declined it)


class Referral(StrEnum):
    """Where a financial claim goes (seed 004: claims are for Legal Services)."""

    LEGAL_SERVICES = "legal-services"
    INSURER = "insurer"


class RootCause(StrEnum):
    """The declared list of root cause categories a learning record names."""

    COMMUNICATION = "communication"
    POLICY = "policy-or-procedure"
    STAFF_CONDUCT = "staff-conduct"
    TRAINING = "training"
    RESOURCES = "resources"
    DELAY = "delay"
    RECORD_KEEPING = "record-keeping"
    THIRD_PARTY = "third-party-provider"
    DECISION = "decision-making"
    OTHER = "other"


class LearningStatus(StrEnum):
    PROPOSED = "proposed"
    IN_PROGRESS = "in-progress"
    DONE = "done"


class Point(BaseModel):
    """One point of complaint (an aspect of the submission, or one added when clarified)."""

    id: str  # P1, P2, ...
    text: str
    kind: str = ""
    outcome_sought: str | None = None
    finding: Finding | None = None
    finding_reason: str = ""
    found_by: str = ""
    found_on: date | None = None


class Reminder(BaseModel):
    """A reminder sent to a commitment's owner: ``before`` it falls due, or when ``due``."""

    kind: str
    on: date


class Amendment(BaseModel):
    """One amendment of a remedy: when, by whom, why, and each field's old and new value."""

    on: date
    by: str
    reason: str
    changes: dict[str, list[str]]  # field: [was, now]


class Remedy(BaseModel):
    """A remedy given; with a due date it is a commitment followed up until done (or
    cancelled)."""

    id: str  # R1, R2, ...
    type: RemedyType
    description: str
    owner: str
    due: date | None = None
    point: str = ""  # the point it answers, if one
    amount: Decimal | None = None  # financial only, pounds
    reason: str = ""  # financial: why the payment is made
    claim: bool = False  # a claim for compensation was made (seed 004: Legal Services)
    referral: Referral | None = None
    status: RemedyStatus = RemedyStatus.OPEN
    approved_by: str = ""
    approved_role: str = ""
    approved_on: date | None = None
    approved_amount: Decimal | None = None  # what the approval covers (financial)
    done_on: date | None = None
    done_note: str = ""
    added_by: str = ""
    added_on: date | None = None
    reminders: list[Reminder] = Field(default_factory=list)
    amendments: list[Amendment] = Field(default_factory=list)
    cancelled_on: date | None = None
    cancelled_by: str = ""
    cancel_reason: str = ""

    @property
    def outstanding(self) -> bool:
        return self.status not in (RemedyStatus.DONE, RemedyStatus.CANCELLED)

    def overdue(self, today: date) -> bool:
        return self.outstanding and self.due is not None and self.due < today

    def words(self) -> str:
        amount = f" £{self.amount:,.2f}" if self.amount is not None else ""
        due = f", due {self.due}" if self.due else ""
        return f"{self.id} {self.type}{amount} ({self.owner}{due}): {self.description}"


class Learning(BaseModel):
    """What the organisation learned (seed 004 complaints "should prompt learnings")."""

    id: str  # L1, L2, ...
    root_cause: RootCause
    lesson: str
    service_change: str = ""
    owner: str
    status: LearningStatus = LearningStatus.PROPOSED
    recorded_by: str = ""
    recorded_on: date
    updated_on: date | None = None


class CaseOutcomes(BaseModel):
    """The whole record for one strand."""

    outcome_sought: str | None = None
    outcome_agreed: bool = False
    agreed_on: date | None = None
    agreed_by: str = ""
    points: list[Point] = Field(default_factory=list)
    remedies: list[Remedy] = Field(default_factory=list)
    learning: list[Learning] = Field(default_factory=list)
    seeded: bool = False  # points and outcome sought taken from the submission

    def point(self, point_id: str) -> Point:
        for p in self.points:
            if p.id == point_id:
                return p
        from services.records.domain.errors import InvalidField

        known = ", ".join(p.id for p in self.points) or "none recorded"
        raise InvalidField("point", f"{point_id!r} is no point of this complaint ({known})")

    def remedy(self, remedy_id: str) -> Remedy:
        for r in self.remedies:
            if r.id == remedy_id:
                return r
        from services.records.domain.errors import InvalidField

        known = ", ".join(r.id for r in self.remedies) or "none recorded"
        raise InvalidField("remedy", f"{remedy_id!r} is no remedy of this case ({known})")


def seed_from(
    record: CaseOutcomes, aspects: list[dict[str, Any]], history: list[dict[str, Any]]
) -> CaseOutcomes:
    """Take the points and the outcome sought from the submission as routed (once): each
    aspect is a point with its own outcome sought; the complaint's outcome sought is on
    ``case.routed``."""
    if record.seeded:
        return record
    routed = next((h for h in history if h.get("type") == "case.routed"), None)
    sought = ((routed or {}).get("data") or {}).get("outcome_sought")
    points = [
        Point(
            id=f"P{i + 1}",
            text=str(a.get("text") or ""),
            kind=str(a.get("kind") or ""),
            outcome_sought=a.get("outcome_sought") or None,
        )
        for i, a in enumerate(aspects)
    ]
    return record.model_copy(
        update={
            "outcome_sought": record.outcome_sought or sought or None,
            "points": points + [p for p in record.points if p.id not in {q.id for q in points}],
            "seeded": True,
        }
    )


def statement_agreed(history: list[dict[str, Any]]) -> str | None:
    """The desired outcome agreed by the seeds' own `statement-agreed` step
    (`services.records.domain.steps.agree_statement`), the latest if several."""
    found = [
        (h.get("data") or {}).get("desired_outcome")
        for h in history
        if h.get("type") == "case.statement-agreed"
    ]
    return next((f for f in reversed(found) if f), None)


def letter_detail(record: CaseOutcomes) -> dict[str, Any]:
    """What the response letter says of each point and each remedy (plain JSON): the
    remedies as they stand now (amended values), without the cancelled ones (the letter
    says what will be done)."""
    return {
        "findings": [
            {
                "point": p.id,
                "text": p.text,
                "outcome_sought": p.outcome_sought or "",
                "finding": str(p.finding) if p.finding else "",
                "reason": p.finding_reason,
            }
            for p in record.points
        ],
        "remedies": [
            {
                "id": r.id,
                "type": str(r.type),
                "description": r.description,
                "amount": f"{r.amount:,.2f}" if r.amount is not None else "",
                "due": r.due.isoformat() if r.due else "",
                "status": str(r.status),
                "referral": str(r.referral) if r.referral else "",
            }
            for r in record.remedies
            if r.status is not RemedyStatus.CANCELLED
        ],
    }


def of_case(case: Any) -> CaseOutcomes:
    """The record a case file keeps (``outcomes``), with the submission's points and
    outcome sought taken in if not yet."""
    record = CaseOutcomes.model_validate(getattr(case, "outcomes", None) or {})
    return seed_from(record, list(case.aspects or []), list(case.history or []))


# Keys of the outcomes record's history entries that may identify someone (stripped with
# `privacy.PERSONAL_KEYS` when a file is anonymised).
PERSONAL_KEYS = (
    "outcome_sought", "description", "done_note", "was", "findings", "remedies", "lesson",
    "service_change", "owner", "added_by", "approved_by", "recorded_by", "found_by",
    "finding_reason", "payment_reason", "cancel_reason", "changes", "cancelled_by",
)  # fmt: skip
GONE = "[redacted]"


def _save(case: Any, record: CaseOutcomes) -> None:
    case.outcomes = record.model_dump(mode="json")


def redact_points_on(case: Any) -> None:
    """The aspects' words are redacted: so are the points' and what was sought."""
    if not getattr(case, "outcomes", None):
        return
    record = CaseOutcomes.model_validate(case.outcomes)
    for p in record.points:
        p.text = GONE
        p.outcome_sought = GONE if p.outcome_sought else None
    record.outcome_sought = GONE if record.outcome_sought else None
    _save(case, record)


def anonymise_on(case: Any) -> None:
    """Anonymised or erased: the words and names go; types, findings, amounts, dates,
    statuses and root causes stay for the reports."""
    if not getattr(case, "outcomes", None):
        return
    redact_points_on(case)
    record = CaseOutcomes.model_validate(case.outcomes)
    record.agreed_by = GONE if record.agreed_by else ""
    for p in record.points:
        p.finding_reason, p.found_by = "", GONE if p.found_by else ""
    for r in record.remedies:
        r.description, r.reason, r.done_note, r.owner = GONE, "", "", GONE
        r.added_by = GONE if r.added_by else ""
        r.approved_by = GONE if r.approved_by else ""
        r.cancel_reason, r.cancelled_by = "", GONE if r.cancelled_by else ""
        for a in r.amendments:
            a.by, a.reason = GONE, ""
            a.changes = {k: v for k, v in a.changes.items() if k in ("due", "amount")}
    for x in record.learning:
        x.owner, x.recorded_by = GONE, GONE if x.recorded_by else ""
    _save(case, record)
