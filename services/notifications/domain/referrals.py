"""Which body a ``case.referred`` event goes to, and with which letter.

Routing names each referral by its procedure ``rule`` (procedures/data/*.yaml) and words
its ``to`` for people ("registered provider (Brightwater Homes)"). The rule decides; the
words are a fallback for referrals made by hand (records) without a rule.

A referral is never lost: when its own recipient cannot be worked out (no local authority
on the case, no directory entry for the body), its letter goes to the fallback desk of the
procedure and nation (`to_desk`, `directory.desk_key`) with a note saying why and whom it
was meant for (`desk_note`), and the operators are alerted (``referral.unaddressed``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from common.contracts.events import CaseReferred, Event
from services.notifications.domain.caseview import AspectView, normalise_token
from services.notifications.domain.errors import PlanningError
from services.notifications.domain.letters import Letter, RenderedLetter, content_sha256
from services.notifications.domain.notices import DIRECTORY_KINDS, notice_to


@dataclass(frozen=True)
class Target:
    """A referral's recipient kind and letter. ``once`` letters share the key of the same
    letter sent on routing, so routing and referral never send it twice."""

    kind: str
    template: str
    once: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


TARGETS: dict[str, Target] = {
    "police": Target("police", "referral"),
    "social_care": Target("social_care", "referral"),
    "psu": Target("psu", "referral"),
    "school": Target("school", "referral"),
    "healthcare": Target("healthcare_manager", "copy", once=True),
    "provider": Target("provider", "copy", once=True),
    # spso seed 002: where access is restricted, "signpost the customer to the SPSO".
    "signpost": Target("complainant", "update", extra={"update_kind": "signposted"}),
}

# procedures/data/<procedure>.yaml `referrals[].rule` -> target.
RULE_TARGETS = {
    "criminal_allegation": "police",  # dso 000 "criminal allegations referred to police"
    "child_protection_police": "police",  # children 004 "referred immediately ... Police"
    "child_protection": "social_care",  # children 004 "... children's social care"
    "psu_allocation": "psu",  # dso 000 "allocated to Professional Standards Unit"
    "nhs_provider": "healthcare",  # dso 000 "referred to local healthcare provider"
    "nhs_joint_response": "healthcare",
    # dso 000 devolved healthcare: "referred to local healthcare manager"
    "local_healthcare_manager": "healthcare",
    "registered_provider": "provider",  # children 004 "relevant parts ... registered provider"
    "school_complaints": "school",
    "spso_signpost": "signpost",
}

# Fallback on the words of `to`, checked in this order ("local healthcare provider" is
# healthcare, not a provider).
WORD_TARGETS = (
    ("ombudsman", "signpost"),
    ("police", "police"),
    ("social-care", "social_care"),
    ("healthcare", "healthcare"),
    ("nhs", "healthcare"),
    ("professional-standards", "psu"),
    ("psu", "psu"),
    ("school", "school"),
    ("provider", "provider"),
    ("supplier", "provider"),
)


def referral_target(event: Event) -> Target:
    """The target of a ``case.referred``; `PlanningError` if no rule or word matches."""
    if not isinstance(event, CaseReferred):
        raise PlanningError(f"{event.routing_key} is not a referral")
    rule = str((event.model_extra or {}).get("rule") or "")
    if rule in RULE_TARGETS:
        return TARGETS[RULE_TARGETS[rule]]
    words = normalise_token(re.sub(r"\(.*?\)", "", event.to))  # not the body's own name
    for word, name in WORD_TARGETS:
        if word in words:
            return TARGETS[name]
    raise PlanningError(
        f"{event.case_ref}: unknown referral body {event.to!r} (rule {rule or 'none'}); "
        f"known rules: {', '.join(sorted(RULE_TARGETS))}"
    )


def is_provider_referral(event: Event) -> bool:
    """A ``case.referred`` to a registered provider or supplier."""
    if not isinstance(event, CaseReferred):
        return False
    try:
        return referral_target(event).kind == "provider"
    except PlanningError:
        return False


def named_in_to(event: Event) -> str | None:
    """The body named in brackets in ``to``: "registered provider (Brightwater)" -> Brightwater."""
    if not isinstance(event, CaseReferred):
        return None
    match = re.search(r"\(([^()]+)\)\s*$", event.to)
    return match.group(1).strip() if match else None


def referred_aspects(event: Event) -> tuple[AspectView, ...] | None:
    """The aspects a referral carries, if routing sent them (``aspects`` on the event)."""
    raw = event.aspects if isinstance(event, CaseReferred) else None
    if not raw:
        return None
    return tuple(
        AspectView(
            kind=normalise_token(str(a.get("kind", "other"))),
            text=str(a.get("text", "")),
            officers_named=tuple(str(n) for n in a.get("officers_named") or ()),
        )
        for a in raw
        if isinstance(a, dict)
    )


# -- the fallback desk ----------------------------------------------------------------------

# The bodies a referral is sent to (the complainant signposted is not a referral to a body).
BODY_KINDS = frozenset(t.kind for t in TARGETS.values()) - {"complainant"}
IMMEDIATE = "immediate"


def is_referral_letter(kind: str, trigger: Event) -> bool:
    """Whether a letter to ``kind`` for ``trigger`` is the referral itself: ``trigger`` is a
    ``case.referred`` and ``kind`` the body it is for."""
    if not isinstance(trigger, CaseReferred) or kind not in BODY_KINDS:
        return False
    try:
        return referral_target(trigger).kind == kind
    except PlanningError:
        return False


def is_urgent(event: Event) -> bool:
    """A referral to be made at once (children seed 004 "referred immediately")."""
    return isinstance(event, CaseReferred) and normalise_token(event.urgency) == IMMEDIATE


@dataclass(frozen=True)
class DeskReferral:
    """Why a referral letter went to the fallback desk, kept on its letter record.

    ``found`` is false when the directory has no such desk either: the letter then fails
    at once, loudly, instead of going nowhere quietly."""

    desk: str  # the desk's directory key, e.g. desk:children-england
    recipient: str  # the intended recipient kind, e.g. social_care
    intended: str  # its directory key, or unaddressed:<kind> when none could be made
    to: str  # the referral's own words for the body, e.g. "local authority children's ..."
    reason: str
    urgency: str
    rule: str
    found: bool

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


def to_desk(
    letter: Letter, trigger: Event, *, reason: str, desk: str, found: bool
) -> tuple[Letter, DeskReferral]:
    """``letter`` addressed to the fallback ``desk`` instead (same key, same content: the
    desk sees what the intended body would have seen), and the record of why. Without the
    desk in the directory the letter carries the error that fails it at once."""
    referral = trigger if isinstance(trigger, CaseReferred) else None
    record = DeskReferral(
        desk=desk,
        recipient=letter.recipient_kind,
        intended=letter.address_key,
        to=referral.to if referral else notice_to(letter.recipient_kind, trigger),
        reason=reason,
        urgency=referral.urgency if referral else "",
        rule=str((referral.model_extra or {}).get("rule") or "") if referral else "",
        found=found,
    )
    error = None
    if not found:
        what = "notice" if letter.recipient_kind in DIRECTORY_KINDS else "referral"
        error = (
            f"not planned: the {what} to {letter.recipient_kind} cannot be addressed "
            f"({reason}) and there is no fallback desk {desk} in the address directory; "
            f"add the desk and restart notifications, then resend the letter"
        )
    return letter.model_copy(update={"address_key": desk, "error": error}), record


def desk_note(rendered: RenderedLetter, record: Mapping[str, Any]) -> RenderedLetter:
    """The letter as the fallback desk receives it: a note first saying why it came to the
    desk and whom it was meant for, then the referral as the body would have read it."""
    urgent = normalise_token(str(record.get("urgency") or "")) == IMMEDIATE
    intended = str(record.get("intended") or "")
    where = "no address" if intended.startswith("unaddressed:") else intended
    what = "notice" if record.get("recipient") in DIRECTORY_KINDS else "referral"
    note = (
        f"FOR THE DUTY DESK: this {what} could not be addressed to its recipient, so it has "
        "come to you instead.\n"
        f"Intended recipient: {record.get('to') or record.get('recipient')} ({where})\n"
        f"Why it came to the desk: {record.get('reason')}\n"
        f"Urgency: {record.get('urgency') or 'normal'}\n"
        f"Please pass it on to the right body{' today' if urgent else ''} and ask the "
        "operators to correct the case or the address directory.\n"
        "\n----------------------------------------------------------------\n\n"
    )
    subject = f"[{what.capitalize()} for the desk] {rendered.subject}"
    body = note + rendered.body
    return RenderedLetter(subject=subject, body=body, sha256=content_sha256(subject, body))
