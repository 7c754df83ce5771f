"""What a lifecycle fact of a strand (``case.<fact>``) does to its clocks: finish, stop,
resume or extend each; start the next ones; move the strand to another stage (a late
request flagged ``deadline.out-of-time``)."""

from __future__ import annotations

import logging
from datetime import date

import procedures
from common.access import facts as access
from common.bus import Outgoing
from common.clock import today
from common.contracts.deadline_events import own_clock
from common.contracts.events import CaseLifecycle, DeadlineOutOfTime
from services.deadlines.adapters.codec import encode
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.domain import progress, reviews, tasks
from services.deadlines.domain.clocks import (
    Clock,
    ClockCompleted,
    ClockError,
    ClockFact,
    ClockStatus,
)
from services.deadlines.saving import Saving

log = logging.getLogger("services.deadlines.handlers")  # one logger for every part


_own = own_clock  # a restriction's review, DS Complaints' task: not the stage's


class Lifecycle(Saving):
    """Part of `DeadlineHandlers`."""

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
        facts += tasks.on_task(  # DS Complaints' healthcare escalation task (dso seed 000)
            event.status, event.detail, clocks, self._calendar_for(doc.calendar), on
        )
        for name in list(clocks):
            if _own(name):
                continue  # only case.restricted / the task's own facts move it
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
                if not _own(name):
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
        kept = {n: c for n, c in clocks.items() if _own(n)}  # the person's, the task's
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
