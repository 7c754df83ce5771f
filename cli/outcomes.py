"""``complaints outcomes ...``: what the complainant wants and what they got, over gRPC
(OutcomeService): the outcome sought and points of complaint, a finding per point, typed
remedies (financial ones approved within the role's limit, claims referred), commitments
followed up, and learning. ``complaints report commitments`` and ``report learning`` list
them across cases. docs/records.md "Outcomes" gives the seed sentence of each."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli.output import console, grpc_fail, print_json, table
from cli.records import JsonFlag, Ref, as_dict, request_id
from cli.report import CsvFlag, DocumentOpt, HtmlOpt, publish

app = typer.Typer(
    help="Outcome sought, findings per point, remedies, commitments and learning.",
    no_args_is_help=True,
)
RequestId = Annotated[str, typer.Option("--request-id", help="idempotency key for retries")]


def _opt(help_: str, name: str = "") -> Any:
    return typer.Option(*([name] if name else []), help=help_)


def call(method: str, request: Any, what: str) -> Any:
    """Call OutcomeService.``method`` as the configured user; a clear message on failure."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import outcomes_pb2_grpc

    s = CliSettings()
    stub = outcomes_pb2_grpc.OutcomeServiceStub(grpc.insecure_channel(s.records_addr))
    try:
        return getattr(stub, method)(request, timeout=s.timeout_s, metadata=s.metadata())
    except grpc.RpcError as exc:
        grpc_fail(exc, what)


def show_outcomes(reply: Any, json_: bool) -> None:
    """The outcomes record as tables (``--json`` for scripts)."""
    if json_:
        print_json(as_dict(reply))
        return
    agreed = f" (agreed {reply.agreed_on})" if reply.outcome_agreed else ""
    console.print(f"[bold]{reply.case_ref}[/bold] {reply.status} at {reply.stage}")
    console.print(f"outcome sought: {reply.outcome_sought or '- (not given: ask)'}{agreed}")
    if reply.statement_outcome:
        console.print(f"desired outcome in the agreed statement: {reply.statement_outcome}")
    table(
        "Points of complaint",
        ["point", "text", "outcome sought", "finding", "why"],
        [(p.id, p.text, p.outcome_sought, p.finding, p.finding_reason) for p in reply.points],
    )
    if reply.remedies:
        table(
            "Remedies and commitments",
            ["id", "type", "owner", "due", "amount", "status", "overdue", "reminders", "what"],
            [
                (r.id, r.type, r.owner, r.due, r.amount, r.status + (f" ({r.referral})"
                 if r.referral else "") + (f": {r.cancel_reason}" if r.cancel_reason else ""),
                 "yes" if r.overdue else "", "; ".join(r.reminders), r.description)
                for r in reply.remedies
            ],
        )  # fmt: skip
    amended = [(r.id, a) for r in reply.remedies for a in r.amendments]
    if amended:
        table("Remedies amended", ["remedy", "amendment"], amended)
    if reply.learning:
        table(
            "Learning",
            ["id", "root cause", "lesson", "service change", "owner", "status", "recorded"],
            [
                (x.id, x.root_cause, x.lesson, x.service_change, x.owner, x.status, x.recorded_on)
                for x in reply.learning
            ],
        )


def _run(method: str, request_type: str, what: str, json_: bool, **fields: Any) -> None:
    from complaints.v1 import outcomes_pb2

    message = getattr(outcomes_pb2, request_type)(**fields)
    reply = call(method, message, what)
    if json_:
        print_json(as_dict(reply))
        return
    state = "already applied (repeat of the same request)" if reply.duplicate else "recorded"
    console.print(f"[bold]{reply.case_ref}[/bold] {what}: {state}")
    show_outcomes(reply, False)


@app.command()
def show(ref: Ref, json_: JsonFlag = False) -> None:
    """The case's outcome sought, points and findings, remedies and learning."""
    from complaints.v1 import outcomes_pb2

    show_outcomes(call("GetOutcomes", outcomes_pb2.OutcomesRequest(ref=ref), f"show {ref}"), json_)


