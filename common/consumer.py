"""The one way a service consumes a queue: validate, handle, and map failures.

- A message that can never succeed (bad JSON, missing ``message_id``, a body that fails
  its contract: `Invalid`) is dead-lettered at once to the queue's DLQ, with the reasons
  in the ``x-rejection`` header, and acknowledged. Nothing is lost and nothing loops.
- A partner hears of every refusal: a handler may carry an ``on_invalid`` hook
  (`Answering`), called before the dead-letter with the `Incoming` (``None`` when the
  body could not even be read) and the reasons; ``subscribe(on_invalid=...)`` overrides it.
- Any other error is raised: the message is returned to the quorum queue and retried
  until its delivery limit, then the broker dead-letters it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from faststream import AckPolicy
from faststream.rabbit import RabbitBroker
from faststream.rabbit.annotations import RabbitMessage

from common.bus import DLX, REJECTION_HEADER, Outgoing, Publisher, QueueSpec, work_queue
from common.contracts.events import FieldError, field_errors
from common.logs import log_context
from common.metrics import ServiceMetrics

log = logging.getLogger(__name__)

# A longer body is dead-lettered as text (``{"raw": ...}``) without being decoded: decoding
# and re-encoding megabytes of JSON would hold the event loop (issue 21).
DECODED_DEAD_LETTER_BYTES = 4 * 1024 * 1024


class Invalid(Exception):  # noqa: N818 - reads as "raise Invalid(...)"
    """The message breaks its contract and can never succeed."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message} ({e.rule})" for e in errors))


@dataclass(frozen=True)
class Incoming:
    queue: str
    routing_key: str
    message_id: str
    body: dict[str, Any]
    headers: dict[str, Any]
    user_id: str | None
    correlation_id: str | None
    redelivered: bool


Handler = Callable[[Incoming], Awaitable[None]]
# Turns a message's raw body into the JSON object a handler gets, or raises `Invalid`.
BodyReader = Callable[[bytes], dict[str, Any]]
# Called for a refused message before it is dead-lettered: the Incoming (None when the
# body could not be read), the framework's message, and the reasons.
OnInvalid = Callable[[Incoming | None, Any, list[FieldError]], Awaitable[None]]


@dataclass(frozen=True)
class Answering:
    """A handler that also answers the messages refused before it could run (an unreadable
    body, no message id): `subscribe` calls ``on_invalid`` for every refused message, so a
    service can reply without changing how its runtime subscribes."""

    handle: Handler
    on_invalid: OnInvalid
    # How this queue's bodies are read (default `read_json_object`): a service with its
    # own limits refuses a hostile body while reading it, before any handler runs.
    read_body: BodyReader | None = None

    async def __call__(self, msg: Incoming) -> None:
        await self.handle(msg)


def refusing(handler: Handler, *never: type[Exception]) -> Handler:
    """``handler``, with the errors in ``never`` (those a retry cannot cure: a broken
    contract, an impossible request) turned into `Invalid`, so the message is
    dead-lettered at once with its reasons instead of retried to the limit."""

    async def handle(msg: Incoming) -> None:
        try:
            await handler(msg)
        except never as exc:
            raise Invalid(field_errors(exc)) from exc

    return handle


def read_json_object(raw: bytes) -> dict[str, Any]:
    """A body as a JSON object, or `Invalid` naming ``(body)``."""
    try:
        body = json.loads(raw or b"null")
    except ValueError as exc:  # not JSON, not UTF-8 (UnicodeDecodeError), too many digits
        raise Invalid([FieldError(field="(body)", rule="json", message=str(exc)[:300])]) from exc
    except RecursionError as exc:
        raise Invalid(
            [FieldError(field="(body)", rule="max-depth", message="the JSON is nested too deep")]
        ) from exc
    if not isinstance(body, dict):
        raise Invalid(
            [FieldError(field="(body)", rule="object", message="body must be a JSON object")]
        )
    return body


