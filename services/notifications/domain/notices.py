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

# records' words for each recipient (``detail.notices[].to``) -> recipient kind.
NOTICE_KINDS = {"head of service": "head_of_service", "team manager": "team_manager"}

# The directory kind of each notice recipient: one entry per local authority.
DIRECTORY_KINDS = {"head_of_service": "head-of-service", "team_manager": "team-manager"}


def _words(value: Any) -> str:
    return " ".join(str(value or "").lower().split())


def _notices(trigger: Event) -> list[Any]:
    if not isinstance(trigger, CaseLifecycle):
        return []
    raw = trigger.detail.get("notices") or []
    return raw if isinstance(raw, list) else [raw]


def required_notices(trigger: Event) -> dict[str, dict[str, Any]]:
    """The notices ``trigger`` requires that a recipient kind stands for, by kind."""
    found: dict[str, dict[str, Any]] = {}
    for notice in _notices(trigger):
        if isinstance(notice, dict) and _words(notice.get("to")) in NOTICE_KINDS:
            found[NOTICE_KINDS[_words(notice.get("to"))]] = notice
    return found


def unknown_notices(trigger: Event) -> list[str]:
    """Why each notice ``trigger`` requires that no recipient kind stands for cannot be
    planned (it is recorded as a failed letter, never dropped)."""
    return [
        f"not planned: detail.notices names {notice!r} as a recipient; notices go to "
        f"{', '.join(sorted(NOTICE_KINDS))}"
        for notice in _notices(trigger)
        if not isinstance(notice, dict) or _words(notice.get("to")) not in NOTICE_KINDS
    ]


def is_notice_letter(kind: str, trigger: Event) -> bool:
    """Whether a letter to ``kind`` is a notice ``trigger`` requires."""
    return kind in DIRECTORY_KINDS and kind in required_notices(trigger)


def notice_to(kind: str, trigger: Event) -> str:
    """The notice's own words for its recipient ("Head of Service"), for the desk."""
    return str(required_notices(trigger).get(kind, {}).get("to") or "")
