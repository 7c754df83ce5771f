"""AMQP entrypoint: partner submissions on ``intake`` with key ``submit.<partner>``."""

from __future__ import annotations

from common.consumer import Handler, Incoming, refusing
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import IntakeHandlers


def submission_consumer(handlers: IntakeHandlers) -> Handler:
    """A refused submission is already recorded and answered when `InvalidSubmission` is
    raised; the original then goes to the DLQ with the reasons."""

    async def on_submission(msg: Incoming) -> None:
        await handlers.submit(
            partner_id=msg.routing_key.removeprefix("submit."),
            body=msg.body,
            message_id=msg.message_id,
            user_id=msg.user_id,
        )

    return refusing(on_submission, InvalidSubmission)
