"""``complaints deadlines due`` and ``complaints case clocks``: the statutory clocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.output import console, grpc_fail, print_json, table

if TYPE_CHECKING:
    from cli.settings import CliSettings
    from complaints.v1 import deadlines_pb2_grpc


app = typer.Typer(help="Statutory clocks: what is due and when.", no_args_is_help=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]


def _stub(s: CliSettings) -> deadlines_pb2_grpc.DeadlineServiceStub:
    import grpc

    from complaints.v1 import deadlines_pb2_grpc

    return deadlines_pb2_grpc.DeadlineServiceStub(grpc.insecure_channel(s.deadlines_addr))


def _show(title: str, clocks, json_: bool) -> None:  # type: ignore[no-untyped-def]
    from google.protobuf.json_format import MessageToDict

    if json_:
        print_json([MessageToDict(c, preserving_proto_field_name=True) for c in clocks])
        return
    table(
        title,
        ["case", "clock", "status", "due", "working"],
        [(c.case_ref, c.name, c.status, c.due.due, c.due.explanation) for c in clocks],
    )


def clocks(
    ref: Annotated[str, typer.Argument(help="a complaint or one strand (REF/2)")],
    json_: JsonFlag = False,
) -> None:
    """Every clock of a case, with its due date and the working behind it."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import deadlines_pb2

    s = CliSettings()
    try:
        reply = _stub(s).GetClocks(
            deadlines_pb2.GetClocksRequest(reference=ref),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, f"clocks of {ref}")
    _show(f"Clocks of {ref}", reply.clocks, json_)
    if not json_:
        for c in reply.clocks:
            console.print(f"[bold]{c.case_ref} {c.name}[/bold]: {c.story}")


@app.command()
def due(
    before: Annotated[str, typer.Option(help="YYYY-MM-DD: due on or before this day")],
    limit: int = 500,
    json_: JsonFlag = False,
) -> None:
    """Running clocks due on or before a day, and breached ones, soonest first."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import deadlines_pb2

    s = CliSettings()
    try:
        reply = _stub(s).ListDue(
            deadlines_pb2.ListDueRequest(before=before, limit=limit),
            timeout=s.timeout_s,
            metadata=s.metadata(),
        )
    except grpc.RpcError as exc:
        grpc_fail(exc, "due clocks")
    _show(f"Due by {before}", reply.clocks, json_)
