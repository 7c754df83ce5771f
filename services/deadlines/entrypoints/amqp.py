"""AMQP entrypoint: case facts that start, stop, resume, extend or finish clocks."""

from __future__ import annotations

from pydantic import ValidationError

from common.asyncapi import dead_letters, event
from common.bus import queue_spec
from common.consumer import Handler, Incoming, refusing
from common.contracts.events import (
    CaseAutoProgressed,
    DeadlineApproaching,
    DeadlineBreached,
    DeadlineOutOfTime,
    DeadlineResumed,
    DeadlineSet,
    DeadlineStopped,
    DeadlineWindowClosed,
)
from services.deadlines.domain.clocks import ClockError
from services.deadlines.handlers import DeadlineHandlers


def case_consumer(handlers: DeadlineHandlers) -> Handler:
    async def on_case_event(msg: Incoming) -> None:
        await handlers.on_event(msg.routing_key, msg.body, msg.message_id)

    return refusing(on_case_event, ValidationError, KeyError, ClockError)


# What deadlines publishes (common.asyncapi documents it; tests check it against the code).
SENDS = (
    event(DeadlineSet, "A clock started or moved: its due date and the working behind it."),
    event(DeadlineApproaching, "A clock's reminder: the due date is near."),
    event(DeadlineBreached, "A clock ran out before its fact was recorded."),
    event(DeadlineWindowClosed, "The complainant's time to ask for the next stage ran out."),
    event(DeadlineOutOfTime, "An escalation was asked for after its window had closed."),
    event(DeadlineStopped, "A clock stopped (suspended, or its fact recorded)."),
    event(DeadlineResumed, "A suspended clock runs again, with its new due date."),
    event(CaseAutoProgressed, "A stage moved on because its clock ran out."),
    dead_letters(queue_spec("deadlines.cases")),
)
