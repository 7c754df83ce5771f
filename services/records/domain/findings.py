"""Outcome sought, points of complaint and the finding on each point.

Seed 004: "record the action or outcome expected by the complainant"; at stage 2 "the
desired outcome should be agreed". Seed 002: "clarify the points of complaint and outcome
sought"; "a clear response to each of their points of complaint". The seeds' own
`statement-agreed` step (`services.records.domain.steps.agree_statement`) records the
children's stage 2 statement; `AgreeOutcome` is the same agreement for every procedure,
kept in the typed record, and `outcomes.statement_agreed` reads the step's answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.outcome_commands import Acting, Done, OutcomeCommand
from services.records.domain.outcomes import CaseOutcomes, Finding, Point

WORKING = frozenset(
    {"open", "acknowledged", "officer-assigned", "comments-requested", "investigating",
     "escalated", "suspended"}
)  # fmt: skip
ANSWERABLE = WORKING | {"responded"}


@dataclass(frozen=True, kw_only=True)
class AgreeOutcome(OutcomeCommand):
    """Record (or amend) the complaint's outcome sought; ``agreed``: agreed with the
    complainant (stage 2)."""

    action = "agree-outcome"
    outcome_sought: str
    agreed: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SetPoint(OutcomeCommand):
    """Amend a point of complaint (``point`` given) or add one (clarified with the
    complainant); with the outcome sought on that point."""

    action = "agree-outcome"
    point: str = ""
    text: str = ""
    outcome_sought: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordFinding(OutcomeCommand):
    """The finding on one point: upheld, partly upheld, not upheld or resolved."""

    action = "record-finding"
    point: str
    finding: Finding
    reason: str


def _working(status: str, what: str) -> None:
    if status not in WORKING:
        raise Refusal(
            f"the case is {status}: {what} is agreed while the complaint is considered, "
            "before the response"
        )


def agree_outcome(record: CaseOutcomes, cmd: AgreeOutcome, by: Acting) -> Done:
    _working(by.status, "the outcome sought")
    if not cmd.outcome_sought:
        raise InvalidField("outcome_sought", "say what the complainant wants", "required")
    before = record.outcome_sought
    record.outcome_sought = cmd.outcome_sought
    if cmd.agreed:
        record.outcome_agreed, record.agreed_on, record.agreed_by = True, by.today, by.actor
    words = (
        "Outcome sought agreed with the complainant" if cmd.agreed else "Outcome sought recorded"
    ) + f": {cmd.outcome_sought}"
    if before and before != cmd.outcome_sought:
        words += f" (was: {before})"
    detail = {"outcome_sought": cmd.outcome_sought, "agreed": cmd.agreed, "was": before,
              "stage": by.stage, "note": cmd.note}  # fmt: skip
    return Done("outcome-agreed" if cmd.agreed else "outcome-recorded", words, detail)


def set_point(record: CaseOutcomes, cmd: SetPoint, by: Acting) -> Done:
    _working(by.status, "a point of complaint")
    if cmd.point:
        point = record.point(cmd.point)
        was = point.model_dump(mode="json", include={"text", "outcome_sought"})
        if cmd.text:
            point.text = cmd.text
        if cmd.outcome_sought:
            point.outcome_sought = cmd.outcome_sought
        words = f"Point {point.id} amended"
    else:
        if not cmd.text:
            raise InvalidField("text", "a new point of complaint needs its text", "required")
        point = Point(id=f"P{len(record.points) + 1}", text=cmd.text,
                      outcome_sought=cmd.outcome_sought or None)  # fmt: skip
        record.points.append(point)
        was = None
        words = f"Point {point.id} added"
    words += f": {point.text}" + (
        f"; outcome sought: {point.outcome_sought}" if point.outcome_sought else ""
    )
    detail = {"point": point.id, "text": point.text, "outcome_sought": point.outcome_sought,
              "was": was, "stage": by.stage}  # fmt: skip
    return Done("point-set", words, detail)


def record_finding(record: CaseOutcomes, cmd: RecordFinding, by: Acting) -> Done:
    if by.status not in ANSWERABLE:
        raise Refusal(f"the case is {by.status}: findings are recorded before it closes")
    if not cmd.reason:
        raise InvalidField("reason", "say why: the response answers each point", "required")
    point = record.point(cmd.point)
    before = point.finding
    point.finding, point.finding_reason = cmd.finding, cmd.reason
    point.found_by, point.found_on = by.actor, by.today
    words = f"Finding on {point.id}: {cmd.finding}. {cmd.reason}"
    if before and before != cmd.finding:
        words += f" (was {before})"
    detail = {"point": point.id, "finding": str(cmd.finding), "finding_reason": cmd.reason,
              "was": str(before) if before else None, "stage": by.stage}  # fmt: skip
    return Done("finding-recorded", words, detail)
