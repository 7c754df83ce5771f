"""Named conditions used by the letter calendar: small predicates over (view, trigger),
about the case's progress (dates, stages, notices), never about who is told (routing's
decision, issue 18).

Each cites the seed sentence it encodes, so a reader can check it against the document.
"""

from __future__ import annotations

from collections.abc import Callable

import procedures
from common.contracts.events import DeadlineResumed, DeadlineSet, Event
from services.notifications.domain.alternative_letters import (
    mediation_dated,
    mediation_resumed_dated,
    not_task_clock,
    task_clock,
)
from services.notifications.domain.caseview import CaseView, is_response_clock
from services.notifications.domain.comments_letters import comments_clock_dated, comments_dated
from services.notifications.domain.notices import required_notices
from services.notifications.domain.remedy_letters import remedy_told

Condition = Callable[[CaseView, Event], bool]


def acknowledged(view: CaseView, trigger: Event) -> bool:
    """The acknowledgement has gone, so a later officer appointment needs its own letter
    (hmip seed 001: "We will give you the name ... of this Investigating Officer")."""
    return view.acknowledged


def not_restricted(view: CaseView, trigger: Event) -> bool:
    """Not a confidential child complaint."""
    return not view.restricted


def clock_extended(view: CaseView, trigger: Event) -> bool:
    """Deadlines extended the response clock (``deadline.set`` with ``extended``)."""
    return (
        isinstance(trigger, DeadlineSet)
        and trigger.routing_key == "deadline.set"
        and bool((trigger.model_extra or {}).get("extended"))
        and is_response_clock(trigger.clock, trigger.procedure, trigger.stage)
    )


def stage_dated(view: CaseView, trigger: Event) -> bool:
    """The stage just entered already has its own response date (deadlines dated it before
    the move was heard of): the letter on the move can give it."""
    return view.target_date is not None


def stage_entered(view: CaseView, trigger: Event) -> bool:
    """Deadlines dated the response clock of a stage the strand was moved to (escalated or
    moved on): the letter on the move gives this date, the new stage's, not the last one's
    (seed 004 "ensuring the complainant is kept informed at all stages")."""
    return (
        view.moved
        and isinstance(trigger, DeadlineSet)
        and trigger.routing_key == "deadline.set"
        and not (trigger.model_extra or {}).get("extended")
        and trigger.stage == view.stage
        and is_response_clock(trigger.clock, trigger.procedure, trigger.stage)
    )


def exclusions_to_explain(view: CaseView, trigger: Event) -> bool:
    """Something the complainant raised is not dealt with: seed 001 §3 "If we cannot deal
    with your matter, we will write to you to explain why"; seed 002 ¶11 signposting."""
    return bool(view.exclusions)


def owed_date_given(view: CaseView, trigger: Event) -> bool:
    """Deadlines resumed the response clock with the date an extension letter sent during
    the suspension promised to give when handling resumed."""
    return (
        isinstance(trigger, DeadlineResumed)
        and view.date_owed == "given"
        and trigger.stage in (None, view.stage)
        and is_response_clock(trigger.clock, trigger.procedure, trigger.stage or view.stage)
    )


def stage2_investigation(view: CaseView, trigger: Event) -> bool:
    """Children seed 004 "Procedure stage 2": the strand is at the investigation stage."""
    return view.stage == "investigation"


def notice_to_head_of_service(view: CaseView, trigger: Event) -> bool:
    """Records requires the Head of Service be told (``detail.notices``): seed 004 "inform
    the relevant Head of Service that a request has been made for an independent
    investigation"."""
    return "head_of_service" in required_notices(trigger)


def notice_to_team_manager(view: CaseView, trigger: Event) -> bool:
    """Records requires the team manager be told (``detail.notices``): seed 004 "inform the
    team manager that an investigation has been arranged, and who the investigating officer
    is"."""
    return "team_manager" in required_notices(trigger)


def _states_window(view: CaseView) -> bool:
    """The stage's decision letter states the day the complainant's right to the external
    body ends (dso: IEC / PPO "within 3 months"), from deadlines' ``escalation`` clock."""
    try:
        windows = procedures.escalation_windows(view.procedure, view.stage or "")
    except KeyError:
        return False
    return procedures.ESCALATION_CLOCK in windows


def window_known(view: CaseView, trigger: Event) -> bool:
    """The decision letter can go on the response: its stage states no window's end, or
    deadlines has already dated it (seed 000 "within 3 months of the complainant receiving
    the response": the letter gives the clock's day)."""
    return not _states_window(view) or procedures.ESCALATION_CLOCK in view.clocks


def window_dated(view: CaseView, trigger: Event) -> bool:
    """Deadlines dated the window the response opened, after the response was heard: the
    decision letter goes now, with that day."""
    return (
        isinstance(trigger, DeadlineSet)
        and trigger.routing_key == "deadline.set"
        and trigger.clock == procedures.ESCALATION_CLOCK
        and trigger.stage in (None, view.stage)
        and view.status == "responded"
        and _states_window(view)
    )


def _commitment_due(trigger: Event) -> tuple[str, str] | None:
    detail = getattr(trigger, "detail", None) or {}
    due = str(detail.get("due") or "")[:10]
    return (due, trigger.occurred_at.date().isoformat()) if due else None


def commitment_falls_due(view: CaseView, trigger: Event) -> bool:
    """A commitment's owner reminded before it falls due or on the day (seed 004
    "ensuring that commitments given in responses ... are implemented")."""
    days = _commitment_due(trigger)
    return days is not None and days[0] >= days[1]


def commitment_overdue(view: CaseView, trigger: Event) -> bool:
    """A commitment's due date passed without it being recorded done (seed 004, as above)."""
    days = _commitment_due(trigger)
    return days is not None and days[0] < days[1]


def court_not_yet_told(view: CaseView, trigger: Event) -> bool:
    """Court proceedings run alongside the complaint and the complainant has not been told
    yet: seed 004 "The complainant should be informed that the complaints procedure cannot
    overturn a Court decision"."""
    procedure = (getattr(trigger, "detail", None) or {}).get("procedure") or {}
    return procedure.get("kind") == "court" and not procedure.get("complainant_informed")


CONDITIONS: dict[str, Condition] = {
    fn.__name__: fn
    for fn in (
        acknowledged,
        not_restricted,
        clock_extended,
        stage_dated,
        stage_entered,
        exclusions_to_explain,
        owed_date_given,
        stage2_investigation,
        notice_to_head_of_service,
        notice_to_team_manager,
        window_known,
        window_dated,
        commitment_falls_due,
        commitment_overdue,
        court_not_yet_told,
        mediation_dated,
        mediation_resumed_dated,
        task_clock,
        not_task_clock,
        remedy_told,
        comments_dated,
        comments_clock_dated,
    )
}
