"""AMQP entrypoint: case and deadline events that may call for letters."""

from __future__ import annotations

from pydantic import ValidationError

from common.asyncapi import dead_letters, event
from common.bus import queue_spec
from common.consumer import Handler, Incoming, refusing
from common.contracts.events import NotificationFailed, NotificationSent, ReferralUnaddressed
from services.notifications.domain.errors import NotificationsError
from services.notifications.handlers import NotificationHandlers


def event_consumer(handlers: NotificationHandlers) -> Handler:
    """Unplannable events (unknown procedure, a confidential letter to someone without the
    right...) are kept in the DLQ with the reason, for an operator to replay."""

    async def on_event(msg: Incoming) -> None:
        await handlers.on_event(msg.routing_key, msg.body, msg.message_id)

    return refusing(on_event, ValidationError, KeyError, NotificationsError)


# What notifications publishes (common.asyncapi documents it; tests check it against the
# code).
SENDS = (
    event(NotificationSent, "A letter sent to one recipient: its template and channel."),
    event(NotificationFailed, "A letter that could not be delivered after every attempt."),
    event(
        ReferralUnaddressed,
        "An operators' alert: a referral letter went to the fallback desk (or failed).",
    ),
    dead_letters(queue_spec("notifications.events")),
)
