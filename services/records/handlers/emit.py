"""Glue shared by the records use cases: a command's context, and its events as outbox
messages (their ids marked processed, so records' own events coming back are no-ops)."""

from __future__ import annotations

from collections.abc import Callable

import procedures
from common.bus import Outgoing
from common.clock import Clock, today
from common.workdays import Calendar
from services.records.adapters.documents import CaseFile
from services.records.domain.casework import Emitted
from services.records.domain.errors import Refusal
from services.records.domain.model import Context


def context(
    doc: CaseFile,
    *,
    actor: str,
    role: str,
    clock: Clock,
    calendar_for: Callable[[str], Calendar],
) -> Context:
    """Who acts on ``doc`` now, with its procedure and calendar; a file not yet routed
    cannot be worked."""
    if doc.status == "pending" or not doc.procedure:
        raise Refusal(f"case {doc.id} has not been routed yet: nothing can be done to it")
    return Context(
        actor=actor,
        role=role,
        now=clock.now(),
        today=today(clock),
        procedure=procedures.get(doc.procedure),
        calendar=calendar_for(doc.calendar or "england-and-wales"),
    )


def outgoing(doc: CaseFile, emitted: list[Emitted]) -> list[Outgoing]:
    """The outbox messages for ``emitted``; their ids join the processed ones so that the
    copy records receives back from the bus changes nothing."""
    doc.processed = [*doc.processed, *(e.message_id for e in emitted)]
    return [
        Outgoing.event(e.event, message_id=e.message_id, routing_key=e.event.routing_key)
        for e in emitted
    ]