def _incoming(spec: QueueSpec, message: Any, read_body: BodyReader) -> Incoming:
    raw = message.raw_message
    if not raw.message_id:
        raise Invalid(
            [
                FieldError(
                    field="message_id",
                    rule="required",
                    message="every message needs a unique, stable message_id",
                )
            ]
        )
    body = read_body(bytes(message.body or b""))
    return Incoming(
        queue=spec.name,
        routing_key=raw.routing_key or "",
        message_id=str(raw.message_id),
        body=body,
        headers=dict(raw.headers or {}),
        user_id=raw.user_id,
        correlation_id=raw.correlation_id,
        redelivered=bool(raw.redelivered),
    )


async def dead_letter(
    publisher: Publisher, spec: QueueSpec, message: Any, errors: list[FieldError]
) -> None:
    """Send ``message`` unchanged to ``spec``'s DLQ with the reasons in a header."""
    raw = message.raw_message
    headers = dict(raw.headers or {})
    headers[REJECTION_HEADER] = json.dumps([e.model_dump() for e in errors])
    headers["x-original-routing-key"] = raw.routing_key or ""
    headers["x-original-exchange"] = raw.exchange or ""
    body: Any
    try:
        if len(message.body or b"") > DECODED_DEAD_LETTER_BYTES:
            raise ValueError("too long to decode here")
        body = json.loads(message.body)
        json.dumps(body)  # what the publisher will do: a body it cannot encode goes raw
    except (ValueError, RecursionError):
        body = {"raw": (message.body or b"").decode("utf-8", "replace")}
    await publisher.publish(
        Outgoing(
            exchange=DLX.name,
            routing_key=spec.name,
            message_id=str(raw.message_id or _stand_in_id(raw.routing_key or "", message.body)),
            body=body if isinstance(body, dict) else {"raw": body},
            correlation_id=raw.correlation_id,
            type=raw.type or "",
            headers=headers,
        )
    )


def _stand_in_id(routing_key: str, body: bytes | None) -> str:
    """A stable id for a message that came without one (its redelivery gets the same)."""
    digest = hashlib.sha256(routing_key.encode() + b"\0" + bytes(body or b""))
    return f"no-id-{digest.hexdigest()[:32]}"


async def _raw_body(message: Any) -> bytes:
    """Leave decoding to `_incoming`, so a body that is not JSON is refused with a reason
    instead of failing inside the framework and looping until the delivery limit."""
    return bytes(message.body)


def subscribe(
    broker: RabbitBroker,
    spec: QueueSpec,
    handler: Handler,
    publisher: Publisher,
    *,
    delivery_limit: int,
    on_invalid: OnInvalid | None = None,
    metrics: ServiceMetrics | None = None,
) -> None:
    """Consume ``spec``'s queue with ``handler`` (see the module docstring for failures).

    ``on_invalid`` defaults to the handler's own (`Answering`)."""

    @broker.subscriber(
        work_queue(spec, delivery_limit),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        decoder=_raw_body,
    )
    async def consume(message: RabbitMessage) -> None:
        await process(spec, message, handler, publisher, on_invalid=on_invalid, metrics=metrics)


async def process(
    spec: QueueSpec,
    message: Any,
    handler: Handler,
    publisher: Publisher,
    *,
    on_invalid: OnInvalid | None = None,
    metrics: ServiceMetrics | None = None,
) -> str:
    """One delivery of ``message`` (a framework message: ``body`` bytes, ``raw_message``):
    ``"ok"``, or ``"rejected"`` once answered and dead-lettered; any other error is raised
    (the message goes back to the queue). ``on_invalid`` defaults to the handler's own
    (`Answering`)."""
    if on_invalid is None:
        on_invalid = getattr(handler, "on_invalid", None)
    read_body = getattr(handler, "read_body", None) or read_json_object
    incoming: Incoming | None = None
    started, outcome = time.perf_counter(), "failed"
    with log_context(message_id=str(message.raw_message.message_id or "")):
        try:
            incoming = _incoming(spec, message, read_body)
            await handler(incoming)
            outcome = "ok"
        except Invalid as exc:
            log.warning("message rejected: %s", exc, extra={"queue": spec.name})
            if on_invalid is not None:
                await on_invalid(incoming, message, exc.errors)
            await dead_letter(publisher, spec, message, exc.errors)
            outcome = "rejected"
        except Exception:
            log.exception("handler failed; the message goes back to %s", spec.name)
            raise
        finally:
            if metrics is not None:
                metrics.observe(spec.name, outcome, time.perf_counter() - started)
    return outcome
