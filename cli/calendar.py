"""``complaints calendar``: working-day arithmetic, offline (no platform needed)."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cli.output import console

app = typer.Typer(
    help="Working days on the UK bank-holiday calendars, as the statutory clocks count them.",
    no_args_is_help=True,
)


class Nation(StrEnum):
    """A nation as submissions spell it (``wales``), or its calendar's name."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"
    ENGLAND_AND_WALES = "england-and-wales"

    @property
    def calendar(self) -> str:
        """The bank-holiday calendar it keeps: England and Wales share one."""
        if self in (Nation.ENGLAND, Nation.WALES):
            return Nation.ENGLAND_AND_WALES.value
        return self.value


@app.callback()
def calendar() -> None:
    """Working days on the UK bank-holiday calendars, as the statutory clocks count them."""


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _read_overrides(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc}", param_hint="'--overrides'") from exc
    if not isinstance(data, dict):
        raise typer.BadParameter(
            f"{path} must hold a JSON object like gov.uk's bank-holidays.json",
            param_hint="'--overrides'",
        )
    return data


# ignore_unknown_options lets "-3" reach DAYS (and be refused there) instead of being taken
# for an unknown option.
@app.command(context_settings={"ignore_unknown_options": True})
def add(
    start: Annotated[
        date,
        typer.Argument(
            metavar="DATE",
            parser=_parse_date,
            help="Day 0, YYYY-MM-DD. Counting starts the day after.",
            show_default=False,
        ),
    ],
    days: Annotated[int, typer.Argument(min=0, metavar="DAYS", help="Working days to add.")],
    nation: Annotated[Nation, typer.Option(help="Whose bank holidays count.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    overrides: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            help="Override file in gov.uk's bank-holidays.json format.",
        ),
    ] = None,
) -> None:
    """Print the DAYSth working day after DATE, and every day skipped on the way."""
    from pydantic import ValidationError

    from common.workdays import calendar_for, format_day

    try:
        cal = calendar_for(nation.calendar, _read_overrides(overrides))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise typer.BadParameter(
            f"not a valid bank-holidays file: {problems}", param_hint="'--overrides'"
        ) from exc
    due = cal.add_working_days(start, days)
    if as_json:
        body = {
            "due": due.due.isoformat(),
            "skipped": [{"date": s.date.isoformat(), "reason": s.reason} for s in due.skipped],
            "start": start.isoformat(),
            "days": days,
            "calendar": cal.name,
            "explanation": due.explain(),
        }
        typer.echo(json.dumps(body, indent=2))
        return
    console.print(f"[bold]Due {format_day(due.due)}[/bold] ({cal.display_name})")
    console.print(due.explain(), highlight=False)
    if due.skipped:
        table = Table("date", "day", "skipped because", title="Days skipped")
        for skipped in due.skipped:
            table.add_row(skipped.date.isoformat(), format_day(skipped.date)[:3], skipped.reason)
        console.print(table)


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="gov.uk-format bank-holidays.json")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Store an override file in the running platform as the next calendar version."""
    import grpc

    from cli.output import grpc_fail
    from cli.settings import CliSettings
    from complaints.v1 import deadlines_pb2, deadlines_pb2_grpc

    s = CliSettings()
    stub = deadlines_pb2_grpc.DeadlineServiceStub(grpc.insecure_channel(s.deadlines_addr))
    try:
        reply = stub.ImportBankHolidays(
            deadlines_pb2.ImportBankHolidaysRequest(json=file.read_text()),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"import of {file}")
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "version": reply.version,
                    "sha256": reply.sha256,
                    "imported_at": reply.imported_at,
                    "events": dict(reply.events),
                }
            )
        )
        return
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(reply.events.items()))
    console.print(
        f"calendar version {reply.version} in force ({counts}); sha256 {reply.sha256[:12]}"
    )
