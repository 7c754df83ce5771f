"""The context contract of every letter template, and the facts a context is built from.

`TEMPLATE_CONTEXT` declares, per template name, exactly the variables its templates may use
(in every procedure). `facts` computes the candidate values for one recipient; which of them a
recipient may see is decided in `entitlements`. Values are plain JSON types, dates already
written out in words, so letters can be stored and rendered later unchanged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from common.contracts.events import CaseLifecycle, CaseReferred, DeadlineSet, Event
from procedures import ESCALATION_CLOCK
from services.notifications.domain import alternative_letters as alternatives
from services.notifications.domain import remedy_letters
from services.notifications.domain.caseview import (
    AspectView,
    CaseView,
    detail_date,
    lifecycle_status,
)
from services.notifications.domain.comments_letters import COMMENTS_CLOCK
from services.notifications.domain.errors import PlanningError
from services.notifications.domain.remedy_letters import CANCELLED, REMEDY_WORDS
from services.notifications.domain.restriction_letter import restriction
from services.notifications.domain.withheld import withheld

MARKER_HEALTHCARE = "healthcare complaint"
# Records' reminder to a commitment's owner.
COMMITMENT = "commitment-reminder"

_COPY = {
    "reference",
    "complainant_name",
    "complainant_ref",
    "subject",
    "aspects",
    "received_on",
    "category",
    "establishment",
    "provider",
    "local_authority",
    "audience",
}

TEMPLATE_CONTEXT: dict[str, frozenset[str]] = {
    name: frozenset(keys)
    for name, keys in {
        # to the complainant (seed 003: acknowledgement, update and decision letters)
        "acknowledgement": {
            "reference",
            "complainant_name",
            "subject",
            "aspects",
            "received_on",
            "investigating_officer",
            "target_date",
            "category",
            "stage_no",
            "outcome_sought",
        },
        "update": {
            "reference",
            "complainant_name",
            "update_kind",
            "investigating_officer",
            "target_date",
            "stage_no",
            "provider",
            "authority_parts",
            "provider_parts",
        },
        "exclusion": {
            "reference",
            "complainant_name",
            "subject",
            "received_on",
            "excluded_whole",
            "exclusions",
        },
        "extension": {
            "reference",
            "complainant_name",
            "target_date",
            "extension_reason",
            "stage_no",
            "suspended",
        },
        "decision": {
            "reference",
            "complainant_name",
            "subject",
            "outcome",
            "response_text",
            "category",
            "nation",
            "stage_no",
            "findings",
            "remedies",
            "escalation_by",
            "withheld",  # seed 002 ¶16: staff details, safety findings (`withheld`)
        },
        # to other people
        "copy": _COPY,
        "response_copy": {
            "reference",
            "complainant_name",
            "complainant_ref",
            "subject",
            "category",
            "outcome",
            "response_text",
        },
        "healthcare_copy": {
            "reference",
            "complainant_name",
            "complainant_ref",
            "subject",
            "marker",
            "outcome",
        },
        "comments_request": {
            "reference",
            "officer_label",
            "complainant_name",
            "aspects",
            "received_on",
            "comments_due",
        },
        "referral": {
            "reference",
            "complainant_name",
            "complainant_contact",
            "complainant_ref",
            "is_child",
            "subject",
            "aspects",
            "received_on",
            "establishment",
            "local_authority",
            "referral_reason",
            "urgency",
        },
        # children seed 004 stage 2: the Head of Service hears that an independent
        # investigation was asked for; the team manager that it is arranged, and by whom.
        "investigation_requested": {"reference", "subject", "stage_no"},
        "investigation_arranged": {"reference", "subject", "stage_no", "investigating_officer"},
        "mp_position": {"reference", "complainant_name", "mp_name", "position", "target_date"},
        # seed 002 ¶10-11: a restriction's decision, reasons, review and right of appeal
        "restriction": {"reference", "complainant_name", "restriction"},
        # children seed 004: a representation answered, a compliment passed on
        # (complaint-level, `domain.complaint_letters`)
        "representation_answer": {
            "reference", "complainant_name", "subject", "answer_summary", "action",
        },
        "compliment_notice": {
            "reference", "subject", "manager_name", "staff", "compliment", "compliment_note",
        },
        # ``owner_note``: who else a commitment's reminder went to (`owners`)
        "reminder": {"reference", "clock", "due", "explanation", "stage", "owner_note"},
        "breach": {"reference", "clock", "due", "explanation", "stage", "owner_note"},
        # mediation, early referral, healthcare escalation (`alternative_letters`)
        **alternatives.CONTEXT,
        # a remedy the response told of, amended or cancelled since (`remedy_letters`)
        **remedy_letters.CONTEXT,
    }.items()
}

ASPECT_LABELS = {
    "service-delivery": "service delivery",
    "minor-misconduct": "minor misconduct",
    "serious-misconduct": "serious misconduct",
    "healthcare": "healthcare",
    "child-protection": "child protection",
    "provider": "care provider",
    "policy": "policy",
    "other": "other",
}

# Stage names in words, per the seeds: spso "frontline" / "investigation", hmip step 2
# "formal" and step 3 "internal review", children stage 3 "review panel".
_STAGE_WORDS = (
    ("frontline", 1),
    ("local", 1),
    ("formal", 2),
    ("investigation", 2),
    ("review", 3),
    ("panel", 3),
)


def stage_number(stage: str | None) -> int | None:
    """``"stage2"`` -> 2, ``"internal-review"`` -> 3, ``None`` -> None."""
    if not stage:
        return None
    digits = re.search(r"\d+", stage)
    if digits:
        return int(digits.group(0))
    lowered = stage.lower()
    return next((n for word, n in _STAGE_WORDS if word in lowered), None)


def long_date(day: date | None) -> str | None:
    """3 December 2026 (GOV.UK style)."""
    return f"{day.day} {day:%B %Y}" if day else None


def aspect_dicts(aspects: list[AspectView]) -> list[dict[str, str]]:
    """Aspects as template data: kind, label in words, and the complainant's text."""
    return [
        {
            "kind": a.kind,
            "label": ASPECT_LABELS.get(a.kind, a.kind.replace("-", " ")),
            "text": a.text,
            "outcome_sought": a.outcome_sought,
        }
        for a in aspects
    ]


