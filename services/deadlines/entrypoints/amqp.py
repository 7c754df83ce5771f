"""AMQP entrypoint: case facts that start, stop, resume, extend or finish clocks."""

from __future__ import annotations

from pydantic import ValidationError

from common.consumer import Handler, Incoming, refusing
from services.deadlines.domain.clocks import ClockError
from services.deadlines.handlers import DeadlineHandlers


def case_consumer(handlers: DeadlineHandlers) -> Handler:
    async def on_case_event(msg: Incoming) -> None:
        await handlers.on_event(msg.routing_key, msg.body, msg.message_id)

    return refusing(on_case_event, ValidationError, KeyError, ClockError)
