"""AMQP entrypoint: partner submissions on ``intake`` with key ``submit.<partner>``."""

from __future__ import annotations

import hashlib
from typing import Any

from common.asyncapi import dead_letters, event, partner_replies
from common.bus import queue_spec
from common.consumer import Answering, Handler, Incoming, Invalid, refusing
from common.contracts import FieldError
from common.contracts.events import ComplaintReceived, ComplaintRejected
from services.intake.domain.bounded_json import read_body
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import IntakeHandlers

PREFIX = "submit."


def submission_consumer(handlers: IntakeHandlers) -> Handler:
    """A refused submission is already recorded and answered when `InvalidSubmission` is
    raised; the original then goes to the DLQ with the reasons.

    A body that cannot even be read (not JSON, not UTF-8, empty, not an object, no
    message id) or is over the limits the reading counts (`read_body`: its length, more
    than 1,000 fields in an object, too many values) never reaches the handler: the
    consumer refuses it and calls
    ``on_invalid``, which records and answers it ``<partner>.rejected`` naming ``(body)``,
    so the partner gets exactly one reply for every message."""

    async def on_submission(msg: Incoming) -> None:
        await handlers.submit(
            partner_id=msg.routing_key.removeprefix(PREFIX),
            body=msg.body,
            message_id=msg.message_id,
            user_id=msg.user_id,
        )

    async def on_invalid(incoming: Incoming | None, message: Any, errors: list[FieldError]) -> None:
        if incoming is not None:
            return  # the handler ran, and has answered the refusal itself
        raw = message.raw_message
        key = raw.routing_key or ""
        if not key.startswith(PREFIX) or not key.removeprefix(PREFIX):
            return  # no partner to answer
        body = bytes(message.body or b"")
        await handlers.refuse_unreadable(
            partner_id=key.removeprefix(PREFIX),
            raw=body,
            message_id=str(raw.message_id or "") or unidentified(key, body),
            errors=errors,
        )

    return Answering(refusing(on_submission, InvalidSubmission), on_invalid, read_submission)


def read_submission(raw: bytes) -> dict[str, Any]:
    """The consumer's reader for ``intake.submissions``: `read_body`'s budget."""
    try:
        return read_body(raw)
    except InvalidSubmission as exc:
        raise Invalid(exc.errors) from None


def unidentified(routing_key: str, body: bytes) -> str:
    """A stable stand-in id for a message that came without one (a redelivery of it is
    answered once)."""
    return "no-id:" + hashlib.sha256(routing_key.encode() + b"\0" + body).hexdigest()[:32]


# What intake publishes (common.asyncapi documents it; tests check it against the code).
SENDS = (
    event(ComplaintReceived, "A valid, new submission, with its reference and the submission."),
    event(
        ComplaintRejected,
        "A submission refused (invalid, out of scope, or a conflicting re-send), with reasons.",
    ),
    *partner_replies("accepted", "rejected"),
    dead_letters(queue_spec("intake.submissions")),
)
