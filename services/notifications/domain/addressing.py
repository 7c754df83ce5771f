"""Where a letter goes: the directory key of each recipient routing named, for the case.

Notifications only addresses (issue 18): the recipient's kind and name come from routing's
decision; the address is the directory entry of that kind for the case's establishment,
local authority or provider, or, for a person, their own details on the case.
"""

from __future__ import annotations

from collections.abc import Callable

from common.contracts.events import CaseReferred, Event
from common.contracts.recipients import Recipient
from services.notifications.domain import alternative_letters as alternatives
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.comments_letters import officers_asked
from services.notifications.domain.directory import address_key
from services.notifications.domain.errors import PlanningError
from services.notifications.domain.letters import Letter
from services.notifications.domain.notices import DIRECTORY_KINDS, is_notice_letter
from services.notifications.domain.referrals import (
    LEGACY_KIND,
    is_referral_letter,
    referral_body,
)

# Fixed addresses of central teams.
FIXED = {
    "ds_complaints": "team:ds-complaints",
    "psu": "team:psu",
    "cco": "team:childrens-complaints-officer",
    "care_management": "team:care-management",
    "contract_monitoring": "team:contract-monitoring",
    "school": "team:school-complaints-officer",
}

UNADDRESSED = "unaddressed:"

Targets = list[tuple[str, str | None]]


def _need(value: str | None, what: str, view: CaseView) -> str:
    if not value:
        raise PlanningError(f"{view.case_ref}: cannot address the letter: no {what} in location")
    return value


def addresses(recipient: Recipient, view: CaseView, trigger: Event) -> Targets:
    """(directory key, focus) for each letter to ``recipient``; focus names the officer a
    comments request is about. Raises `PlanningError` if the case lacks the location,
    except for the body a referral or a notice is for: its letter is planned as
    ``unaddressed:<kind>`` and goes to the fallback desk (`fallback_reason`), never nowhere."""
    try:
        return _addresses(recipient, view, trigger)
    except (PlanningError, ValueError):
        if not must_reach(recipient.kind, trigger):
            raise
        return [(UNADDRESSED + recipient.kind, None)]


def must_reach(kind: str, trigger: Event) -> bool:
    """A letter that goes to the fallback desk when its recipient cannot be addressed:
    a referral's, a notice records requires (`notices`), an early referral to the Ombudsman
    or DS Complaints' healthcare escalation task (`alternative_letters`)."""
    return (
        is_referral_letter(kind, trigger)
        or is_notice_letter(kind, trigger)
        or alternatives.must_reach(kind, trigger)
    )


def _addresses(r: Recipient, view: CaseView, trigger: Event) -> Targets:
    loc = view.location
    match r.kind:
        case "complainant" | "representative":
            return [(r.kind, None)]
        case kind if kind in FIXED:
            return [(FIXED[kind], None)]
        case "imb" | "ie_manager":
            est = _need(loc.establishment, "establishment", view)
            return [(address_key(r.kind.replace("_", "-"), est), None)]
        case "healthcare_manager":
            where = _need(
                loc.establishment or loc.local_authority, "establishment or local authority", view
            )
            return [(address_key("healthcare", where), None)]
        case "provider":
            return [
                (address_key("provider", _need(r.name or loc.provider, "provider", view)), None)
            ]
        case "team":
            return [(address_key("team", f"{view.procedure} {view.owner}"), None)]
        case "mp":
            return [(address_key("mp", _need(r.name or view.mp, "MP", view)), None)]
        case "police":
            where = _need(
                loc.local_authority or loc.establishment, "local authority or establishment", view
            )
            return [(address_key("police", where), None)]
        case "social_care":
            la = _need(loc.local_authority, "local authority", view)
            return [(address_key("social-care", la), None)]
        case kind if kind in DIRECTORY_KINDS:
            la = _need(loc.local_authority, "local authority", view)
            return [(address_key(DIRECTORY_KINDS[kind], la), None)]
        case "officer":
            return [(address_key("officer", name), name) for name in _officers(view, trigger)]
        case alternatives.OMBUDSMAN:
            name = alternatives.ombudsman_name(trigger)
            if not name:
                raise PlanningError(f"{view.case_ref}: the early referral names no Ombudsman")
            return [(address_key("ombudsman", name), None)]
        case "referral":
            to = trigger.to if isinstance(trigger, CaseReferred) else ""
            raise PlanningError(
                f"{view.case_ref}: routing named no recipient for the referral to {to!r} (an "
                "event from before routing decided who is told)"
            )
    raise PlanningError(f"no way to address recipient kind {r.kind!r}")


def recipient_of(kind: str, trigger: Event) -> Recipient:
    """The recipient a referral's or notice's letter to ``kind`` was planned for."""
    body = referral_body(trigger)
    if body is not None and body.kind == kind:
        return body
    return Recipient(rule=kind, kind=kind, letter="referral" if kind == LEGACY_KIND else kind)


def fallback_reason(
    letter: Letter, view: CaseView, trigger: Event, known: Callable[[str], bool]
) -> str | None:
    """Why a referral letter cannot reach the body it is meant for, in words for the desk
    and the operators; None when it can, or when ``letter`` is not a referral's letter.
    ``known`` says whether the directory holds an address key."""
    if letter.error or not must_reach(letter.recipient_kind, trigger):
        return None
    if letter.address_key.startswith(UNADDRESSED):
        try:
            _addresses(recipient_of(letter.recipient_kind, trigger), view, trigger)
        except (PlanningError, ValueError) as exc:
            return str(exc).removeprefix(f"{view.case_ref}: ")
        return "no address could be worked out"
    if not known(letter.address_key):
        return f"no entry for {letter.address_key} in the address directory"
    return None


def _officers(view: CaseView, trigger: Event) -> list[str]:
    """Every officer named, or only those the last ``case.comments-requested`` names (its
    letter may go on the clock that dates it, `comments_letters`)."""
    wanted = officers_asked(view)
    if not wanted:
        return list(view.officers)
    keys = {" ".join(w.lower().split()) for w in wanted}
    return [name for name in view.officers if " ".join(name.lower().split()) in keys]
