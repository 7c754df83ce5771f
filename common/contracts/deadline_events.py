"""Events deadlines publishes: clocks set, approaching, breached, stopped and resumed,
windows closed, escalations out of time, and stages that progressed on their own.

Re-exported by `common.contracts.events`, which lists every event type.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import Field

from common.contracts.event_base import Event

# Clocks of their own, named by these prefixes and an id, not a stage's time limit: a
# restriction's review (seed 003) and DS Complaints' healthcare escalation task (seed 000).
# Their reminders and breaches go to whoever owns them; a breach of one is no breach of the
# procedure's time limits, and no lifecycle fact of the case ends one.
RESTRICTION_REVIEW = "restriction_review_"
HEALTHCARE_TASK = "healthcare_escalation_"


def own_clock(name: str) -> bool:
    """Whether ``name`` is a clock of its own (a review or a task), not the stage's."""
    return name.startswith((RESTRICTION_REVIEW, HEALTHCARE_TASK))


class DeadlineSet(Event):
    routing_key: ClassVar[str] = "deadline.set"
    clock: str
    due: date
    explanation: dict[str, Any] = Field(default_factory=dict)


class DeadlineApproaching(DeadlineSet):
    routing_key: ClassVar[str] = "deadline.approaching"


class DeadlineBreached(DeadlineSet):
    routing_key: ClassVar[str] = "deadline.breached"


class DeadlineWindowClosed(DeadlineSet):
    """The complainant's time to ask for the next stage has run out (no breach by anyone)."""

    routing_key: ClassVar[str] = "deadline.window-closed"


class DeadlineOutOfTime(DeadlineSet):
    """An escalation was requested after its window closed: flagged with that window."""

    routing_key: ClassVar[str] = "deadline.out-of-time"
    requested_on: date


class DeadlineStopped(Event):
    routing_key: ClassVar[str] = "deadline.stopped"
    clock: str
    reason: str


class DeadlineResumed(DeadlineSet):
    routing_key: ClassVar[str] = "deadline.resumed"


class CaseAutoProgressed(Event):
    routing_key: ClassVar[str] = "case.auto-progressed"
    from_stage: str
    to_stage: str
    reason: str
