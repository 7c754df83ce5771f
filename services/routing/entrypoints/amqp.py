"""AMQP entrypoint: each received complaint is routed."""

from __future__ import annotations

from pydantic import ValidationError

from common.consumer import Handler, Incoming, Invalid, field_errors
from services.routing.handlers import RoutingHandlers


def received_consumer(handlers: RoutingHandlers) -> Handler:
    async def on_received(msg: Incoming) -> None:
        try:
            await handlers.on_received(msg.body, msg.message_id)
        except ValidationError as exc:
            raise Invalid(field_errors(exc)) from exc

    return on_received
