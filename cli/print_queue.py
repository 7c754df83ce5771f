"""``complaints letters print-queue``: the paper letters an establishment's complaints clerk
prints and hands over (list; download a PDF; mark printed; mark handed over, with the day)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.output import console, grpc_fail, print_json, table

app = typer.Typer(
    help="Paper letters to print and hand over: with no command, the letters waiting.",
    invoke_without_command=True,
)
JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]
CaseRef = Annotated[str, typer.Argument(help="the letter's strand, e.g. DSO-2026-000001/1")]
Key = Annotated[str, typer.Argument(help="the letter's key (ntf-...), from the list")]


def _call(method: str, request, what: str):  # type: ignore[no-untyped-def]
    import grpc

    from cli.letters import _stub
    from cli.settings import CliSettings

    s = CliSettings()
    try:
        return getattr(_stub(s), method)(request, timeout=s.timeout_s, metadata=s.metadata())
    except grpc.RpcError as exc:
        grpc_fail(exc, what)


def _job_dict(job) -> dict:  # type: ignore[no-untyped-def]
    from cli.letters import _dict

    return _dict(job)


@app.callback()
def listing(
    ctx: typer.Context,
    establishment: Annotated[str, typer.Option(help="one establishment's queue")] = "",
    status: Annotated[str, typer.Option(help="queued | printed | handed-over")] = "",
    reference: Annotated[str, typer.Option(help="one complaint's letters")] = "",
    json_: JsonFlag = False,
) -> None:
    """The letters waiting (not yet handed over), or those the options choose."""
    if ctx.invoked_subcommand is not None:
        return
    from complaints.v1 import notifications_pb2

    reply = _call(
        "ListPrintQueue",
        notifications_pb2.ListPrintQueueRequest(
            queue=establishment, status=status, reference=reference
        ),
        "the print queue",
    )
    if json_:
        print_json([_job_dict(j) for j in reply.jobs])
        return
    table(
        "Print queue" + (f" of {establishment}" if establishment else ""),
        ["case", "key", "queue", "to", "letter", "pages", "large", "status", "handed over"],
        [
            (
                j.case_ref,
                j.key,
                j.queue,
                j.name + (f" ({j.detained_person_ref})" if j.detained_person_ref else ""),
                j.template,
                j.pages,
                "yes" if j.large_print else "",
                j.status,
                j.handed_over_on,
            )
            for j in reply.jobs
        ],
    )


@app.command()
def download(
    case_ref: CaseRef,
    key: Key,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write")] = None,
) -> None:
    """Save a letter's PDF to print (default: letter-<key>.pdf here)."""
    from complaints.v1 import notifications_pb2

    reply = _call(
        "GetPrintedLetter",
        notifications_pb2.PrintJobRequest(case_ref=case_ref, key=key),
        f"the PDF of {key}",
    )
    path = out or Path(f"letter-{key}.pdf")
    path.write_bytes(reply.pdf)
    console.print(f"{path}: {reply.job.pages} page(s), {len(reply.pdf)} bytes")


@app.command()
def printed(case_ref: CaseRef, key: Key, json_: JsonFlag = False) -> None:
    """Mark a letter printed."""
    from complaints.v1 import notifications_pb2

    job = _call(
        "MarkPrinted",
        notifications_pb2.PrintJobRequest(case_ref=case_ref, key=key),
        f"marking {key} printed",
    )
    if json_:
        print_json(_job_dict(job))
    else:
        console.print(f"{job.template} to {job.name}: {job.status}")


@app.command("handed-over")
def handed_over(
    case_ref: CaseRef,
    key: Key,
    on: Annotated[str, typer.Option(help="the day it was handed over, YYYY-MM-DD")] = "",
    json_: JsonFlag = False,
) -> None:
    """Record that the letter was handed to its recipient (today, or --on the day); the
    day goes in the case file."""
    from complaints.v1 import notifications_pb2

    job = _call(
        "MarkHandedOver",
        notifications_pb2.HandOverRequest(case_ref=case_ref, key=key, on=on),
        f"handing over {key}",
    )
    if json_:
        print_json(_job_dict(job))
    else:
        console.print(f"{job.template} to {job.name}: handed over on {job.handed_over_on}")
