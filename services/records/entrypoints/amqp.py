"""AMQP entrypoint: every event about a complaint is filed."""

from __future__ import annotations

from pydantic import ValidationError

from common.consumer import Handler, Incoming, Invalid, field_errors
from services.records.handlers import RecordsHandlers


def event_consumer(handlers: RecordsHandlers) -> Handler:
    async def on_event(msg: Incoming) -> None:
        try:
            await handlers.record(msg.routing_key, msg.body, msg.message_id)
        except (ValidationError, KeyError) as exc:
            raise Invalid(field_errors(exc)) from exc

    return on_event
