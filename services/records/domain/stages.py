"""Each stage a strand enters, with its targets from the procedure data. Pure.

A stage record (one dict per stage, kept in the file and never removed) holds what the
reports need: when the stage started, its acknowledgement and response targets, when
each was met, the outcome, extensions and breaches. Dates are ISO strings.

Targets follow each clock's ``starts`` in the procedure file: ``received`` and
``stage_start`` count from the stage's first day, ``after:<clock>`` from that clock's due
date, ``panel`` from the latest day the panel may be convened (children stage 3:
30 + 5 + 15 working days), ``previous_response`` from the previous stage's response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from common.timescales import Unit
from common.workdays import Calendar, format_day, ordinal
from procedures import clock_for
from procedures.schema import Clock, Procedure
from services.records.domain.errors import Refusal

# The clock whose due date is the answer promised to the complainant, in order of choice.
RESPONSE_CLOCKS = ("response", "reply", "review", "director_response", "investigation")


class ExtensionRefused(Refusal):
    """An extension past the procedure's cap, or not later than the current target."""


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def day(value: Any) -> date | None:
    """A stored ISO date (or a date) back as a date."""
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def response_clock(procedure: Procedure, stage: str) -> str | None:
    """The name of the clock that times the stage's answer, if the stage has one."""
    clocks = procedure.stage(stage).clocks
    return next((name for name in RESPONSE_CLOCKS if name in clocks), None)


@dataclass(frozen=True)
class Starts:
    """The days a stage's clocks may count from."""

    received: date
    stage_start: date
    previous_response: date | None = None


def clock_start(
    procedure: Procedure, stage: str, name: str, starts: Starts, calendar: Calendar, depth: int = 0
) -> date | None:
    """Day 0 of clock ``name``; None when it depends on a fact not known yet."""
    spec = clock_for(procedure.name, stage, name)
    if spec.starts.startswith("after:") and depth < 5:
        return clock_due(
            procedure, stage, spec.starts.removeprefix("after:"), starts, calendar, depth + 1
        )
    if spec.starts == "panel" and "convene" in procedure.stage(stage).clocks and depth < 5:
        return clock_due(procedure, stage, "convene", starts, calendar, depth + 1)
    return {
        "received": starts.received if stage == procedure.entry_stage else starts.stage_start,
        "stage_start": starts.stage_start,
        "acceptance": starts.stage_start,
        "previous_response": starts.previous_response,
        "response_received": starts.previous_response,
    }.get(spec.starts)


def clock_due(
    procedure: Procedure, stage: str, name: str, starts: Starts, calendar: Calendar, depth: int = 0
) -> date | None:
    start = clock_start(procedure, stage, name, starts, calendar, depth)
    if start is None:
        return None
    return calendar.add(start, clock_for(procedure.name, stage, name).timescale).due


def new_stage_record(
    procedure: Procedure, stage: str, starts: Starts, calendar: Calendar, owner: str = ""
) -> dict[str, Any]:
    """The record of a stage entered on ``starts.stage_start``, with its targets."""
    clocks = procedure.stage(stage).clocks
    target = response_clock(procedure, stage)
    ack_due = (
        clock_due(procedure, stage, "acknowledgement", starts, calendar)
        if "acknowledgement" in clocks
        else None
    )
    response_due = clock_due(procedure, stage, target, starts, calendar) if target else None
    return {
        "stage": stage,
        "owner": owner or procedure.stage(stage).owner,
        "started_on": iso(starts.stage_start),
        "received_on": iso(starts.received),
        "ack_due": iso(ack_due),
        "acknowledged_on": None,
        "response_clock": target,
        "response_due": iso(response_due),
        "responded_on": None,
        "outcome": None,
        "extensions": 0,
        "breached": False,
        "officer": None,
    }


@dataclass(frozen=True)
class EscalationWindow:
    """When the complainant had to ask for the next stage, and whether they were late."""

    latest: date | None
    late: bool
    explanation: str


def escalation_window(
    procedure: Procedure,
    next_stage: str,
    responded_on: date | None,
    requested_on: date,
    calendar: Calendar,
) -> EscalationWindow:
    """The next stage's ``request`` clock (children 20 wd, hmip 10 wd of the decision)."""
    clocks = procedure.stage(next_stage).clocks
    spec = clocks.get("request")
    if spec is None or responded_on is None:
        return EscalationWindow(None, False, "no request window in the procedure")
    due = calendar.add(responded_on, spec.timescale)
    late = requested_on > due.due
    text = f"{spec.title}: within {spec.timescale} of the response, by {format_day(due.due)}"
    return EscalationWindow(due.due, late, text)


def check_extension(
    spec: Clock,
    *,
    clock: str,
    start: date,
    current_due: date | None,
    to: date,
    suspended: list[tuple[date, date]],
    calendar: Calendar,
) -> None:
    """Refuse an extension to ``to`` past ``spec.extension_cap`` or not later than now.

    Working days the case spent suspended do not count against the cap (the clock was
    stopped), the same rule the deadlines service applies.
    """
    if current_due is not None and to <= current_due:
        raise ExtensionRefused(
            f"an extension must move the {clock} clock later than its target {current_due}"
        )
    cap = spec.extension_cap
    if cap is None:
        return
    what = f"the {clock} clock ({spec.title}) may be extended to at most {cap}"
    if cap.unit is Unit.WORKING_DAYS:
        stopped = sum(
            calendar.working_days_between(max(a, start), min(b, to))
            for a, b in suspended
            if min(b, to) > max(a, start)
        )
        used = calendar.working_days_between(start, to) - stopped if to > start else 0
        if used > cap.amount:
            latest = calendar.add_working_days(start, cap.amount + stopped).due
            raise ExtensionRefused(
                f"{what} from {format_day(start)}: {to} would be the {ordinal(used)} working "
                f"day; the latest permitted date is {latest}"
            )
        return
    stopped_days = sum((b - a).days for a, b in suspended if b > a)
    latest = date.fromordinal(calendar.add(start, cap).due.toordinal() + stopped_days)
    if to > latest:
        raise ExtensionRefused(f"{what} from {format_day(start)}: latest permitted date {latest}")