FINDING_WORDS = {
    "upheld": "upheld",
    "partly-upheld": "partly upheld",
    "not-upheld": "not upheld",
    "resolved": "resolved",
}


def finding_dicts(view: CaseView) -> list[dict[str, str]]:
    """The finding on each point, in words (records' ``case.responded`` detail)."""
    return [
        {
            "text": str(f.get("text") or f.get("point") or ""),
            "finding": FINDING_WORDS.get(str(f.get("finding") or ""), ""),
            "reason": str(f.get("reason") or ""),
        }
        for f in view.findings
    ]


def remedy_dicts(view: CaseView) -> list[dict[str, str]]:
    """The remedies, in words, with their dates written out (claims: where they went);
    not one cancelled since (`remedy_letters`)."""
    out = []
    for r in view.remedies:
        if r.get("status") == CANCELLED:
            continue
        due = detail_date(r, "due")
        out.append(
            {
                "kind": REMEDY_WORDS.get(str(r.get("type") or ""), "Action"),
                "description": str(r.get("description") or ""),
                "amount": str(r.get("amount") or ""),
                "due": long_date(due) or "",
                "referral": str(r.get("referral") or "").replace("-", " "),
            }
        )
    return out


def exclusion_dicts(view: CaseView) -> list[dict[str, Any]]:
    """What is not dealt with, why, and where to go instead, with the aspects concerned
    (the complainant's own words) when only part of the complaint is excluded."""
    return [
        {
            "reason": e.reason,
            "signpost": e.signpost,
            "aspects": [a.text or ASPECT_LABELS.get(a.kind, a.kind) for a in e.aspects],
        }
        for e in view.exclusions
    ]


def explanation_text(explanation: dict[str, Any]) -> str:
    """A deadline's explanation in words (deadlines puts it in ``text``)."""
    for key in ("text", "explanation", "summary"):
        if explanation.get(key):
            return str(explanation[key])
    return "; ".join(f"{k}: {v}" for k, v in explanation.items())


SPLIT = "provider-split-decided"


def _parts(detail: dict[str, Any], key: str) -> list[str]:
    raw = detail.get(key) or []
    if isinstance(raw, str) or not all(isinstance(p, str) for p in raw):
        raise PlanningError(f"case.{SPLIT} detail.{key} must be a list of texts, got {raw!r}")
    return [" ".join(p.split()) for p in raw if p.strip()]


