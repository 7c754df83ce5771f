"""gRPC entrypoint: OutcomeService. Thin: validate the request into a command, call the
use case (`services.records.handlers.outcomes.OutcomeWork`), answer with the outcomes record."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import grpc

from common.access.policy import CaseFacts, can_read, can_report
from common.clock import Clock, today
from common.grpc_server import Denied, current_caller, maps_errors
from complaints.v1 import outcomes_pb2, outcomes_pb2_grpc
from services.records.adapters.documents import CaseFile
from services.records.domain import commitments, findings, learning, remedies, remedy_changes
from services.records.domain.outcome_commands import OutcomeCommand
from services.records.domain.outcome_reports import commitments_report, learning_report
from services.records.domain.outcomes import (
    Amendment,
    CaseOutcomes,
    Finding,
    LearningStatus,
    Referral,
    RemedyType,
    RootCause,
    statement_agreed,
)
from services.records.entrypoints.errors import records_errors
from services.records.entrypoints.grpc_reports import report_message
from services.records.entrypoints.requests import Fields, ref_and_id
from services.records.handlers.casework import NotAllowed, missing_case
from services.records.handlers.outcomes import OutcomeWork

type Ctx = grpc.aio.ServicerContext


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def _amendment(a: Amendment) -> str:
    said = ", ".join(f"{k} {was or '-'} -> {now}" for k, (was, now) in a.changes.items())
    return f"{a.on} by {a.by}: {said} ({a.reason})"


def outcomes_message(
    doc: CaseFile, record: CaseOutcomes, today_: Any, duplicate: bool = False
) -> outcomes_pb2.OutcomesReply:
    reply = outcomes_pb2.OutcomesReply(
        case_ref=doc.id, status=doc.status, stage=doc.stage or "", duplicate=duplicate,
        outcome_sought=_s(record.outcome_sought), outcome_agreed=record.outcome_agreed,
        agreed_on=_s(record.agreed_on), statement_outcome=_s(statement_agreed(doc.history)),
    )  # fmt: skip
    for p in record.points:
        reply.points.add(
            id=p.id, text=p.text, kind=p.kind, outcome_sought=_s(p.outcome_sought),
            finding=_s(p.finding), finding_reason=p.finding_reason, found_by=p.found_by,
            found_on=_s(p.found_on),
        )  # fmt: skip
    for r in record.remedies:
        reply.remedies.add(
            id=r.id, type=str(r.type), description=r.description, owner=r.owner, due=_s(r.due),
            point=r.point, amount=f"{r.amount:.2f}" if r.amount is not None else "",
            reason=r.reason, claim=r.claim, referral=_s(r.referral), status=str(r.status),
            approved_by=r.approved_by, approved_role=r.approved_role,
            approved_on=_s(r.approved_on), done_on=_s(r.done_on), done_note=r.done_note,
            overdue=r.overdue(today_), reminders=[f"{m.kind} {m.on}" for m in r.reminders],
            approved_amount=f"{r.approved_amount:.2f}" if r.approved_amount is not None else "",
            amendments=[_amendment(a) for a in r.amendments], cancelled_on=_s(r.cancelled_on),
            cancelled_by=r.cancelled_by, cancel_reason=r.cancel_reason,
        )  # fmt: skip
    for x in record.learning:
        reply.learning.add(
            id=x.id, root_cause=str(x.root_cause), lesson=x.lesson,
            service_change=x.service_change, owner=x.owner, status=str(x.status),
            recorded_on=x.recorded_on.isoformat(), recorded_by=x.recorded_by,
        )  # fmt: skip
    return reply


def _amount(f: Fields) -> Decimal | None:
    raw = f.text("amount").replace("£", "").replace(",", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        f._bad("amount", "number", f"{raw!r} is not an amount in pounds, e.g. 250.00")
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        f._bad("amount", "number", "pounds and pence, at most two decimals")
        return None
    return value


def _agree(f: Fields) -> OutcomeCommand:
    return findings.AgreeOutcome(
        outcome_sought=f.text("outcome_sought", required=True, what="what the complainant wants"),
        agreed=bool(f.request.agreed), note=f.text("note"),
    )  # fmt: skip


def _point(f: Fields) -> OutcomeCommand:
    return findings.SetPoint(
        point=f.text("point"), text=f.text("text"), outcome_sought=f.text("outcome_sought")
    )


def _finding(f: Fields) -> OutcomeCommand:
    return findings.RecordFinding(
        point=f.text("point", required=True, what="the point, e.g. P1"),
        finding=f.choice("finding", Finding),  # type: ignore[arg-type]
        reason=f.text("reason", required=True, what="say why: the response answers each point"),
    )


def _remedy(f: Fields) -> OutcomeCommand:
    referral = f.choice("referral", Referral, default=None) if f.text("referral") else None
    return remedies.AddRemedy(
        type=f.choice("type", RemedyType),  # type: ignore[arg-type]
        description=f.text("description", required=True, what="say what will be done"),
        owner=f.text("owner", required=True, what="name who will carry it out"),
        due=f.day("due"), point=f.text("point"), amount=_amount(f), reason=f.text("reason"),
        claim=bool(f.request.claim), referral=referral,
    )  # fmt: skip


def _approve(f: Fields) -> OutcomeCommand:
    return remedies.ApproveRemedy(
        remedy=f.text("remedy", required=True, what="the remedy, e.g. R1"), note=f.text("note")
    )


def _amend(f: Fields) -> OutcomeCommand:
    return remedy_changes.AmendRemedy(
        remedy=f.text("remedy", required=True, what="the remedy, e.g. R1"),
        reason=f.text("reason", required=True, what="say why the remedy is amended"),
        description=f.text("description"), owner=f.text("owner"), due=f.day("due"),
        amount=_amount(f),
    )  # fmt: skip


def _cancel(f: Fields) -> OutcomeCommand:
    return remedy_changes.CancelRemedy(
        remedy=f.text("remedy", required=True, what="the remedy, e.g. R1"),
        reason=f.text("reason", required=True, what="say why, e.g. the complainant declined it"),
    )


def _complete(f: Fields) -> OutcomeCommand:
    return commitments.CompleteCommitment(
        remedy=f.text("remedy", required=True, what="the remedy, e.g. R1"),
        note=f.text("note", required=True, what="say what was done"),
    )


def _learning(f: Fields) -> OutcomeCommand:
    cause = f.choice("root_cause", RootCause, default=None) if f.text("root_cause") else None
    status = f.choice("status", LearningStatus, default=None) if f.text("status") else None
    return learning.RecordLearning(
        id=f.text("id"), root_cause=cause, lesson=f.text("lesson"),
        service_change=f.text("service_change"), owner=f.text("owner"), status=status,
    )  # fmt: skip


COMMANDS: dict[str, Callable[[Fields], OutcomeCommand]] = {
    "AgreeOutcome": _agree,
    "SetPoint": _point,
    "RecordFinding": _finding,
    "AddRemedy": _remedy,
    "ApproveRemedy": _approve,
    "AmendRemedy": _amend,
    "CancelRemedy": _cancel,
    "CompleteCommitment": _complete,
    "RecordLearning": _learning,
}


class OutcomeServicer(outcomes_pb2_grpc.OutcomeServiceServicer):
    def __init__(self, *, work: OutcomeWork, clock: Clock):
        self._work, self._clock = work, clock

    async def _command(self, rpc: str, request: Any) -> outcomes_pb2.OutcomesReply:
        ref, request_id = ref_and_id(request)
        f = Fields(request)
        cmd = COMMANDS[rpc](f)
        f.done()
        result = await self._work.run(current_caller(), ref, cmd, request_id)
        return outcomes_message(result.case, result.record, today(self._clock), result.duplicate)

    @maps_errors
    @records_errors
    async def GetOutcomes(  # noqa: N802
        self, request: outcomes_pb2.OutcomesRequest, context: Ctx
    ) -> outcomes_pb2.OutcomesReply:
        f = Fields(request)
        ref = f.text("ref", required=True, what="give a case ref, e.g. CSC-2026-000001/1")
        f.done()
        caller = current_caller()
        found = await self._work.read(ref)
        if found is None:
            raise missing_case(ref, can_read(caller, CaseFacts()))
        doc, record = found
        allowed, why = can_read(caller, CaseFacts.of(doc))
        if not allowed:
            raise NotAllowed(why)
        return outcomes_message(doc, record, today(self._clock))

    def _allow(self, procedure: str) -> None:
        allowed, why = can_report(current_caller(), procedure)
        if not allowed:
            raise Denied(why)

    @maps_errors
    async def Commitments(  # noqa: N802
        self, request: outcomes_pb2.CommitmentsRequest, context: Ctx
    ) -> Any:
        f = Fields(request)
        as_of = f.day("as_of") or today(self._clock)
        f.done()
        self._allow(request.procedure)
        found = await self._work.commitment_rows(request.procedure)
        rows = [(doc.id, doc.procedure, r) for doc, r in found]
        return report_message(commitments_report(rows, as_of, overdue_only=request.overdue_only))

    @maps_errors
    async def Learning(self, request: outcomes_pb2.LearningRequest, context: Ctx) -> Any:  # noqa: N802
        f = Fields(request)
        start, end = f.day("from"), f.day("to")
        if start and end and end < start:
            f._bad("to", "range", f"{end} is before {start}")
        f.done()
        self._allow(request.procedure)
        rows = await self._work.learning_rows(request.procedure, start, end)
        return report_message(learning_report(rows, start, end))


def _command_rpc(name: str):  # type: ignore[no-untyped-def]
    @maps_errors
    @records_errors
    async def rpc(self: OutcomeServicer, request: Any, context: Ctx) -> Any:
        return await self._command(name, request)

    rpc.__name__ = name
    rpc.__doc__ = f"OutcomeService.{name}: one command, idempotent on request_id."
    return rpc


for _name in COMMANDS:
    setattr(OutcomeServicer, _name, _command_rpc(_name))

__all__ = ["OutcomeServicer"]
