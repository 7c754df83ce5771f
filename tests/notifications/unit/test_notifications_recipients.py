"""Who must, and must not, be told what: the recipient rules against the seeds."""

from __future__ import annotations

from datetime import date

import pytest

from services.notifications.domain import (
    CaseView,
    PlanningError,
    advance,
    plan_letters,
    render,
)
from tests.notifications.unit.builders import (
    comments_clock,
    deadline,
    lifecycle,
    referred,
    responded,
    routed,
    run,
    sent,
)

# -- DSO seed 000: IMB only with authority ----------------------------------------------------


def test_dso_without_imb_authority_no_imb_letter_ever() -> None:
    ev = routed("dso", consent={"imb_copy": False})
    _, letters = run(*responded(ev))
    assert sent(letters, "imb") == []


def test_dso_with_imb_authority_exactly_one_copy_of_complaint_and_of_response() -> None:
    ev = routed("dso", consent={"imb_copy": True})
    _, on_routing = run(ev)
    assert sent(on_routing, "imb") == [("imb", "imb:ashgrove-irc", "copy")]
    _, all_letters = run(*responded(ev))
    assert sent(all_letters, "imb") == [("imb", "imb:ashgrove-irc", "copy"),
                                        ("imb", "imb:ashgrove-irc", "response_copy")]


def test_dso_local_resolution_is_not_copied_even_with_authority() -> None:
    ev = routed("dso", category="local-resolution", consent={"imb_copy": True})
    _, letters = run(*responded(ev))
    assert sent(letters, "imb") == [] and sent(letters, "ds_complaints") == []


def test_dso_responses_go_to_ds_complaints() -> None:
    _, letters = run(*responded(routed("dso", category="service-delivery")))
    assert sent(letters, "ds_complaints") == [
        ("ds_complaints", "team:ds-complaints", "response_copy")]


def test_dso_serious_misconduct_response_goes_to_ie_manager_minor_does_not() -> None:
    _, serious = run(*responded(routed("dso", category="serious-misconduct")))
    assert sent(serious, "ie_manager") == [
        ("ie_manager", "ie-manager:ashgrove-irc", "response_copy")]
    _, minor = run(*responded(routed("dso", category="minor-misconduct")))
    assert sent(minor, "ie_manager") == []


def scottish_healthcare(**overrides):  # type: ignore[no-untyped-def]
    body = {"category": "healthcare", "nation": "scotland", "calendar": "scotland",
            "minimal": True, "consent": {"imb_copy": True}, "owner": "Glenmoor healthcare",
            "location": {"establishment": "Glenmoor IRC"},
            "aspects": [{"kind": "healthcare", "officers_named": ["Nurse Kerr"],
                         "text": "Nurse Kerr refused my insulin on 3 March."}]}
    body.update(overrides)
    return routed("dso", **body)


def test_dso_scottish_healthcare_minimal_copies_to_ds_complaints_and_imb() -> None:
    ev = scottish_healthcare()
    _, letters = run(ev)
    assert sent(letters) == [
        ("ds_complaints", "team:ds-complaints", "healthcare_copy"),
        ("imb", "imb:glenmoor-irc", "healthcare_copy"),
    ]  # and no comments request: the healthcare procedure handles its own staff
    # The local healthcare manager investigates: routing's referral carries the points.
    points = [{"index": 0, "kind": "healthcare", "text": "The nurse refused my insulin."}]
    _, letters = run(ev, referred(ev, "local healthcare manager", urgency="normal",
                                  rule="local_healthcare_manager", aspects=points,
                                  aspects_for_recipient_only=True))
    (manager,) = [x for x in letters if x.recipient_kind == "healthcare_manager"]
    assert (manager.address_key, manager.template) == ("healthcare:glenmoor-irc", "copy")
    assert "The nurse refused my insulin." in render(manager).body
    for other in letters:
        if other.recipient_kind != "healthcare_manager":
            assert "insulin" not in render(other).body


def test_dso_scottish_healthcare_outcome_to_ds_complaints_imb_and_ie_manager() -> None:
    ev = scottish_healthcare()
    view, _ = advance(None, ev)
    _, outcome = advance(view, lifecycle(ev, "responded", outcome="upheld"))
    assert sent(outcome, "ds_complaints") == [
        ("ds_complaints", "team:ds-complaints", "healthcare_copy")]
    assert sent(outcome, "imb") == [("imb", "imb:glenmoor-irc", "healthcare_copy")]
    assert sent(outcome, "ie_manager") == [
        ("ie_manager", "ie-manager:glenmoor-irc", "healthcare_copy")]


def test_dso_scottish_healthcare_without_authority_imb_gets_nothing() -> None:
    _, letters = run(*responded(scottish_healthcare(consent={"imb_copy": False})))
    assert sent(letters, "imb") == []


