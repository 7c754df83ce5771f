"""dso routing, scenario by scenario, from seed 000 ("DSO on a page").

Every row's id quotes the seed phrase it checks; expected values are written from the seed.
"""

from __future__ import annotations

import pytest

from common.timescales import Timescale, Unit
from procedures import clock_for
from services.routing.domain.decision import RoutingRejected
from tests.routing.unit.factories import Scenario, aspect, check_scenario, route

IMB = {"consent": {"imb_copy": True}}

SCENARIOS = [
    Scenario(
        id="local resolution: 'relatively minor, easily resolved' -> 'immediate response'",
        procedure="dso",
        aspects=(aspect("service-delivery", "Kettle on the wing is broken"),),
        fields={"local_resolution": True, **IMB},
        strands=(("dso", "local_resolution", "local-resolution", "onsite-staff", [0]),),
        rules=frozenset({"local_resolution_strand"}),
        clocks=(["response"],),
        flags=(set(),),
        # 'copied to IMB (where authority has been granted)' once it becomes formal
        copies=("imb_copy_on_formal",),
    ),
    Scenario(
        id="service delivery: 'written response within 20 working days', 'copied to IMB'",
        procedure="dso",
        aspects=(aspect("service-delivery", "Property not returned after transfer"),),
        fields=IMB,
        strands=(("dso", "service_delivery", "service-delivery", "supplier", [0]),),
        rules=frozenset({"service_delivery_strand", "imb_copy", "response_to_ds_complaints",
                         "response_to_imb"}),
        clocks=(["response"],),
        copies=("imb_copy", "response_to_ds_complaints", "response_to_imb"),
    ),
    Scenario(
        id="'copied to IMB (where authority has been granted)': no authority, no IMB copy",
        procedure="dso",
        aspects=(aspect("other", "Visits booking system keeps failing"),),
        strands=(("dso", "service_delivery", "service-delivery", "supplier", [0]),),
        rules=frozenset({"imb_copy", "response_to_ds_complaints"}),
        copies=("response_to_ds_complaints",),
    ),
    Scenario(
        id="minor misconduct: 'guidance given to staff member' category outranks service",
        procedure="dso",
        aspects=(aspect("service-delivery", "Late meals"),
                 aspect("minor-misconduct", "Officer was rude", officers=["DCO Smith"])),
        strands=(("dso", "minor_misconduct", "minor-misconduct", "supplier", [0, 1]),),
        rules=frozenset({"minor_misconduct_strand", "officer_comments", "anonymise_officers"}),
        clocks=(["response", "officer_comments"],),
        flags=({"anonymise_officers"},),
    ),
    Scenario(
        id="serious misconduct: 'allocated to Professional Standards Unit', 'DCO Certification'",
        procedure="dso",
        aspects=(aspect("serious-misconduct", "Excessive force during escort"),),
        fields=IMB,
        strands=(("dso", "serious_misconduct", "serious-misconduct", "psu", [0]),),
        rules=frozenset({"serious_misconduct_strand", "imb_copy", "response_to_ie_manager",
                         "response_to_imb"}),
        clocks=(["response"],),
        flags=({"dco_certification_review"},),
        copies=("imb_copy", "response_to_ie_manager", "response_to_imb"),
    ),
    Scenario(
        id="'criminal allegations referred to police'",
        procedure="dso",
        aspects=(aspect("service-delivery", "Lost property"),
                 aspect("serious-misconduct", "Officer stole my phone", criminal=True)),
        strands=(("dso", "serious_misconduct", "serious-misconduct", "psu", [0, 1]),),
        referrals=(("police", "prompt"),),
        rules=frozenset({"criminal_allegation"}),
    ),
    Scenario(
        id="'Healthcare only ... in England, the HO record date of complaint and received'",
        procedure="dso",
        aspects=(aspect("healthcare", "Medication withheld for three days"),),
        fields=IMB,
        strands=(("dso", "healthcare_england", "healthcare", "nhs-provider", [0]),),
        referrals=(("local healthcare provider", "normal"),),
        rules=frozenset({"healthcare_strand", "nhs_provider"}),
        clocks=([],),
        flags=({"dates_only", "not_monitored"},),
        minimal=(False,),
        copies=(),
    ),
    Scenario(
        id="'Scotland or Northern Ireland ... complainant and subject ... only', minimal",
        procedure="dso",
        aspects=(aspect("healthcare", "Dentist appointment cancelled twice"),),
        fields={"nation": "northern-ireland", **IMB},
        strands=(("dso", "healthcare_devolved", "healthcare", "healthcare-manager", [0]),),
        rules=frozenset({"healthcare_notice_ds_complaints", "healthcare_notice_imb",
                         "healthcare_outcome_ie_manager"}),
        # the local healthcare procedure's response target, acknowledged by the healthcare area
        clocks=(["response"],),
        flags=({"healthcare_complaint_marking"},),
        minimal=(True,),
        # "Complaint referred to local healthcare manager for investigation and response"
        referrals=(("local healthcare manager", "normal"),),
        copies=("healthcare_notice_ds_complaints", "healthcare_notice_imb",
                "healthcare_outcome_ds_complaints", "healthcare_outcome_imb",
                "healthcare_outcome_ie_manager"),
    ),
    Scenario(
        id="'Cross-cutting complaints' in Scotland: 'onsite healthcare manager and DS Complaints'",
        procedure="dso",
        aspects=(aspect("service-delivery", "No interpreter at induction"),
                 aspect("healthcare", "Nurse ignored my asthma", officers=["Nurse Jones"])),
        fields={"nation": "scotland"},
        strands=(("dso", "service_delivery", "service-delivery", "ds-complaints", [0]),
                 ("dso", "healthcare_devolved", "healthcare", "healthcare-manager", [1])),
        rules=frozenset({"cross_cutting", "service_delivery_strand", "healthcare_strand",
                         "officer_comments"}),
        # "Each area ... sending an acknowledgement letter ... and the anticipated target for a
        # response": both strands have a response clock; the named nurse is handled under the
        # local healthcare procedure, so no comments clock on the healthcare strand
        clocks=(["response"], ["response"]),
        minimal=(False, True),
        referrals=(("local healthcare manager", "normal"),),
    ),
    Scenario(
        id="serious misconduct alone in Scotland: still 'allocated to Professional Standards "
        "Unit'",
        procedure="dso",
        aspects=(aspect("serious-misconduct", "Restraint injured my wrist"),),
        fields={"nation": "scotland", **IMB},
        strands=(("dso", "serious_misconduct", "serious-misconduct", "psu", [0]),),
        rules=frozenset({"serious_misconduct_strand", "imb_copy", "response_to_ie_manager"}),
        copies=("imb_copy", "response_to_ie_manager", "response_to_imb"),
    ),
    Scenario(
        id="cross-cutting in England with serious misconduct: the PSU's, 'copied to ... DS "
        "Complaints Team'",
        procedure="dso",
        aspects=(aspect("healthcare", "Injury not treated"),
                 aspect("serious-misconduct", "Assaulted in the van", criminal=True)),
        strands=(("dso", "serious_misconduct", "serious-misconduct", "psu", [1]),
                 ("dso", "healthcare_england", "healthcare", "healthcare-manager", [0])),
        referrals=(("police", "prompt"),),
        rules=frozenset({"cross_cutting", "cross_cutting_ds_complaints", "criminal_allegation"}),
        flags=({"dco_certification_review"}, {"nhs_procedure"}),
        copies=("cross_cutting_ds_complaints", "response_to_ie_manager",
                "onsite_healthcare_manager"),
    ),
    Scenario(
        id="cross-cutting in Scotland with serious misconduct: the PSU's, DS Complaints copied",
        procedure="dso",
        aspects=(aspect("serious-misconduct", "Strip-searched without cause"),
                 aspect("healthcare", "Medication stopped")),
        fields={"nation": "scotland"},
        strands=(("dso", "serious_misconduct", "serious-misconduct", "psu", [0]),
                 ("dso", "healthcare_devolved", "healthcare", "healthcare-manager", [1])),
        referrals=(("local healthcare manager", "normal"),),
        rules=frozenset({"cross_cutting", "cross_cutting_ds_complaints"}),
        flags=({"dco_certification_review"}, {"healthcare_complaint_marking"}),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_dso_scenario(scenario: Scenario) -> None:
    check_scenario(scenario)


@pytest.mark.parametrize("nation", ["england", "scotland", "northern-ireland"])
@pytest.mark.parametrize("beside", [(), ("healthcare",), ("service-delivery", "healthcare")])
def test_serious_misconduct_is_the_psus_in_every_combination(nation, beside) -> None:  # type: ignore[no-untyped-def]
    # seed 000 "Serious misconduct": "allocated to Professional Standards Unit for investigation"
    decision = route(
        "dso", aspect("serious-misconduct"), *(aspect(k) for k in beside), nation=nation
    )
    serious = [s for s in decision.strands if s.category == "serious-misconduct"]
    assert [s.owner for s in serious] == ["psu"]
    assert "ds-complaints" not in {s.owner for s in decision.strands}
    ds_copies = [c.rule for c in decision.copies if c.to == "DS Complaints"]
    if "healthcare" in beside:  # "copied to both the onsite healthcare manager and DS Complaints"
        assert "cross_cutting_ds_complaints" in ds_copies
    else:
        assert "cross_cutting_ds_complaints" not in ds_copies


def test_serious_misconduct_response_is_12_weeks_and_escalates_to_the_ppo() -> None:
    # seed 000 "response within 12 weeks"; "PPO ... within 3 months"
    assert clock_for("dso", "serious_misconduct", "response").timescale == Timescale(
        amount=12, unit=Unit.WEEKS)
    decision = route("dso", aspect("serious-misconduct"))
    assert decision.strands[0].clocks == ["response"]


def test_healthcare_devolved_copies_carry_only_details_and_subject_marked() -> None:
    decision = route("dso", aspect("healthcare"), nation="scotland", consent={"imb_copy": True})
    notices = [c for c in decision.copies if c.when == "on_receipt"]
    assert {c.to for c in notices} == {"DS Complaints", "Independent Monitoring Board"}
    for c in notices:
        assert c.marking == "healthcare complaint"
        assert c.data_shared == ["complainant details", "subject of complaint"]


@pytest.mark.parametrize(
    ("fields", "aspects", "field", "rule"),
    [
        pytest.param({"nation": "wales"}, [aspect("service-delivery")], "nation",
                     "nation-served", id="Wales: seed names England, Scotland, NI only"),
        pytest.param({}, [aspect("child-protection")], "aspects[0].kind",
                     "aspect-kind-allowed", id="child-protection has no dso route"),
        pytest.param({"local_resolution": True}, [aspect("serious-misconduct")],
                     "local_resolution", "local-resolution-minor-only",
                     id="serious misconduct is never 'relatively minor'"),
        pytest.param({}, [aspect("service-delivery", criminal=True)], "aspects[0].criminal",
                     "criminal-is-serious-misconduct", id="criminal allegation on service aspect"),
        pytest.param({"complex": True}, [aspect("service-delivery")], "complex",
                     "flag-honoured", id="spso's complex flag means nothing in dso"),
    ],
)
def test_dso_refuses_contradictions(fields, aspects, field, rule) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRejected) as info:
        route("dso", *aspects, **fields)
    assert [(e.field, e.rule) for e in info.value.errors] == [(field, rule)]
