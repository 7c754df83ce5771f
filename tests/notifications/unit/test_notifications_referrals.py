"""Referrals and confidential children's complaints: who is told, and who never is."""

from __future__ import annotations

import pytest

from services.notifications.domain import (
    CaseView,
    ConfidentialityError,
    advance,
    plan_letters,
)
from services.notifications.domain.recipients import _guard
from tests.notifications.unit.builders import (
    deadline,
    lifecycle,
    referred,
    responded,
    routed,
    run,
    sent,
)

# -- referrals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "expected"), [
    ("child_protection_police", ("police", "police:westshire-council", "referral")),
    ("child_protection", ("social_care", "social-care:westshire-council", "referral")),
])
def test_child_protection_referrals(rule: str, expected: tuple[str, str, str]) -> None:
    ev = routed("children")
    _, letters = run(ev, referred(ev, "the words do not matter", rule=rule))
    assert [x for x in sent(letters) if x[0] in ("police", "social_care")] == [expected]


def test_a_referral_routing_named_no_recipient_for_is_a_letter_for_the_desk() -> None:
    """An event from before routing decided who is told: never guessed from its words."""
    ev = routed("children")
    view = CaseView.from_routed(ev)
    (letter,) = plan_letters(view, referred(ev, "police"))
    assert (letter.recipient_kind, letter.address_key) == ("referral", "unaddressed:referral")


def childrens_home(**location: str):  # type: ignore[no-untyped-def]
    """A children's home complaint as routing announces it: the strand keeps the authority's
    parts; the provider's parts travel with the registered_provider referral."""
    ev = routed("children", category="childrens-home",
                location={"local_authority": "Westshire Council", **location},
                aspects=[{"kind": "service-delivery", "text": "My plan is out of date."}])
    referral = referred(ev, "registered provider (Brightwater Children's Homes)",
                        reason="relevant parts to the registered provider", urgency="within",
                        rule="registered_provider",
                        aspects=[{"kind": "provider", "text": "Staff took my phone."}])
    return ev, referral


def test_childrens_home_parts_go_to_provider_and_council_teams_and_the_child_is_told() -> None:
    """Seed 004: the provider gets the relevant parts only once the Complaints Manager has
    confirmed with the child (``case.provider-release-confirmed``); the council's teams get
    them with the referral."""
    ev, referral = childrens_home(provider="Brightwater Children's Homes")
    _, on_routing = run(ev)
    assert sent(on_routing, "provider") == []
    view, letters = run(ev, referral)
    assert [x for x in sent(letters) if x[0] != "cco"] == [
        ("care_management", "team:care-management", "copy"),
        ("contract_monitoring", "team:contract-monitoring", "copy"),
    ]
    release = lifecycle(ev, "provider-release-confirmed")
    view, released = advance(view, release, message_id="m-release")
    assert sent(released) == [
        ("complainant", "complainant", "update"),
        ("provider", "provider:brightwater-childrens-homes", "copy"),
    ]
    told = [x for x in released if x.recipient_kind == "complainant"]
    assert told[0].context["update_kind"] == "provider-referral"
    provider = next(x for x in released if x.recipient_kind == "provider")
    assert [a["text"] for a in provider.context["aspects"]] == ["Staff took my phone."]
    # a second confirmation plans the same letters (same keys): nothing is sent twice
    _, again = advance(view, release, message_id="m-release-again")
    assert {x.key for x in again} == {x.key for x in released}


def test_a_referral_after_the_release_goes_at_once() -> None:
    ev, referral = childrens_home(provider="Brightwater Children's Homes")
    view, _ = run(ev, lifecycle(ev, "provider-release-confirmed"))
    _, letters = advance(view, referral, message_id="m-ref")
    assert ("provider", "provider:brightwater-childrens-homes", "copy") in sent(letters)


@pytest.mark.parametrize(("procedure", "rule", "kind"), [
    ("dso", "nhs_provider", "healthcare_manager"),
    ("children", "nhs_joint_response", "healthcare_manager"),
    ("dso", "psu_allocation", "psu"),
    ("children", "school_complaints", "school"),
    ("spso", "spso_signpost", "complainant"),
    ("dso", "criminal_allegation", "police"),
    ("children", "child_protection", "social_care"),
])
def test_each_referral_goes_to_the_body_routing_named(procedure: str, rule: str,
                                                      kind: str) -> None:
    ev = routed(procedure, location={"establishment": "Ashgrove IRC",
                                     "local_authority": "Westshire Council"})
    view = CaseView.from_routed(ev)
    letters = plan_letters(view, referred(ev, "whatever words", reason="because", rule=rule))
    assert [x.recipient_kind for x in letters] == [kind]


def test_complaints_by_children_are_copied_to_the_childrens_complaints_officer() -> None:
    _, child = run(*responded(routed("children")))
    assert sent(child, "cco") == [("cco", "team:childrens-complaints-officer", "copy"),
                                  ("cco", "team:childrens-complaints-officer", "response_copy")]
    adult = routed("children", complainant={"name": "Pat Lee", "contact": "p@example.org"},
                   flags=[])
    _, grown_up = run(*responded(adult))
    assert sent(grown_up, "cco") == []


# -- children seed 004: confidential complaints by children ------------------------------------

ALLOWED = {"complainant", "cco", "police", "social_care"}


def confidential(**overrides):  # type: ignore[no-untyped-def]
    body = {"confidential": True,
            "complainant": {"name": "Jordan Lee", "contact": "jordan.lee@example.org",
                            "is_child": True,
                            "represented_by": {"kind": "mp", "name": "Alex Example MP"}},
            "location": {"local_authority": "Westshire Council",
                         "provider": "Brightwater Children's Homes"},
            "aspects": [{"kind": "provider", "text": "Dana Price shouted at me.",
                         "officers_named": ["Dana Price"]},
                        {"kind": "child-protection", "text": "An older boy hits me."}]}
    body.update(overrides)
    return routed("children", **body)


def test_confidential_child_complaint_reaches_only_those_with_the_right() -> None:
    ev = confidential()
    _, letters = run(ev, deadline(ev), lifecycle(ev, "acknowledged"),
                     referred(ev, "police", rule="child_protection_police"),
                     referred(ev, "children's social care", rule="child_protection"),
                     lifecycle(ev, "extended", due="2026-04-20", reason="advocate"),
                     deadline(ev, "approaching"), deadline(ev, "breached"),
                     lifecycle(ev, "responded", outcome="upheld"))
    assert {x.recipient_kind for x in letters} == ALLOWED
    reminders = [x for x in letters if x.template in ("reminder", "breach")]
    assert {x.recipient_kind for x in reminders} == {"cco"}


def test_the_last_guard_refuses_any_planned_letter_without_the_right() -> None:
    ev = confidential()
    view = CaseView.from_routed(ev)
    (letter,) = plan_letters(view, lifecycle(ev, "acknowledged"))
    stray = letter.model_copy(update={"recipient_kind": "imb"})
    with pytest.raises(ConfidentialityError, match="planned to imb"):
        _guard(view, [stray])


def test_confidential_child_complaint_is_not_released_to_a_provider() -> None:
    ev = confidential()
    view = CaseView.from_routed(ev)
    _, letters = advance(view, referred(ev, "registered provider (Brightwater)",
                                        rule="registered_provider"))
    assert letters == []
    _, released = advance(view, lifecycle(ev, "provider-release-confirmed"))
    assert released == []


