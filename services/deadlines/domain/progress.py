"""How a strand's clocks follow its life after routing, from the procedure data.

- a lifecycle fact finishes the clocks whose ``finished_by`` names it (by role:
  ``responded`` the response clock, ``acknowledged`` the acknowledgement, ``escalated``
  the complainant's window);
- a finished clock starts those that count ``after:`` it (hmip reply after investigation);
- a response opens the complainant's window to escalate: the next stage's ``request`` clock,
  or the stage's ``escalation.window`` (IEC / PPO within 3 months);
- escalating (or automatic progress) starts the next stage's own clocks, and a request made
  after its window closed is flagged out of time;
- a panel date starts the panel clocks (papers 10 wd before, report 5 wd after).
Pure: clocks in, clocks and facts out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import procedures
from common.workdays import Calendar
from procedures import get as procedure
from procedures.schema import Clock as ClockSpec
from services.deadlines.domain.clocks import Clock, ClockFact, ClockStatus, start_clock


def finishes(proc: str, stage: str, clock: str, fact: str) -> bool:
    """Whether the lifecycle fact (``case.<fact>``) finishes the clock: its ``finished_by``
    in the procedure data (by role: acknowledged, responded, escalated)."""
    return procedures.finished_by(proc, stage, clock, fact)


@dataclass(frozen=True)
class OutOfTime:
    """An escalation asked for after its window closed (flagged, not refused)."""

    clock: str
    requested_on: date
    window: Clock


def is_window(proc: str, stage: str | None, name: str) -> bool:
    """The complainant's time to escalate (role ``escalation_window``): nobody breaches it."""
    return procedures.is_escalation_window(proc, stage, name)


def _start(
    name: str,
    spec: ClockSpec,
    calendar: Calendar,
    start: date,
    proc: str,
    stage: str,
    counted_from: str,
) -> tuple[Clock, list[ClockFact]]:
    label = f"{proc} {stage} {name}".replace("_", " ")
    if spec.before:
        due = calendar.subtract_working_days(start, spec.timescale.amount)
        clock, facts = start_clock(
            name,
            calendar,
            due.due,
            spec.timescale.model_copy(update={"amount": 0}),
            label=label,
            counted_from=counted_from,
        )
        return clock, facts
    return start_clock(
        name,
        calendar,
        start,
        spec.timescale,
        cap=spec.extension_cap,
        label=label,
        counted_from=counted_from,
    )


def stage_clocks(
    proc: str,
    stage: str,
    calendar: Calendar,
    on: date,
    starts: tuple[str, ...] = ("stage_start", "acceptance"),
) -> list[tuple[Clock, list[ClockFact]]]:
    """The clocks of ``stage`` that start when the stage is entered on ``on``, and the
    response clock provisionally when it counts from a later fact (`provisional_response`)."""
    spec = procedure(proc).stage(stage)
    started = [
        _start(name, c, calendar, on, proc, stage, "the start of the stage")
        for name, c in spec.clocks.items()
        if c.starts in starts and not c.conditional and not c.before
    ]
    return started + provisional_response(proc, stage, {c.name: c for c, _ in started}, calendar)


def provisional_response(
    proc: str, stage: str, started: dict[str, Clock], calendar: Calendar
) -> list[tuple[Clock, list[ClockFact]]]:
    """The stage's response clock, when it counts from a fact not known yet, set from the
    latest day that fact may come, so the complainant has a date from the start.

    hmip: the reply is due 10 wd after the investigation concludes, which is at the latest
    its own due date (20 wd from receipt); children stage 3: the Director answers 15 wd
    after the panel's report, due 5 wd after a panel held at the latest on the day the
    panel must be convened by. When the fact comes, `after` or `panel` count it again.
    """
    name = procedures.response_clock(proc, stage)
    if name is None or name in started:
        return []
    spec = procedure(proc).stage(stage).clocks[name]
    if spec.conditional or not (spec.starts.startswith("after:") or spec.starts == "panel"):
        return []

    def due_of(clock: str) -> date | None:
        running = started.get(clock)
        return running.due.due if running is not None and running.due is not None else None

    latest = procedures.day_zero(
        proc, stage, name, calendar, start_of=lambda fact: None, due_of=due_of
    )
    if latest is None or latest[1] is None:
        return []
    counted_from = f"the latest day {latest[1]} may end (counted again from the day it does)"
    return [_start(name, spec, calendar, latest[0], proc, stage, counted_from.replace("_", " "))]


def after(
    proc: str, stage: str, finished: str, calendar: Calendar, on: date
) -> list[tuple[Clock, list[ClockFact]]]:
    """Clocks of ``stage`` that count from the end of ``finished``."""
    spec = procedure(proc).stage(stage)
    return [
        _start(name, c, calendar, on, proc, stage, f"the end of {finished}")
        for name, c in spec.clocks.items()
        if c.starts == f"after:{finished}"
    ]


def windows_after_response(
    proc: str, stage: str, calendar: Calendar, on: date
) -> list[tuple[Clock, list[ClockFact]]]:
    """The complainant's time to escalate, counted from the response."""
    return [
        _start(name, c, calendar, on, proc, stage, "the response")
        for name, c in procedures.escalation_windows(proc, stage).items()
    ]


def panel(
    proc: str, stage: str, calendar: Calendar, panel_date: date
) -> list[tuple[Clock, list[ClockFact]]]:
    """Clocks that hang on the panel's date: papers before it, the report after it."""
    spec = procedure(proc).stage(stage)
    return [
        _start(name, c, calendar, panel_date, proc, stage, "the panel")
        for name, c in spec.clocks.items()
        if c.starts == "panel"
    ]


def late_requests(
    proc: str, stage: str, clocks: dict[str, Clock], on: date
) -> list[OutOfTime]:
    """Windows that had closed before the request made on ``on``."""
    return [
        OutOfTime(name, on, c)
        for name, c in clocks.items()
        if is_window(proc, stage, name)
        and c.due is not None
        and on > c.due.due
        and c.status is not ClockStatus.COMPLETED
    ]


def auto_progress(proc: str, stage: str, clocks: dict[str, Clock], today: date) -> str | None:
    """The stage to move to when the stage's clock has run past its cap (children stage 1:
    past 20 working days it may progress automatically to stage 2)."""
    found = auto_progress_from(proc, stage, clocks, today)
    return found[0] if found and today >= found[1] else None


def auto_progress_from(
    proc: str, stage: str, clocks: dict[str, Clock], today: date
) -> tuple[str, date] | None:
    """The stage an automatic progress would go to, and the first day it would."""
    rule = procedure(proc).stage(stage).auto_progress if stage else None
    clock = clocks.get(rule.after) if rule else None
    if rule is None or clock is None or clock.status is ClockStatus.COMPLETED:
        return None
    limit = clock.cap or clock.timescale
    if clock.in_working_days:
        # Time stopped (a child-protection referral, an advocate) does not count.
        stopped = sum(
            clock.calendar.working_days_between(s.on, s.resumed_on or today) for s in clock.stops
        )
        end = clock.calendar.add_working_days(clock.start, limit.amount + stopped).due
    else:
        end = clock.calendar.add(clock.start, limit).due
    return rule.to, end + timedelta(days=1)
