"""DS Complaints' healthcare escalation task as a clock (dso seed 000: "DS Complaints will
facilitate the escalation of healthcare complaints in detention (Scotland and Northern
Ireland) to the appropriate Ombudsman").

Records' ``case.healthcare-escalation-opened`` carries the task (``detail.task``: id,
owner, due); with a due date it starts the clock ``healthcare_escalation_<id>`` due on
that date (the last working day on or before it), so the usual reminder
(``deadline.approaching``) and, if the task is not done in time, the breach
(``deadline.breached``) go (notifications sends them to DS Complaints, the task's team);
``case.healthcare-escalation-done`` completes it. The seed gives no time limit: a task
opened without a due date runs no clock.

Like a restriction's review (`reviews`), the clock is the task's, not the stage's: no
other lifecycle fact touches it (a suspension does not stop it, a new stage or closing the
case does not end it: the escalation is still to be facilitated).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from common.contracts.deadline_events import HEALTHCARE_TASK
from common.timescales import Timescale, Unit
from common.workdays import Calendar
from services.deadlines.domain.clocks import Clock, ClockFact, ClockStatus, start_clock

PREFIX = HEALTHCARE_TASK
OPENED, DONE = "healthcare-escalation-opened", "healthcare-escalation-done"


def is_task(name: str) -> bool:
    """Whether the clock is DS Complaints' healthcare escalation task."""
    return name.startswith(PREFIX)


def on_task(
    status: str, detail: dict[str, Any], clocks: dict[str, Clock], calendar: Calendar, on: date
) -> list[ClockFact]:
    """Start the task's clock when it is opened with a due date; complete it when done."""
    item = detail.get("task")
    if status not in (OPENED, DONE) or not isinstance(item, dict) or not item.get("id"):
        return []
    name = PREFIX + str(item["id"])
    current = clocks.get(name)
    live = current is not None and current.status in (ClockStatus.RUNNING, ClockStatus.BREACHED)
    if status == DONE:
        if not live:
            return []
        clocks[name], facts = current.complete(on)  # type: ignore[union-attr]
        return facts
    due = date.fromisoformat(str(item["due"])[:10]) if item.get("due") else None
    if due is None or due < on or current is not None:
        return []  # no due date, already past, or heard of before (a redelivery)
    days = calendar.working_days_between(on, due)
    owner = str(item.get("owner") or "")
    clock, facts = start_clock(
        name,
        calendar,
        on,
        Timescale(amount=days, unit=Unit.WORKING_DAYS),
        label=f"healthcare escalation task {item['id']} (DS Complaints, owner {owner})",
        counted_from="the day the task was opened",
    )
    clocks[name] = clock
    return facts
