"""children routing, scenario by scenario, from seed 004 (Children Act 1989 procedure).

Received Mon 2 Mar 2026. "Within 12 months of the ground for complaint": grounds on 2 Mar
2025 are in time to 2 Mar 2026; grounds on 1 Mar 2025 ran out on 1 Mar 2026. Weekdays only:
5 working days after Mon 2 Mar is Mon 9 Mar.
"""

from __future__ import annotations

from datetime import date

import pytest

from services.routing.domain.decision import RoutingRejected
from tests.routing.unit.factories import Scenario, aspect, check_scenario, route

STAGE1 = ["acknowledgement", "response"]
SOCIAL_CARE = "local authority children's social care"
CHILD = {"complainant": {"name": "Riley", "is_child": True}}
HOME = {"childrens_home": True, "location": {"provider": "Oakfield House Ltd"}}

SCENARIOS = [
    Scenario(
        id="Stage 1: 'acknowledgement ... within 3 working days', 'within 10 working days'",
        procedure="children",
        aspects=(aspect("service-delivery", "Care plan review kept being postponed"),),
        fields={"incident_date": "2025-11-20"},
        strands=(("children", "local_resolution", "social-care", "team-manager", [0]),),
        rules=frozenset({"social_care_strand", "time_limit"}),
        clocks=(STAGE1,),
        flags=(set(),),
    ),
    Scenario(
        id="'must lodge the complaint, within 12 months of the ground': last day is in time",
        procedure="children",
        aspects=(aspect("service-delivery"),),
        fields={"incident_date": "2025-03-02"},
        strands=(("children", "local_resolution", "social-care", "team-manager", [0]),),
        rules=frozenset({"time_limit"}),
    ),
    Scenario(
        id="'within 12 months of the ground for complaint': a day late is out of time",
        procedure="children",
        aspects=(aspect("service-delivery"),),
        fields={"incident_date": "2025-03-01"},
        strands=(),
        exclusion="out_of_time",
        rules=frozenset({"time_limit", "out_of_time"}),
    ),
    Scenario(
        id="12-month limit: discretion to consider a late complaint, recorded",
        procedure="children",
        aspects=(aspect("service-delivery"),),
        fields={"incident_date": "2024-12-01",
                "late_accepted_reason": "Care leaver only learned of the decision in February"},
        strands=(("children", "local_resolution", "social-care", "team-manager", [0]),),
        rules=frozenset({"time_limit_discretion"}),
        flags=({"late_accepted"},),
    ),
    Scenario(
        id="'referred immediately to ... children's social care or the Police'; 'suspended'",
        procedure="children",
        aspects=(aspect("service-delivery", "Social worker missed visits"),
                 aspect("child-protection", "Bruises on my brother were not followed up",
                        criminal=True)),
        strands=(("children", "local_resolution", "social-care", "team-manager", [0, 1]),),
        referrals=((SOCIAL_CARE, "immediate"), ("police", "immediate")),
        rules=frozenset({"child_protection", "child_protection_police", "clock_suspended"}),
        flags=({"clock_suspended"},),
    ),
    Scenario(
        id="child protection is referred 'immediately' even when the complaint is out of time",
        procedure="children",
        aspects=(aspect("child-protection", "Concern about a foster placement"),),
        fields={"incident_date": "2024-01-10"},
        strands=(),
        referrals=((SOCIAL_CARE, "immediate"),),
        exclusion="out_of_time",
        rules=frozenset({"child_protection", "out_of_time"}),
    ),
    Scenario(
        id="Children's Homes Regulations: 'relevant parts ... to the registered provider "
           "within 5 working days'",
        procedure="children",
        aspects=(aspect("service-delivery", "The council moved me without asking"),
                 aspect("provider", "Night staff at the home lock the kitchen")),
        fields={**HOME, **CHILD},
        strands=(("children", "local_resolution", "childrens-home", "team-manager", [0]),),
        referrals=(("registered provider (Oakfield House Ltd)", "within"),),
        rules=frozenset({"childrens_home_strand", "registered_provider", "care_management_team",
                         "contract_monitoring_team", "childrens_complaints_officer"}),
        clocks=([*STAGE1, "provider_referral", "provider_split"],),
        flags=({"childrens_complaints_officer"},),
        copies=("cco_copy", "cco_response_copy", "care_management_team",
                "contract_monitoring_team"),
    ),
    Scenario(
        id="provider parts only: 'one response dealing with all aspects' coordinated by the LA",
        procedure="children",
        aspects=(aspect("provider", "Pocket money at the home is withheld"),),
        fields=HOME,
        strands=(("children", "local_resolution", "childrens-home", "team-manager", [0]),),
        referrals=(("registered provider (Oakfield House Ltd)", "within"),),
        rules=frozenset({"registered_provider"}),
    ),
    Scenario(
        id="'Children’s Complaints Officer' and 'confidential complaints'",
        procedure="children",
        aspects=(aspect("service-delivery", "My foster carer reads my messages"),),
        fields={**CHILD, "confidential": True},
        strands=(("children", "local_resolution", "social-care", "team-manager", [0]),),
        rules=frozenset({"childrens_complaints_officer", "restricted"}),
        flags=({"childrens_complaints_officer", "restricted"},),
    ),
    Scenario(
        id="'Complaints received anonymously ... referred to the Complaints Manager'",
        procedure="children",
        aspects=(aspect("service-delivery", "Family centre closes early without notice"),),
        fields={"complainant": {"anonymous": True}},
        strands=(("children", "local_resolution", "social-care", "complaints-manager", [0]),),
        rules=frozenset({"anonymous"}),
        flags=({"anonymous"},),
    ),
    Scenario(
        id="'Where an MP is advocating ... write to the MP ... current position ... date'",
        procedure="children",
        aspects=(aspect("service-delivery", "Adoption support assessment delayed"),),
        fields={"channel": "mp", "complainant": {
            "name": "Pat Example",
            "represented_by": {"kind": "mp", "name": "Jane Doe MP"}}},
        strands=(("children", "local_resolution", "social-care", "team-manager", [0]),),
        rules=frozenset({"mp_representation", "mp_position"}),
        flags=({"mp_representation"},),
        copies=("mp_position",),
    ),
    Scenario(
        id="'record the compliment' - compliments recorded centrally, not run as complaints",
        procedure="children",
        aspects=(aspect("other", "Our social worker was wonderful"),),
        fields={"representation_type": "compliment"},
        strands=(),
        rules=frozenset({"compliment"}),
    ),
    Scenario(
        id="'the MP letter may be recorded as a representation'",
        procedure="children",
        aspects=(aspect("other", "Constituent asks about respite provision"),),
        fields={"channel": "mp", "representation_type": "representation"},
        strands=(),
        rules=frozenset({"representation", "mp_letter_as_representation"}),
    ),
    Scenario(
        id="'Complaints against schools are referred to the school in the first instance'",
        procedure="children",
        aspects=(aspect("service-delivery", "School exclusion handled badly", about_school=True),),
        strands=(),
        referrals=(("the school, then the School Complaints Officer", "normal"),),
        exclusion="about_school",
        rules=frozenset({"about_school", "school_complaints"}),
    ),
    Scenario(
        id="'Complaints made to a local authority about an NHS Body': lead agency agreed",
        procedure="children",
        aspects=(aspect("healthcare", "CAMHS referral lost between council and NHS"),),
        strands=(("children", "local_resolution", "social-care", "team-manager", [0]),),
        referrals=(("NHS body", "normal"),),
        rules=frozenset({"nhs_joint_response"}),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_children_scenario(scenario: Scenario) -> None:
    check_scenario(scenario)


def test_registered_provider_referral_is_due_5_working_days_after_receipt() -> None:
    decision = route("children", aspect("provider"), **HOME)
    (referral,) = decision.referrals
    assert referral.due == date(2026, 3, 9)  # Mon 2 Mar + 5 weekdays
    assert referral.aspects == [0]


def test_child_protection_referral_is_due_the_day_it_is_received() -> None:
    decision = route("children", aspect("child-protection"))
    assert [(r.rule, r.due) for r in decision.referrals] == [
        ("child_protection", date(2026, 3, 2))]


def test_compliment_is_recorded_as_a_representation() -> None:
    decision = route("children", aspect("other"), representation_type="compliment")
    assert decision.representation is not None
    assert decision.representation.type == "compliment"
    assert "quarterly" in decision.representation.recorded


@pytest.mark.parametrize(
    ("fields", "aspects", "field", "rule"),
    [
        pytest.param({"nation": "wales"}, [aspect("service-delivery")], "nation",
                     "nation-served", id="England's regulations only"),
        pytest.param({}, [aspect("service-delivery", criminal=True)], "aspects[0].criminal",
                     "criminal-is-child-protection", id="criminal is a child-protection concern"),
        pytest.param({"representation_type": "complaint"}, [aspect("other")],
                     "representation_type", "flag-type", id="compliment or representation"),
        pytest.param({"local_resolution": True}, [aspect("other")], "local_resolution",
                     "flag-honoured", id="dso's local_resolution means nothing here"),
    ],
)
def test_children_refuses(fields, aspects, field, rule) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRejected) as info:
        route("children", *aspects, **fields)
    assert [(e.field, e.rule) for e in info.value.errors] == [(field, rule)]
