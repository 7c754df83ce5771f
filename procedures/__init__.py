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
    ``{name, title, owner, clocks, next_stage, escalation, auto_progress, duties, overlay,
    final, source}``. ``clocks`` maps a clock name to ``{title, timescale, extension_cap,
    starts, before, conditional, source}``. Timescales are written in their legal unit:
    ``20 working days``, ``12 weeks``, ``3 calendar months``, ``immediately``. ``starts`` is
    one of `schema.CLOCK_STARTS` or ``after:<clock>``. ``overlay: false`` keeps included good
    practice off a stage the platform does not run (dso healthcare referred to the NHS).
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

from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from procedures.schema import Clock, Procedure

DATA_DIR = Path(__file__).parent / "data"

__all__ = [
    "DATA_DIR",
    "Clock",
    "Procedure",
    "ProcedureFileError",
    "clock_for",
    "get",
    "load_all",
    "load_dir",
    "load_file",
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


def clock_for(procedure: str, stage: str, clock: str) -> Clock:
    """The definition of a strand's clock: the stage's own, else an included good practice's."""
    proc = get(procedure)
    own = proc.stage(stage).clocks
    if clock in own:
        return own[clock]
    for included in proc.includes:
        practice = get(included).good_practice
        if practice is not None and clock in practice.clocks:
            return practice.clocks[clock]
    raise KeyError(f"{procedure} stage {stage!r} has no clock {clock!r}")
