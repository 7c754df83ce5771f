"""hmip routing, scenario by scenario, from seed 001 (HM Inspectorate of Probation, April 2020).

Received Mon 2 Mar 2026. Weekdays only: an incident on Mon 16 Feb gives 10 working days to
Mon 2 Mar (17-20 Feb are 1-4, 23-27 Feb are 5-9, 2 Mar is 10): in time. An incident on Fri
13 Feb gives a last day of Fri 27 Feb: 2 Mar is the 11th working day, out of time.
"""

from __future__ import annotations

import pytest

from services.routing.domain.decision import RoutingRejected
from tests.routing.unit.factories import Scenario, aspect, check_scenario, route

IN_TIME = {"incident_date": "2026-02-23"}
FORMAL = ["acknowledgement", "investigation", "reply"]

SCENARIOS = [
    Scenario(
        id="Step 2: 'acknowledge its receipt within five working days', Investigating Officer",
        procedure="hmip",
        aspects=(aspect("service-delivery", "Inspectors reached conclusions without evidence"),),
        fields=IN_TIME,
        strands=(("hmip", "formal_complaint", "service", "investigating-officer", [0]),),
        rules=frozenset({"time_limit", "service_strand"}),
        clocks=(FORMAL,),
        flags=(set(),),
        copies=(),
    ),
    Scenario(
        id="'no later than 10 working days following the incident': 10th day is in time",
        procedure="hmip",
        aspects=(aspect("other", "Interview was cut short"),),
        fields={"incident_date": "2026-02-16"},
        strands=(("hmip", "formal_complaint", "service", "investigating-officer", [0]),),
        rules=frozenset({"time_limit"}),
    ),
    Scenario(
        id="'considered out of time': 11th working day after the incident",
        procedure="hmip",
        aspects=(aspect("service-delivery"),),
        fields={"incident_date": "2026-02-13"},
        strands=(),
        exclusion="out_of_time",
        rules=frozenset({"time_limit", "out_of_time"}),
    ),
    Scenario(
        id="'We will not normally consider' late complaints: considered with a recorded reason",
        procedure="hmip",
        aspects=(aspect("service-delivery"),),
        fields={"incident_date": "2026-02-13",
                "late_accepted_reason": "Complainant was in hospital until 1 March"},
        strands=(("hmip", "formal_complaint", "service", "investigating-officer", [0]),),
        rules=frozenset({"time_limit_discretion"}),
        flags=({"late_accepted"},),
    ),
    Scenario(
        id="'from a third party not directly involved, such as a service user or a victim'",
        procedure="hmip",
        aspects=(aspect("service-delivery"),),
        fields={**IN_TIME, "third_party": True},
        strands=(),
        exclusion="third_party",
        rules=frozenset({"third_party"}),
    ),
    Scenario(
        id="'a service user or victim about a youth offending or probation service'",
        procedure="hmip",
        aspects=(aspect("other", "My probation officer never calls back"),),
        fields={**IN_TIME, "about_probation_service": True},
        strands=(),
        exclusion="about_probation_service",
        rules=frozenset({"about_probation_service"}),
    ),
    Scenario(
        id="'disagree with our published policies ... or methodology': whole complaint",
        procedure="hmip",
        aspects=(aspect("policy", "The rating methodology is unfair"),),
        fields=IN_TIME,
        strands=(),
        exclusion="policy_disagreement",
        rules=frozenset({"policy_disagreement"}),
    ),
    Scenario(
        id="policy disagreement alongside 'conduct of staff': only the policy aspect dropped",
        procedure="hmip",
        aspects=(aspect("policy", "Methodology is wrong"),
                 aspect("minor-misconduct", "Inspector was dismissive", officers=["Ms Grey"])),
        fields=IN_TIME,
        strands=(("hmip", "formal_complaint", "staff-conduct", "investigating-officer", [1]),),
        rules=frozenset({"policy_disagreement", "staff_conduct_strand", "staff_informed",
                         "officer_comments"}),
        clocks=([*FORMAL, "officer_comments"],),
        flags=({"staff_to_comment", "anonymise_officers"},),
        copies=("staff_informed",),
    ),
    Scenario(
        id="'previously investigated by HM Inspectorate of Probation' (and legal proceedings)",
        procedure="hmip",
        aspects=(aspect("service-delivery"),),
        fields={**IN_TIME, "previously_investigated": True, "legal_proceedings": True},
        strands=(),
        exclusion="previously_investigated",
        rules=frozenset({"previously_investigated", "legal_proceedings"}),
    ),
    Scenario(
        id="'related to, legal proceedings or potential legal proceedings'",
        procedure="hmip",
        aspects=(aspect("service-delivery"),),
        fields={**IN_TIME, "legal_proceedings": True},
        strands=(),
        exclusion="legal_proceedings",
        rules=frozenset({"legal_proceedings"}),
    ),
    Scenario(
        id="'several complaints at the same time ... a single investigation': merge hint",
        procedure="hmip",
        aspects=(aspect("service-delivery"),),
        fields={**IN_TIME, "submitted_with": ["HMIP-P-17", "HMIP-P-18"]},
        strands=(("hmip", "formal_complaint", "service", "investigating-officer", [0]),),
        rules=frozenset({"single_investigation"}),
        flags=({"merge_candidate"},),
    ),
    Scenario(
        id="Step 1: 'Some concerns can be resolved informally': early resolution, no clocks",
        procedure="hmip",
        aspects=(aspect("service-delivery", "Inspectors reached conclusions without evidence"),),
        fields={**IN_TIME, "early_resolution": True},
        strands=(("hmip", "early_resolution", "early-resolution", "lead-inspector", [0]),),
        rules=frozenset({"time_limit", "early_resolution"}),
        clocks=([],),
        flags=(set(),),
        copies=(),
    ),
    Scenario(
        id="Step 1 has no time limit: an 11th-working-day concern for early resolution stays in",
        procedure="hmip",
        aspects=(aspect("service-delivery"),),
        fields={"incident_date": "2026-02-13", "early_resolution": True},
        strands=(("hmip", "early_resolution", "early-resolution", "lead-inspector", [0]),),
        exclusion=None,
        rules=frozenset({"time_limit", "out_of_time", "early_resolution"}),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.id)
def test_hmip_scenario(scenario: Scenario) -> None:
    check_scenario(scenario)


def test_out_of_time_is_recorded_with_the_working_days_counted() -> None:
    decision = route("hmip", aspect("service-delivery"), incident_date="2026-02-13")
    (limit,) = decision.fired("time_limit")
    assert "out of time" in limit.reason and "(11 working days)" in limit.reason
    assert "2026-02-27" in limit.reason


def test_the_exclusion_lists_the_policy_aspect_it_dropped() -> None:
    decision = route("hmip", aspect("service-delivery"), aspect("policy"), **IN_TIME)
    assert [(e.rule, e.aspects) for e in decision.excluded_aspects] == [
        ("policy_disagreement", [1])]
    assert decision.exclusion is None


@pytest.mark.parametrize(
    ("fields", "aspects", "field", "rule"),
    [
        pytest.param({**IN_TIME, "nation": "scotland"}, [aspect("service-delivery")], "nation",
                     "nation-served", id="England and Wales only"),
        pytest.param({}, [aspect("service-delivery")], "incident_date",
                     "time-limit-needs-incident", id="10 wd of the incident needs its date"),
        pytest.param(IN_TIME, [aspect("healthcare")], "aspects[0].kind", "aspect-kind-allowed",
                     id="healthcare is not the Inspectorate's work"),
        pytest.param({"incident_date": "2026-03-04"}, [aspect("service-delivery")],
                     "incident_date", "not-in-future", id="incident date in the future"),
        pytest.param({"incident_date": "2026-03-03"}, [aspect("service-delivery")],
                     "incident_date", "before-receipt", id="incident after the complaint"),
    ],
)
def test_hmip_refuses(fields, aspects, field, rule) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRejected) as info:
        route("hmip", *aspects, **fields)
    assert [(e.field, e.rule) for e in info.value.errors] == [(field, rule)]
