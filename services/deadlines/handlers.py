"""Deadlines use cases: start, stop, resume, extend and complete clocks; fire timers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from common.bus import Outgoing
from common.clock import Clock as TimeSource
from common.clock import today
from common.contracts import parse_event
from common.contracts.events import CaseLifecycle, CaseRouted
from common.outbox import ConcurrencyConflict, OutboxRelay, apply_once
from common.store import run_sync
from common.workdays import Calendar
from services.deadlines.adapters.codec import decode, encode
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain.clocks import Clock, ClockFact, ClockStatus
from services.deadlines.domain.events import next_fire_on, to_messages
from services.deadlines.domain.plan import clocks_at_routing

log = logging.getLogger(__name__)

# Lifecycle facts (from records) that finish a clock.
COMPLETES = {
    "case.acknowledged": "acknowledgement",
    "case.responded": "response",
    "case.comments-received": "officer_comments",
}


class DeadlineHandlers:
    def __init__(
        self,
        *,
        clock: TimeSource,
        relay: OutboxRelay,
        calendar_for: Callable[[str], Calendar],
        lead_working_days: int = 2,
    ):
        self._time, self._relay = clock, relay
        self._calendar_for, self._lead = calendar_for, lead_working_days

    # -- events --------------------------------------------------------------------------

    async def on_event(self, routing_key: str, body: dict[str, Any], message_id: str) -> None:
        if not routing_key.startswith("case.") or routing_key == "case.auto-progressed":
            return
        event = parse_event(routing_key, body)
        if event.strand is None:
            return
        if isinstance(event, CaseRouted):
            await run_sync(self._route, event, message_id)
        elif isinstance(event, CaseLifecycle):
            await run_sync(self._lifecycle, event, message_id)
        else:
            return
        await self._relay.flush(StrandClocks, event.case_ref)

    def _route(self, event: CaseRouted, message_id: str) -> None:
        calendar = self._calendar_for(event.calendar)
        on = today(self._time)

        def decide(doc: StrandClocks) -> list[Outgoing]:
            facts: list[ClockFact] = []
            clocks = self._clocks(doc)
            for planned in clocks_at_routing(event, calendar, on):
                if planned.clock.name in clocks:
                    continue
                clocks[planned.clock.name] = planned.clock
                facts += planned.facts
            if event.clocks_suspended:
                reason = "child-protection referral: handling suspended (seed 004)"
                for name, c in list(clocks.items()):
                    if c.status is ClockStatus.RUNNING:
                        clocks[name], more = c.stop(on, reason)
                        facts += more
            return self._save(doc, event, clocks, facts)

        apply_once(
            StrandClocks,
            event.case_ref,
            message_id,
            decide,
            create=lambda: StrandClocks(
                id=event.case_ref,
                reference=event.reference,
                strand=event.strand,
                calendar=event.calendar,
            ),
        )

    def _lifecycle(self, event: CaseLifecycle, message_id: str) -> None:
        on = today(self._time)

        def decide(doc: StrandClocks) -> list[Outgoing]:
            clocks, facts = self._clocks(doc), []
            for name, c in list(clocks.items()):
                new, more = self._change(event, c, on)
                clocks[name] = new
                facts += more
            return self._save(doc, event, clocks, facts)

        try:
            apply_once(StrandClocks, event.case_ref, message_id, decide)
        except LookupError:
            log.info("no clocks for %s yet; %s ignored", event.case_ref, event.routing_key)

    @staticmethod
    def _change(event: CaseLifecycle, c: Clock, on: date) -> tuple[Clock, list[ClockFact]]:
        key = event.routing_key
        if COMPLETES.get(key) == c.name and c.status in (ClockStatus.RUNNING, ClockStatus.BREACHED):
            return c.complete(on)
        if key == "case.suspended" and c.status is ClockStatus.RUNNING:
            return c.stop(on, str(event.detail.get("reason", "suspended")))
        if key == "case.resumed" and c.status is ClockStatus.STOPPED:
            return c.resume(on)
        if key == "case.extended" and event.detail.get("clock") == c.name:
            return c.extend(
                reason=str(event.detail.get("reason", "")),
                to=date.fromisoformat(str(event.detail["to"])),
            )
        return c, []

    # -- timers --------------------------------------------------------------------------

    async def sweep(self) -> int:
        """Fire every reminder and breach due by today; cost follows the strands due."""
        day = today(self._time)
        due = await run_sync(
            lambda: [
                d.id for d in StrandClocks.objects(next_fire_on__lte=day).only("id").limit(1000)
            ]
        )
        fired = 0
        for ref in due:
            try:
                fired += await run_sync(self._tick, ref, day)
            except ConcurrencyConflict:
                log.info("another replica is ticking %s", ref)
            await self._relay.flush(StrandClocks, ref)
        return fired

    def _tick(self, ref: str, day: date) -> int:
        def decide(doc: StrandClocks) -> list[Outgoing]:
            clocks, facts = self._clocks(doc), []
            for name, c in list(clocks.items()):
                clocks[name], more = c.tick(day, self._lead)
                facts += more
            return self._save(doc, None, clocks, facts)

        # A tick is no message: a replica that loses the revision race reloads and sees
        # the facts already fired, so each reminder and breach is emitted exactly once.
        return len(apply_once(StrandClocks, ref, None, decide).emitted)

    # -- reads ---------------------------------------------------------------------------

    async def clocks_of(self, reference: str) -> list[tuple[str, Clock]]:
        """Every clock of a complaint (all strands) or of one strand."""

        def load() -> list[StrandClocks]:
            return list(StrandClocks.objects(id=reference)) or list(
                StrandClocks.objects(reference=reference).order_by("id")
            )

        docs = await run_sync(load)
        return [(d.id, c) for d in docs for c in self._clocks(d).values()]

    async def due_before(self, day: date, limit: int = 500) -> list[tuple[str, Clock]]:
        """Running or breached clocks due on or before ``day``, soonest first."""
        docs = await run_sync(
            lambda: list(StrandClocks.objects(next_due__lte=day).order_by("next_due").limit(limit))
        )
        out = [
            (d.id, c)
            for d in docs
            for c in self._clocks(d).values()
            if c.due
            and c.due.due <= day
            and c.status in (ClockStatus.RUNNING, ClockStatus.BREACHED)
        ]
        return sorted(out, key=lambda rc: rc[1].due.due if rc[1].due else day)

    def calendar(self, name: str) -> Calendar:
        return self._calendar_for(name)

    # -- helpers -------------------------------------------------------------------------

    def _clocks(self, doc: StrandClocks) -> dict[str, Clock]:
        calendar = self._calendar_for(doc.calendar)
        return {name: decode(data, calendar) for name, data in (doc.clocks or {}).items()}

    def _save(
        self, doc: StrandClocks, event: Any, clocks: dict[str, Clock], facts: list[ClockFact]
    ) -> list[Outgoing]:
        if event is not None:
            doc.procedure, doc.stage = event.procedure, event.stage or doc.stage
        doc.clocks = {name: encode(c) for name, c in clocks.items()}
        doc.next_fire_on = next_fire_on(list(clocks.values()), self._lead)
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
            )
        ]
