"""``complaints report ...``: KPIs, annual and quarterly reports over gRPC (ReportService),
as tables for people, ``--csv`` for spreadsheets, ``--json`` for scripts, and
``--document FILE`` (PDF, or HTML for ``.html``) / ``--html FILE``: a document to publish,
with charts (`common.reports`). A report command elsewhere gets all of these by calling
`publish` with its title, tables and notes."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

import typer

from cli.output import console, grpc_fail, print_json, table
from cli.records import JsonFlag, as_dict

app = typer.Typer(help="KPIs and the annual and quarterly reports.", no_args_is_help=True)
CsvFlag = Annotated[bool, typer.Option("--csv", help="print CSV (one table after another)")]
DocumentOpt = Annotated[
    str,
    typer.Option("--document", help="write a document with charts: PDF (PDF/UA), or HTML "
                 "if the name ends .html"),
]  # fmt: skip
HtmlOpt = Annotated[str, typer.Option("--html", help="write the document as HTML")]
type Tables = list[tuple[str, list[str], list[list[str]]]]

KPI_COLUMNS = [
    ("stages", "stages"),
    ("ack_within_share", "ack in time"),
    ("answered_within_share", "answered in time"),
    ("avg_working_days", "avg wd"),
    ("breaches", "breaches"),
    ("extensions", "extensions"),
    ("open", "open"),
]


def _call(method: str, request: Any, what: str) -> Any:
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import reports_pb2_grpc

    s = CliSettings()
    stub = reports_pb2_grpc.ReportServiceStub(grpc.insecure_channel(s.records_addr))
    try:
        return getattr(stub, method)(request, timeout=s.timeout_s, metadata=s.metadata())
    except grpc.RpcError as exc:
        grpc_fail(exc, what)


def _cell(row: Any, name: str) -> str:
    """A KPI cell; a share with nothing due yet is "-", not 0%."""
    value = getattr(row, name)
    if name.endswith("_share"):
        due = row.ack_targets if name.startswith("ack") else row.answer_targets
        return f"{value:.0%}" if due else "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _emit(tables: Tables, csv_: bool) -> None:
    if not csv_:
        for title, columns, rows in tables:
            table(title, columns, rows)
        return
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, (title, columns, rows) in enumerate(tables):
        if len(tables) > 1:  # several tables: a blank line and a title between them
            if i:
                writer.writerow([])
            writer.writerow([f"# {title}"])
        writer.writerow(columns)
        writer.writerows(rows)
    typer.echo(out.getvalue(), nl=False)


def publish(
    title: str,
    tables: Tables,
    *,
    notes: str = "",
    csv_: bool = False,
    document: str = "",
    html: str = "",
) -> None:
    """Print a report (tables or CSV) and write its documents when asked."""
    if document or html:
        from common.reports import DocTable, Document, write

        doc = Document(title, [DocTable(t, list(c), [list(r) for r in rows])
                               for t, c, rows in tables], notes)  # fmt: skip
        for path, as_html in ((document, None), (html, True)):
            if path:
                written = write(doc, path, html=as_html)
                typer.echo(f"wrote {written}", err=True)
        if not csv_:
            return
    if not csv_:
        console.print(f"[bold]{title}[/bold]")
    _emit(tables, csv_)
    if notes and not csv_:
        console.print(notes)


@app.command()
def kpi(
    procedure: str = "",
    by: Annotated[
        list[str] | None, typer.Option(help="group by procedure | stage | owner | period (repeat)")
    ] = None,
    period: Annotated[str, typer.Option(help="month | quarter | year")] = "quarter",
    from_: Annotated[str, typer.Option("--from", help="stages started on or after")] = "",
    to: Annotated[str, typer.Option(help="stages started on or before")] = "",
    as_of: Annotated[str, typer.Option(help="what counts as overdue (default today)")] = "",
    stage: str = "",
    owner: str = "",
    csv_: CsvFlag = False,
    json_: JsonFlag = False,
    document: DocumentOpt = "",
    html: HtmlOpt = "",
) -> None:
    """Share acknowledged and answered within target, average working days, breaches and
    extensions, grouped as asked (default: procedure and stage)."""
    from complaints.v1 import reports_pb2 as pb

    reply = _call(
        "Kpi",
        pb.KpiRequest(
            procedure=procedure,
            group_by=by or [],
            period=period,
            to=to,
            as_of=as_of,
            stage=stage,
            owner=owner,
            **{"from": from_},
        ),
        "kpi",
    )
    if json_:
        print_json(as_dict(reply))
        return
    groups = list(reply.group_by)
    rows = [
        [getattr(r, g) for g in groups] + [_cell(r, f) for f, _ in KPI_COLUMNS] for r in reply.rows
    ]
    title = f"KPIs as of {reply.as_of}" + (f" ({procedure})" if procedure else "")
    notes = "seed 003: recommended key performance indicators; shares of targets that fell due"
    tables = [("Timeliness by " + ", ".join(groups), groups + [c for _, c in KPI_COLUMNS], rows)]
    publish(title, tables, notes=notes, csv_=csv_, document=document, html=html)


def _report(
    method: str, request: Any, what: str, csv_: bool, json_: bool, document: str, html: str
) -> None:
    report = _call(method, request, what)
    if json_:
        print_json(as_dict(report))
        return
    tables = [(t.title, list(t.columns), [list(r.cells) for r in t.rows]) for t in report.tables]
    publish(report.title, tables, notes=report.notes, csv_=csv_, document=document, html=html)


@app.command("hmip-annual")
def hmip_annual(
    year: int,
    csv_: CsvFlag = False,
    json_: JsonFlag = False,
    document: DocumentOpt = "",
    html: HtmlOpt = "",
) -> None:
    """HM Inspectorate of Probation: complaints received and upheld in YEAR."""
    from complaints.v1 import reports_pb2 as pb

    _report("HmipAnnual", pb.AnnualRequest(year=year), "hmip annual", csv_, json_, document,
            html)  # fmt: skip


@app.command("children-annual")
def children_annual(
    year: int,
    csv_: CsvFlag = False,
    json_: JsonFlag = False,
    document: DocumentOpt = "",
    html: HtmlOpt = "",
) -> None:
    """Children's social care: numbers, types, outcomes, timeliness, trends, alternatives and
    who complained, for YEAR."""
    from complaints.v1 import reports_pb2 as pb

    request = pb.AnnualRequest(year=year)
    _report("ChildrenAnnual", request, "children annual", csv_, json_, document, html)


@app.command()
def representations(
    year: int,
    quarter: Annotated[int, typer.Option(help="1..4; 0 for the whole year")] = 0,
    csv_: CsvFlag = False,
    json_: JsonFlag = False,
    document: DocumentOpt = "",
    html: HtmlOpt = "",
) -> None:
    """Children's social care: compliments and other representations per quarter."""
    from complaints.v1 import reports_pb2 as pb

    request = pb.QuarterRequest(year=year, quarter=quarter)
    _report("Representations", request, "representations", csv_, json_, document, html)


@app.command()
def alternatives(
    year: int,
    procedure: Annotated[str, typer.Option(help="one procedure (default: all)")] = "",
    as_of: Annotated[str, typer.Option(help="what counts as an overdue task (default today)")] = "",
    csv_: CsvFlag = False,
    json_: JsonFlag = False,
    document: DocumentOpt = "",
    html: HtmlOpt = "",
) -> None:
    """Mediation / ADR by outcome, early referrals to the Ombudsman, and DS Complaints'
    healthcare escalation tasks (overdue first), for complaints received in YEAR."""
    from complaints.v1 import reports_pb2 as pb

    request = pb.AlternativesRequest(year=year, procedure=procedure, as_of=as_of)
    _report("Alternatives", request, "alternatives", csv_, json_, document, html)
