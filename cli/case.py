"""``complaints case ...``: read and work cases over gRPC (CaseService).

Every command prints the case's new state and what may be done next (``--json`` for
scripts); a refused step says why, naming the state and the actions allowed. Commands are
idempotent on ``--request-id``: give the same one to retry safely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli import stages
from cli.alternatives import register as register_alternatives
from cli.output import console, print_json, table
from cli.reach import register as register_reach
from cli.records import JsonFlag, Param, Ref, as_dict, call, command, show_file
from cli.steps import register as register_steps

if TYPE_CHECKING:
    from complaints.v1 import cases_pb2 as pb

app = typer.Typer(
    help="Read and work cases (one case per strand of a complaint).", no_args_is_help=True
)


def case_dict(case: pb.Case) -> dict:
    return as_dict(case)


# -- reads ------------------------------------------------------------------------------------


@app.command()
def show(ref: Ref, json_: JsonFlag = False) -> None:
    """Show a case: routing, stages, clocks, letters and history."""
    from complaints.v1 import cases_pb2 as pb

    case = call("GetCase", pb.GetCaseRequest(ref=ref), f"case {ref}")
    if json_:
        print_json(case_dict(case))
        return
    show_file(pb.CaseFileReply(case=case))
    table(
        "Clocks",
        ["clock", "due", "status", "working"],
        [(c.name, c.due, c.status, c.explanation) for c in case.clocks],
    )


@app.command("file")
def file_(ref: Ref, json_: JsonFlag = False) -> None:
    """The whole file: the complaint as received, stages, papers, history and access log."""
    from complaints.v1 import cases_pb2 as pb

    reply = call("GetFile", pb.GetCaseRequest(ref=ref), f"file {ref}")
    if json_:
        print_json(as_dict(reply))
        return
    show_file(reply)


@app.command("access-log")
def access_log(ref: Ref, json_: JsonFlag = False) -> None:
    """Who read or changed the case, allowed or refused (auditors, central team)."""
    from complaints.v1 import cases_pb2 as pb

    reply = call("AccessLog", pb.GetCaseRequest(ref=ref), f"access log {ref}")
    if json_:
        print_json(as_dict(reply))
        return
    table(
        f"Access to {ref}",
        ["at", "who", "role", "action", "outcome", "detail"],
        [(a.at[:19], a.who, a.role, a.action, a.outcome, a.detail) for a in reply.entries],
    )
    console.print(f"seen by: {', '.join(reply.readers) or 'nobody'}")


@app.command("list")
def list_(
    procedure: str = "",
    stage: str = "",
    owner: str = "",
    status: str = "",
    officer: str = "",
    due_before: Annotated[str, typer.Option(help="YYYY-MM-DD")] = "",
    breached: bool = False,
    page_size: int = 50,
    page_token: str = "",
    json_: JsonFlag = False,
) -> None:
    """List cases with filters, a page at a time (pass --page-token to go on)."""
    from complaints.v1 import cases_pb2 as pb

    reply = call(
        "ListCases",
        pb.ListCasesRequest(
            procedure=procedure,
            stage=stage,
            owner=owner,
            status=status,
            officer=officer,
            due_before=due_before,
            breached_only=breached,
            page_size=page_size,
            page_token=page_token,
        ),
        "list cases",
    )
    if json_:
        print_json(
            {"cases": [case_dict(c) for c in reply.cases], "next_page_token": reply.next_page_token}
        )
        return
    table(
        "Cases",
        ["case", "procedure", "stage", "owner", "officer", "status", "next due"],
        [
            (c.case_ref, c.procedure, c.stage, c.owner, c.officer, c.status, c.next_due)
            for c in reply.cases
        ],
    )
    if reply.next_page_token:
        console.print(f"more: --page-token {reply.next_page_token}")


# -- the lifecycle ----------------------------------------------------------------------------


def lifecycle(name: str, rpc: str, request_type: Any, doc: str, *params: Param) -> None:
    """Register ``complaints case NAME REF ...`` for one CaseService command."""
    command(app, name, rpc, request_type, doc, *params)


NOTE = Param("note", "a note for the file")
lifecycle(
    "ack",
    "Acknowledge",
    "AcknowledgeRequest",
    "Acknowledge the complaint at its current stage.",
    NOTE,
)
lifecycle(
    "assign",
    "AssignOfficer",
    "AssignOfficerRequest",
    "Assign (or reassign) the investigating officer.",
    Param("officer", "the investigating officer", argument=True, required=True),
    Param("independent_person", "required at children's stage 2"),
    Param(
        "attest",
        "the Independent Person's criteria (repeat): not-employee | "
        "not-spouse-of-employee-or-member | not-employed-in-last-three-years",
        "attestations",
        many=True,
    ),
)
lifecycle(
    "comments",
    "RequestComments",
    "RequestCommentsRequest",
    "Ask the officers complained about for comments (3 working days).",
    Param("officer", "officer to ask (repeat); default: every one named", "officers", many=True),
    NOTE,
)
lifecycle(
    "comments-received",
    "RecordComments",
    "RecordCommentsRequest",
    "Record the officers' comments; the investigation goes on.",
    Param("summary", "what they said", argument=True, required=True),
)
lifecycle("investigate", "Investigate", "InvestigateRequest", "Start the investigation.", NOTE)
lifecycle(
    "respond",
    "RecordResponse",
    "RecordResponseRequest",
    "Record the response and the outcome of this stage.",
    Param("outcome", "upheld | partly | not-upheld", required=True),
    Param("summary", "the response in a sentence", required=True),
    Param("action", "an agreed action (repeat)", "agreed_actions", many=True),
)
lifecycle(
    "extend",
    "Extend",
    "ExtendRequest",
    "Extend a clock's target (refused past the procedure's cap).",
    Param("to", "the new target, YYYY-MM-DD", required=True),
    Param("reason", "why; agreed with the complainant?", required=True),
    Param("clock", "default: the stage's response clock"),
)
lifecycle(
    "escalate",
    "Escalate",
    "EscalateRequest",
    "Move to the procedure's next stage at the complainant's request (--on: asked when).",
    Param("reason"),
    Param("late_reason", "why a late request is accepted"),
)
lifecycle(
    "suspend",
    "Suspend",
    "SuspendRequest",
    "Suspend handling (clocks stop), e.g. during a child-protection referral.",
    Param("reason", required=True),
)
lifecycle("resume", "Resume", "ResumeRequest", "Resume a suspended case where it was.", NOTE)
lifecycle(
    "merge",
    "Merge",
    "MergeRequest",
    "Merge this case into another: one investigation, one response.",
    Param("into", "the case that carries on", required=True),
    Param("reason"),
)
lifecycle(
    "restrict",
    "Restrict",
    "RestrictRequest",
    "Contact restrictions: impose (reasons, review date), appeal, review or lift.",
    Param("op", "impose (default) | appeal | decide-appeal | review | lift"),
    Param("kind", "contact-method | named-contact | frequency | access-to-procedure"),
    Param("reason", "why (repeat)", "reasons", many=True),
    Param("review_on", "YYYY-MM-DD"),
    Param("approved_by", "needed to restrict access"),
    Param("id", "the restriction (all but impose)", "restriction_id"),
    Param("outcome", "appeal: upheld | dismissed; review: continue | lift"),
    NOTE,
)
lifecycle(
    "close",
    "Close",
    "CloseRequest",
    "Close the case (a reason is needed if it was never answered).",
    Param("reason"),
)
lifecycle(
    "add",
    "AddCorrespondence",
    "AddCorrespondenceRequest",
    "Add a paper to the file: a letter, a note of contact, a document, key evidence and "
    "where it is, an agreed action, or evidence an action was done.",
    Param(
        "kind",
        "letter | note | document | evidence | action | action-done",
        argument=True,
        required=True,
    ),
    Param("summary", argument=True, required=True),
    Param("party"),
    Param("direction", "in | out"),
    Param("channel"),
    Param("document", "a document's name", "document_name"),
    Param("document_ref"),
    Param("location", "where the evidence is"),
    Param("action_id", "for action-done"),
)
lifecycle(
    "redact",
    "EraseOrRedact",
    "EraseOrRedactRequest",
    "Redact named items, or anonymise / erase a finished file (statistics kept).",
    Param("mode", "redact | anonymise | erase", required=True),
    Param("reason", "the legal basis", required=True),
    Param(
        "item", "subject, complainant, aspects, entry:<id>, restriction:<id>", "items", many=True
    ),
)
register_steps(app)
register_reach(app)
register_alternatives(app)  # mediation, early referral, healthcare escalation, eligibility


stages.register(app)  # complaints case stages REF (cli/stages.py)
