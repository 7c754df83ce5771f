"""AMQP entrypoint: partner submissions on ``intake`` with key ``submit.<partner>``."""

from __future__ import annotations

from common.consumer import Handler, Incoming, Invalid
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import IntakeHandlers


def submission_consumer(handlers: IntakeHandlers) -> Handler:
    async def on_submission(msg: Incoming) -> None:
        partner_id = msg.routing_key.removeprefix("submit.")
        try:
            await handlers.submit(
                partner_id=partner_id,
                body=msg.body,
                message_id=msg.message_id,
                user_id=msg.user_id,
            )
        except InvalidSubmission as exc:
            # Already recorded and answered; the original goes to the DLQ with reasons.
            raise Invalid(exc.errors) from exc

    return on_submission
