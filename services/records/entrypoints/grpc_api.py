"""gRPC entrypoint: CaseService (reads: GetCase, ListCases)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import grpc

from common.contracts.events import FieldError
from common.grpc_server import BadRequest, Denied, NotFound, current_caller, maps_errors
from complaints.v1 import cases_pb2, cases_pb2_grpc
from services.records.adapters.documents import CaseFile
from services.records.domain.access import can_read
from services.records.handlers import RecordsHandlers


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")


def case_message(doc: CaseFile, *, with_history: bool) -> cases_pb2.Case:
    msg = cases_pb2.Case(
        case_ref=doc.id,
        reference=doc.reference,
        strand=doc.strand or 0,
        strands_total=doc.strands_total or 1,
        procedure=doc.procedure or "",
        stage=doc.stage or "",
        category=doc.category or "",
        owner=doc.owner or "",
        status=doc.status or "",
        nation=doc.nation or "",
        received_on=_iso(doc.received_on)[:10],
        subject=doc.subject or "",
        confidential=bool(doc.confidential),
        partner_id=doc.partner_id or "",
        opened_at=_iso(doc.opened_at),
        breached=bool(doc.breached),
    )
    for name, clock in sorted((doc.clocks or {}).items(), key=lambda kv: kv[1].get("due", "")):
        msg.clocks.add(
            name=name,
            due=clock.get("due", ""),
            status=clock.get("status", ""),
            explanation=clock.get("explanation", ""),
        )
    for letter in doc.letters or []:
        msg.letters.add(
            **{
                k: str(letter.get(k, ""))
                for k in (
                    "recipient",
                    "address",
                    "channel",
                    "template",
                    "content_sha256",
                    "status",
                    "at",
                )
            }
        )
    if with_history:
        for entry in doc.history or []:
            msg.history.add(
                at=_iso(entry.get("at")),
                type=entry.get("type", ""),
                summary=entry.get("summary", ""),
                message_id=entry.get("message_id", ""),
                data_json=json.dumps(entry.get("data", {}), default=str),
            )
    return msg


class CaseServicer(cases_pb2_grpc.CaseServiceServicer):
    def __init__(self, handlers: RecordsHandlers):
        self._handlers = handlers

    @maps_errors
    async def GetCase(
        self,
        request: cases_pb2.GetCaseRequest,  # noqa: N802
        context: grpc.aio.ServicerContext,
    ) -> cases_pb2.Case:
        caller = current_caller()
        if not request.ref:
            raise BadRequest([FieldError(field="ref", rule="required", message="give a case ref")])
        doc = await self._handlers.get_case(request.ref)
        if doc is None:
            raise NotFound(f"no case {request.ref!r}")
        allowed, why = can_read(caller, confidential=doc.confidential, partner_id=doc.partner_id)
        if not allowed:
            raise Denied(why)
        return case_message(doc, with_history=True)

    @maps_errors
    async def ListCases(
        self,
        request: cases_pb2.ListCasesRequest,  # noqa: N802
        context: grpc.aio.ServicerContext,
    ) -> cases_pb2.ListCasesReply:
        caller = current_caller()
        due_before = None
        if request.due_before:
            try:
                due_before = date.fromisoformat(request.due_before)
            except ValueError as exc:
                raise BadRequest(
                    [FieldError(field="due_before", rule="date", message="use YYYY-MM-DD")]
                ) from exc
        if request.page_size < 0 or request.page_size > 500:
            raise BadRequest(
                [FieldError(field="page_size", rule="range", message="page_size must be 0..500")]
            )
        docs, token = await self._handlers.list_cases(
            procedure=request.procedure,
            stage=request.stage,
            owner=request.owner,
            status=request.status,
            due_before=due_before,
            breached_only=request.breached_only,
            page_size=request.page_size,
            after=request.page_token,
        )
        visible = [
            d
            for d in docs
            if can_read(caller, confidential=d.confidential, partner_id=d.partner_id)[0]
        ]
        return cases_pb2.ListCasesReply(
            cases=[case_message(d, with_history=False) for d in visible], next_page_token=token
        )
