"""spso routing, scenario by scenario, from seed 002 (SPSO model CHP, Inverclyde IJB), ¶5-¶16."""

from __future__ import annotations

import pytest

from services.routing.domain.decision import RoutingRejected
from tests.routing.unit.factories import Scenario, aspect, check_scenario, route

STAGE1 = ["response"]
STAGE2 = ["acknowledgement", "response"]

SCENARIOS = [
    Scenario(
        id="¶5 'straightforward and simple' -> frontline response 'in five working days'",
        procedure="spso",
        aspects=(aspect("service-delivery", "Home care visit was 2 hours late"),),
        strands=(("spso", "frontline_response", "straightforward", "frontline-staff", [0]),),
        rules=frozenset({"straightforward_strand"}),
        clocks=(STAGE1,),
        flags=(set(),),
    ),
    Scenario(
        id="¶5 'complex enough to require an investigation ... skip stage 1'",
        procedure="spso",
        aspects=(aspect("service-delivery"), aspect("healthcare", "Discharge plan not followed")),
        fields={"complex": True},
        strands=(("spso", "investigation", "complex", "investigator", [0, 1]),),
        rules=frozenset({"complex_strand"}),
        clocks=(STAGE2,),
    ),
    Scenario(
        id="¶5 'complex, serious or high-risk': high-risk goes straight to stage 2",
        procedure="spso",
        aspects=(aspect("provider", "Care provider missed insulin visits"),),
        fields={"high_risk": True},
        strands=(("spso", "investigation", "complex", "investigator", [0]),),
        rules=frozenset({"complex_strand"}),
    ),
    Scenario(
        id="¶5 'serious' + ¶16 'upheld ... would not share specific details affecting staff'",
        procedure="spso",
        aspects=(aspect("serious-misconduct", "Carer shouted at my father"),),
        strands=(("spso", "investigation", "complex", "investigator", [0]),),
        rules=frozenset({"complex_strand", "staff_confidentiality"}),
        flags=({"staff_details_withheld"},),
    ),
    Scenario(
        id="¶5 Stage 2 'refuses to engage at the frontline'",
        procedure="spso",
        aspects=(aspect("service-delivery"),),
        fields={"refuses_stage1": True},
        strands=(("spso", "investigation", "escalated", "investigator", [0]),),
        rules=frozenset({"escalated_strand"}),
        clocks=(STAGE2,),
    ),
    Scenario(
        id="¶5 Stage 2 'not satisfied with the frontline response'",
        procedure="spso",
        aspects=(aspect("other"),),
        fields={"dissatisfied_after_stage1": True},
        strands=(("spso", "investigation", "escalated", "investigator", [0]),),
        rules=frozenset({"escalated_strand"}),
    ),
    Scenario(
        id="¶11 'Where access to the complaint process is restricted, we must signpost ... SPSO'",
        procedure="spso",
        aspects=(aspect("service-delivery"),),
        fields={"access_restricted": True},
        strands=(),
        referrals=(("Scottish Public Services Ombudsman (signposting)", "normal"),),
        exclusion="access_restricted",
        rules=frozenset({"access_restricted", "spso_signpost"}),
    ),
    Scenario(
        id="¶16 'concern about a child or an adult's safety ... not share any details'",
        procedure="spso",
        aspects=(aspect("child-protection", "Concern about my niece was not acted on"),),
        strands=(("spso", "frontline_response", "straightforward", "frontline-staff", [0]),),
        rules=frozenset({"safety_confidentiality"}),
        flags=({"safety_findings_withheld"},),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_spso_scenario(scenario: Scenario) -> None:
    check_scenario(scenario)


def test_stage2_reason_names_every_trigger() -> None:
    decision = route("spso", aspect("serious-misconduct"), complex=True, refuses_stage1=True)
    (fired,) = decision.fired("complex_strand")
    assert "complex" in fired.reason and "serious-misconduct aspect" in fired.reason
    assert "stage 1 skipped" in fired.reason


@pytest.mark.parametrize(
    ("fields", "aspects", "field", "rule"),
    [
        pytest.param({"nation": "england"}, [aspect("service-delivery")], "nation",
                     "nation-served", id="Scotland only"),
        pytest.param({}, [aspect("service-delivery", criminal=True)], "aspects[0].criminal",
                     "flag-honoured", id="no spso rule for criminal allegations"),
        pytest.param({"complex": "yes"}, [aspect("service-delivery")], "complex", "flag-type",
                     id="flags are true or false"),
        pytest.param({"received_at": "2026-03-04T09:00:00+00:00"}, [aspect("other")],
                     "received_at", "not-in-future", id="received tomorrow"),
    ],
)
def test_spso_refuses(fields, aspects, field, rule) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRejected) as info:
        route("spso", *aspects, **fields)
    assert [(e.field, e.rule) for e in info.value.errors] == [(field, rule)]