def test_dso_english_healthcare_goes_to_the_healthcare_manager_only() -> None:
    ev = routed("dso", category="healthcare", consent={"imb_copy": True},
                aspects=[{"kind": "healthcare", "text": "No GP appointment for 2 weeks."}])
    _, on_routing = run(ev)
    assert sent(on_routing) == []  # seed 000: "referred to local healthcare provider"
    _, letters = run(ev, referred(ev, "local healthcare provider", rule="nhs_provider",
                                  urgency="normal",
                                  aspects=[{"index": 0, "kind": "healthcare",
                                            "text": "No GP appointment for 2 weeks."}]))
    assert sent(letters) == [("healthcare_manager", "healthcare:ashgrove-irc", "copy")]


def test_dso_supplier_copy_goes_once_at_routing() -> None:
    """Seed 000: service delivery is "investigated by IRC or escorting supplier"."""
    ev = routed("dso", category="service-delivery",
                location={"establishment": "Ashgrove IRC",
                          "provider": "Example Custodial Services"})
    _, on_routing = run(ev)
    provider = [x for x in on_routing if x.recipient_kind == "provider"]
    assert [(x.address_key, x.template) for x in provider] == [
        ("provider:example-custodial-services", "copy")]
    again = plan_letters(CaseView.from_routed(ev), ev, message_id="another-delivery")
    assert [x.key for x in again if x.recipient_kind == "provider"] == [provider[0].key]


# -- the complainant --------------------------------------------------------------------------


def test_acknowledgement_update_extension_and_decision_go_to_the_complainant() -> None:
    ev = routed("hmip")
    _, letters = run(ev, deadline(ev), lifecycle(ev, "acknowledged"),
                     lifecycle(ev, "officer-assigned", officer="Sam Jones"),
                     lifecycle(ev, "extended", due="2026-04-20", reason="illness"),
                     lifecycle(ev, "responded", outcome="upheld"))
    assert [x.template for x in letters if x.recipient_kind == "complainant"] == [
        "acknowledgement", "update", "extension", "decision"]
    assert {x.address_key for x in letters if x.recipient_kind == "complainant"} == {
        "complainant"}


def test_officer_assigned_before_acknowledgement_waits_for_the_acknowledgement() -> None:
    ev = routed("hmip")
    _, letters = run(ev, lifecycle(ev, "officer-assigned", officer="Sam Jones"))
    assert sent(letters, "complainant") == []


def test_anonymous_complainant_gets_no_letters() -> None:
    ev = routed("dso", complainant={"anonymous": True})
    _, letters = run(ev, lifecycle(ev, "acknowledged"), lifecycle(ev, "responded",
                                                                  outcome="upheld"))
    assert sent(letters, "complainant") == []


# -- children seed 004: MPs -------------------------------------------------------------------


def mp_case():  # type: ignore[no-untyped-def]
    return routed("children", complainant={
        "name": "Chris Lee", "contact": "chris.lee@example.org",
        "represented_by": {"kind": "mp", "name": "Alex Example MP"}})


def test_mp_gets_position_and_date_on_acknowledgement_and_extension_only() -> None:
    ev = mp_case()
    _, letters = run(ev, deadline(ev), lifecycle(ev, "acknowledged"),
                     lifecycle(ev, "extended", due="2026-04-20", reason="advocate"),
                     lifecycle(ev, "responded", outcome="partly"))
    assert [(x.address_key, x.template) for x in letters if x.recipient_kind == "mp"] == [
        ("mp:alex-example-mp", "mp_position"), ("mp:alex-example-mp", "mp_position")]
    decisions = [x for x in letters if x.template == "decision"]
    assert [x.recipient_kind for x in decisions] == ["complainant"]


def test_a_solicitor_is_not_written_to_as_an_mp() -> None:
    ev = routed("children", complainant={
        "name": "Chris Lee", "represented_by": {"kind": "solicitor", "name": "A Brief LLP"}})
    _, letters = run(ev, lifecycle(ev, "acknowledged"))
    assert sent(letters, "mp") == []


# -- seed 003: officers named -----------------------------------------------------------------


def two_officers():  # type: ignore[no-untyped-def]
    return routed("dso", aspects=[
        {"kind": "minor-misconduct", "text": "John Smith swore.", "officers_named": ["John Smith"]},
        {"kind": "service-delivery", "text": "Priya Patel lost my bag.",
         "officers_named": ["Priya Patel"]},
    ])


