"""CaseService's representation and compliment calls (seed 004), on the complaint file:
thin, as every servicer method (`representations.Representations` does the work)."""

from __future__ import annotations

import json
from typing import Any

from common.grpc_server import current_caller, maps_errors
from complaints.v1 import cases_pb2
from services.records.adapters.documents import ComplaintFile
from services.records.entrypoints.errors import records_errors
from services.records.entrypoints.requests import Fields


def _reply(doc: ComplaintFile, duplicate: bool) -> cases_pb2.RepresentationReply:
    return cases_pb2.RepresentationReply(
        reference=doc.id,
        representation_type=doc.representation_type or "",
        duplicate=duplicate,
        handling_json=json.dumps(doc.handling or {}, default=str),
    )


def _ref(f: Fields) -> tuple[str, str]:
    ref = f.text("reference", required=True, what="the complaint reference, e.g. CSC-2026-000001")
    return ref, f.text("request_id")


@maps_errors
@records_errors
async def AnswerRepresentation(self: Any, request: Any, context: Any) -> Any:  # noqa: N802
    f = Fields(request)
    ref, request_id = _ref(f)
    summary = f.text("summary", required=True, what="the response to the issues raised")
    action = f.text("action", required=True, what="set out what action will be taken")
    f.done()
    doc, dup = await self._representations.answer(
        current_caller(), ref, request_id, summary=summary, action=action
    )
    return _reply(doc, dup)


@maps_errors
@records_errors
async def ConvertRepresentation(self: Any, request: Any, context: Any) -> Any:  # noqa: N802
    f = Fields(request)
    ref, request_id = _ref(f)
    reason = f.text("reason", required=True, what="why the answer did not satisfy")
    f.done()
    doc, dup = await self._representations.convert(current_caller(), ref, request_id,
                                                   reason=reason)  # fmt: skip
    return _reply(doc, dup)


@maps_errors
@records_errors
async def PassOnCompliment(self: Any, request: Any, context: Any) -> Any:  # noqa: N802
    f = Fields(request)
    ref, request_id = _ref(f)
    staff = f.texts("staff", required=True, what="the staff the compliment is about")
    manager = f.text("manager", required=True, what="their first line manager")
    note = f.text("note")
    f.done()
    doc, dup = await self._representations.pass_on(
        current_caller(), ref, request_id, staff=staff, manager=manager, note=note
    )
    return _reply(doc, dup)


METHODS = {
    "AnswerRepresentation": AnswerRepresentation,
    "ConvertRepresentation": ConvertRepresentation,
    "PassOnCompliment": PassOnCompliment,
}
