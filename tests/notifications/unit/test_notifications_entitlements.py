"""Each recipient kind gets only the fields, and only the aspects, it is entitled to."""

from __future__ import annotations

import pytest

from services.notifications.domain import (
    CaseView,
    ConfidentialityError,
    EntitlementError,
    render,
)
from services.notifications.domain.context import TEMPLATE_CONTEXT
from services.notifications.domain.entitlements import (
    ENTITLEMENTS,
    build_context,
    entitled_fields,
)
from tests.notifications.unit.builders import (
    comments_clock,
    deadline,
    lifecycle,
    lifecycle_events,
    referred,
    routed,
    run,
)

# Written from the seeds, not from the code: fields each kind must NEVER be given.
NEVER: dict[str, set[str]] = {
    "officer": {"complainant_contact", "complainant_ref", "outcome", "response_text",
                "subject"},
    "mp": {"aspects", "subject", "outcome", "response_text", "complainant_contact"},
    "team": {"complainant_name", "complainant_contact", "complainant_ref", "subject",
             "aspects", "response_text"},
    "imb": {"complainant_contact", "investigating_officer"},
    "ds_complaints": {"complainant_contact"},
    "ie_manager": {"aspects", "complainant_contact"},
    "provider": {"complainant_contact", "outcome", "response_text"},
    "healthcare_manager": {"outcome", "response_text"},
    "police": {"outcome", "response_text"},
    "social_care": {"outcome", "response_text"},
}


@pytest.mark.parametrize("kind", sorted(NEVER))
def test_no_recipient_kind_is_entitled_to_what_it_must_never_see(kind: str) -> None:
    assert NEVER[kind] & entitled_fields(kind) == set()


def test_minimal_strand_monitors_get_name_ref_subject_marker_and_outcome_only() -> None:
    """Routing gives the monitors of a dso healthcare strand in Scotland ``minimal`` data."""
    ev = routed("dso", category="healthcare", nation="scotland", consent={"imb_copy": True},
                location={"establishment": "Glenmoor IRC"})
    monitors = [r for r in ev.recipients if r.kind in ("imb", "ds_complaints", "ie_manager")]
    assert {r.kind for r in monitors} == {"imb", "ds_complaints", "ie_manager"}
    assert {r.data for r in monitors} == {"minimal"}
    expected = {"reference", "complainant_name", "complainant_ref", "subject", "marker",
                "outcome", "audience"}
    for kind in ("imb", "ds_complaints", "ie_manager"):
        assert entitled_fields(kind, "minimal") == expected


def every_letter():  # type: ignore[no-untyped-def]
    """Letters from whole lifecycles of varied strands in every procedure."""
    cases = [
        routed("dso", consent={"imb_copy": True}, category="serious-misconduct",
               complainant={"name": "Ade Okafor", "contact": "ade@example.org",
                            "represented_by": {"kind": "mp", "name": "Alex Example MP"}}),
        routed("dso", consent={"imb_copy": True}, category="healthcare", nation="scotland",
               location={"establishment": "Glenmoor IRC"}),
        routed("dso", category="service-delivery",
               location={"establishment": "Ashgrove IRC", "provider": "Example Custodial"}),
        routed("hmip"), routed("spso"), routed("children"),
        routed("children", confidential=True),
        routed("children", location={"local_authority": "Westshire Council",
                                     "provider": "Brightwater Homes"},
               aspects=[{"kind": "provider", "text": "Staff took my phone."},
                        {"kind": "child-protection", "text": "I was hit."}]),
    ]
    out = []
    for ev in cases:
        where = ev.location.local_authority or ev.location.establishment
        rule = {"dso": "criminal_allegation", "children": "child_protection_police"}
        more = [referred(ev, "police", rule=rule[ev.procedure])] if (
            where and ev.procedure in rule) else []
        if ev.category == "healthcare" and ev.nation == "scotland":
            more.append(referred(ev, "local healthcare manager", urgency="normal",
                                 rule="local_healthcare_manager"))
        view, letters = run(*lifecycle_events(ev), *more)
        out += [(view, letter) for letter in letters]
    return out


def test_every_context_is_exactly_its_template_contract_within_the_entitlement() -> None:
    pairs = every_letter()
    assert len({(v.case_ref, x.recipient_kind) for v, x in pairs}) >= 20
    for _view, letter in pairs:
        keys = set(letter.context)
        assert keys == TEMPLATE_CONTEXT[letter.template], letter.template
        data = "minimal" if letter.template == "healthcare_copy" else "full"
        assert keys <= entitled_fields(letter.recipient_kind, data), letter.recipient_kind


def letters_of(events, kind: str):  # type: ignore[no-untyped-def]
    _, letters = run(*events)
    return [x for x in letters if x.recipient_kind == kind]


