"""The timers: every reminder and breach due by today fired by one sweep (one indexed
query), and a stage that runs past its time limit moved on (``case.auto-progressed``)."""

from __future__ import annotations

import logging
from datetime import date

import procedures
from common.bus import Outgoing
from common.clock import today
from common.contracts.events import CaseAutoProgressed
from common.outbox import Applied, ConcurrencyConflict, apply_once
from common.storage import run_sync
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain import progress
from services.deadlines.domain.clocks import ClockStatus
from services.deadlines.domain.events import reminders_due
from services.deadlines.lifecycle import Lifecycle

log = logging.getLogger("services.deadlines.handlers")  # one logger for every part

# How many due strands one sweep reads at most (the next sweep takes the rest).
SWEEP_BATCH = 1000


class Timers(Lifecycle):
    """Part of `DeadlineHandlers`."""

    async def sweep(self) -> int:
        """Fire every reminder and breach due by today; cost follows the strands due.

        One indexed range query (``next_fire_on <= today``) finds them, so an idle sweep
        is that one read and nothing else. Each due strand then costs a revision-guarded
        commit and, when it fired something, the relay's clear after publishing from
        memory. Replicas sweep the same strands by design: the revision lets one of them
        commit a tick, and the outbox it commits is leased to it (``COMMIT_LEASE_S``), so
        no other replica's start-up sweep sends it too.
        """
        day = today(self._time)
        remind = reminders_due(self._time.now(), self._reminder_at)
        due = await run_sync(self.due_strands, day)
        fired = 0
        for doc in due:
            try:
                applied = await run_sync(self._tick, doc, day, remind)
            except ConcurrencyConflict:
                log.info("another replica is ticking %s", doc.id)
                continue
            await self._relay.publish(StrandClocks, doc.id, applied)
            fired += len(applied.emitted)
        return fired

    def due_strands(self, day: date) -> list[StrandClocks]:
        """The strands with a reminder or breach due by ``day``, soonest first (an index
        range scan on ``next_fire_on``, at most `SWEEP_BATCH`). Blocking."""
        return self._store.find(
            StrandClocks, {"next_fire_on__lte": day}, order_by="next_fire_on", limit=SWEEP_BATCH
        )

    def _tick(self, loaded: StrandClocks, day: date, remind: bool = True) -> Applied[StrandClocks]:
        def decide(doc: StrandClocks) -> list[Outgoing]:
            clocks, facts = self._clocks(doc), []
            for name, c in list(clocks.items()):
                clocks[name], more = c.tick(day, self._lead, remind=remind)
                facts += more
            out: list[Outgoing] = []
            target = progress.auto_progress(doc.procedure, doc.stage or "", clocks, day)
            if target and not any(c.status is ClockStatus.STOPPED for c in clocks.values()):
                out.append(self._auto_progressed(doc, target))
                out += self._enter(doc, clocks, facts, target, day, requested=False)
            return out + self._save(doc, None, clocks, facts)

        # A tick is no message: a replica that loses the revision race reloads and sees
        # the facts already fired, so each reminder and breach is emitted exactly once.
        # The first attempt decides on the document the due query just read (its revision
        # guards the commit), which saves a get per due strand.
        before = (dict(loaded.clocks), loaded.stage)
        emit = decide(loaded)
        if not emit and (dict(loaded.clocks), loaded.stage) == before:
            return Applied(loaded, duplicate=False, emitted=[])
        try:
            self._store.commit(loaded, message_id=None, emit=emit)
        except ConcurrencyConflict:
            return apply_once(self._store, StrandClocks, loaded.id, None, decide)
        return Applied(loaded, duplicate=False, emitted=emit)

    def _auto_progressed(self, doc: StrandClocks, target: str) -> Outgoing:
        rule = procedures.get(doc.procedure).stage(doc.stage).auto_progress
        event = CaseAutoProgressed(
            reference=doc.reference,
            strand=doc.strand,
            procedure=doc.procedure,
            stage=target,
            occurred_at=self._time.now(),
            from_stage=doc.stage,
            to_stage=target,
            reason=f"{rule.after if rule else 'the clock'} ran past its limit; "
            f"{rule.source if rule else ''}".strip(),
        )
        return Outgoing.event(event, message_id=f"case.auto-progressed:{doc.id}:{target}")
