"""Deadlines use cases: start, stop, resume, extend and complete clocks; fire timers.

The parts of `DeadlineHandlers`, each building on the last:

- `services.deadlines.saving`: what it works with; a strand's clocks read and saved;
- `services.deadlines.lifecycle`: what a lifecycle fact does to a strand's clocks;
- `services.deadlines.timers`: the sweep that fires reminders and breaches;
- here: the wiring, and the events that start a strand's clocks or change them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from common.access import facts as access
from common.bus import Outgoing
from common.clock import Clock as TimeSource
from common.contracts import parse_event
from common.contracts.events import CaseLifecycle, CaseRouted
from common.outbox import Applied, OutboxRelay, apply_once
from common.storage import Store, run_sync
from common.workdays import Calendar
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain.clocks import ClockFact, ClockStatus
from services.deadlines.domain.plan import clocks_at_routing
from services.deadlines.timers import SWEEP_BATCH as SWEEP_BATCH  # re-exported
from services.deadlines.timers import Timers


class DeadlineHandlers(Timers):
    """The service's use cases, wired to its store, time source, outbox relay, calendars,
    reminder lead and reminder time; each part in its own module."""

    def __init__(
        self,
        *,
        store: Store,
        clock: TimeSource,
        relay: OutboxRelay,
        calendar_for: Callable[[str], Calendar],
        lead_working_days: int = 2,
        reminder_at: time = time(0, 0),
    ):
        self._store, self._time, self._relay = store, clock, relay
        self._calendar_for, self._lead = calendar_for, lead_working_days
        self._reminder_at = reminder_at

    # -- events --------------------------------------------------------------------------

    async def on_event(self, routing_key: str, body: dict[str, Any], message_id: str) -> None:
        if not routing_key.startswith("case.") or routing_key == "case.auto-progressed":
            return
        event = parse_event(routing_key, body)
        if event.strand is None:
            return
        applied: Applied[StrandClocks]
        if isinstance(event, CaseRouted):
            applied = await run_sync(self._route, event, message_id)
        elif isinstance(event, CaseLifecycle):
            applied = await run_sync(self._lifecycle, event, body, message_id)
        else:
            return
        # What the commit stored is published from memory, then cleared: get, commit, clear.
        await self._relay.publish(StrandClocks, event.case_ref, applied)

    def _route(self, event: CaseRouted, message_id: str) -> Applied[StrandClocks]:
        calendar = self._calendar_for(event.calendar)

        def decide(doc: StrandClocks) -> list[Outgoing]:
            facts: list[ClockFact] = []
            clocks = self._clocks(doc)
            for planned in clocks_at_routing(event, calendar):
                if planned.clock.name in clocks:
                    continue
                clocks[planned.clock.name] = planned.clock
                facts += planned.facts
            if event.clocks_suspended:
                # The referral is immediate, so handling is suspended from the day the
                # concern was received, however late this message is handled.
                reason = "child-protection referral: handling suspended (seed 004)"
                for name, c in list(clocks.items()):
                    if c.status is ClockStatus.RUNNING:
                        clocks[name], more = c.stop(event.received_on, reason)
                        facts += more
            doc.calendar = event.calendar
            doc.procedure, doc.stage = event.procedure, event.stage
            doc.access = access.encode(access.of_routed(event))
            extra: list[Outgoing] = []
            for early in doc.early:
                later = parse_event(early["key"], early["body"])
                if isinstance(later, CaseLifecycle):
                    extra += self._obey(doc, clocks, facts, later)
            doc.early = []
            return extra + self._save(doc, event, clocks, facts)

        return apply_once(
            self._store,
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

    def _lifecycle(
        self, event: CaseLifecycle, body: dict[str, Any], message_id: str
    ) -> Applied[StrandClocks]:
        def decide(doc: StrandClocks) -> list[Outgoing]:
            if not doc.calendar:
                # Before case.routed (messages in flight together can overtake each other):
                # kept, and obeyed as soon as the strand's clocks exist.
                doc.early = [*doc.early, {"key": event.routing_key, "body": body}]
                return []
            clocks, facts = self._clocks(doc), []
            extra = self._obey(doc, clocks, facts, event)
            return extra + self._save(doc, event, clocks, facts)

        return apply_once(
            self._store,
            StrandClocks,
            event.case_ref,
            message_id,
            decide,
            create=lambda: StrandClocks(
                id=event.case_ref, reference=event.reference, strand=event.strand
            ),
        )
