"""AMQP entrypoint: each received complaint is routed."""

from __future__ import annotations

from pydantic import ValidationError

from common.consumer import Handler, Incoming, refusing
from services.routing.handlers import RoutingHandlers


def received_consumer(handlers: RoutingHandlers) -> Handler:
    async def on_received(msg: Incoming) -> None:
        await handlers.on_received(msg.body, msg.message_id)

    return refusing(on_received, ValidationError)
