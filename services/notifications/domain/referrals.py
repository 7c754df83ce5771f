"""Which body a ``case.referred`` event goes to, and with which letter.

Routing names each referral by its procedure ``rule`` (procedures/data/*.yaml) and words
its ``to`` for people ("registered provider (Brightwater Homes)"). The rule decides; the
words are a fallback for referrals made by hand (records) without a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from common.contracts.events import CaseReferred, Event
from services.notifications.domain.caseview import AspectView, normalise_token
from services.notifications.domain.errors import PlanningError


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