def test_imb_email_for_a_scottish_healthcare_strand_carries_no_complaint_text() -> None:
    ev = routed("dso", category="healthcare", nation="scotland", consent={"imb_copy": True},
                location={"establishment": "Glenmoor IRC"},
                aspects=[{"kind": "healthcare", "text": "The nurse refused my insulin."}])
    (letter,) = letters_of([ev], "imb")
    text = render(letter).body
    assert "insulin" not in text
    assert "Treatment at reception" in text  # the subject
    assert "HEALTHCARE COMPLAINT" in text
    assert "Ade Okafor (AB123456)" in text


def test_officer_gets_the_aspects_naming_them_but_not_the_complainants_contact() -> None:
    ev = routed("dso", aspects=[
        {"kind": "minor-misconduct", "text": "John Smith swore at me.",
         "officers_named": ["John Smith"]},
        {"kind": "service-delivery", "text": "My bag was lost by reception.",
         "officers_named": []},
    ])
    (letter,) = letters_of([ev, comments_clock(ev)], "officer")
    body = render(letter).body
    assert "Officer A swore at me." in body
    assert "bag" not in body
    assert "ade.okafor@example.org" not in body and "AB123456" not in body


def test_mp_letter_has_position_and_date_but_no_complaint_or_response() -> None:
    ev = routed("dso", complainant={
        "name": "Ade Okafor", "contact": "ade@example.org",
        "represented_by": {"kind": "mp", "name": "Alex Example MP"}})
    events = [ev, deadline(ev), lifecycle(ev, "acknowledged")]
    (letter,) = letters_of(events, "mp")
    body = render(letter).body
    assert "30 March 2026" in body
    assert "shouted" not in body and "Treatment at reception" not in body


def test_team_reminder_carries_no_personal_data() -> None:
    ev = routed("hmip")
    (letter,) = letters_of([ev, deadline(ev, "approaching")], "team")
    body = render(letter).body
    assert "Morgan Reid" not in body and "dismissive" not in body
    assert "20th working day after 2 March 2026" in body


def test_police_referral_gets_the_child_protection_aspects_only() -> None:
    ev = routed("children", aspects=[
        {"kind": "child-protection", "text": "An older boy hits me at night."},
        {"kind": "service-delivery", "text": "My pocket money is late."}])
    (letter,) = letters_of([ev, referred(ev, "police", rule="child_protection_police",
                                         aspects=[{"index": 0, "kind": "child-protection",
                                                   "text": "An older boy hits me at night."}])],
                           "police")
    body = render(letter).body
    assert "An older boy hits me at night." in body
    assert "pocket money" not in body
    assert "jordan.lee@example.org" in body  # the police need to reach the child


def test_provider_gets_the_referred_parts_and_no_contact_details() -> None:
    ev = routed("children", category="childrens-home",
                location={"local_authority": "Westshire Council", "provider": "Brightwater"},
                aspects=[{"kind": "service-delivery", "text": "My review was cancelled."}])
    referral = referred(ev, "registered provider (Brightwater)", rule="registered_provider",
                        aspects=[{"index": 1, "kind": "provider",
                                  "text": "Staff took my phone."}])
    release = lifecycle(ev, "provider-release-confirmed")
    for kind in ("provider", "care_management", "contract_monitoring"):
        (letter,) = letters_of([ev, referral, release], kind)
        body = render(letter).body
        assert "Staff took my phone." in body
        assert "review was cancelled" not in body and "Pocket money" not in body
        assert "jordan.lee@example.org" not in body


def test_healthcare_manager_gets_healthcare_aspects_of_a_cross_cutting_strand_only() -> None:
    ev = routed("dso", category="healthcare", aspects=[
        {"kind": "healthcare", "text": "No dentist for six weeks."},
        {"kind": "service-delivery", "text": "Canteen food was cold."}])
    (letter,) = letters_of([ev], "healthcare_manager")
    body = render(letter).body
    assert "dentist" in body and "Canteen" not in body


def test_ie_manager_response_copy_has_no_aspects() -> None:
    ev = routed("dso", category="serious-misconduct")
    (letter,) = letters_of([ev, lifecycle(ev, "responded", outcome="upheld")], "ie_manager")
    assert "aspects" not in letter.context
    assert "shouted" not in render(letter).body


def test_build_context_refuses_a_template_the_recipient_may_not_see() -> None:
    ev = routed("dso", category="healthcare", nation="scotland")
    view = CaseView.from_routed(ev)
    with pytest.raises(EntitlementError, match="aspects"):
        build_context("imb", "copy", view, ev, data="minimal")
    with pytest.raises(EntitlementError, match="mp of"):
        build_context("mp", "copy", CaseView.from_routed(routed("dso")), ev)


def test_build_context_refuses_anyone_without_the_right_for_a_confidential_child() -> None:
    ev = routed("children", confidential=True)
    view = CaseView.from_routed(ev)
    # the Ombudsman of an early referral: only the statement the complainant agreed to release
    allowed = {"complainant", "representative", "cco", "police", "social_care", "ombudsman"}
    for kind in sorted(set(ENTITLEMENTS) - allowed):
        with pytest.raises(ConfidentialityError, match="confidential child complaint"):
            build_context(kind, "reminder", view, deadline(ev, "approaching"))
