"""AMQP entrypoint: every event about a complaint is filed."""

from __future__ import annotations

from pydantic import ValidationError

from common.asyncapi import dead_letters, event
from common.bus import queue_spec
from common.consumer import Handler, Incoming, refusing
from common.contracts.events import (
    CaseLifecycle,
    CaseOpened,
    ComplaintReceived,
    ComplimentPassedOn,
    RemedyAmended,
    RemedyCancelled,
    RepresentationAnswered,
)
from common.contracts.lifecycle_facts import LIFECYCLE_FACTS
from services.records.handlers.events import RecordsHandlers


def event_consumer(handlers: RecordsHandlers) -> Handler:
    async def on_event(msg: Incoming) -> None:
        await handlers.record(msg.routing_key, msg.body, msg.message_id)

    return refusing(on_event, ValidationError, KeyError)


# The lifecycle facts records publishes as ``case.<fact>`` (a test reads them off the
# domain's changes, so a new one is documented or the test fails).
LIFECYCLE = LIFECYCLE_FACTS

# What records publishes (common.asyncapi documents it; tests check it against the code).
SENDS = (
    event(CaseOpened, "A routed strand's case file is open: its owner."),
    *(
        event(CaseLifecycle, f"A lifecycle fact of a strand: {fact}.", f"case.{fact}")
        for fact in LIFECYCLE
    ),
    event(
        ComplaintReceived,
        "A children's representation moved to a stage 1 complaint (seed 004): routed again "
        "as a complaint received on the day it moved.",
    ),
    event(
        RepresentationAnswered,
        "A children's representation answered with the action to be taken (seed 004): "
        "notifications writes the answer to the person.",
    ),
    event(
        ComplimentPassedOn,
        "A compliment passed on to the staff and their first line manager (seed 004): "
        "notifications sends the manager the notice.",
    ),
    event(
        RemedyAmended,
        "A remedy amended with the reason (seed 003: remedies at any stage): each field's "
        "old and new value; awaiting-approval when a raised payment needs a new approval.",
    ),
    event(
        RemedyCancelled,
        "A remedy cancelled (withdrawn) with the reason, e.g. the complainant declined it: "
        "no longer a commitment followed up.",
    ),
    dead_letters(queue_spec("records.events")),
)
