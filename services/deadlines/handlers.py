"""Deadlines use cases: start, stop, resume, extend and complete clocks; fire timers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, time
from typing import Any

import procedures
from common.access import facts as access
from common.bus import Outgoing
from common.clock import Clock as TimeSource
from common.clock import today
from common.contracts import parse_event
from common.contracts.events import (
    CaseAutoProgressed,
    CaseLifecycle,
    CaseRouted,
    DeadlineOutOfTime,
)
from common.outbox import Applied, ConcurrencyConflict, OutboxRelay, apply_once
from common.storage import Store, run_sync
from common.workdays import Calendar
from services.deadlines.adapters.codec import encode
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain import progress, reviews
from services.deadlines.domain.clocks import (
    Clock,
    ClockCompleted,
    ClockError,
    ClockFact,
    ClockStatus,
)
from services.deadlines.domain.events import next_fire_on, reminders_due, to_messages
from services.deadlines.domain.plan import clocks_at_routing
from services.deadlines.queries import clocks_of_doc

log = logging.getLogger(__name__)

# How many due strands one sweep reads at most (the next sweep takes the rest).
SWEEP_BATCH = 1000


class DeadlineHandlers:
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

    def _obey(
        self,
        doc: StrandClocks,
        clocks: dict[str, Clock],
        facts: list[ClockFact],
        event: CaseLifecycle,
    ) -> list[Outgoing]:
        """What one lifecycle fact does to the strand's clocks; returns extra events."""
        if event.status == access.OFFICER_ASSIGNED:
            doc.access = access.encode(access.after(access.decode(doc.access), event))
        # The day the team says it happened (records stamps it), else today.
        stated = event.detail.get("on")
        on = date.fromisoformat(str(stated)[:10]) if stated else today(self._time)
        extra: list[Outgoing] = []
        proc, stage = doc.procedure or event.procedure, doc.stage or event.stage or ""
        if event.status == "restricted":  # the review of a restriction (issue 18)
            facts += reviews.on_restricted(
                event.detail, clocks, self._calendar_for(doc.calendar), on
            )
        for name in list(clocks):
            if reviews.is_review(name):
                continue  # only case.restricted moves it
            c = clocks[name]  # as it now stands: an earlier clock may have restarted it
            try:
                clocks[name], more = self._change(event, c, on, proc, stage)
            except ClockError as exc:  # e.g. stopping a clock already past due
                log.warning("%s on clock %s of %s: %s", event.routing_key, name, doc.id, exc)
                continue
            facts += more
            if any(isinstance(f, ClockCompleted) for f in more):
                for clock, started in progress.after(proc, stage, name, c.calendar, on):
                    if progress.finishes(proc, stage, clock.name, event.status):
                        continue  # the same fact ends it (hmip: responded ends both)
                    clocks[clock.name] = clock
                    facts += started
        calendar = self._calendar_for(doc.calendar)
        for name in progress.answered_steps(proc, stage, clocks):
            clocks[name], more = clocks[name].complete(on)
            facts += more
        moved: list[str] = []
        for clock, started in [
            *progress.recounted(proc, stage, clocks, event.status, calendar, on),
            *progress.asked_again(proc, stage, event.status, calendar, on),
        ]:
            clocks[clock.name] = clock
            facts += started
            moved.append(clock.name)
        step = progress.transition(proc, stage, event.status)
        if progress.answers(proc, stage, event.status):
            for clock, started in progress.windows_after_response(proc, stage, calendar, on):
                clocks[clock.name] = clock
                facts += started
        elif step is not None and step.by != "time_limit":
            to = str(event.detail.get("to_stage") or "") or step.to
            extra += self._enter(doc, clocks, facts, to, on, requested=step.by == "complainant")
        elif event.status == "panel-scheduled" and not event.detail.get("panel_date"):
            log.warning("case.panel-scheduled of %s has no detail.panel_date: ignored", doc.id)
        elif event.status == "panel-scheduled":
            day = date.fromisoformat(str(event.detail["panel_date"])[:10])
            for clock, started in progress.panel(proc, stage, calendar, day):
                clocks[clock.name] = clock
                facts += started
                moved.append(clock.name)
        for name in moved:
            for clock, started in progress.followers(proc, stage, clocks, name, calendar):
                clocks[clock.name] = clock
                facts += started
        if event.status == "closed":
            for name, c in list(clocks.items()):
                if not reviews.is_review(name):
                    clocks[name], _ = c.complete(on)
        return extra

    @staticmethod
    def _change(
        event: CaseLifecycle, c: Clock, on: date, proc: str, stage: str
    ) -> tuple[Clock, list[ClockFact]]:
        """What one lifecycle fact does to one clock (finish, stop, resume, extend)."""
        live = c.status in (ClockStatus.RUNNING, ClockStatus.BREACHED)
        if live and progress.finishes(proc, stage, c.name, event.status):
            return c.complete(on)
        if event.status == "suspended" and c.status is ClockStatus.RUNNING:
            return c.stop(on, str(event.detail.get("reason", "suspended")))
        if event.status == "resumed" and c.status is ClockStatus.STOPPED:
            return c.resume(on)
        if event.status == "extended" and event.detail.get("clock") == c.name:
            if c.status is ClockStatus.STOPPED:  # suspended: it stays stopped, longer
                return c.extend_stopped(
                    reason=str(event.detail.get("reason", "")),
                    to=date.fromisoformat(str(event.detail["to"])),
                )
            return c.extend(
                reason=str(event.detail.get("reason", "")),
                to=date.fromisoformat(str(event.detail["to"])),
            )
        return c, []

    def _enter(
        self,
        doc: StrandClocks,
        clocks: dict[str, Clock],
        facts: list[ClockFact],
        to: str | None,
        on: date,
        *,
        requested: bool,
    ) -> list[Outgoing]:
        """Move the strand to stage ``to`` (default: the next one) and start its clocks.

        A request made after its window closed is flagged with that window (seed 001 §4
        Step 3, seed 004 stages 2 and 3). The old stage's clocks are kept in the archive.
        """
        proc, stage = doc.procedure, doc.stage or ""
        target = to or procedures.get(proc).stage(stage).next_stage
        if not target:
            raise ClockError(f"{proc} stage {stage!r} has no next stage")
        out = [
            m
            for late in (progress.late_requests(proc, stage, clocks, on) if requested else [])
            for m in self._out_of_time(doc, late)
        ]
        kept = {n: c for n, c in clocks.items() if reviews.is_review(n)}  # the person's
        doc.archived = [
            *doc.archived,
            *({"stage": stage, **encode(c)} for n, c in clocks.items() if n not in kept),
        ]
        clocks.clear()
        clocks.update(kept)
        doc.stage = target
        calendar = self._calendar_for(doc.calendar)
        for clock, started in progress.stage_clocks(proc, target, calendar, on):
            clocks[clock.name] = clock
            facts += started
        return out

    def _out_of_time(self, doc: StrandClocks, late: progress.OutOfTime) -> list[Outgoing]:
        due = late.window.due
        assert due is not None
        event = DeadlineOutOfTime(
            reference=doc.reference,
            strand=doc.strand,
            procedure=doc.procedure,
            stage=doc.stage,
            occurred_at=self._time.now(),
            clock=late.clock,
            due=due.due,
            explanation=due.model_dump(mode="json"),
            requested_on=late.requested_on,
        )
        return [Outgoing.event(event, message_id=f"deadline.out-of-time:{doc.id}:{late.clock}")]

    # -- timers --------------------------------------------------------------------------

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

    # -- helpers -------------------------------------------------------------------------

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
