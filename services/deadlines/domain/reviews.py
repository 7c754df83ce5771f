"""The review of a restriction as a clock (seed 003 "Managing unreasonable actions":
"should keep an individual's restrictions under regular review"; seed 002 ¶10 "review any
decision to restrict contact with us").

Records' ``case.restricted`` carries the restriction: imposed, or reviewed and continued,
its review date starts (or restarts) the clock ``restriction_review_<id>`` due on that
date (the last working day on or before it), so the owner gets the usual reminder
(``deadline.approaching``) and, if nobody reviews it, the breach alert; lifted (on review,
appeal or by decision) it is completed. A restriction carried onto a later complaint is
reviewed where it was imposed, so it starts no clock there.

The clock belongs to the person's restriction, not to a stage: no lifecycle fact but
``case.restricted`` touches it (a suspension does not stop it, a new stage or closing the
case does not end it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from common.contracts.deadline_events import RESTRICTION_REVIEW
from common.timescales import Timescale, Unit
from common.workdays import Calendar
from services.deadlines.domain.clocks import Clock, ClockFact, ClockStatus, start_clock

PREFIX = RESTRICTION_REVIEW


def is_review(name: str) -> bool:
    """Whether the clock is a restriction's review (kept out of the stage's own rules)."""
    return name.startswith(PREFIX)


def on_restricted(
    detail: dict[str, Any], clocks: dict[str, Clock], calendar: Calendar, on: date
) -> list[ClockFact]:
    """Start, restart or complete the review clock of the restriction in ``detail``."""
    item = detail.get("restriction")
    if not isinstance(item, dict) or detail.get("op") == "carry" or not item.get("id"):
        return []
    name = PREFIX + str(item["id"])
    current = clocks.get(name)
    live = current is not None and current.status in (ClockStatus.RUNNING, ClockStatus.BREACHED)
    if item.get("status") != "active":
        if not live:
            return []
        clocks[name], facts = current.complete(on)  # type: ignore[union-attr]
        return facts
    review = (
        date.fromisoformat(str(item.get("review_on") or "")[:10]) if item.get("review_on") else None
    )
    if review is None or review <= on or detail.get("op") not in ("impose", "review"):
        return []
    if live:
        clocks[name], _ = current.complete(on)  # type: ignore[union-attr]
    days = calendar.working_days_between(on, review)
    clock, facts = start_clock(
        name,
        calendar,
        on,
        Timescale(amount=max(days, 1), unit=Unit.WORKING_DAYS),
        label=f"review of restriction {item['id']}",
        counted_from="the decision to restrict",
    )
    clocks[name] = clock
    return facts
