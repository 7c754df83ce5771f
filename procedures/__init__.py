"""Complaint procedures as validated data: one YAML file per procedure in `procedures/data/`.

The format (every rule carries a ``source:`` citing its seed paragraph or a quoted phrase):

``name``, ``title``, ``seed`` ("000".."004"), ``kind``
    ``complaints`` (partners submit to it) or ``good-practice`` (never submitted to; it adds
    clocks and duties to every procedure that lists it in ``includes``). ``code`` is the one
    good-practice procedure: the Ombudsman's Complaint Handling Code applied on top of dso,
    hmip, spso and children (officers named get 3 working days to comment, responses are
    anonymised, no "stage 0").
``nations`` / ``nations_source``
    the nations the procedure serves; routing refuses any other.
``aspect_kinds`` / ``aspect_kinds_source``
    the `Aspect.kind` values that make sense here; routing refuses the others.
``flags``
    the optional extra Submission fields the procedure acts on (catalogue: `procedures.flags`).
``owners``
    ``{id, title, source}``: the teams or roles that own strands.
``stages`` / ``entry_stage``
    ``{name, title, owner, clocks, next_stage, escalation, transitions, duties, overlay,
    final, source}``. ``clocks`` maps a clock name to ``{title, role, finished_by,
    timescale, extension_cap, starts, before, conditional, source}``. ``role`` says what
    the clock is for: ``acknowledgement``, ``response`` (the answer promised to the
    complainant; at most one of each per stage), ``escalation_window`` (the complainant's
    time to ask for the next stage) or ``step`` (an internal step); ``finished_by`` lists
    the lifecycle facts that finish it (default: acknowledged, responded, escalated by
    role; none for a step) and ``recounted_by`` those that count it again from the day
    they happened (the panel's report, from the panel held). Timescales are written in
    their legal unit:
    ``20 working days``, ``12 weeks``, ``3 calendar months``, ``immediately``. ``starts`` is
    one of `schema.CLOCK_STARTS` or ``after:<clock>``. ``overlay: false`` keeps included good
    practice off a stage the platform does not run (dso healthcare referred to the NHS).
    ``transitions`` (the stage machine) lists ``{fact, to, by, after, letters, source}``:
    the lifecycle fact that moves a case to stage ``to``; ``by`` the complainant (a
    request; with ``after: <clock>`` also once that clock ran past its cap unanswered), a
    ``time_limit`` (moved by itself when ``after`` runs out) or an ``officer``; the
    complainant's ``letters`` the move sends. The next stage's clocks start on the day of
    the move; ``next_stage`` needs a transition on ``escalated`` going there.
``categories``
    ``{name, title, stage, source}``: the labels strands carry.
``exclusions``
    ``{rule, when: {flag | aspect_kind | out_of_time}, reason, referral, source}``: matters
    not dealt with. An ``aspect_kind`` exclusion drops just those aspects when others remain.
``referrals`` / ``copies``
    who is told outside the owning team; routing rules fire them by ``rule`` name so the
    wording and its source live here. A copy with ``consent: imb_copy`` needs that authority.
``time_limit``
    ``{timescale, required, discretion, source}`` counted from ``incident_date``.
``representations``
    compliments and other representations: recorded, not run as complaints.

A sixth procedure needs a YAML file here and, only if its routing is more than "one strand
at the entry stage", a small rules module in `services/routing/domain/rules/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from common.timescales import Timescale, Unit
from common.workdays import Calendar, ordinal
from procedures.schema import Clock, Procedure

DATA_DIR = Path(__file__).parent / "data"

__all__ = [
    "DATA_DIR",
    "Clock",
    "Procedure",
    "ProcedureFileError",
    "ESCALATION_CLOCK",
    "acknowledgement_clock",
    "clock_for",
    "clock_role",
    "day_zero",
    "extension_cap_refusal",
    "escalation_windows",
    "finished_by",
    "get",
    "is_escalation_window",
    "load_all",
    "load_dir",
    "load_file",
    "response_clock",
    "response_clock_names",
]


class ProcedureFileError(ValueError):
    """A procedure file that cannot be used, with every problem found, each naming its field."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{self.path} is not a valid procedure file:\n{lines}")


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_file(path: Path | str) -> Procedure:
    """Parse and validate one file on its own (cross-file checks are in `load_dir`)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProcedureFileError(path, [f"cannot read YAML: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise ProcedureFileError(path, ["the file must hold a mapping of procedure fields"])
    try:
        procedure = Procedure.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            where = _where(err["loc"])
            problems += [f"{where}: {m}" if where else m for m in message.split("; ")]
        raise ProcedureFileError(path, problems) from exc
    if procedure.name != path.stem:
        raise ProcedureFileError(path, [f"name: {procedure.name!r} must match the file name"])
    return procedure


def load_dir(directory: Path | str) -> dict[str, Procedure]:
    """Load every ``*.yaml`` in ``directory`` and check the files against each other."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ProcedureFileError(directory, ["no procedure files (*.yaml) found"])
    procedures = {p.name: p for p in (load_file(f) for f in files)}
    for name, procedure in procedures.items():
        problems = _include_problems(procedure, procedures)
        if problems:
            raise ProcedureFileError(directory / f"{name}.yaml", problems)
    return procedures


