"""Reading clocks for the API: a case's clocks, and what is due by a day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from common.store import run_sync
from common.workdays import Calendar
from services.deadlines.adapters.codec import decode
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain.clocks import Clock, ClockStatus

CalendarFor = Callable[[str], Calendar]


def clocks_of_doc(doc: StrandClocks, calendar_for: CalendarFor) -> dict[str, Clock]:
    """The clocks a strand's document holds (none before the strand is routed)."""
    if not doc.clocks:
        return {}
    calendar = calendar_for(doc.calendar)
    return {name: decode(data, calendar) for name, data in doc.clocks.items()}


class ClockQueries:
    def __init__(self, calendar_for: CalendarFor):
        self.calendar = calendar_for

    async def clocks_of(self, reference: str) -> list[tuple[str, Clock]]:
        """Every clock of a complaint (all strands) or of one strand."""

        def load() -> list[StrandClocks]:
            return list(StrandClocks.objects(id=reference)) or list(
                StrandClocks.objects(reference=reference).order_by("id")
            )

        docs = await run_sync(load)
        return [(d.id, c) for d in docs for c in clocks_of_doc(d, self.calendar).values()]

    async def due_before(self, day: date, limit: int = 500) -> list[tuple[str, Clock]]:
        """Running or breached clocks due on or before ``day``, soonest first."""
        docs = await run_sync(
            lambda: list(StrandClocks.objects(next_due__lte=day).order_by("next_due").limit(limit))
        )
        live = (ClockStatus.RUNNING, ClockStatus.BREACHED)
        out = [
            (d.id, c)
            for d in docs
            for c in clocks_of_doc(d, self.calendar).values()
            if c.due and c.due.due <= day and c.status in live
        ]
        return sorted(out, key=lambda rc: rc[1].due.due if rc[1].due else day)
