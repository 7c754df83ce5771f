"""``complaints representations answer|convert|compliment``: children's representations
and compliments (seed 004), on the complaint file (a representation has no strand).

- ``answer REF --summary ... --action ...``: "The Directorate will respond to the issues
  raised and set out what action will be taken";
- ``convert REF --reason ...``: "failure to respond to the child or young person's
  satisfaction will mean that this failure will move to a complaint at Stage 1" (routed as
  a complaint received today: its clocks run from today);
- ``compliment REF --staff NAME --manager NAME``: the compliment fed back to the staff
  concerned and their first line manager.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from cli.output import console, print_json
from cli.records import JsonFlag, call, request_id

app = typer.Typer(help="Representations and compliments (children, seed 004).",
                  no_args_is_help=True)  # fmt: skip
Ref = Annotated[str, typer.Argument(help="the complaint reference, e.g. CSC-2026-000001")]
RequestId = Annotated[str, typer.Option("--request-id", help="idempotency key for retries")]


def _show(reply, json_: bool) -> None:  # type: ignore[no-untyped-def]
    handling = json.loads(reply.handling_json or "{}")
    if json_:
        print_json({"reference": reply.reference, "type": reply.representation_type,
                    "duplicate": reply.duplicate, "handling": handling})  # fmt: skip
        return
    what = "already applied" if reply.duplicate else "recorded"
    console.print(f"[bold]{reply.reference}[/bold] {reply.representation_type}: {what}")
    for answer in handling.get("answers", []):
        console.print(f"answered {answer['on']}: {answer['summary']} (action: {answer['action']})")
    if handling.get("converted"):
        c = handling["converted"]
        console.print(f"moved to a complaint at stage 1 on {c['on']}: {c['reason']}")
    for p in handling.get("passed_on", []):
        console.print(f"passed on {p['on']} to {', '.join(p['staff'])}, manager {p['manager']}")


@app.command()
def answer(
    ref: Ref,
    summary: Annotated[str, typer.Option(help="the response to the issues raised")],
    action: Annotated[str, typer.Option(help="the action that will be taken")],
    request_id_: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Answer a representation, setting out the action to be taken."""
    from complaints.v1 import cases_pb2 as pb

    reply = call("AnswerRepresentation", pb.AnswerRepresentationRequest(
        reference=ref, request_id=request_id(request_id_), summary=summary, action=action,
    ), f"answer {ref}")  # fmt: skip
    _show(reply, json_)


@app.command()
def convert(
    ref: Ref,
    reason: Annotated[str, typer.Option(help="why the answer did not satisfy")],
    request_id_: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Move an answered representation to a stage 1 complaint, received today."""
    from complaints.v1 import cases_pb2 as pb

    reply = call("ConvertRepresentation", pb.ConvertRepresentationRequest(
        reference=ref, request_id=request_id(request_id_), reason=reason,
    ), f"convert {ref}")  # fmt: skip
    _show(reply, json_)


@app.command()
def compliment(
    ref: Ref,
    staff: Annotated[list[str], typer.Option(help="a member of staff it is about (repeat)")],
    manager: Annotated[str, typer.Option(help="their first line manager")],
    note: str = "",
    request_id_: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Record a compliment passed to the staff concerned and their manager."""
    from complaints.v1 import cases_pb2 as pb

    reply = call("PassOnCompliment", pb.PassOnComplimentRequest(
        reference=ref, request_id=request_id(request_id_), staff=staff, manager=manager,
        note=note,
    ), f"compliment {ref}")  # fmt: skip
    _show(reply, json_)
