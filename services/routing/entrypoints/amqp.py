"""AMQP entrypoint: each received complaint is routed."""

from __future__ import annotations

from pydantic import ValidationError

from common.asyncapi import dead_letters, event, partner_replies
from common.bus import queue_spec
from common.consumer import Handler, Incoming, refusing
from common.contracts.events import (
    CaseExcluded,
    CaseReferred,
    CaseRouted,
    ComplaintRejected,
    RepresentationRecorded,
)
from services.routing.handlers import RoutingHandlers


def received_consumer(handlers: RoutingHandlers) -> Handler:
    async def on_received(msg: Incoming) -> None:
        await handlers.on_received(msg.body, msg.message_id)

    return refusing(on_received, ValidationError)


# What routing publishes (common.asyncapi documents it; tests check it against the code).
SENDS = (
    event(
        CaseRouted,
        "One strand of a complaint: procedure, stage, category, owner, aspects, clocks; a "
        "split complaint gives several strands of one reference.",
    ),
    event(CaseReferred, "A matter referred outside (police, children's services, ...)."),
    event(CaseExcluded, "Not dealt with under the procedure, with the rule and the reason."),
    event(RepresentationRecorded, "A compliment or other representation: recorded only."),
    event(ComplaintRejected, "Out of its procedure's scope, with the reasons."),
    *partner_replies("rejected"),
    dead_letters(queue_spec("routing.complaints")),
)
