"""AMQP entrypoint: case and deadline events that may call for letters."""

from __future__ import annotations

from pydantic import ValidationError

from common.asyncapi import dead_letters, event
from common.bus import queue_spec
from common.consumer import Handler, Incoming, refusing
from common.contracts.events import (
    LetterUndeliverable,
    NotificationFailed,
    NotificationHandedOver,
    NotificationSent,
    NotificationTaskRaised,
    ReferralUnaddressed,
)
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
    event(
        NotificationHandedOver,
        "A paper letter from the print queue handed to its recipient by the "
        "establishment's complaints clerk, with the day.",
    ),
    event(
        NotificationTaskRaised,
        "Work a letter needs from people (braille, audio, easy read, a translation with "
        "its due date), raised to the fallback desk.",
    ),
    event(
        LetterUndeliverable,
        "A letter to a person no channel can reach (no email, postal address or "
        "establishment): sent to the fallback desk instead.",
    ),
    dead_letters(queue_spec("notifications.events")),
)
