"""Letters to the complainant when a remedy they were told of changes: pure, no I/O.

Seed 004: "ensuring the complainant is kept informed at all stages"; seed 003: "appropriate
remedies can be provided at any stage of the complaints process". The response letter
(``decision``) lists the remedies records gave with ``case.responded`` (`CaseView.remedies`).
When records later amends one (``case.remedy-amended``: what will be done, by when, how
much) or cancels it (``case.remedy-cancelled``), the complainant and each authorised
representative (the ``correspondence`` series) get a letter saying what changed and why.

A remedy given after the response, or changed before it, was never told of: no letter (the
response lists it as it stands). Nor for a change the letter never showed (the owner).

Dates are written out; a due date is stated as a promise only while it has not passed on
the day the letter is sent ("no passed date stated as a future promise").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from common.contracts.events import Event, RemedyAmended, RemedyCancelled

if TYPE_CHECKING:
    from services.notifications.domain.caseview import CaseView

REMEDY_AMENDED = "remedy_amended"
REMEDY_CANCELLED = "remedy_cancelled"
# What the response letter shows of a remedy (its owner is not written to the complainant).
TOLD = ("description", "due", "amount")
AWAITING = "awaiting-approval"
CANCELLED = "cancelled"

REMEDY_WORDS = {
    "apology": "An apology",
    "explanation": "An explanation",
    "put-right": "Putting things right",
    "reassessment": "A reassessment",
    "practical-action": "Practical action",
    "review-of-practice": "A review of our practice",
    "financial": "A payment",
}

_FIELDS = {"reference", "complainant_name", "subject", "remedy", "remedy_reason"}
CONTEXT: dict[str, frozenset[str]] = {
    REMEDY_AMENDED: frozenset({*_FIELDS, "remedy_changes", "remedy_awaiting_approval"}),
    REMEDY_CANCELLED: frozenset(_FIELDS),
}
# What the complainant and their representative may see besides their usual fields.
PERSON_FIELDS = frozenset({"remedy", "remedy_reason", "remedy_changes", "remedy_awaiting_approval"})

RemedyChange = RemedyAmended | RemedyCancelled


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _long(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def money(value: Any) -> str:
    """Pounds as the response letter writes them: ``1,250.00``."""
    try:
        return f"{Decimal(str(value).replace(',', '')):,.2f}" if value not in (None, "") else ""
    except InvalidOperation:
        return str(value)


# -- the view: the remedies as the complainant now knows them ---------------------------------


def remedies_after(
    remedies: tuple[dict[str, Any], ...], event: Event
) -> tuple[dict[str, Any], ...]:
    """The remedies the response listed, with ``event``'s change folded in: the new values
    of an amended one, a cancelled one marked ``cancelled`` (kept, so its letter can say
    what it was). A remedy the response did not list stays unknown."""
    out = []
    for r in remedies:
        if not isinstance(event, RemedyChange) or r.get("id") != event.remedy:
            out.append(r)
        elif isinstance(event, RemedyCancelled):
            out.append({**r, "status": CANCELLED})
        else:
            new = {**r, "status": event.status}
            for field in TOLD:
                if field in event.changes:
                    now = event.changes[field][1]
                    new[field] = money(now) if field == "amount" else now
            out.append(new)
    return tuple(out)


def told_remedy(view: CaseView, trigger: Event) -> dict[str, Any] | None:
    """The remedy ``trigger`` changes, as the complainant was told of it (None: never)."""
    if not isinstance(trigger, RemedyChange):
        return None
    return next((r for r in view.remedies if r.get("id") == trigger.remedy), None)


# -- the condition of the letter calendar (`conditions.CONDITIONS`) ---------------------------


def remedy_told(view: CaseView, trigger: Event) -> bool:
    """The remedy changed was in the response the complainant received, and the change is
    to something it told them (what, by when, how much): seed 004 "ensuring the complainant
    is kept informed at all stages"."""
    if told_remedy(view, trigger) is None:
        return False
    return isinstance(trigger, RemedyCancelled) or any(
        f in trigger.changes  # type: ignore[union-attr]
        for f in TOLD
    )


# -- the letter's facts (`context.facts`) ----------------------------------------------------


def _remedy(r: dict[str, Any], sent: date) -> dict[str, str]:
    due = _day(r.get("due"))
    return {
        "kind": REMEDY_WORDS.get(str(r.get("type") or ""), "Action"),
        "description": str(r.get("description") or ""),
        "amount": money(r.get("amount")),
        # a promise only while it has not passed; else said as what it was
        "due": _long(due) if due and due >= sent else "",
        "was_due": _long(due) if due and due < sent else "",
        "referral": str(r.get("referral") or "").replace("-", " "),
    }


def _changes(event: RemedyAmended, sent: date) -> list[str]:
    """Each change the complainant can see, in words (the new date only if still ahead)."""
    words = []
    if "description" in event.changes:
        was, now = event.changes["description"]
        words.append(f'what we will do: it was "{was}"; it is now "{now}"')
    if "due" in event.changes:
        was, now = (_day(d) for d in event.changes["due"])
        ahead = f": by {_long(now)}" if now and now >= sent else ""
        words.append(f"the date{ahead} (it was {_long(was)})" if was else f"the date{ahead}")
    if "amount" in event.changes:
        was, now = event.changes["amount"]
        words.append(f"the amount: £{money(now)} (it was £{money(was)})" if was else
                     f"the amount: £{money(now)}")  # fmt: skip
    return words


def facts(view: CaseView, trigger: Event) -> dict[str, Any]:
    """The values the remedy letters use; empty for any other trigger."""
    remedy = told_remedy(view, trigger)
    if remedy is None:
        return {"remedy": None, "remedy_reason": None, "remedy_changes": [],
                "remedy_awaiting_approval": False}  # fmt: skip
    sent = trigger.occurred_at.date()
    told = _remedy(remedy, sent)
    if isinstance(trigger, RemedyCancelled) and trigger.amount and not told["amount"]:
        told["amount"] = money(trigger.amount)
    amended = isinstance(trigger, RemedyAmended)
    return {
        "remedy": told,
        "remedy_reason": trigger.reason,  # type: ignore[union-attr]
        "remedy_changes": _changes(trigger, sent) if amended else [],  # type: ignore[arg-type]
        "remedy_awaiting_approval": amended and trigger.status == AWAITING,  # type: ignore[union-attr]
    }
