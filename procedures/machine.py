"""The stage machine of a procedure, read from its data: where a case can go from a stage,
who moves it, what each move sends and which clocks it starts, with their due dates on a
calendar; and, within a stage, which lifecycle facts finish or recount which clock. Pure:
used by ``complaints case stages`` and by the README generator (`procedures.readme`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from common.timescales import Unit
from common.workdays import Calendar, format_day
from procedures import clock_for, day_zero, get
from procedures.schema import Clock, Stage

BY_WORDS = {
    "complainant": "the complainant asks",
    "time_limit": "by itself when a time limit runs out",
    "officer": "the team decides",
}
START_WORDS = {
    "received": "receipt (or the day the stage is entered)",
    "incident": "the incident",
    "stage_start": "the start of the stage",
    "acceptance": "the request being accepted",
    "previous_response": "the previous stage's response",
    "panel": "the panel's date",
    "response_received": "the complainant receiving the response",
}


@dataclass(frozen=True)
class Started:
    """A clock a step starts: its due date if it can be counted now, else how it counts."""

    clock: str
    title: str
    role: str
    timescale: str
    counts_from: str
    due: date | None
    finished_by: tuple[str, ...]


@dataclass(frozen=True)
class NextStep:
    """One way out of a stage."""

    fact: str
    to: str
    to_title: str
    by: str
    after: str | None
    letters: tuple[str, ...]
    clocks: tuple[Started, ...]
    source: str

    @property
    def who(self) -> str:
        return BY_WORDS[self.by]


def counts_from(spec: Clock) -> str:
    """How a clock counts, in words: "10 working days before the panel's date"."""
    if spec.starts.startswith("after:"):
        origin = f"the end of {spec.starts.removeprefix('after:')}".replace("_", " ")
    else:
        origin = START_WORDS.get(spec.starts, spec.starts)
    return f"{spec.timescale} {'before' if spec.before else 'from'} {origin}"


def entry_clocks(procedure: str, stage: str, calendar: Calendar, on: date) -> list[Started]:
    """The clocks entering ``stage`` on ``on`` starts (the deadlines service's rule: a
    fact known on entry counts from that day; ``after:`` and ``panel`` clocks at the latest
    day they may start; the request windows run at the previous stage, conditional clocks
    only when routing names them)."""
    spec = get(procedure).stage(stage)
    known = {"received": on, "stage_start": on, "acceptance": on}
    out = []
    for name, clock in spec.clocks.items():
        if clock.starts in ("previous_response", "response_received") or clock.conditional:
            continue
        due = None
        if not clock.before:
            found = day_zero(procedure, stage, name, calendar, start_of=known.get)
            due = calendar.add(found[0], clock.timescale).due if found else None
        out.append(
            Started(
                clock=name,
                title=clock.title,
                role=clock.role,
                timescale=str(clock.timescale),
                counts_from=counts_from(clock),
                due=due,
                finished_by=clock.finishers,
            )
        )
    return out


def next_steps(procedure: str, stage: str, calendar: Calendar, on: date) -> list[NextStep]:
    """Every transition out of ``stage``, with the clocks it would start if taken on ``on``."""
    proc = get(procedure)
    here = proc.stage(stage)
    return [
        NextStep(
            fact=t.fact,
            to=t.to,
            to_title=proc.stage(t.to).title,
            by=t.by,
            after=t.after,
            letters=tuple(t.letters),
            clocks=tuple(entry_clocks(procedure, t.to, calendar, on)),
            source=t.source,
        )
        for t in here.transitions
    ]


def in_stage_facts(procedure: str, stage: str) -> dict[str, list[str]]:
    """fact -> what it does to the stage's clocks, in words ("finishes convene")."""
    here: Stage = get(procedure).stage(stage)
    found: dict[str, list[str]] = {}
    for name, own in here.clocks.items():
        if own.starts == "previous_response":
            continue  # the request window runs at the stage before
        spec = clock_for(procedure, stage, name)
        for fact in spec.finishers:
            found.setdefault(fact, []).append(f"finishes {name}")
        for fact in spec.recounted_by:
            found.setdefault(fact, []).append(f"counts {name} again from its day")
    for name, spec in here.clocks.items():
        if spec.starts == "panel":
            found.setdefault("panel-scheduled", []).append(f"starts {name}")
    return found


def right_opens(
    procedure: str,
    stage: str,
    start: date,
    calendar: Calendar,
    suspended: Sequence[tuple[date, date]] = (),
) -> date | None:
    """The first day the complainant may ask for the next stage unanswered, or None: a
    ``by: complainant`` transition with ``after: <clock>`` opens once that clock, started on
    ``start``, has run past its extension cap; working days suspended do not count
    (children stage 1: the 21st working day)."""
    here = get(procedure).stage(stage)
    rule = next((t for t in here.transitions if t.by == "complainant" and t.after), None)
    if rule is None or rule.after is None:
        return None
    spec = here.clocks[rule.after]
    limit = spec.extension_cap or spec.timescale
    if limit.unit is not Unit.WORKING_DAYS:
        return calendar.add(start, limit).due + timedelta(days=1)
    held = sum(calendar.working_days_between(a, b) for a, b in suspended if b > a)
    return calendar.add_working_days(start, limit.amount + held).due + timedelta(days=1)


def route_words(step: NextStep) -> str:
    """One line: "escalated -> Stage 2 - Investigation (the complainant asks)"."""
    when = f"; also once {step.after} has run past its limit unanswered" if step.after else ""
    return f"{step.fact} -> {step.to_title} ({step.who}{when})"


def due_words(started: Started) -> str:
    return format_day(started.due) if started.due else f"({started.counts_from})"
