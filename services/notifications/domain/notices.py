"""The notices records says a step requires (``detail.notices`` on a lifecycle fact), and the
recipient kind each goes to.

Children seed 004, "Procedure stage 2": when the investigating officer is appointed, "The
Complaints Manager will then inform the relevant Head of Service that a request has been made
for an independent investigation" and "inform the team manager that an investigation has been
arranged, and who the investigating officer is". Records decides that a notice is due (its
``case.officer-assigned`` names each under ``detail.notices``, ``to`` in words); notifications
sends it. Like a referral, a notice whose recipient cannot be addressed goes to the fallback
desk (`recipients.fallback_reason`), never nowhere.
"""

from __future__ import annotations

from typing import Any

from common.contracts.events import CaseLifecycle, Event
from services.notifications.domain.errors import PlanningError

# records' words for each recipient (``detail.notices[].to``) -> recipient kind.
NOTICE_KINDS = {"head of service": "head_of_service", "team manager": "team_manager"}

# The directory kind of each notice recipient: one entry per local authority.
DIRECTORY_KINDS = {"head_of_service": "head-of-service", "team_manager": "team-manager"}


def _words(value: Any) -> str:
    return " ".join(str(value or "").lower().split())


def required_notices(trigger: Event) -> dict[str, dict[str, Any]]:
    """The notices ``trigger`` requires, by recipient kind. Raises `PlanningError` for a
    notice to someone no recipient kind stands for (it would otherwise go unsent)."""
    if not isinstance(trigger, CaseLifecycle):
        return {}
    raw = trigger.detail.get("notices") or []
    if not isinstance(raw, list):
        raise PlanningError(f"detail.notices must be a list of notices, got {raw!r}")
    found: dict[str, dict[str, Any]] = {}
    for notice in raw:
        to = _words(notice.get("to") if isinstance(notice, dict) else None)
        if to not in NOTICE_KINDS:
            raise PlanningError(
                f"detail.notices names {to or 'no one'!r}: notices go to "
                f"{', '.join(sorted(NOTICE_KINDS))}"
            )
        found[NOTICE_KINDS[to]] = notice
    return found


def is_notice_letter(kind: str, trigger: Event) -> bool:
    """Whether a letter to ``kind`` is a notice ``trigger`` requires."""
    if kind not in DIRECTORY_KINDS:
        return False
    try:
        return kind in required_notices(trigger)
    except PlanningError:
        return False


def notice_to(kind: str, trigger: Event) -> str:
    """The notice's own words for its recipient ("Head of Service"), for the desk."""
    try:
        return str(required_notices(trigger).get(kind, {}).get("to") or "")
    except PlanningError:
        return ""
