"""Who may see what: per recipient kind, an allow-list of context fields; the data and the
aspects each recipient may see are routing's decision (``Recipient.data``/``aspects``).

A letter's context is exactly its template's contract (`context.TEMPLATE_CONTEXT`); if the
contract asks for a field the recipient is not entitled to, building the context fails with
`EntitlementError` instead of leaking it. A recipient routing gave ``minimal`` data sees the
complainant's details and the subject only; its aspects are those routing gave it (the
parts a referral carries, the strand's), an officer only the aspects naming them.
"""

from __future__ import annotations

from typing import Any

from common.contracts.events import Event
from services.notifications.domain import alternative_letters as alternatives
from services.notifications.domain import remedy_letters
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
        # mediation offered and ended, the early referral made (`alternative_letters`)
        *alternatives.PERSON_FIELDS,
        # a remedy they were told of, amended or cancelled (`remedy_letters`)
        *remedy_letters.PERSON_FIELDS,
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
    # a representative with the complainant's authority reads the complainant's letters
    "representative": _COMPLAINANT,
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
        "owner_note",
    },
    "imb": _MONITOR,
    # dso seed 000: DS Complaints facilitates a devolved healthcare escalation (its task)
    "ds_complaints": _MONITOR | alternatives.DS_COMPLAINTS_FIELDS,
    # children seed 004: the Ombudsman gets the written statement agreed for release
    alternatives.OMBUDSMAN: alternatives.OMBUDSMAN_FIELDS,
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
    # reminders and breach alerts carry no personal data; a commitment's owner gets the
    # team's reminder (`owners`).
    "team": TEMPLATE_CONTEXT["reminder"],
    "owner": TEMPLATE_CONTEXT["reminder"],
    # a referral routing named no body for (from before it did): the fallback desk reads it.
    "referral": _REFERRAL,
}

# children seed 004, "Confidential complaints": only these may hear of one. Routing decides
# who is told; this is the last line of defence (`recipients._guard`).
# The Ombudsman of an early referral reads only the statement the complainant agreed to
# release to it (seed 004 "agree a written statement of the complaint for release").
CONFIDENTIAL_ALLOWED = frozenset(
    {"complainant", "representative", "cco", "police", "social_care", alternatives.OMBUDSMAN}
)

# The data scopes (`common.contracts.recipients.RecipientData`) that carry no aspects.
NO_ASPECTS = frozenset({"minimal", "position", "outcome", "none"})


def _aspects(kind: str, data: str, pool: CaseView, focus: str | None) -> list[AspectView]:
    """The aspects a recipient sees: none for a scope without them, the officer's own when
    it is an officer, else every aspect of the pool routing gave it."""
    if data in NO_ASPECTS or kind in {"mp", "team", "ie_manager", "head_of_service",
                                      "team_manager", alternatives.OMBUDSMAN}:  # fmt: skip
        return []
    if kind == "officer":
        wanted = " ".join((focus or "").lower().split())
        return [
            a
            for a in pool.aspects
            if any(" ".join(n.lower().split()) == wanted for n in a.officers_named)
        ]
    return list(pool.aspects)


def entitled_fields(kind: str, data: str = "full") -> frozenset[str]:
    """The context fields recipient ``kind`` may see, given the data routing allowed it."""
    try:
        allowed = ENTITLEMENTS[kind]
    except KeyError:
        raise EntitlementError(f"unknown recipient kind {kind!r}") from None
    if data == "minimal":
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
    data: str = "full",
) -> dict[str, Any]:
    """The context of one letter: its template's contract, checked against the recipient.

    ``focus`` names the person a fanned-out letter is about (the officer asked to comment);
    ``aspects`` replaces the strand's aspects as the pool the recipient sees (the parts a
    referral carries, or those routing gave it); ``data`` is the scope routing allowed.
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
    forbidden = needed - entitled_fields(kind, data)
    if forbidden:
        raise EntitlementError(
            f"template {template!r} would show {kind} of {view.case_ref} fields it is not "
            f"entitled to: {', '.join(sorted(forbidden))}"
        )
    pool = view if aspects is None else view.model_copy(update={"aspects": aspects})
    values = facts(view, trigger, kind, _aspects(kind, data, pool, focus), extra or {})
    return {key: values[key] for key in sorted(needed)}
