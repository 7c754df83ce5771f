"""``complaints records ...``: data protection over gRPC (retention, subject access), and
the helpers every records command shares (calling CaseService, printing a file)."""

from __future__ import annotations

import inspect
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.output import console, grpc_fail, print_json, table

if TYPE_CHECKING:
    from complaints.v1 import cases_pb2

app = typer.Typer(help="Data protection: retention and subject access.", no_args_is_help=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]
Ref = Annotated[str, typer.Argument(help="a strand (CSC-2027-000001/1) or complaint reference")]
On = Annotated[str, typer.Option("--on", help="the day it happened, YYYY-MM-DD (default today)")]
RequestId = Annotated[str, typer.Option("--request-id", help="idempotency key for retries")]


def as_dict(msg: Any) -> dict[str, Any]:
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(
        msg, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def call(method: str, request: Any, what: str) -> Any:
    """Call CaseService.``method`` as the configured user; a clear message on failure."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import cases_pb2_grpc

    s = CliSettings()
    stub = cases_pb2_grpc.CaseServiceStub(grpc.insecure_channel(s.records_addr))
    try:
        return getattr(stub, method)(request, timeout=s.timeout_s, metadata=s.metadata())
    except grpc.RpcError as exc:
        grpc_fail(exc, what)


def request_id(given: str) -> str:
    """The idempotency key: give ``--request-id`` to retry a command safely."""
    return given or f"cli-{uuid.uuid4().hex}"


def show_reply(reply: cases_pb2.CommandReply, json_: bool) -> None:
    """One line for people: what the case is now and what may happen next."""
    if json_:
        print_json(as_dict(reply))
        return
    c = reply.case
    what = (
        "already applied (repeat of the same request)"
        if reply.duplicate
        else (", ".join(reply.events) or "recorded")
    )
    console.print(f"[bold]{c.case_ref}[/bold] {c.status} at {c.stage}: {what}")
    if c.allowed_actions:
        console.print(f"allowed now: {', '.join(c.allowed_actions)}")


def show_file(reply: cases_pb2.CaseFileReply) -> None:
    """The whole file as tables: the case, its stages, papers, restrictions, history and
    who accessed it."""
    c = reply.case
    console.print(f"[bold]{c.case_ref}[/bold]  {c.subject}")
    console.print(
        f"{c.procedure} / {c.stage} / {c.status}  owner {c.owner}  officer {c.officer or '-'}"
        f"  received {c.received_on}  confidential {'yes' if c.confidential else 'no'}"
    )
    if reply.complaint.reference:
        console.print(
            f"complaint {reply.complaint.reference} received {reply.complaint.received_at}"
        )
    table(
        "Stages",
        [
            "stage",
            "started",
            "ack due",
            "acknowledged",
            "response due",
            "responded",
            "outcome",
            "ext.",
        ],
        [
            (
                s.stage,
                s.started_on,
                s.ack_due,
                s.acknowledged_on,
                s.response_due,
                s.responded_on,
                s.outcome,
                s.extensions,
            )
            for s in c.stages
        ],
    )
    if c.entries:
        table(
            "Papers",
            ["id", "kind", "on", "by", "summary", "where / party"],
            [(e.id, e.kind, e.on, e.by, e.summary, e.location or e.party) for e in c.entries],
        )
    if c.restrictions:
        table(
            "Restrictions",
            ["id", "kind", "status", "review", "reasons", "appeal"],
            [
                (r.id, r.kind, r.status, r.review_on, "; ".join(r.reasons), r.appeal_status)
                for r in c.restrictions
            ],
        )
    from cli.outcomes import print_for_file

    print_for_file(c.case_ref)  # outcome sought, findings, remedies, learning
    if c.reach_json:
        show_reach(c.reach_json)
    from cli.alternatives import show as show_alternatives

    show_alternatives(c)
    table(
        "History",
        ["at", "event", "by", "summary"],
        [(h.at[:19], h.type, h.actor, h.summary) for h in c.history],
    )
    if reply.access_log:
        table(
            "Access log",
            ["at", "who", "role", "action", "outcome"],
            [(a.at[:19], a.who, a.role, a.action, a.outcome) for a in reply.access_log],
        )


def show_reach(reach_json: str) -> None:
    """Consent, release to a provider, advocacy and feedback (issue 18), one row each."""
    import json

    reach = json.loads(reach_json)
    rows = []
    consent = reach.get("consent") or {}
    if consent:
        given = [k for k, v in consent.items() if v]
        rows.append(("consent", "", "", ", ".join(given) or "none given"))
    if reach.get("release"):
        r = reach["release"]
        rows.append(
            (
                "released to provider",
                r["on"],
                r["by"],
                f"{r['provider']}: safeguarding checked, the child agrees",
            )
        )
    for step, a in (reach.get("advocacy") or {}).items():
        rows.append((f"advocacy {step}", a["on"], a["by"], a.get("advocate") or a.get("note")))
    for f in reach.get("feedback") or []:
        rows.append(("feedback", f["on"], f["by"], f["summary"]))
    if rows:
        table("Reaching the person", ["what", "on", "by", "detail"], rows)


# -- lifecycle commands (registered by cli.case) ---------------------------------------------


@dataclass(frozen=True)
class Param:
    """One option (or argument) of a lifecycle command, and the request field it fills."""

    name: str
    help: str = ""
    field: str = ""  # the request's field, when named differently
    required: bool = False
    many: bool = False  # repeatable, a list
    argument: bool = False
    flag: bool = False  # an on/off option (a bool field)

    def signature(self) -> inspect.Parameter:
        if self.argument:
            kind: Any = typer.Argument(help=self.help)
        else:
            kind = typer.Option(f"--{self.name.replace('_', '-')}", help=self.help)
        annotation: Any = list[str] | None if self.many else str
        default: Any = inspect.Parameter.empty if self.required else (None if self.many else "")
        if self.flag:
            annotation, default = bool, False
        return inspect.Parameter(
            self.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=default,
            annotation=Annotated[annotation, kind],
        )


_COMMON = [
    inspect.Parameter("on", inspect.Parameter.POSITIONAL_OR_KEYWORD, default="", annotation=On),
    inspect.Parameter(
        "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, default="", annotation=RequestId
    ),
    inspect.Parameter(
        "json_", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=False, annotation=JsonFlag
    ),
]


def command(
    app: typer.Typer, name: str, rpc: str, request_type: Any, doc: str, *params: Param
) -> None:
    """Register ``NAME REF ...`` on ``app``: one CaseService command, printed as the case's
    new state (``--on``, ``--request-id`` and ``--json`` on every one)."""

    def run(ref: str, on: str, request: str, json_: bool, **given: Any) -> None:
        fields = {
            p.field or p.name: given[p.name] if p.flag else given[p.name] or ([] if p.many else "")
            for p in params
        }
        if isinstance(request_type, str):  # a cases_pb2 name, resolved when run (fast start)
            from complaints.v1 import cases_pb2

            message_type = getattr(cases_pb2, request_type)
        else:
            message_type = request_type
        message = message_type(ref=ref, on=on, request_id=request_id(request), **fields)
        show_reply(call(rpc, message, f"{name} {ref}"), json_)

    ref = inspect.Parameter("ref", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Ref)
    signature = [ref, *(p.signature() for p in params), *_COMMON]
    run.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    run.__doc__ = doc
    run.__name__ = name.replace("-", "_")
    app.command(name)(run)


# -- data protection --------------------------------------------------------------------


@app.command()
def expire(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list only; change nothing")] = False,
    as_of: Annotated[str, typer.Option(help="YYYY-MM-DD (default today)")] = "",
    procedure: str = "",
    json_: JsonFlag = False,
) -> None:
    """Files past their retention period; without --dry-run, anonymise or erase them
    (statistics kept)."""
    from complaints.v1 import cases_pb2

    reply = call(
        "ExpireRecords",
        cases_pb2.ExpireRecordsRequest(dry_run=dry_run, as_of=as_of, procedure=procedure),
        "expire records",
    )
    if json_:
        print_json(as_dict(reply))
        return
    title = "Expired files (dry run: nothing changed)" if dry_run else "Expired files"
    table(
        title,
        ["case", "procedure", "closed", "expired", "action", "done"],
        [
            (
                f.case_ref,
                f.procedure,
                f.closed_on,
                f.expires_on,
                f.action,
                "yes" if f.done else "no",
            )
            for f in reply.files
        ],
    )


@app.command("export-subject")
def export_subject(
    contact: str = "",
    name: str = "",
    detained_person_ref: str = "",
    reference: str = "",
    out: Annotated[Path | None, typer.Option(help="write the JSON here")] = None,
) -> None:
    """Everything held about one person (subject access), as one JSON document."""
    from complaints.v1 import cases_pb2

    reply = call(
        "ExportSubject",
        cases_pb2.ExportSubjectRequest(
            contact=contact,
            name=name,
            detained_person_ref=detained_person_ref,
            reference=reference,
        ),
        "export subject",
    )
    if out is None:
        typer.echo(reply.document_json)
        return
    out.write_text(reply.document_json, encoding="utf-8")
    data = json.loads(reply.document_json)
    console.print(
        f"wrote {out}: {reply.complaints} complaints, {reply.cases} case files, "
        f"{len(data['access_log'])} access records"
    )
