"""How a strand's clocks follow its life after routing, from the procedure data.

- a lifecycle fact finishes clocks (``responded`` finishes the response clock);
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

from common.workdays import Calendar
from procedures import get as procedure
from procedures.schema import Clock as ClockSpec
from services.deadlines.domain.clocks import Clock, ClockFact, ClockStatus, start_clock

# The lifecycle fact (status of ``case.<status>``) that finishes each clock.
FINISHED_BY: dict[str, tuple[str, ...]] = {
    "acknowledged": ("acknowledgement",),
    "comments-received": ("officer_comments",),
    "investigation-concluded": ("investigation",),
    "responded": ("response", "investigation", "reply", "review", "director_response"),
    "panel-held": ("convene",),
    "panel-reported": ("panel_report",),
}
# Clocks that measure the complainant's time to ask for the next stage, not the body's.
WINDOWS = ("request", "escalation")


@dataclass(frozen=True)
class OutOfTime:
    """An escalation asked for after its window closed (flagged, not refused)."""

    clock: str
    requested_on: date
    window: Clock


def is_window(name: str) -> bool:
    return name in WINDOWS


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
    """The clocks of ``stage`` that start when the stage is entered on ``on``."""
    spec = procedure(proc).stage(stage)
    return [
        _start(name, c, calendar, on, proc, stage, "the start of the stage")
        for name, c in spec.clocks.items()
        if c.starts in starts and not c.conditional and not c.before
    ]


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
    this = procedure(proc).stage(stage)
    out = []
    if this.next_stage:
        nxt = procedure(proc).stage(this.next_stage)
        out += [
            _start(name, c, calendar, on, proc, this.next_stage, "the response")
            for name, c in nxt.clocks.items()
            if c.starts == "previous_response"
        ]
    if this.escalation and this.escalation.window and not out:
        window = ClockSpec(
            title=f"Escalation to {this.escalation.body}",
            role="escalation_window",
            timescale=this.escalation.window,
            starts="response_received",
            source=this.escalation.source,
        )
        out.append(_start("escalation", window, calendar, on, proc, stage, "the response"))
    return out


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


def late_requests(clocks: dict[str, Clock], on: date) -> list[OutOfTime]:
    """Windows that had closed before the request made on ``on``."""
    return [
        OutOfTime(name, on, c)
        for name, c in clocks.items()
        if is_window(name)
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