def _include_problems(procedure: Procedure, procedures: dict[str, Procedure]) -> list[str]:
    problems = []
    for i, included in enumerate(procedure.includes):
        other = procedures.get(included)
        if other is None or other.good_practice is None:
            problems.append(f"includes[{i}]: {included!r} is not a good-practice procedure")
            continue
        forbidden = {n.casefold() for n in other.good_practice.forbidden_stage_names}
        for j, stage in enumerate(procedure.stages):
            if {stage.name.casefold(), stage.title.casefold()} & forbidden:
                problems.append(
                    f"stages[{j}].name: {stage.name!r} is an extra named stage that "
                    f"{included!r} forbids ({', '.join(sorted(forbidden))})"
                )
            for clock in stage.clocks.keys() & other.good_practice.clocks.keys():
                problems.append(f"stages[{j}].clocks.{clock}: clashes with {included!r}'s clock")
    return problems


@cache
def load_all() -> dict[str, Procedure]:
    """Every procedure shipped in `procedures/data/`, loaded and checked once."""
    return load_dir(DATA_DIR)


def get(name: str) -> Procedure:
    """One shipped procedure by name; `KeyError` names the known ones."""
    procedures = load_all()
    if name not in procedures:
        raise KeyError(f"unknown procedure {name!r}; known: {', '.join(sorted(procedures))}")
    return procedures[name]


# The clock a stage's ``escalation.window`` runs as (dso: IEC / PPO within 3 months).
ESCALATION_CLOCK = "escalation"


def escalation_windows(procedure: str, stage: str) -> dict[str, Clock]:
    """The complainant's time to ask for what follows ``stage``, counted from its response:
    the next stage's ``previous_response`` clocks (children 20 wd, hmip 10 wd), else the
    stage's ``escalation.window`` as clock ``escalation``. These run while the strand is
    still at ``stage``."""
    proc = get(procedure)
    here = proc.stage(stage)
    if here.next_stage:
        nxt = proc.stage(here.next_stage).clocks
        found = {n: c for n, c in nxt.items() if c.starts == "previous_response"}
        if found:
            return found
    if here.escalation is not None and here.escalation.window is not None:
        window = Clock(
            title=f"Escalation to {here.escalation.body}",
            role="escalation_window",
            timescale=here.escalation.window,
            starts="response_received",
            source=here.escalation.source,
        )
        return {ESCALATION_CLOCK: window}
    return {}


def clock_for(procedure: str, stage: str, clock: str) -> Clock:
    """The definition of a strand's clock at ``stage``: the stage's own, else an included
    good practice's, else the complainant's window to escalate from the stage."""
    proc = get(procedure)
    own = proc.stage(stage).clocks
    if clock in own:
        return own[clock]
    for included in proc.includes:
        practice = get(included).good_practice
        if practice is not None and clock in practice.clocks:
            return practice.clocks[clock]
    windows = escalation_windows(procedure, stage)
    if clock in windows:
        return windows[clock]
    raise KeyError(f"{procedure} stage {stage!r} has no clock {clock!r}")


def clock_role(procedure: str, stage: str | None, clock: str) -> str | None:
    """What a strand's clock is for (`schema.ClockRole`), or None if the procedure data
    does not know it (an unknown procedure, stage or clock)."""
    try:
        return clock_for(procedure, stage or "", clock).role
    except KeyError:
        return None


def _stage_clock(procedure: str, stage: str, role: str) -> str | None:
    try:
        clocks = get(procedure).stage(stage).clocks
    except KeyError:
        return None
    return next((name for name, c in clocks.items() if c.role == role), None)


