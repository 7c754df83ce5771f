"""Each stage a strand enters, and the targets the deadlines service gives it. Pure.

A stage record (one dict per stage, kept in the file and never removed) holds what the
reports need: when the stage started, its acknowledgement and response targets, when
each was met, the outcome, extensions and breaches. Dates are ISO strings.

The targets are the deadlines service's: the due dates of the stage's clocks of
``role: acknowledgement`` and ``role: response`` (procedure data), filed from its
``deadline.set`` events with their explanation (`show_targets`). Records computes no due
date of its own beside them. It only checks, before deadlines hears of it, that a
requested extension stays within the procedure's cap (`check_extension`, the rule
deadlines applies: `procedures.extension_cap_refusal`, from the day 0 deadlines counts
from: `procedures.day_zero`) and that an escalation came within the complainant's window
(deadlines' date once filed; `escalation_window`). `clock_due` is only the floor an
extension must pass for a clock deadlines has not dated yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import procedures
from common.workdays import Calendar, format_day
from procedures import clock_for, machine
from procedures.schema import Clock, Procedure
from services.records.domain.errors import Refusal


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
    """The name of the clock that times the stage's answer (``role: response``), if any."""
    return procedures.response_clock(procedure.name, stage)


@dataclass(frozen=True)
class Starts:
    """The days a stage's clocks may count from."""

    received: date
    stage_start: date
    previous_response: date | None = None


def clock_start(
    procedure: Procedure, stage: str, name: str, starts: Starts, calendar: Calendar
) -> date | None:
    """Day 0 of clock ``name`` (`procedures.day_zero`, the deadlines service's rule); None
    when it depends on a fact not known yet. Used to measure an extension against its cap."""
    facts = {
        # A stage entered later receives the complaint on the day of the move (the
        # deadlines service's rule: dso formal complaint after local resolution).
        "received": starts.stage_start,
        "stage_start": starts.stage_start,
        "acceptance": starts.stage_start,
        "previous_response": starts.previous_response,
        "response_received": starts.previous_response,
    }
    found = procedures.day_zero(procedure.name, stage, name, calendar, start_of=facts.get)
    return found[0] if found else None


def clock_due(
    procedure: Procedure, stage: str, name: str, starts: Starts, calendar: Calendar
) -> date | None:
    """Where the clock's own timescale from `clock_start` ends: only the floor an extension
    must pass when the file has no date from the deadlines service for that clock."""
    start = clock_start(procedure, stage, name, starts, calendar)
    if start is None:
        return None
    return calendar.add(start, clock_for(procedure.name, stage, name).timescale).due


def new_stage_record(
    procedure: Procedure, stage: str, starts: Starts, calendar: Calendar, owner: str = ""
) -> dict[str, Any]:
    """The record of a stage entered on ``starts.stage_start``. Its targets (``ack_due``,
    ``response_due``) come from the deadlines service (`show_targets`)."""
    return {
        "stage": stage,
        "owner": owner or procedure.stage(stage).owner,
        "started_on": iso(starts.stage_start),
        "received_on": iso(starts.received),
        "ack_due": None,
        "acknowledged_on": None,
        "response_clock": response_clock(procedure, stage),
        "response_due": None,
        "responded_on": None,
        "outcome": None,
        "extensions": 0,
        "breached": False,
        "officer": None,
    }


def deadline_of(clocks: dict[str, Any], name: str | None, stage: str | None) -> dict[str, Any]:
    """The deadlines service's word on clock ``name`` of ``stage`` as filed ({} if none)."""
    entry = clocks.get(name or "") or {}
    if not entry.get("due") or entry.get("stage", stage) != stage:
        return {}
    return entry


def filed_due(clocks: dict[str, Any], name: str | None, stage: str | None) -> date | None:
    """The due date the deadlines service gave clock ``name`` of ``stage``, if filed."""
    entry = deadline_of(clocks, name, stage)
    return date.fromisoformat(entry["due"]) if entry else None


def show_targets(record: dict[str, Any], procedure: str, clocks: dict[str, Any]) -> dict[str, Any]:
    """``record`` with the due dates (and explanations) the deadlines service gave the
    stage's acknowledgement and response clocks; unchanged where it gave none yet."""
    stage = record.get("stage")
    out = dict(record)
    for field, name in (
        ("ack", procedures.acknowledgement_clock(procedure, stage or "")),
        ("response", procedures.response_clock(procedure, stage or "")),
    ):
        entry = deadline_of(clocks, name, stage)
        if entry:
            out[f"{field}_due"] = entry["due"]
            out[f"{field}_explanation"] = entry.get("explanation", "")
    return out


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
    filed: dict[str, Any] | None = None,
) -> EscalationWindow:
    """The next stage's request window (children 20 wd, hmip 10 wd of the decision), the
    clock `procedures.escalation_windows` defines and deadlines runs from the response:
    its date as the deadlines service gave it when ``filed`` (the case's clocks) holds it,
    else counted from ``responded_on`` the same way."""
    previous = next(
        (
            s.name
            for s in procedure.stages
            if (t := s.transition("escalated")) and t.to == next_stage
        ),
        None,
    )
    windows = procedures.escalation_windows(procedure.name, previous) if previous else {}
    name, spec = next(iter(windows.items()), (None, None))
    if spec is None or responded_on is None:
        return EscalationWindow(None, False, "no request window in the procedure")
    counted = calendar.add(responded_on, spec.timescale).due
    latest = filed_due(filed or {}, name, previous) or counted
    late = requested_on > latest
    text = f"{spec.title}: within {spec.timescale} of the response, by {format_day(latest)}"
    return EscalationWindow(latest, late, text)


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
    why = procedures.extension_cap_refusal(cap, calendar, start, to, suspended)
    if why:
        raise ExtensionRefused(
            f"the {clock} clock ({spec.title}) may be extended to at most {cap} from "
            f"{format_day(start)}: {why}"
        )


def request_open_from(
    procedure: Procedure,
    stage: str,
    starts: Starts,
    calendar: Calendar,
    suspended: Sequence[tuple[date, date]] = (),
) -> date | None:
    """The first day the complainant may ask for the next stage before any response, or
    None if the stage gives no such right (`procedures.machine.right_opens`, counted from
    the day 0 of the clock the right waits for; children stage 1: "If a complaint runs over
    the 20 day time limit then the complaint can automatically progress to Stage 2" is the
    complainant's to ask). The rule the deadlines service applies:
    `progress.request_open_from`."""
    here = procedure.stage(stage)
    rule = next((t for t in here.transitions if t.by == "complainant" and t.after), None)
    if rule is None or rule.after is None:
        return None
    start = clock_start(procedure, stage, rule.after, starts, calendar)
    if start is None:
        return None
    return machine.right_opens(procedure.name, stage, start, calendar, suspended)
