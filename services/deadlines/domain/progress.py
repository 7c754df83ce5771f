"""How a strand's clocks follow its life after routing, from the procedure data.

- a lifecycle fact finishes the clocks whose ``finished_by`` names it (by role:
  ``responded`` the response clock, ``acknowledged`` the acknowledgement, ``escalated``
  the complainant's window); once the stage's response clock is finished, so are its
  internal steps (nothing is "missed" after the answer has gone);
- a finished clock starts those that count ``after:`` it (hmip reply after investigation);
- a fact a clock is ``recounted_by`` counts it again from the day it happened (the panel's
  report from the day the panel is held), and what counts ``after:`` it follows;
- a response opens the complainant's window to escalate: the next stage's ``request`` clock,
  or the stage's ``escalation.window`` (IEC / PPO within 3 months);
- the stage's ``transitions`` say which fact moves the strand to which stage: entering it
  starts its own clocks from the day of the move, and a request made after its window
  closed is flagged out of time;
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
from procedures.schema import Transition
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


def transition(proc: str, stage: str | None, fact: str) -> Transition | None:
    """The move the lifecycle fact makes from ``stage`` (procedure data), if any."""
    try:
        return procedure(proc).stage(stage or "").transition(fact)
    except KeyError:
        return None


def stage_clocks(
    proc: str,
    stage: str,
    calendar: Calendar,
    on: date,
    starts: tuple[str, ...] = ("received", "stage_start", "acceptance"),
) -> list[tuple[Clock, list[ClockFact]]]:
    """The clocks of ``stage`` that start when the stage is entered on ``on``, and the
    response clock provisionally when it counts from a later fact (`provisional_response`).

    A stage entered by a transition receives the complaint on the day of the move: a
    ``received`` clock there (dso formal complaint after local resolution: 20 wd) counts
    from that day, not from the first receipt."""
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


def recounted(
    proc: str, stage: str, clocks: dict[str, Clock], fact: str, calendar: Calendar, on: date
) -> list[tuple[Clock, list[ClockFact]]]:
    """Clocks not finished yet that ``fact`` counts again from ``on`` (``recounted_by``)."""
    spec = procedure(proc).stage(stage).clocks
    return [
        _start(name, spec[name], calendar, on, proc, stage, f"the day it was {fact}")
        for name, c in clocks.items()
        if name in spec
        and fact in spec[name].recounted_by
        and c.status is not ClockStatus.COMPLETED
    ]


def asked_again(
    proc: str, stage: str, fact: str, calendar: Calendar, on: date
) -> list[tuple[Clock, list[ClockFact]]]:
    """Good-practice clocks (an included procedure's, seed 003's ``officer_comments``)
    that ``fact`` counts again from ``on``, started if routing had not started them: the
    team asked the officers named for their comments (again), so they have 3 working days
    from that day, the date the request states."""
    out = []
    for included in procedure(proc).includes:
        practice = procedure(included).good_practice
        for name, spec in (practice.clocks if practice is not None else {}).items():
            if fact in spec.recounted_by and name not in procedure(proc).stage(stage).clocks:
                out.append(_start(name, spec, calendar, on, proc, stage, f"the day it was {fact}"))
    return out


def followers(
    proc: str, stage: str, clocks: dict[str, Clock], moved: str, calendar: Calendar
) -> list[tuple[Clock, list[ClockFact]]]:
    """Clocks still running on a provisional date that count ``after:`` the clock ``moved``,
    counted again from its new due date (children: the Director's 15 wd after the report
    due 5 wd after the panel's date, once the panel is scheduled or held)."""
    source = clocks.get(moved)
    if source is None or source.due is None or source.status is ClockStatus.COMPLETED:
        return []
    spec = procedure(proc).stage(stage).clocks
    return [
        _start(name, spec[name], calendar, source.due.due, proc, stage,
               f"the latest day {moved} may end (counted again from the day it does)".replace(
                   "_", " "))
        for name, c in clocks.items()
        if name in spec and spec[name].starts == f"after:{moved}"
        and c.status in (ClockStatus.RUNNING, ClockStatus.BREACHED)
    ]  # fmt: skip


def answers(proc: str, stage: str, fact: str) -> bool:
    """Whether the fact is the stage's answer: it finishes the stage's response clock
    (``responded``; spso's ``oral-response-recorded``; children's ``adjudicated``), so the
    complainant's window to escalate opens from its day."""
    response = procedures.response_clock(proc, stage)
    return response is not None and finishes(proc, stage, response, fact)


def answered_steps(proc: str, stage: str, clocks: dict[str, Clock]) -> list[str]:
    """Internal steps (``role: step``) still live once the stage's response is finished:
    they finish with it (children: the convene clock once the Director has responded)."""
    response = procedures.response_clock(proc, stage)
    done = clocks.get(response or "")
    if done is None or done.status is not ClockStatus.COMPLETED:
        return []
    return [
        name
        for name, c in clocks.items()
        if c.status in (ClockStatus.RUNNING, ClockStatus.BREACHED)
        and procedures.clock_role(proc, stage, name) == "step"
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


def late_requests(proc: str, stage: str, clocks: dict[str, Clock], on: date) -> list[OutOfTime]:
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
    """The stage to move to when a ``by: time_limit`` transition's clock has run past its
    cap. No shipped procedure moves a case by itself: children stage 1 past 20 working
    days "can" progress, at the complainant's request (`request_open_from`)."""
    found = auto_progress_from(proc, stage, clocks, today)
    return found[0] if found and today >= found[1] else None


def auto_progress_from(
    proc: str, stage: str, clocks: dict[str, Clock], today: date
) -> tuple[str, date] | None:
    """The stage an automatic progress would go to, and the first day it would."""
    rule = procedure(proc).stage(stage).auto_progress if stage else None
    return _past_limit(rule, clocks, today)


def request_open_from(
    proc: str, stage: str, clocks: dict[str, Clock], today: date
) -> tuple[str, date] | None:
    """The stage the complainant may ask for before any response, and from which day: a
    ``by: complainant`` transition with ``after: <clock>`` opens once that clock has run
    past its extension cap unanswered (children stage 1: the 21st working day)."""
    spec = procedure(proc).stage(stage) if stage else None
    rule = next(
        (t for t in spec.transitions if t.by == "complainant" and t.after), None
    ) if spec else None  # fmt: skip
    return _past_limit(rule, clocks, today)


def _past_limit(
    rule: Transition | None, clocks: dict[str, Clock], today: date
) -> tuple[str, date] | None:
    clock = clocks.get(rule.after or "") if rule else None
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
