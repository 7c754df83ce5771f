"""Who may see what: per recipient kind, an allow-list of context fields and of aspects.

A letter's context is exactly its template's contract (`context.TEMPLATE_CONTEXT`); if the
contract asks for a field the recipient is not entitled to, building the context fails with
`EntitlementError` instead of leaking it. Aspects are filtered per recipient too: a
healthcare manager sees the healthcare aspects, an officer only the aspects naming them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common.contracts.events import Event
from services.notifications.domain.caseview import AspectView, CaseView
from services.notifications.domain.context import TEMPLATE_CONTEXT, facts
from services.notifications.domain.errors import (
    ConfidentialityError,
    EntitlementError,
    TemplateContractError,
)

# Children seed 004: which parts of a complaint about a provider the authority considers.
_SPLIT = frozenset({"authority_parts", "provider_parts"})
_COMPLAINANT = frozenset(
    {
        "reference",
        "complainant_name",
        "subject",
        "aspects",
        "received_on",
        "investigating_officer",
        "target_date",
        "category",
        "stage_no",
        "nation",
        "update_kind",
        "provider",
        "extension_reason",
        "outcome",
        "response_text",
        "escalation_by",
        "excluded_whole",
        "exclusions",
        "suspended",
        "outcome_sought",
        "findings",
        "remedies",
        "restriction",  # seed 002 ¶10: the decision is communicated to the person
        "withheld",  # seed 002 ¶16: what the response does not share
        *_SPLIT,
    }
)
# DSO seed 000: IMB and DS Complaints get the complaint and the response ...
_MONITOR = frozenset(
    {
        "reference",
        "complainant_name",
        "complainant_ref",
        "subject",
        "aspects",
        "received_on",
        "category",
        "stage_no",
        "establishment",
        "provider",
        "local_authority",
        "outcome",
        "response_text",
    }
)
# ... except healthcare in Scotland / NI: "the detail of complainant and subject of complaint
# only", marked "healthcare complaint", and later the outcome.
_MINIMAL = frozenset(
    {"reference", "complainant_name", "complainant_ref", "subject", "marker", "outcome"}
)
_REFERRAL = TEMPLATE_CONTEXT["referral"]

ENTITLEMENTS: dict[str, frozenset[str]] = {
    "complainant": _COMPLAINANT,
    # children seed 004: complaints by children are overseen by the Children's Complaints
    # Officer, who also takes the reminders of a confidential complaint.
    # The provider split (children seed 004) is written to the complainant only.
    "cco": (_COMPLAINANT - _SPLIT)
    | {
        "complainant_ref",
        "establishment",
        "local_authority",
        "stage",
        "clock",
        "due",
        "explanation",
    },
    "imb": _MONITOR,
    "ds_complaints": _MONITOR,
    # serious misconduct: the response is copied to the IE manager.
    "ie_manager": frozenset(
        {
            "reference",
            "complainant_name",
            "complainant_ref",
            "subject",
            "category",
            "stage_no",
            "outcome",
            "response_text",
        }
    ),
    "healthcare_manager": TEMPLATE_CONTEXT["copy"],
    "provider": TEMPLATE_CONTEXT["copy"],
    # children seed 004: the relevant parts also go to the care management and contract
    # monitoring teams.
    "care_management": TEMPLATE_CONTEXT["copy"],
    "contract_monitoring": TEMPLATE_CONTEXT["copy"],
    # seed 003: officers get the details of the complaint that concern them, not the
    # complainant's contact details.
    "officer": TEMPLATE_CONTEXT["comments_request"],
    # children seed 004: the MP gets the current position and the response date only.
    "mp": TEMPLATE_CONTEXT["mp_position"],
    # children seed 004 stage 2: told of the appointment, with the complaint's subject and
    # stage, nothing more (no complainant, no aspects).
    "head_of_service": TEMPLATE_CONTEXT["investigation_requested"],
    "team_manager": TEMPLATE_CONTEXT["investigation_arranged"],
    "police": _REFERRAL,
    "social_care": _REFERRAL,
    "psu": _REFERRAL,
    "school": _REFERRAL,
    # reminders and breach alerts carry no personal data.
    "team": TEMPLATE_CONTEXT["reminder"],
}

# Recipients whose entitlement becomes `_MINIMAL` on a minimal-data strand.
MINIMAL_KINDS = frozenset({"imb", "ds_complaints", "ie_manager"})

# children seed 004, "Confidential complaints": only these may hear of one.
CONFIDENTIAL_ALLOWED = frozenset({"complainant", "cco", "police", "social_care"})

_PROVIDER_ASPECTS = {
    "children": {"provider"},  # "the relevant parts" for the registered provider
    "dso": {"service-delivery", "minor-misconduct"},  # investigated by the supplier
}


def _all(view: CaseView, focus: str | None) -> list[AspectView]:
    return list(view.aspects)


def _kinds(*kinds: str) -> Callable[[CaseView, str | None], list[AspectView]]:
    def only(view: CaseView, focus: str | None) -> list[AspectView]:
        return [a for a in view.aspects if a.kind in kinds]

    return only


def _provider(view: CaseView, focus: str | None) -> list[AspectView]:
    kinds = _PROVIDER_ASPECTS.get(view.procedure, {"provider"})
    return [a for a in view.aspects if a.kind in kinds]


def _naming(view: CaseView, focus: str | None) -> list[AspectView]:
    wanted = " ".join((focus or "").lower().split())
    return [
        a
        for a in view.aspects
        if any(" ".join(n.lower().split()) == wanted for n in a.officers_named)
    ]


def _none(view: CaseView, focus: str | None) -> list[AspectView]:
    return []


ASPECT_FILTERS: dict[str, Callable[[CaseView, str | None], list[AspectView]]] = {
    "complainant": _all,
    "cco": _all,
    "imb": _all,
    "ds_complaints": _all,
    "ie_manager": _none,
    "healthcare_manager": _kinds("healthcare"),
    "provider": _provider,
    "care_management": _provider,
    "contract_monitoring": _provider,
    "officer": _naming,
    "mp": _none,
    "head_of_service": _none,
    "team_manager": _none,
    "police": _kinds("child-protection", "serious-misconduct"),
    "social_care": _kinds("child-protection"),
    "psu": _kinds("serious-misconduct"),
    "school": _all,
    "team": _none,
}


def entitled_fields(kind: str, view: CaseView) -> frozenset[str]:
    """The context fields recipient ``kind`` may see for this strand."""
    try:
        allowed = ENTITLEMENTS[kind]
    except KeyError:
        raise EntitlementError(f"unknown recipient kind {kind!r}") from None
    if view.minimal_data and kind in MINIMAL_KINDS:
        allowed = _MINIMAL
    # Every recipient may know which kind of recipient it is (templates word the cover by it).
    return allowed | {"audience"}


def build_context(
    kind: str,
    template: str,
    view: CaseView,
    trigger: Event,
    *,
    focus: str | None = None,
    extra: dict[str, Any] | None = None,
    aspects: tuple[AspectView, ...] | None = None,
) -> dict[str, Any]:
    """The context of one letter: its template's contract, checked against the recipient.

    ``focus`` names the person a fanned-out letter is about (the officer asked to comment);
    ``aspects`` replaces the strand's aspects as the pool the recipient's filter picks from
    (the parts a referral carries).
    Raises `ConfidentialityError` for a restricted child complaint and a recipient without
    the right, and `EntitlementError` if the template needs a field the recipient may not see.
    """
    if view.restricted and kind not in CONFIDENTIAL_ALLOWED:
        raise ConfidentialityError(
            f"{view.case_ref} is a confidential child complaint: {kind} may not be told "
            f"(allowed: {', '.join(sorted(CONFIDENTIAL_ALLOWED))})"
        )
    try:
        needed = TEMPLATE_CONTEXT[template]
    except KeyError:
        raise TemplateContractError(f"no context contract for template {template!r}") from None
    forbidden = needed - entitled_fields(kind, view)
    if forbidden:
        raise EntitlementError(
            f"template {template!r} would show {kind} of {view.case_ref} fields it is not "
            f"entitled to: {', '.join(sorted(forbidden))}"
        )
    pool = view if aspects is None else view.model_copy(update={"aspects": aspects})
    values = facts(view, trigger, kind, ASPECT_FILTERS[kind](pool, focus), extra or {})
    return {key: values[key] for key in sorted(needed)}
