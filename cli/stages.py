"""``complaints case stages REF``: where a case is in its procedure, what may happen next,
and what each next step would start, with due dates.

Composed from GetCase (the stage, status, allowed actions and clocks in their real state)
and the procedure data the CLI loads itself (`procedures.machine`), counted on the case's
nation's calendar from ``--on`` (default today): no RPC of its own.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.output import console, fail, print_json, table
from cli.records import JsonFlag, Ref, call

if TYPE_CHECKING:
    from complaints.v1 import cases_pb2 as pb

OnOption = Annotated[
    str, typer.Option("--on", help="the day the next step would happen, YYYY-MM-DD (today)")
]


def plan(case: pb.Case, on: date) -> dict[str, Any]:
    """The case's place in its stage machine, as plain data (what ``--json`` prints)."""
    from common.contracts.submission import Nation
    from common.workdays import calendar_for, format_day
    from procedures import get, machine

    try:
        procedure = get(case.procedure)
        stage = procedure.stage(case.stage)
        calendar = calendar_for(Nation(case.nation).calendar)
    except (KeyError, ValueError) as exc:
        fail(f"case {case.case_ref}: cannot place it in its procedure: {exc}")
    finished = case.status in ("closed", "merged", "excluded")
    opens = None
    if not finished and case.stages and case.stages[-1].stage == stage.name:
        begun = case.stages[-1].started_on or case.received_on
        if begun and not case.stages[-1].responded_on:
            opens = machine.right_opens(
                procedure.name, stage.name, date.fromisoformat(begun[:10]), calendar
            )
    steps = [] if finished else machine.next_steps(procedure.name, stage.name, calendar, on)
    return {
        "case": case.case_ref,
        "procedure": procedure.name,
        "stage": stage.name,
        "stage_title": stage.title,
        "status": case.status,
        "on": on.isoformat(),
        "calendar": calendar.display_name,
        "allowed_actions": list(case.allowed_actions),
        "clocks": [
            {"clock": c.name, "due": c.due, "status": c.status, "working": c.explanation}
            for c in case.clocks
        ],
        "in_stage": {} if finished else machine.in_stage_facts(procedure.name, stage.name),
        "next_steps": [
            {
                "fact": s.fact,
                "to": s.to,
                "to_title": s.to_title,
                "by": s.by,
                "who": machine.route_words(s),
                "letters": list(s.letters),
                "source": s.source,
                "starts": [
                    {
                        "clock": c.clock,
                        "title": c.title,
                        "role": c.role,
                        "due": c.due.isoformat() if c.due else None,
                        "due_words": format_day(c.due) if c.due else None,
                        "counts": c.counts_from,
                        "finished_by": list(c.finished_by),
                    }
                    for c in s.clocks
                ],
            }
            for s in steps
        ],
        "external": (stage.escalation.body if stage.escalation else None),
        "may_ask_from": opens.isoformat() if opens else None,
    }


def platform_today() -> date:
    """The platform's day in London: its clock file's when one is set (a test or training
    platform moved in time), else the machine's."""
    from zoneinfo import ZoneInfo

    from common.clock import clock_from
    from common.settings import PlatformSettings

    now = clock_from(PlatformSettings().clock_file).now()
    return now.astimezone(ZoneInfo("Europe/London")).date()


def stages(ref: Ref, on: OnOption = "", json_: JsonFlag = False) -> None:
    """Where the case is, what may happen next, and what each next step would start."""
    from complaints.v1 import cases_pb2 as pb

    try:
        day = date.fromisoformat(on) if on else platform_today()
    except ValueError:
        fail(f"--on: {on!r} is not a date (YYYY-MM-DD)")
    case = call("GetCase", pb.GetCaseRequest(ref=ref), f"case {ref}")
    found = plan(case, day)
    if json_:
        print_json(found)
        return
    console.print(
        f"{found['case']}: {found['procedure']} {found['stage_title']} ({found['status']}); "
        f"allowed now: {', '.join(found['allowed_actions']) or 'nothing'}"
    )
    table("Clocks now", ["clock", "due", "status", "working"],
          [(c["clock"], c["due"], c["status"], c["working"]) for c in found["clocks"]])  # fmt: skip
    if found["in_stage"]:
        table("Within this stage", ["fact (case.<fact>)", "does"],
              [(f, "; ".join(d)) for f, d in found["in_stage"].items()])  # fmt: skip
    for step in found["next_steps"]:
        table(
            f"Next: {step['who']}; letters: {', '.join(step['letters']) or 'none'}",
            ["clock", "role", f"due if on {found['on']}", "counts"],
            [(c["clock"], c["role"], c["due_words"] or "-", c["counts"])
             for c in step["starts"]],
        )  # fmt: skip
    if found["may_ask_from"]:
        console.print(
            f"unanswered, the complainant may ask for the next stage from {found['may_ask_from']}"
            " (time suspended not counted)"
        )
    if not found["next_steps"] and found["external"]:
        console.print(f"no further stage here; the complainant's route: {found['external']}")


def register(app: typer.Typer) -> None:
    """Add ``stages`` to ``complaints case``."""
    app.command("stages")(stages)
