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
from services.records.domain.stages import iso


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


def facts_of(case: CaseLike, procedure: Procedure) -> StageFacts:
    try:
        stage = procedure.stage(case.stage or "")
    except KeyError:
        stage = None
    acknowledged = bool(current_stage(case).get("acknowledged_on"))
    return StageFacts.of(stage, acknowledged=acknowledged, procedure=procedure.name)


def allowed_now(case: CaseLike, procedure: Procedure) -> list[str]:
    """The actions a person may take on the case now (shown with the file)."""
    return allowed_actions(case.status, facts_of(case, procedure))