def test_each_named_officer_is_asked_for_comments() -> None:
    ev = two_officers()
    _, letters = run(ev, comments_clock(ev, date(2026, 3, 2), date(2026, 3, 5)))
    officers = [x for x in letters if x.recipient_kind == "officer"]
    assert [(x.address_key, x.context["officer_label"]) for x in officers] == [
        ("officer:john-smith", "Officer A"), ("officer:priya-patel", "Officer B")]
    assert len({x.key for x in officers}) == 2


def test_comments_requested_names_one_officer_and_the_clocks_date() -> None:
    ev = two_officers()
    _, letters = run(ev, comments_clock(ev, date(2026, 3, 2), date(2026, 3, 5)),
                     lifecycle(ev, "comments-requested", officer="Priya Patel", on="2026-03-09"),
                     comments_clock(ev, date(2026, 3, 9), date(2026, 3, 12)))
    later = [x for x in letters if x.trigger != letters[0].trigger and
             x.recipient_kind == "officer"]
    assert [(x.address_key, x.context["comments_due"]) for x in later] == [
        ("officer:priya-patel", "12 March 2026")]


# -- deadlines: reminders and breaches to the owning team --------------------------------------


def test_reminders_and_breaches_go_to_the_owning_team() -> None:
    ev = routed("spso")
    _, letters = run(ev, deadline(ev, "approaching"), deadline(ev, "breached"))
    assert sent(letters, "team") == [
        ("team", "team:spso-investigator", "breach"),
        ("team", "team:spso-investigator", "reminder")]
    assert sent(letters, "complainant") == []


# -- errors ------------------------------------------------------------------------------------


def test_an_unknown_procedure_is_a_clear_error() -> None:
    ev = routed("dso").model_copy(update={"procedure": "parking-fines"})
    with pytest.raises(PlanningError, match="no notification rules for procedure"):
        advance(None, ev)


def test_a_trigger_of_another_case_is_refused() -> None:
    view = CaseView.from_routed(routed("dso"))
    with pytest.raises(PlanningError, match="HMIP-2026-000045/1"):
        plan_letters(view, lifecycle(routed("hmip"), "acknowledged"))


def test_events_before_routing_are_refused() -> None:
    with pytest.raises(PlanningError, match="before case.routed"):
        advance(None, lifecycle(routed("dso"), "acknowledged"))


def test_imb_copy_without_an_establishment_fails_that_letter_only_with_a_clear_reason() -> None:
    ev = routed("dso", consent={"imb_copy": True}, location={})
    _, letters = run(ev, comments_clock(ev, date(2026, 3, 2), date(2026, 3, 5)))
    imb = [x for x in letters if x.recipient_kind == "imb"]
    assert [(x.address_key, x.context) for x in imb] == [("unaddressed:imb", {})]
    assert imb[0].error and "no establishment" in imb[0].error
    assert [x.recipient_kind for x in letters if not x.error] == ["officer"]
    with pytest.raises(PlanningError, match="no establishment"):
        render(imb[0])


# -- extensions reported twice, acknowledgement dates ------------------------------------------


def test_an_extension_from_records_and_from_deadlines_is_one_letter_per_new_date() -> None:
    ev = routed("hmip")
    view, _ = advance(None, ev)
    view, _ = advance(view, deadline(ev, clock="reply"))
    view, by_records = advance(view, lifecycle(ev, "extended", due="2026-04-14",
                                               reason="a witness is ill"))
    view, by_deadlines = advance(view, deadline(ev, clock="reply",
                                                due=date(2026, 4, 14), extended=True,
                                                reason="a witness is ill"))
    assert [x.template for x in by_records] == ["extension"]
    assert [x.key for x in by_deadlines] == [x.key for x in by_records]
    view, again = advance(view, lifecycle(ev, "extended", due="2026-04-28", reason="more"))
    assert again[0].key != by_records[0].key
    assert again[0].context["target_date"] == "28 April 2026"


def test_a_clock_set_without_extension_sends_nothing() -> None:
    ev = routed("hmip")
    _, letters = run(ev, deadline(ev, clock="reply"))
    assert sent(letters, "complainant") == []


def test_the_acknowledgement_gives_the_target_date_records_names() -> None:
    ev = routed("spso")
    _, letters = run(ev, lifecycle(ev, "acknowledged", target_date="2026-03-31"))
    (ack,) = [x for x in letters if x.template == "acknowledgement"]
    assert ack.context["target_date"] == "31 March 2026"


def test_spso_signposting_tells_the_complainant_about_the_spso() -> None:
    ev = routed("spso")
    _, letters = run(ev, referred(ev, "Scottish Public Services Ombudsman (signposting)",
                                  reason="access to the procedure restricted",
                                  rule="spso_signpost"))
    (letter,) = letters
    assert (letter.recipient_kind, letter.template) == ("complainant", "update")
    assert "Scottish Public Services Ombudsman (SPSO)" in render(letter).body
