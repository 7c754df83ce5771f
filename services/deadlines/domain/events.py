"""Clock facts -> the deadline events other services hear (CONTRACTS.md)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from common.bus import Outgoing
from common.clock import LONDON
from common.contracts.events import (
    DeadlineApproaching,
    DeadlineBreached,
    DeadlineResumed,
    DeadlineSet,
    DeadlineStopped,
    DeadlineWindowClosed,
    Event,
)
from common.workdays import Due
from services.deadlines.domain.clocks import (
    Clock,
    ClockApproaching,
    ClockBreached,
    ClockExtended,
    ClockFact,
    ClockResumed,
    ClockSet,
    ClockStatus,
    ClockStopped,
)
from services.deadlines.domain.progress import is_window


def to_messages(
    fact: ClockFact,
    *,
    reference: str,
    strand: int | None,
    procedure: str,
    stage: str | None,
    now: datetime,
    clock: Clock | None = None,
) -> list[Outgoing]:
    """The event for one fact, with a message id stable across retries and replicas.

    ``clock`` (the fact's clock as it now stands) words the explanation's ``text``: the
    whole story (timescale, start, stops, extensions, due date) when it ends on this date.
    """
    base = {
        "reference": reference,
        "strand": strand,
        "procedure": procedure,
        "stage": stage,
        "occurred_at": now,
    }
    ref = f"{reference}/{strand}" if strand is not None else reference
    event: Event
    match fact:
        case ClockSet(clock=name, due=due):
            event = DeadlineSet(clock=name, due=due.due, explanation=_explained(due, clock), **base)
        case ClockExtended(clock=name, due=due, reason=reason):
            event = DeadlineSet(
                clock=name,
                due=due.due,
                explanation=_explained(due, clock),
                extended=True,
                reason=reason,
                **base,
            )
        case ClockResumed(clock=name, due=due):
            event = DeadlineResumed(
                clock=name, due=due.due, explanation=_explained(due, clock), **base
            )
        case ClockApproaching(clock=name) if is_window(procedure, stage, name):
            return []  # the complainant's window: no reminder to the owning team
        case ClockBreached(clock=name, due=due) if is_window(procedure, stage, name):
            event = DeadlineWindowClosed(
                clock=name, due=due.due, explanation=_explained(due, clock), **base
            )
        case ClockApproaching(clock=name, due=due, working_days_left=left):
            event = DeadlineApproaching(
                clock=name,
                due=due.due,
                working_days_left=left,
                explanation=_explained(due, clock),
                **base,
            )
        case ClockBreached(clock=name, due=due):
            event = DeadlineBreached(
                clock=name, due=due.due, explanation=_explained(due, clock), **base
            )
        case ClockStopped(clock=name, on=on, reason=reason, remaining=remaining):
            event = DeadlineStopped(
                clock=name, reason=reason, stopped_on=on.isoformat(), remaining=remaining, **base
            )
            return [Outgoing.event(event, message_id=f"deadline.stopped:{ref}:{name}:{on}")]
        case _:
            return []
    due_day = getattr(event, "due", "")
    return [Outgoing.event(event, message_id=f"{event.routing_key}:{ref}:{event.clock}:{due_day}")]


def _explained(due: Due, clock: Clock | None) -> dict[str, Any]:
    """The due date's arithmetic, and in ``text`` the clock's story in words."""
    told = clock is not None and clock.due is not None and clock.due.due == due.due
    text = clock.explain() if told and clock is not None else due.explain()
    return {**due.model_dump(mode="json"), "text": text}


def reminders_due(now: datetime, at: time) -> bool:
    """Whether the day's reminders may go at ``now``: from ``at`` (UK time), the end of the
    working day, so a clock finished during the day (the response recorded that day) sends
    no reminder. Breaches are never held: the start of the day after the due date."""
    return now.astimezone(LONDON).time() >= at


def next_fire_on(clocks: list[Clock], lead_working_days: int) -> date | None:
    """The first day a sweep has anything to do for these clocks (reminder or breach)."""
    days = []
    for clock in clocks:
        if clock.status is not ClockStatus.RUNNING or clock.due is None:
            continue
        if clock.approaching_sent:
            days.append(clock.due.due + timedelta(days=1))
        else:
            days.append(clock.calendar.subtract_working_days(clock.due.due, lead_working_days).due)
    return min(days) if days else None
