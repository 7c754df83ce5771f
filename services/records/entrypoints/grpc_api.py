"""gRPC entrypoint: CaseService. Thin: validate, call a use case, answer (errors mapped
in `errors.records_errors`, then to status codes by `maps_errors`)."""

from __future__ import annotations

import json
from typing import Any

import grpc

from common.access.policy import CaseFacts, can_read, can_see_access_log
from common.auth import Caller
from common.clock import Clock, today
from common.grpc_server import current_caller, maps_errors
from complaints.v1 import cases_pb2, cases_pb2_grpc
from services.records.adapters.documents import AccessRecord, CaseFile
from services.records.entrypoints.errors import records_errors
from services.records.entrypoints.grpc_reach import METHODS as REPRESENTATION_RPCS
from services.records.entrypoints.messages import (
    access_entry,
    case_message,
    complaint_message,
)
from services.records.entrypoints.requests import COMMAND_RPCS, Fields, command, ref_and_id
from services.records.handlers.casework import CaseWork, NoSuchCase, missing_case
from services.records.handlers.dataprotection import DataProtection
from services.records.handlers.representations import Representations
from services.records.queries import CaseFilter, Queries

type Ctx = grpc.aio.ServicerContext


class CaseServicer(cases_pb2_grpc.CaseServiceServicer):
    def __init__(
        self, *, queries: Queries, casework: CaseWork, dataprotection: DataProtection, clock: Clock
    ):
        self._queries, self._casework = queries, casework
        self._dp, self._clock = dataprotection, clock
        # For the gate (common.access.gate): what it decides on, where refusals are filed.
        self.case_facts = queries.case_facts
        self.on_denied = queries.audit_denied
        self._representations = Representations.beside(casework)  # seed 004 (issue 18)

    # -- reads ---------------------------------------------------------------------------

    async def _readable(self, caller: Caller, ref: str, action: str) -> CaseFile:
        """The case if ``caller`` may read it; for a missing one, PERMISSION_DENIED (not
        NOT_FOUND) when the caller could not read it anyway (`missing_case`)."""
        try:
            return await self._queries.readable_case(caller, ref, action)
        except NoSuchCase:
            raise missing_case(ref, can_read(caller, CaseFacts())) from None

    @maps_errors
    @records_errors
    async def GetCase(self, request: cases_pb2.GetCaseRequest, context: Ctx) -> cases_pb2.Case:  # noqa: N802
        ref, _ = ref_and_id(request)
        doc = await self._readable(current_caller(), ref, "get-case")
        return case_message(doc, full=True)

    @maps_errors
    @records_errors
    async def GetFile(  # noqa: N802
        self, request: cases_pb2.GetCaseRequest, context: Ctx
    ) -> cases_pb2.CaseFileReply:
        caller = current_caller()
        ref, _ = ref_and_id(request)
        doc = await self._readable(caller, ref, "get-file")
        reply = cases_pb2.CaseFileReply(
            case=case_message(doc, full=True),
            complaint=complaint_message(await self._queries.complaint(doc.reference)),
        )
        if can_see_access_log(caller)[0]:
            reply.access_log.extend(access_entry(r) for r in await self._queries.log_of(doc.id))
        return reply

    @maps_errors
    @records_errors
    async def AccessLog(  # noqa: N802
        self, request: cases_pb2.GetCaseRequest, context: Ctx
    ) -> cases_pb2.AccessLogReply:
        ref, _ = ref_and_id(request)
        caller = current_caller()
        try:
            records: list[AccessRecord] = await self._queries.access_log(caller, ref)
        except NoSuchCase:
            raise missing_case(ref, can_see_access_log(caller)) from None
        readers = dict.fromkeys(f"{r.who} ({r.role})" for r in records if r.outcome == "allowed")
        return cases_pb2.AccessLogReply(
            entries=[access_entry(r) for r in records], readers=list(readers)
        )

    @maps_errors
    @records_errors
    async def ListCases(  # noqa: N802
        self, request: cases_pb2.ListCasesRequest, context: Ctx
    ) -> cases_pb2.ListCasesReply:
        f = Fields(request)
        where = CaseFilter(
            procedure=f.text("procedure"),
            stage=f.text("stage"),
            owner=f.text("owner"),
            status=f.text("status"),
            officer=f.text("officer"),
            due_before=f.day("due_before"),
            breached_only=request.breached_only,
            received_from=f.day("received_from"),
            received_to=f.day("received_to"),
        )
        if request.page_size < 0 or request.page_size > 500:
            f._bad("page_size", "range", "page_size must be 0..500")
        f.done()
        docs, token = await self._queries.list_cases(
            current_caller(), where, page_size=request.page_size, after=request.page_token
        )
        return cases_pb2.ListCasesReply(
            cases=[case_message(d, full=False) for d in docs], next_page_token=token
        )

    # -- commands ------------------------------------------------------------------------

    async def _command(self, rpc: str, request: Any) -> cases_pb2.CommandReply:
        ref, request_id, cmd = command(rpc, request)
        result = await self._casework.run(current_caller(), ref, cmd, request_id)
        return cases_pb2.CommandReply(
            case=case_message(result.case, full=True),
            duplicate=result.duplicate,
            events=result.events,
        )

    # -- data protection -----------------------------------------------------------------

    @maps_errors
    @records_errors
    async def ExpireRecords(  # noqa: N802
        self, request: cases_pb2.ExpireRecordsRequest, context: Ctx
    ) -> cases_pb2.ExpireRecordsReply:
        f = Fields(request)
        as_of = f.day("as_of") or today(self._clock)
        f.done()
        found = await self._dp.expire(
            current_caller(), as_of=as_of, dry_run=request.dry_run, procedure=request.procedure
        )
        reply = cases_pb2.ExpireRecordsReply(dry_run=request.dry_run)
        for item, done in found:
            reply.files.add(
                case_ref=item.case_ref,
                procedure=item.procedure,
                closed_on=item.closed_on.isoformat(),
                expires_on=item.expires_on.isoformat(),
                action=item.action,
                done=done,
            )
        return reply

    @maps_errors
    @records_errors
    async def ExportSubject(  # noqa: N802
        self, request: cases_pb2.ExportSubjectRequest, context: Ctx
    ) -> cases_pb2.ExportSubjectReply:
        f = Fields(request)
        keys = {k: f.text(k) for k in ("name", "contact", "detained_person_ref", "reference")}
        if not any(keys.values()):
            f._bad("contact", "required", "give a name, contact, detained person ref or reference")
        f.done()
        data = await self._dp.export_subject(current_caller(), **keys)
        return cases_pb2.ExportSubjectReply(
            document_json=json.dumps(data, indent=2, ensure_ascii=False),
            complaints=len(data["complaints"]),
            cases=len(data["cases"]),
        )


def _command_rpc(name: str):  # type: ignore[no-untyped-def]
    @maps_errors
    @records_errors
    async def rpc(self: CaseServicer, request: Any, context: Ctx) -> cases_pb2.CommandReply:
        return await self._command(name, request)

    rpc.__name__ = name
    rpc.__doc__ = f"CaseService.{name}: one lifecycle command, idempotent on request_id."
    return rpc


for _name in COMMAND_RPCS:
    setattr(CaseServicer, _name, _command_rpc(_name))
for _name, _method in REPRESENTATION_RPCS.items():
    setattr(CaseServicer, _name, _method)

__all__ = ["CaseServicer"]
