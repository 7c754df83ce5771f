"""code (seed 003, Complaint Handling Code) applied on top of the other procedures.

"Organisations should send details of the complaint to those named or directly referred to
in a complaint and ask for their comments ... Three working days should be sufficient", and
responses "anonymise details of individual officers".
"""

from __future__ import annotations

import pytest

from common.timescales import Timescale
from procedures import clock_for, get
from services.routing.domain.decision import RoutingRejected
from tests.routing.unit.factories import Scenario, aspect, check_scenario, route

SCENARIOS = [
    Scenario(
        id="'send details ... to those named ... Three working days' (dso service delivery)",
        procedure="dso",
        aspects=(aspect("service-delivery", "Officer Smith refused me a leaflet",
                        officers=["Officer Smith"]),),
        strands=(("dso", "service_delivery", "service-delivery", "supplier", [0]),),
        rules=frozenset({"officer_comments", "anonymise_officers"}),
        clocks=(["response", "officer_comments"],),
        flags=({"anonymise_officers"},),
    ),
    Scenario(
        id="'not proportionate ... where the complaint relates to wider service delivery'",
        procedure="dso",
        aspects=(aspect("service-delivery", "The library is always closed"),),
        strands=(("dso", "service_delivery", "service-delivery", "supplier", [0]),),
        clocks=(["response"],),
        flags=(set(),),
    ),
    Scenario(
        id="split complaint: only the strand whose aspects name an officer asks for comments",
        procedure="dso",
        aspects=(aspect("healthcare", "Clinic appointment lost"),
                 aspect("minor-misconduct", "Officer White mocked me", officers=["Officer White"])),
        strands=(("dso", "minor_misconduct", "minor-misconduct", "ds-complaints", [1]),
                 ("dso", "healthcare_england", "healthcare", "healthcare-manager", [0])),
        rules=frozenset({"officer_comments", "cross_cutting"}),
        clocks=(["response", "officer_comments"], []),
        flags=({"anonymise_officers"}, {"nhs_procedure"}),
    ),
    Scenario(
        id="'Officer A, Officer B': children stage 1 with two named officers",
        procedure="children",
        aspects=(aspect("minor-misconduct", "Two social workers were rude",
                        officers=["Ms Grey", "Mr Blue"]),),
        strands=(("children", "local_resolution", "social-care", "team-manager", [0]),),
        rules=frozenset({"officer_comments", "anonymise_officers"}),
        clocks=(["acknowledgement", "response", "officer_comments"],),
        flags=({"anonymise_officers"},),
    ),
    Scenario(
        id="spso stage 2 with an officer 'directly complained about'",
        procedure="spso",
        aspects=(aspect("serious-misconduct", "Officer Jones failed to house me",
                        officers=["Officer Jones"]),),
        strands=(("spso", "investigation", "complex", "investigator", [0]),),
        rules=frozenset({"officer_comments", "anonymise_officers"}),
        clocks=(["acknowledgement", "response", "officer_comments"],),
        flags=({"staff_details_withheld", "anonymise_officers"},),
    ),
    Scenario(
        id="dso healthcare in England is 'not monitored any further': no comments clock",
        procedure="dso",
        aspects=(aspect("healthcare", "Nurse Black refused painkillers",
                        officers=["Nurse Black"]),),
        strands=(("dso", "healthcare_england", "healthcare", "nhs-provider", [0]),),
        referrals=(("local healthcare provider", "normal"),),
        rules=frozenset({"officer_comments"}),
        clocks=([],),
        flags=({"dates_only", "not_monitored"},),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_code_scenario(scenario: Scenario) -> None:
    check_scenario(scenario)


def test_officer_comments_clock_is_three_working_days_from_the_code() -> None:
    clock = clock_for("hmip", "formal_complaint", "officer_comments")
    assert clock.timescale == Timescale(amount=3)
    assert clock.source.startswith("seed 003")


def test_excluded_complaint_asks_nobody_for_comments() -> None:
    decision = route("hmip", aspect("minor-misconduct", officers=["Mr Brown"]),
                     incident_date="2026-02-23", third_party=True)
    assert decision.strands == []
    assert decision.fired("officer_comments") == []


def test_explanation_never_names_the_officers() -> None:
    decision = route("dso", aspect("minor-misconduct", officers=["Officer Smith", "Officer Jones"]))
    (fired,) = decision.fired("officer_comments")
    assert "2 officer(s)" in fired.reason
    assert all("Smith" not in r.reason and "Jones" not in r.reason for r in decision.rules)


def test_code_is_not_a_procedure_partners_submit_to() -> None:
    with pytest.raises(RoutingRejected) as info:
        route("code", aspect("service-delivery"))
    (error,) = info.value.errors
    assert (error.field, error.rule) == ("procedure", "submittable-procedure")
    assert "children, dso, hmip, spso" in error.message


def test_every_complaints_procedure_includes_the_code() -> None:
    for name in ("dso", "hmip", "spso", "children"):
        assert get(name).includes == ["code"]
