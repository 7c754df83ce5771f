"""``complaints route explain --file SUBMISSION.json``: the routing dry run, offline.

Runs the same pure `decide` the routing service runs, on a submission file, with the real
bank-holiday calendars, and prints who would own which part of the complaint, who is told
(every recipient: its rule, kind of body, letter, when and the data it may see, exactly what
notifications then writes to), what is excluded and why (each rule with its seed
citation), as tables or ``--json``. Nothing is sent and no platform needs to be running.

Exit codes: 0 routed (or excluded, or recorded as a representation); 1 the submission would
be refused, with every field and rule; 2 the file cannot be read or is not a Submission.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from cli.output import console

if TYPE_CHECKING:
    from common.contracts.events import FieldError, Recipient
    from services.routing.domain.context import CalendarFor
    from services.routing.domain.decision import RoutingDecision


app = typer.Typer(help="Explain how a complaint is routed.", no_args_is_help=True)


@app.callback()
def route() -> None:
    """Explain how a complaint is routed: strands, owners, referrals, exclusions, reasons."""


def load_calendar_for() -> CalendarFor:
    """The real nation calendars; tests replace this with a weekday-only fake."""
    from common.workdays import calendar_for

    return calendar_for


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc}", param_hint="'--file'") from exc
    if not isinstance(data, dict):
        raise typer.BadParameter(
            f"{path} must hold one JSON object (a Submission)", param_hint="'--file'"
        )
    return data


@app.command()
def explain(
    ref: Annotated[
        str | None,
        typer.Argument(
            help="A complaint reference: ask the running platform (RoutingService.Explain).",
        ),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            dir_okay=False,
            help="A submission as a partner would send it (JSON).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    today: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Decide as on this day, YYYY-MM-DD (default: today).",
        ),
    ] = None,
) -> None:
    """Why a complaint went where it went: REF from the platform, or --file offline."""
    from pydantic import ValidationError

    from common.contracts.events import field_errors
    from common.contracts.submission import Submission
    from services.routing.domain.decision import RoutingRejected, decide

    if ref is not None:
        _explain_online(ref, as_json)
        return
    if file is None:
        raise typer.BadParameter(
            "give a reference, or --file SUBMISSION.json", param_hint="'REF' or '--file'"
        )
    on = _parse_date(today) if today else date.today()
    try:
        submission = Submission.model_validate(_read(file))
    except ValidationError as exc:
        _refused("not a valid Submission", field_errors(exc), as_json, code=2)
    try:
        decision = decide(submission, today=on, calendar_for=load_calendar_for())
    except RoutingRejected as exc:
        _refused("would be refused", exc.errors, as_json, code=1)
    if as_json:
        typer.echo(json.dumps(decision.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    _print(decision, console)


def _explain_online(ref: str, as_json: bool) -> None:
    """The decision the running platform recorded, printed exactly as the dry run prints."""
    import grpc

    from cli.output import grpc_fail
    from cli.settings import CliSettings
    from common.contracts.events import FieldError
    from complaints.v1 import routing_pb2, routing_pb2_grpc
    from services.routing.domain.decision import RoutingDecision

    s = CliSettings()
    stub = routing_pb2_grpc.RoutingServiceStub(grpc.insecure_channel(s.routing_addr))
    try:
        reply = stub.Explain(
            routing_pb2.ExplainRequest(reference=ref), timeout=s.timeout_s, metadata=s.metadata()
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"routing of {ref}")
    if reply.status == "rejected":
        errors = [
            FieldError(field=e.split(":", 1)[0], rule="routing", message=e) for e in reply.errors
        ]
        _refused(f"{ref} was refused by routing", errors, as_json, code=1)
    decision = RoutingDecision.model_validate_json(reply.decision_json)
    if as_json:
        typer.echo(json.dumps(decision.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    _print(decision, console)


def _when(r: Recipient) -> str:
    """When a recipient's letters go, in words."""
    if r.series:
        return "as the case goes on"
    if r.when == "on_release":
        return f"on {r.on}, held until case.provider-release-confirmed"
    return f"on {r.on}"


def _refused(what: str, errors: list[FieldError], as_json: bool, *, code: int) -> NoReturn:
    if as_json:
        typer.echo(json.dumps({"refused": [e.model_dump() for e in errors]}, indent=2))
    else:
        console.print(f"[red]{what}[/red]")
        console.print(
            _table(
                "Problems",
                ["field", "rule", "message"],
                [[e.field, e.rule, e.message] for e in errors],
            )
        )
    raise typer.Exit(code)


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    return table


def _print(d: RoutingDecision, console: Console) -> None:
    console.print(
        f"[bold]{d.procedure}[/bold] {d.partner_ref}: {d.nation} "
        f"({d.calendar} calendar), received {d.received_on}"
    )
    if d.strands:
        console.print(
            _table(
                "Strands",
                ["#", "procedure", "stage", "category", "owner", "aspects", "clocks", "flags"],
                [
                    [
                        s.strand,
                        s.procedure,
                        s.stage,
                        s.category,
                        s.owner,
                        ", ".join(f"{a.index}:{a.kind}" for a in s.aspects),
                        ", ".join(s.clocks),
                        ", ".join(s.flags + (["minimal"] if s.minimal else [])),
                    ]
                    for s in d.strands
                ],
            )
        )
    if d.referrals:
        console.print(
            _table(
                "Referrals",
                ["to", "urgency", "due", "aspects", "reason"],
                [
                    [r.to, r.urgency, r.due, ", ".join(map(str, r.aspects)), r.reason]
                    for r in d.referrals
                ],
            )
        )
    if d.recipients:
        console.print(
            _table(
                "Who is told (notifications writes to exactly these)",
                ["rule", "to", "kind", "letter", "when", "data", "strand", "authority"],
                [
                    [
                        r.rule,
                        r.body or r.kind,
                        r.kind,
                        r.letter,
                        _when(r),
                        r.data
                        + (
                            f" (aspects {', '.join(map(str, r.aspects))})" if r.aspects else ""
                        ),  # fmt: skip
                        r.strand if r.strand is not None else "all",
                        r.consent or "-",
                    ]
                    for r in d.recipients
                ],
            )
        )
    if d.copies:
        console.print(
            _table(
                "Copies",
                ["to", "when", "marking", "shares", "strand"],
                [[c.to, c.when, c.marking, ", ".join(c.data_shared), c.strand] for c in d.copies],
            )
        )
    excluded = d.excluded_aspects + ([d.exclusion] if d.exclusion else [])
    if excluded:
        console.print(
            _table(
                "Not dealt with (the complainant is written to: the reason, where to go)",
                ["rule", "aspects", "reason", "where to go instead"],
                [
                    [
                        e.rule,
                        ", ".join(map(str, e.aspects)) or "whole complaint",
                        e.reason,
                        e.signpost,
                    ]
                    for e in excluded
                ],
            )
        )
    if d.representation:
        console.print(f"Recorded as a {d.representation.type}: {d.representation.recorded}")
    console.print(
        _table("Why", ["rule", "reason", "source"], [[r.rule, r.reason, r.source] for r in d.rules])
    )