@app.command()
def agree(
    ref: Ref,
    outcome_sought: Annotated[str, _opt("what the complainant wants", "--outcome-sought")],
    agreed: Annotated[bool, _opt("agreed with the complainant (stage 2)", "--agreed")] = False,
    note: Annotated[str, _opt("a note for the file")] = "",
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Record or amend the outcome sought; --agreed: agreed with the complainant."""
    _run("AgreeOutcome", "AgreeOutcomeRequest", "outcome sought", json_, ref=ref,
         request_id=request_id(request), outcome_sought=outcome_sought, agreed=agreed,
         note=note)  # fmt: skip


@app.command()
def point(
    ref: Ref,
    point_id: Annotated[str, _opt("the point to amend, e.g. P1 (none: add one)", "--point")] = "",
    text: Annotated[str, _opt("the point of complaint, as clarified")] = "",
    outcome_sought: Annotated[str, _opt("what they want about it", "--outcome-sought")] = "",
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Amend a point of complaint, or add one clarified with the complainant."""
    _run("SetPoint", "SetPointRequest", "point of complaint", json_, ref=ref,
         request_id=request_id(request), point=point_id, text=text,
         outcome_sought=outcome_sought)  # fmt: skip


@app.command()
def finding(
    ref: Ref,
    point_id: Annotated[str, _opt("the point, e.g. P1", "--point")],
    finding_: Annotated[str, _opt("upheld | partly-upheld | not-upheld | resolved", "--finding")],
    reason: Annotated[str, _opt("why: the response answers each point")],
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """The finding on one point of complaint."""
    _run("RecordFinding", "RecordFindingRequest", f"finding on {point_id}", json_, ref=ref,
         request_id=request_id(request), point=point_id, finding=finding_,
         reason=reason)  # fmt: skip


@app.command()
def remedy(
    ref: Ref,
    type_: Annotated[
        str,
        _opt(
            "apology | explanation | put-right | reassessment | "
            "practical-action | review-of-practice | financial",
            "--type",
        ),
    ],
    description: Annotated[str, _opt("what will be done")],
    owner: Annotated[str, _opt("who will carry it out")],
    due: Annotated[str, _opt("by when, YYYY-MM-DD (a commitment, followed up)")] = "",
    point_id: Annotated[str, _opt("the point it answers, e.g. P1", "--point")] = "",
    amount: Annotated[str, _opt("financial: pounds, e.g. 250.00")] = "",
    reason: Annotated[str, _opt("financial: why the payment is made")] = "",
    claim: Annotated[bool, _opt("a claim for compensation was made", "--claim")] = False,
    referral: Annotated[str, _opt("a claim goes to: legal-services | insurer")] = "",
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Give a remedy, with its owner and due date (financial ones need approval)."""
    _run("AddRemedy", "AddRemedyRequest", "remedy", json_, ref=ref,
         request_id=request_id(request), type=type_, description=description, owner=owner,
         due=due, point=point_id, amount=amount, reason=reason, claim=claim,
         referral=referral)  # fmt: skip


@app.command()
def approve(
    ref: Ref,
    remedy_id: Annotated[str, _opt("the financial remedy, e.g. R1", "--remedy")],
    note: Annotated[str, _opt("a note for the file")] = "",
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Approve a financial remedy (refused above your role's limit, naming who may)."""
    _run("ApproveRemedy", "ApproveRemedyRequest", f"approve {remedy_id}", json_, ref=ref,
         request_id=request_id(request), remedy=remedy_id, note=note)  # fmt: skip


@app.command()
def amend(
    ref: Ref,
    remedy_id: Annotated[str, _opt("the remedy, e.g. R1", "--remedy")],
    reason: Annotated[str, _opt("why it is amended")],
    description: Annotated[str, _opt("what will be done, now")] = "",
    owner: Annotated[str, _opt("who will carry it out, now")] = "",
    due: Annotated[str, _opt("by when, now: YYYY-MM-DD")] = "",
    amount: Annotated[str, _opt("financial: pounds, now, e.g. 400.00")] = "",
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Amend a remedy, with why (a payment raised above its approval is approved again)."""
    _run("AmendRemedy", "AmendRemedyRequest", f"amend {remedy_id}", json_, ref=ref,
         request_id=request_id(request), remedy=remedy_id, reason=reason,
         description=description, owner=owner, due=due, amount=amount)  # fmt: skip


@app.command()
def cancel(
    ref: Ref,
    remedy_id: Annotated[str, _opt("the remedy, e.g. R1", "--remedy")],
    reason: Annotated[str, _opt("why, e.g. the complainant declined it")],
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Cancel (withdraw) a remedy, with why: no longer a commitment followed up."""
    _run("CancelRemedy", "CancelRemedyRequest", f"cancel {remedy_id}", json_, ref=ref,
         request_id=request_id(request), remedy=remedy_id, reason=reason)  # fmt: skip


@app.command()
def done(
    ref: Ref,
    remedy_id: Annotated[str, _opt("the remedy, e.g. R1", "--remedy")],
    note: Annotated[str, _opt("what was done: the evidence")],
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """A commitment carried out."""
    _run("CompleteCommitment", "CompleteCommitmentRequest", f"{remedy_id} done", json_, ref=ref,
         request_id=request_id(request), remedy=remedy_id, note=note)  # fmt: skip


@app.command()
def learning(
    ref: Ref,
    root_cause: Annotated[
        str,
        _opt(
            "communication | policy-or-procedure | staff-conduct | "
            "training | resources | delay | record-keeping | "
            "third-party-provider | decision-making | other"
        ),
    ] = "",
    lesson: Annotated[str, _opt("what was learned")] = "",
    service_change: Annotated[str, _opt("the change to the service")] = "",
    owner: Annotated[str, _opt("who owns the change")] = "",
    status: Annotated[str, _opt("proposed | in-progress | done")] = "",
    id_: Annotated[str, _opt("update this record, e.g. L1 (none: a new one)", "--id")] = "",
    request: RequestId = "",
    json_: JsonFlag = False,
) -> None:
    """Record a learning record (on closure, or at any point), or update one's status."""
    _run("RecordLearning", "RecordLearningRequest", "learning", json_, ref=ref,
         request_id=request_id(request), id=id_, root_cause=root_cause, lesson=lesson,
         service_change=service_change, owner=owner, status=status)  # fmt: skip


# -- reports (registered on ``complaints report`` by cli.main) --------------------------------


def _print_report(report: Any, csv_: bool, json_: bool, document: str, html: str) -> None:
    """As every report: a table, ``--csv``, ``--json``, or a document (`cli.report.publish`)."""
    if json_:
        print_json(as_dict(report))
        return
    tables = [(t.title, list(t.columns), [list(r.cells) for r in t.rows]) for t in report.tables]
    publish(report.title, tables, notes=report.notes, csv_=csv_, document=document, html=html)


def commitments(
    procedure: Annotated[str, _opt("one procedure only")] = "",
    as_of: Annotated[str, _opt("what counts as overdue, YYYY-MM-DD (default today)")] = "",
    overdue: Annotated[bool, _opt("overdue ones only", "--overdue")] = False,
    csv_: CsvFlag = False,
    json_: JsonFlag = False,
    document: DocumentOpt = "",
    html: HtmlOpt = "",
) -> None:
    """Outstanding and overdue commitments across cases (remedies with a due date)."""
    from complaints.v1 import outcomes_pb2 as pb

    request = pb.CommitmentsRequest(procedure=procedure, as_of=as_of, overdue_only=overdue)
    _print_report(call("Commitments", request, "commitments report"), csv_, json_, document,
                  html)  # fmt: skip


def learning_report(
    from_: Annotated[str, _opt("recorded on or after, YYYY-MM-DD", "--from")] = "",
    to: Annotated[str, _opt("recorded on or before, YYYY-MM-DD")] = "",
    procedure: Annotated[str, _opt("one procedure only")] = "",
    csv_: CsvFlag = False,
    json_: JsonFlag = False,
    document: DocumentOpt = "",
    html: HtmlOpt = "",
) -> None:
    """Learning from complaints in a period: each record, and the themes by root cause."""
    from complaints.v1 import outcomes_pb2 as pb

    request = pb.LearningRequest(procedure=procedure, to=to, **{"from": from_})
    _print_report(call("Learning", request, "learning report"), csv_, json_, document, html)


def register_reports(report_app: typer.Typer) -> None:
    """``complaints report commitments`` and ``complaints report learning``."""
    report_app.command("commitments")(commitments)
    report_app.command("learning")(learning_report)


def print_for_file(ref: str) -> None:
    """The outcomes record within ``case show`` / ``case file`` (nothing if unavailable)."""
    import grpc

    from cli.settings import CliSettings
    from complaints.v1 import outcomes_pb2, outcomes_pb2_grpc

    s = CliSettings()
    stub = outcomes_pb2_grpc.OutcomeServiceStub(grpc.insecure_channel(s.records_addr))
    try:
        reply = stub.GetOutcomes(
            outcomes_pb2.OutcomesRequest(ref=ref), timeout=s.timeout_s, metadata=s.metadata()
        )
    except grpc.RpcError:
        return
    show_outcomes(reply, False)
