"""The letter asking the officers named for their comments: pure, no I/O.

Seed 003 "Involving those complained about": "send details of the complaint to those named
... Three working days should be sufficient". The day the comments are due has one home:
the deadlines service's ``officer_comments`` clock (procedures/data/code.yaml), started at
routing and counted again from the day the team asks again (``case.comments-requested``,
``recounted_by``). The letter states that clock's date and no other, so it waits for it.

The view keeps the request of the strand's stage (`CaseView.comments`, a `CommentsAsked`):
routing's, made with ``case.routed`` (every officer named), or the team's last one (the
officers it names), and the day deadlines last counted the clock from. The letter goes once
the clock counts from the day of the request or later (a clock dated for an earlier request
says nothing of this one): on the request itself when deadlines dated it first, else on the
``deadline.set`` that dates it. It is keyed on the request (``Rule.once = "comments"``), so
whichever comes, it goes once per request; a new request is a new letter with its new date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from common.contracts.events import CaseAutoProgressed, CaseLifecycle, DeadlineSet, Event
from services.notifications.domain.aspects import normalise_token

if TYPE_CHECKING:
    from services.notifications.domain.caseview import CaseView

COMMENTS_CLOCK = "officer_comments"  # procedures/data/code.yaml, seed 003
REQUESTED = "comments-requested"  # records' fact: the team asks (again)
ROUTING = "routing"  # the request routing made with the strand (its ``comments`` series)
NONE = ""  # no one asked at this stage yet (a stage entered since)


class CommentsAsked(BaseModel):
    """The officers' comments asked for at the strand's stage, and the clock for them."""

    model_config = ConfigDict(frozen=True)

    # "routing", "comments-requested:<when>" for the team's, or "" for none at this stage
    request: str = ROUTING
    # The day the team asked (deadlines counts from it); routing's: any clock of the stage.
    asked_on: date | None = None
    # The officers the request names; none: every officer named in the aspects.
    officers: tuple[str, ...] = ()
    # The day the stage's clock counts from, as deadlines last dated it (its ``start``).
    counted_from: date | None = None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _named(detail: dict[str, Any]) -> tuple[str, ...]:
    raw = detail.get("officers") or detail.get("officer") or []
    return tuple([raw] if isinstance(raw, str) else [str(name) for name in raw])


def is_comments_clock(event: Event) -> bool:
    """Deadlines dated the officers' clock (``deadline.set``, not a reminder or breach)."""
    return (
        isinstance(event, DeadlineSet)
        and event.routing_key == "deadline.set"
        and event.clock == COMMENTS_CLOCK
    )


def _moves(view: CaseView, event: Event) -> bool:
    if isinstance(event, CaseAutoProgressed):
        return event.to_stage != view.stage
    return bool(event.stage) and event.stage != view.stage


def comments_after(view: CaseView, event: Event) -> dict[str, CommentsAsked]:
    """``{"comments": ...}`` as ``event`` changes the view's request, or ``{}``: a stage
    entered has none yet; the team's request replaces the last; deadlines' ``deadline.set``
    of the clock gives the day it counts from (a clock of another stage never reaches here:
    `CaseView.apply` sets it aside)."""
    asked = CommentsAsked(request=NONE) if _moves(view, event) else view.comments
    if isinstance(event, CaseLifecycle) and normalise_token(event.status) in (
        REQUESTED,
        f"case.{REQUESTED}",
    ):
        on = _day(event.detail.get("on")) or event.occurred_at.date()
        asked = asked.model_copy(
            update={
                "request": f"{REQUESTED}:{event.occurred_at.isoformat()}",
                "asked_on": on,
                "officers": _named(event.detail),
            }
        )
    elif isinstance(event, DeadlineSet) and is_comments_clock(event):
        start = _day(event.explanation.get("start")) or event.occurred_at.date()
        asked = asked.model_copy(update={"counted_from": start})
    return {} if asked == view.comments else {"comments": asked}


def officers_asked(view: CaseView) -> tuple[str, ...]:
    """The officers the stage's request names (none: every officer named)."""
    return view.comments.officers


def comments_basis(view: CaseView) -> str:
    """The key basis of the letter sent once per request (``Rule.once = "comments"``)."""
    return f"case:{view.case_ref}:comments:{view.comments.request}"


def _dated(view: CaseView) -> bool:
    asked = view.comments
    if asked.request == NONE or asked.counted_from is None:
        return False
    if COMMENTS_CLOCK not in view.clocks:
        return False
    return asked.asked_on is None or asked.counted_from >= asked.asked_on


# -- conditions of the letter calendar (`conditions.CONDITIONS`) ------------------------------


def comments_dated(view: CaseView, trigger: Event) -> bool:
    """The team asked the officers again and deadlines has already dated the clock counted
    from that day: the letter goes with the request, stating that date (seed 003 "Three
    working days should be sufficient", counted by deadlines)."""
    return _dated(view)


def comments_clock_dated(view: CaseView, trigger: Event) -> bool:
    """Deadlines dated the officers' clock of the strand's stage, counted from the day of
    the request or later: the letter asking for the comments goes now, with that date."""
    return is_comments_clock(trigger) and trigger.stage in (None, view.stage) and _dated(view)
