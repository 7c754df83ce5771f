"""Reading clocks for the API: a case's clocks, and what is due by a day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from common.access import facts as access
from common.access.policy import CaseFacts
from common.storage import Store, run_sync
from common.workdays import Calendar
from services.deadlines.adapters.codec import decode
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain.clocks import Clock, ClockStatus

CalendarFor = Callable[[str], Calendar]
# How many due strands ListDue reads at most to find a caller's own among everyone's.
MAX_SCAN = 50_000


def clocks_of_doc(doc: StrandClocks, calendar_for: CalendarFor) -> dict[str, Clock]:
    """The clocks a strand's document holds (none before the strand is routed)."""
    if not doc.clocks:
        return {}
    calendar = calendar_for(doc.calendar)
    return {name: decode(data, calendar) for name, data in doc.clocks.items()}


class ClockQueries:
    """The API's reads; each is served by the id or a declared index (see
    tests/deadlines/unit/test_deadlines_query_plans.py)."""

    def __init__(self, store: Store, calendar_for: CalendarFor):
        self._store = store
        self.calendar = calendar_for

    def strands_of(self, reference: str) -> list[StrandClocks]:
        """One strand by its case ref, else every strand of a complaint. Blocking."""
        doc = self._store.get(StrandClocks, reference)
        if doc is not None:
            return [doc]
        return self._store.find(StrandClocks, {"reference": reference}, order_by="id")

    def due_docs(self, day: date, limit: int) -> list[StrandClocks]:
        """Strands with a running or breached clock due on or before ``day``. Blocking."""
        return self._store.find(
            StrandClocks, {"next_due__lte": day}, order_by="next_due", limit=limit
        )

    async def clocks_of(self, reference: str) -> list[tuple[str, Clock]]:
        """Every clock of a complaint (all strands) or of one strand."""
        docs = await run_sync(self.strands_of, reference)
        return [(d.id, c) for d in docs for c in clocks_of_doc(d, self.calendar).values()]

    async def case_facts(self, ref: str) -> list[CaseFacts]:
        """What the gate decides on: the facts of each strand ``ref`` names."""
        return [access.decode(d.access) for d in await run_sync(self.strands_of, ref)]

    async def due_before(
        self, day: date, limit: int = 500, readable: Callable[[CaseFacts], bool] | None = None
    ) -> list[tuple[str, Clock]]:
        """Running or breached clocks due on or before ``day``, soonest first; only those
        of strands ``readable`` allows, when given."""
        docs = await run_sync(self.due_docs, day, limit)
        if readable is not None:
            # Read further until ``limit`` readable strands are found or none are left.
            asked = limit
            kept = [d for d in docs if readable(access.decode(d.access))]
            while len(kept) < limit and len(docs) == asked and asked < MAX_SCAN:
                asked = min(asked * 4, MAX_SCAN)
                docs = await run_sync(self.due_docs, day, asked)
                kept = [d for d in docs if readable(access.decode(d.access))][:limit]
            docs = kept
        live = (ClockStatus.RUNNING, ClockStatus.BREACHED)
        out = [
            (d.id, c)
            for d in docs
            for c in clocks_of_doc(d, self.calendar).values()
            if c.due and c.due.due <= day and c.status in live
        ]
        return sorted(out, key=lambda rc: rc[1].due.due if rc[1].due else day)
