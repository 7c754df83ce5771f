"""The letter telling a person about a restriction of their contact (seed 002 ¶10: "we have
a procedure in place to communicate that decision, notify the customer/service user of
their right of appeal, and review any decision to restrict contact with us"; ¶11: "Where
access to the complaint process is restricted, we must signpost the customer/service user
to the SPSO").

Records' ``case.restricted`` carries the restriction (``detail.restriction``) and what was
done (``detail.op``: impose, carry onto a later complaint, appeal, decide-appeal, review,
lift); `restriction` turns it into the template's values. A date already past is never
stated: a carried restriction whose review is overdue gives no review date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.notifications.domain.errors import PlanningError

KIND_WORDS = {
    "contact-method": "to limit how you contact us (for example, by letter only)",
    "named-contact": "to ask you to contact us only through one named member of staff",
    "frequency": "to limit how often, or when, you contact us",
    "access-to-procedure": "to restrict your access to our complaints procedure",
}
OPS = ("impose", "carry", "appeal", "decide-appeal", "review", "lift")


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def restriction(detail: dict[str, Any], today: date) -> dict[str, Any]:
    """The template's ``restriction``: what was decided, why, the review date, the appeal."""
    op = str(detail.get("op") or "")
    item = detail.get("restriction")
    if op not in OPS or not isinstance(item, dict):
        raise PlanningError(
            f"case.restricted needs detail.op ({', '.join(OPS)}) and "
            f"detail.restriction, got op={op!r}"
        )
    kind = str(item.get("kind") or "")
    if kind not in KIND_WORDS:
        raise PlanningError(f"case.restricted: unknown restriction kind {kind!r}")
    review = item.get("review_on")
    review_day = date.fromisoformat(str(review)[:10]) if review else None
    appeal = item.get("appeal") or {}
    last_review = (item.get("reviews") or [{}])[-1] if item.get("reviews") else {}
    return {
        "op": op,
        "kind": kind,
        "words": KIND_WORDS[kind],
        "reasons": [str(r) for r in item.get("reasons") or []],
        "review_on": _long(review_day) if review_day and review_day > today else None,
        "signpost": str(item.get("signpost") or ""),
        "active": item.get("status") == "active",
        "appeal_outcome": str(appeal.get("status") or ""),
        "appeal_decision": str(appeal.get("decision") or ""),
        "review_outcome": str(last_review.get("outcome") or ""),
        "note": str(last_review.get("note") or item.get("note") or ""),
    }