def provider_split(detail: dict[str, Any], view: CaseView) -> dict[str, Any]:
    """Children seed 004: the parts of the complaint the authority considers itself and
    those left to the registered provider (records' ``case.provider-split-decided``)."""
    authority, provider = _parts(detail, "authority_parts"), _parts(detail, "provider_parts")
    if not authority and not provider:
        raise PlanningError(f"case.{SPLIT} names no parts (detail.authority_parts, provider_parts)")
    named = str(detail.get("provider") or "").strip() or view.location.provider
    if provider and not named:
        raise PlanningError(f"case.{SPLIT} gives parts to the provider but names none")
    return {"authority_parts": authority, "provider_parts": provider, "provider": named}


def facts(
    view: CaseView, trigger: Event, audience: str, aspects: list[AspectView], extra: dict[str, Any]
) -> dict[str, Any]:
    """Every value a template could use, for one recipient: ``audience`` is its kind and
    ``aspects`` the aspects it may see.

    Nothing here is filtered: `entitlements.build_context` keeps only what the recipient may
    see and the template needs.
    """
    person = view.complainant
    values: dict[str, Any] = {
        "reference": view.case_ref,
        "complainant_name": None if person.anonymous else person.name,
        "complainant_contact": person.contact,
        "complainant_ref": person.detained_person_ref,
        "is_child": person.is_child,
        "subject": view.subject,
        "aspects": aspect_dicts(aspects),
        "received_on": long_date(view.received_on),
        "category": view.category,
        "stage": view.stage,
        "stage_no": stage_number(view.stage),
        "nation": view.nation,
        "establishment": view.location.establishment,
        "provider": view.location.provider,
        "local_authority": view.location.local_authority,
        "investigating_officer": view.investigating_officer,
        "target_date": long_date(view.target_date),
        "extension_reason": view.extension_reason,
        "outcome": view.outcome,
        "response_text": view.response_text,
        # The last day of the complainant's window to the external body (deadlines' clock).
        "escalation_by": long_date(view.clocks.get(ESCALATION_CLOCK)),
        "marker": MARKER_HEALTHCARE,
        "mp_name": view.mp,
        # The day the officers' comments are due: deadlines' clock for the request, the
        # only date the letter asking for them states (`comments_letters`).
        "comments_due": long_date(view.clocks.get(COMMENTS_CLOCK)),
        "update_kind": None,
        "position": view.status,
        "clock": None,
        "due": None,
        "explanation": None,
        "owner_note": None,
        "referral_reason": None,
        "urgency": None,
        "audience": audience,
        "excluded_whole": view.excluded,
        "exclusions": exclusion_dicts(view),
        "suspended": view.suspended,
        "authority_parts": [],
        "provider_parts": [],
        "outcome_sought": view.outcome_sought,
        "findings": finding_dicts(view),
        "remedies": remedy_dicts(view),
        "restriction": None,
        "withheld": withheld(view),
    }
    if isinstance(trigger, DeadlineSet):
        values.update(
            clock=trigger.clock.replace("_", " "),
            due=long_date(trigger.due),
            explanation=explanation_text(trigger.explanation),
        )
    elif isinstance(trigger, CaseReferred):
        values.update(referral_reason=trigger.reason, urgency=trigger.urgency)
    elif isinstance(trigger, CaseLifecycle) and lifecycle_status(trigger) == COMMITMENT:
        d = trigger.detail
        values.update(
            clock=f"commitment {d.get('remedy')} ({d.get('type')}, owned by {d.get('owner')})",
            due=long_date(detail_date(d, "due")),
            explanation=f"The commitment given: {d.get('description')}. Record it done on the "
            "case file once carried out (complaints outcomes done).",
        )
    elif isinstance(trigger, CaseLifecycle) and lifecycle_status(trigger) == SPLIT:
        values.update(provider_split(trigger.detail, view))
    elif isinstance(trigger, CaseLifecycle) and lifecycle_status(trigger) == "restricted":
        values["restriction"] = restriction(trigger.detail, trigger.occurred_at.date())
    values.update(alternatives.facts(view, trigger))
    values.update(remedy_letters.facts(view, trigger))
    values.update(extra)
    return values
