"""What every command handler shares: who acts and when, what a command changed, and
the record of the stage the case is at."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from common.workdays import Calendar
from procedures.schema import Procedure
from services.records.domain.casefile import CaseLike
from services.records.domain.lifecycle import StageFacts, Status, allowed_actions
from services.records.domain.offered import offered
from services.records.domain.stages import Starts, day, iso, request_open_from


@dataclass(frozen=True)
class Context:
    """Who acts, when, and the procedure and calendar the case runs on."""

    actor: str
    role: str
    now: datetime
    today: date
    procedure: Procedure
    calendar: Calendar


@dataclass
class Change:
    """What a command did: the event status to emit (None: no event), its detail, in words."""

    event: str | None
    summary: str
    detail: dict[str, Any] = field(default_factory=dict)
    status: Status | None = None  # overrides the lifecycle's target (resume)
    # Further events the same fact is (e.g. the Director's response is also the stage's
    # ``responded``, which sends the decision letter): (status, extra detail) each.
    also: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def current_stage(case: CaseLike) -> dict[str, Any]:
    """The record of the stage the case is at (created empty for an older file)."""
    if case.stages and case.stages[-1].get("stage") == case.stage:
        return dict(case.stages[-1])
    return {"stage": case.stage, "started_on": iso(case.received_on), "extensions": 0}


def save_stage(case: CaseLike, record: dict[str, Any]) -> None:
    if case.stages and case.stages[-1].get("stage") == record.get("stage"):
        case.stages = [*case.stages[:-1], record]
    else:
        case.stages = [*case.stages, record]


def facts_of(
    case: CaseLike,
    procedure: Procedure,
    today: date | None = None,
    calendar: Calendar | None = None,
) -> StageFacts:
    """What the lifecycle needs of the case's stage. With ``today`` and ``calendar``, also
    whether the complainant's right to ask for the next stage unanswered has opened
    (`stages.request_open_from`); without them, only an answered stage may be escalated."""
    try:
        stage = procedure.stage(case.stage or "")
    except KeyError:
        stage = None
    record = current_stage(case)
    acknowledged = bool(record.get("acknowledged_on"))
    ask_from = None
    if stage is not None and today is not None and calendar is not None:
        received = case.received_on or day(record.get("started_on")) or today
        starts = Starts(received=received, stage_start=day(record.get("started_on")) or received)
        ask_from = request_open_from(procedure, stage.name, starts, calendar)
    may_ask = ask_from is not None and today is not None and today >= ask_from
    return StageFacts.of(
        stage,
        acknowledged=acknowledged,
        procedure=procedure.name,
        may_ask=may_ask,
        ask_from=ask_from,
        comments_asked=comments_awaited(case),
    )


COMMENTS_CLOCK = "officer_comments"  # seed 003, procedures/data/code.yaml


def comments_awaited(case: CaseLike) -> bool:
    """The officers' comments are awaited at the current stage: asked for again by
    `request-comments`, or asked for at routing (the deadlines service's ``officer_comments``
    clock of this stage, not yet met)."""
    if case.status == Status.COMMENTS_REQUESTED:
        return True
    entry = (case.clocks or {}).get(COMMENTS_CLOCK) or {}
    mine = str(entry.get("stage") or case.stage or "") == (case.stage or "")
    return bool(entry) and mine and entry.get("status") not in ("met", "met late")


def allowed_now(case: CaseLike, procedure: Procedure) -> list[str]:
    """The actions a person may take on the case now (shown with the file)."""
    allowed = allowed_actions(case.status, facts_of(case, procedure))
    return [a for a in allowed if offered(a, procedure.name, case.stage or "")]
