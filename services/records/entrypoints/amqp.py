"""AMQP entrypoint: every event about a complaint is filed."""

from __future__ import annotations

from pydantic import ValidationError

from common.consumer import Handler, Incoming, refusing
from services.records.handlers import RecordsHandlers


def event_consumer(handlers: RecordsHandlers) -> Handler:
    async def on_event(msg: Incoming) -> None:
        await handlers.record(msg.routing_key, msg.body, msg.message_id)

    return refusing(on_event, ValidationError, KeyError)
