"""Which clocks a routed strand starts, and their definitions, from the procedure data."""

from __future__ import annotations

from dataclasses import dataclass

from common.contracts.events import CaseRouted
from common.workdays import Calendar
from procedures import clock_for
from services.deadlines.domain.clocks import Clock, ClockFact, start_clock
from services.deadlines.domain.progress import provisional_response

# Clocks that begin when the strand is routed; the others start on later facts
# (a conclusion, a request, a panel date) and are started by those events.
STARTS_AT_ROUTING = {"received", "stage_start", "incident"}


@dataclass(frozen=True)
class Planned:
    clock: Clock
    facts: list[ClockFact]


def clocks_at_routing(event: CaseRouted, calendar: Calendar) -> list[Planned]:
    """Start every clock the strand names whose start is known at routing.

    Day 0 is the day the complaint was received, for ``received`` and for ``stage_start``
    (routing enters the first stage on receipt, however late the message is handled), or
    the incident date (``incident``).
    """
    planned = []
    for name in event.clocks:
        spec = clock_for(event.procedure, event.stage or "", name)
        if spec.starts not in STARTS_AT_ROUTING or spec.before:
            continue
        start = {
            "received": event.received_on,
            "stage_start": event.received_on,
            "incident": event.incident_date or event.received_on,
        }[spec.starts]
        label = f"{event.procedure} {event.stage} {name}".replace("_", " ")
        clock, facts = start_clock(
            name,
            calendar,
            start,
            spec.timescale,
            cap=spec.extension_cap,
            label=label,
            counted_from={"received": "receipt", "incident": "the incident"}.get(
                spec.starts, "the start of the stage"
            ),
        )
        planned.append(Planned(clock, list(facts)))
    started = {p.clock.name: p.clock for p in planned}
    for clock, facts in provisional_response(event.procedure, event.stage or "", started, calendar):
        if clock.name in event.clocks:
            planned.append(Planned(clock, list(facts)))
    return planned
