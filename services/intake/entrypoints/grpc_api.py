"""gRPC entrypoint: IntakeService.Submit, same rules as the AMQP path."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.json_format import MessageToDict

from common.auth import Role
from common.grpc_server import BadRequest, Denied, current_caller, maps_errors
from complaints.v1 import intake_pb2, intake_pb2_grpc
from services.intake.domain.submissions import InvalidSubmission, fingerprint_body
from services.intake.handlers import IntakeHandlers


def submission_dict(request: intake_pb2.Submission) -> dict[str, Any]:
    """Proto -> the JSON shape of the Submission contract (empty strings mean absent)."""
    data = MessageToDict(request, preserving_proto_field_name=True)

    def prune(value: Any) -> Any:
        if isinstance(value, dict):
            markers = value.pop("markers", {})
            out = {k: prune(v) for k, v in value.items() if v not in ("", None)}
            for key, text in markers.items():
                out[key] = {"true": True, "false": False}.get(text.lower(), text)
            return out
        if isinstance(value, list):
            return [prune(v) for v in value]
        return value

    out = prune(data)
    if "size" in str(out.get("attachments", "")):
        for att in out.get("attachments", []):
            att["size"] = int(att.get("size", 0))
    return out


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(self, handlers: IntakeHandlers):
        self._handlers = handlers

    @maps_errors
    async def Submit(  # noqa: N802 - gRPC method name
        self, request: intake_pb2.Submission, context: grpc.aio.ServicerContext
    ) -> intake_pb2.SubmitReply:
        caller = current_caller()
        if caller.role is not Role.PARTNER or not caller.partner:
            raise Denied("only partner tokens may submit complaints")
        body = submission_dict(request)
        try:
            accepted = await self._handlers.submit(
                partner_id=caller.partner,
                body=body,
                user_id=caller.partner,
                message_id=f"grpc:{caller.partner}:{fingerprint_body(body)}",
            )
        except InvalidSubmission as exc:
            raise BadRequest(exc.errors) from exc
        return intake_pb2.SubmitReply(
            reference=accepted.reference,
            duplicate=accepted.duplicate,
            ignored_fields=[
                intake_pb2.IgnoredField(field=f.field, did_you_mean=f.did_you_mean or "")
                for f in accepted.ignored_fields
            ],
        )
