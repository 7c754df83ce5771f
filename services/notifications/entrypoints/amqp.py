"""AMQP entrypoint: case and deadline events that may call for letters."""

from __future__ import annotations

from pydantic import ValidationError

from common.consumer import Handler, Incoming, refusing
from services.notifications.domain.errors import NotificationsError
from services.notifications.handlers import NotificationHandlers


def event_consumer(handlers: NotificationHandlers) -> Handler:
    """Unplannable events (unknown procedure, a confidential letter to someone without the
    right...) are kept in the DLQ with the reason, for an operator to replay."""

    async def on_event(msg: Incoming) -> None:
        await handlers.on_event(msg.routing_key, msg.body, msg.message_id)

    return refusing(on_event, ValidationError, KeyError, NotificationsError)
