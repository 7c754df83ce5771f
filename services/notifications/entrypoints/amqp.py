"""AMQP entrypoint: case and deadline events that may call for letters."""

from __future__ import annotations

from pydantic import ValidationError

from common.consumer import Handler, Incoming, Invalid, field_errors
from services.notifications.domain.errors import NotificationsError
from services.notifications.handlers import NotificationHandlers


def event_consumer(handlers: NotificationHandlers) -> Handler:
    async def on_event(msg: Incoming) -> None:
        try:
            await handlers.on_event(msg.routing_key, msg.body, msg.message_id)
        except (ValidationError, KeyError, NotificationsError) as exc:
            # Unplannable (unknown procedure, a confidential letter to someone without the
            # right...): kept in the DLQ with the reason, for an operator to replay.
            raise Invalid(field_errors(exc)) from exc

    return on_event