def response_clock(procedure: str, stage: str) -> str | None:
    """The clock of ``stage`` whose due date is the answer promised to the complainant
    (dso ``response``, hmip ``reply`` then ``review``, children ``director_response`` at
    the panel stage), or None if the stage has none."""
    return _stage_clock(procedure, stage, "response")


@cache
def response_clock_names() -> frozenset[str]:
    """The names some shipped procedure gives a response clock (for callers that only
    know a clock's name; with the procedure and stage, use `clock_role`)."""
    return frozenset(
        name
        for proc in load_all().values()
        for stage in proc.stages
        for name, clock in stage.clocks.items()
        if clock.role == "response"
    )


def acknowledgement_clock(procedure: str, stage: str) -> str | None:
    """The clock of ``stage`` timing the acknowledgement, or None if it has none."""
    return _stage_clock(procedure, stage, "acknowledgement")


def is_escalation_window(procedure: str, stage: str | None, clock: str) -> bool:
    """Whether the clock measures the complainant's time to escalate (nobody's breach)."""
    return clock_role(procedure, stage, clock) == "escalation_window"


def finished_by(procedure: str, stage: str | None, clock: str, fact: str) -> bool:
    """Whether the lifecycle fact (``responded``, ``acknowledged``...) finishes the clock."""
    try:
        return fact in clock_for(procedure, stage or "", clock).finishers
    except KeyError:
        return False


def day_zero(
    procedure: str,
    stage: str,
    clock: str,
    calendar: Calendar,
    *,
    start_of: Callable[[str], date | None],
    due_of: Callable[[str], date | None] = lambda name: None,
    _depth: int = 0,
) -> tuple[date, str | None] | None:
    """Day 0 of a stage's clock, and the clock it follows (None if it counts from a fact),
    or None when that is not known yet. One rule for deadlines and records.

    A clock that ``starts`` on a fact (``received``, ``stage_start``...) counts from
    ``start_of(fact)``. One that starts ``after:<clock>`` counts from the end of that clock,
    at the latest its due date: ``due_of(clock)`` if it is running, else planned the same
    way. One that starts at the ``panel`` counts from the panel, held at the latest when
    the clock that ``panel-held`` finishes is due (children: convened within 30 wd).
    """
    spec = clock_for(procedure, stage, clock)
    clocks = get(procedure).stage(stage).clocks
    if spec.starts.startswith("after:"):
        follows: str | None = spec.starts.removeprefix("after:")
    elif spec.starts == "panel":
        follows = next((n for n, c in clocks.items() if "panel-held" in c.finishers), None)
    else:
        day = start_of(spec.starts)
        return (day, None) if day is not None else None
    if follows is None or follows not in clocks or _depth > len(clocks):
        return None
    due = due_of(follows)
    if due is None:
        before = day_zero(
            procedure, stage, follows, calendar, start_of=start_of, due_of=due_of,
            _depth=_depth + 1,
        )
        if before is None:
            return None
        due = calendar.add(before[0], clocks[follows].timescale).due
    return due, follows


def extension_cap_refusal(
    cap: Timescale,
    calendar: Calendar,
    start: date,
    to: date,
    stopped: Iterable[tuple[date, date]] = (),
) -> str | None:
    """Why extending a clock started on ``start`` to ``to`` goes past its ``extension_cap``,
    or None if it may. The one rule, used by deadlines (extending the clock) and records
    (refusing the command before deadlines hears of it).

    The cap counts from the clock's start in its own unit; time stopped (suspended: seed 004
    "The handling of any associated complaint can be suspended") does not count. For working
    days that is the working days stopped between ``start`` and ``to``; for weeks and months
    the calendar days stopped, which move the latest date on.
    """
    periods = list(stopped)
    if cap.unit is Unit.WORKING_DAYS:
        held = sum(
            calendar.working_days_between(max(a, start), min(b, to))
            for a, b in periods
            if min(b, to) > max(a, start)
        )
        used = calendar.working_days_between(start, to) - held if to > start else 0
        if used <= cap.amount:
            return None
        latest = calendar.add_working_days(start, cap.amount + held).due
        note = f" (not counting {held} working days stopped)" if held else ""
        return (
            f"{to} would be the {ordinal(used)} working day{note}; "
            f"the latest permitted date is {latest}"
        )
    days = sum((b - a).days for a, b in periods if b > a)
    latest = date.fromordinal(calendar.add(start, cap).due.toordinal() + days)
    return None if to <= latest else f"{to} is after the latest permitted date {latest}"
