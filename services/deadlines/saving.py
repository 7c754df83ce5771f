"""A strand's clocks read from its document and written back with the events their facts
fire, and when the strand is next due (``next_fire_on``, ``next_due``): what every part of
`services.deadlines.handlers.DeadlineHandlers` builds on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from common.bus import Outgoing
from common.clock import Clock as TimeSource
from common.clock import today
from common.outbox import OutboxRelay
from common.storage import Store
from common.workdays import Calendar
from services.deadlines.adapters.codec import encode
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain import progress
from services.deadlines.domain.clocks import Clock, ClockFact, ClockStatus
from services.deadlines.domain.events import next_fire_on, to_messages
from services.deadlines.queries import clocks_of_doc


class Saving:
    """Part of `DeadlineHandlers`: what it works with (set by its ``__init__``), and a
    strand's clocks read and saved."""

    _store: Store
    _time: TimeSource
    _relay: OutboxRelay
    _calendar_for: Callable[[str], Calendar]
    _lead: int
    _reminder_at: time

    def _clocks(self, doc: StrandClocks) -> dict[str, Clock]:
        return clocks_of_doc(doc, self._calendar_for)

    def _save(
        self, doc: StrandClocks, event: Any, clocks: dict[str, Clock], facts: list[ClockFact]
    ) -> list[Outgoing]:
        if event is not None:
            doc.procedure, doc.stage = event.procedure, event.stage or doc.stage
        doc.clocks = {name: encode(c) for name, c in clocks.items()}
        fire = [d for d in (next_fire_on(list(clocks.values()), self._lead),) if d]
        stopped = any(c.status is ClockStatus.STOPPED for c in clocks.values())
        moving = progress.auto_progress_from(
            doc.procedure or "", doc.stage or "", clocks, today(self._time)
        )
        if moving and not stopped:
            fire.append(moving[1])
        doc.next_fire_on = min(fire, default=None)
        doc.next_due = min(
            (
                c.due.due
                for c in clocks.values()
                if c.due and c.status in (ClockStatus.RUNNING, ClockStatus.BREACHED)
            ),
            default=None,
        )
        now = self._time.now()
        return [
            m
            for f in facts
            for m in to_messages(
                f,
                reference=doc.reference,
                strand=doc.strand,
                procedure=doc.procedure or "",
                stage=doc.stage,
                now=now,
                clock=clocks.get(getattr(f, "clock", "")),
            )
        ]
