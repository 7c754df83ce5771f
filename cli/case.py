"""``complaints case ...``: read and work cases over gRPC (CaseService)."""

from __future__ import annotations

from typing import Annotated

import grpc
import typer
from google.protobuf.json_format import MessageToDict

from cli.output import console, grpc_fail, print_json, table
from cli.settings import CliSettings
from complaints.v1 import cases_pb2, cases_pb2_grpc

app = typer.Typer(
    help="Read and work cases (one case per strand of a complaint).", no_args_is_help=True
)

JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]


def _stub(settings: CliSettings) -> cases_pb2_grpc.CaseServiceStub:
    return cases_pb2_grpc.CaseServiceStub(grpc.insecure_channel(settings.records_addr))


def case_dict(case: cases_pb2.Case) -> dict:
    return MessageToDict(
        case, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="DSO-2026-000001 or DSO-2026-000001/2")],
    json_: JsonFlag = False,
) -> None:
    """Show a case file: routing, clocks, letters and history."""
    s = CliSettings()
    try:
        case = _stub(s).GetCase(
            cases_pb2.GetCaseRequest(ref=ref), timeout=s.timeout_s, metadata=s.metadata()
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"case {ref}")
    if json_:
        print_json(case_dict(case))
        return
    console.print(f"[bold]{case.case_ref}[/bold]  {case.subject}")
    console.print(
        f"procedure {case.procedure}  stage {case.stage}  category {case.category}  "
        f"owner [bold]{case.owner}[/bold]  status {case.status}  "
        f"received {case.received_on}  strand {case.strand}/{case.strands_total}"
    )
    table(
        "Clocks",
        ["clock", "due", "status", "working"],
        [(c.name, c.due, c.status, c.explanation) for c in case.clocks],
    )
    table(
        "Letters",
        ["recipient", "channel", "template", "status", "at"],
        [(x.recipient, x.channel, x.template, x.status, x.at[:19]) for x in case.letters],
    )
    table(
        "History",
        ["at", "event", "summary"],
        [(h.at[:19], h.type, h.summary) for h in case.history],
    )


@app.command("list")
def list_(
    procedure: str = "",
    stage: str = "",
    owner: str = "",
    status: str = "",
    due_before: Annotated[str, typer.Option(help="YYYY-MM-DD")] = "",
    breached: bool = False,
    page_size: int = 50,
    page_token: str = "",
    json_: JsonFlag = False,
) -> None:
    """List cases with filters, a page at a time (pass --page-token to go on)."""
    s = CliSettings()
    try:
        reply = _stub(s).ListCases(
            cases_pb2.ListCasesRequest(
                procedure=procedure,
                stage=stage,
                owner=owner,
                status=status,
                due_before=due_before,
                breached_only=breached,
                page_size=page_size,
                page_token=page_token,
            ),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, "list cases")
    if json_:
        print_json(
            {"cases": [case_dict(c) for c in reply.cases], "next_page_token": reply.next_page_token}
        )
        return
    table(
        "Cases",
        ["case", "procedure", "stage", "category", "owner", "status", "next due"],
        [
            (
                c.case_ref,
                c.procedure,
                c.stage,
                c.category,
                c.owner,
                c.status,
                min(
                    (k.due for k in c.clocks if k.status in ("running", "approaching")), default=""
                ),
            )
            for c in reply.cases
        ],
    )
    if reply.next_page_token:
        console.print(f"more: --page-token {reply.next_page_token}")
