"""Seed 004's exemptions, each on the aspects it concerns (issue 11).

"Exemptions from the procedure" lists what the procedure does not apply to, then says:
"Notwithstanding these exclusions, any complaint which involves social care services ...
should be considered within the procedures". So an exempt aspect is taken out and the
rest goes ahead; a complaint whose every aspect is exempt is excluded as a whole. Section 7
reports are the exception in the other direction: only a complaint "relating wholly" to one
is excluded; otherwise the authority's involvement stays in "as part of a wider complaint".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from procedures import get
from services.routing.domain.decision import RoutingDecision, RoutingRejected, decide
from tests.routing.unit.factories import (
    TODAY,
    aspect,
    make_submission,
    route,
    strands_of,
    weekday_calendar_for,
)

SOCIAL_CARE = "local authority children's social care"
SCHOOL = "the school, then the School Complaints Officer"
HOME = {"childrens_home": True, "location": {"provider": "Oakfield House Ltd"}}


def in_scope(text: str = "Social worker never returned my calls") -> dict[str, Any]:
    return aspect("service-delivery", text)


@dataclass(frozen=True)
class Exempt:
    """One row: the aspects sent, and what must come out.

    ``exclusion``: the rule that excludes the whole complaint (None: it goes ahead).
    ``excluded``: (rule, aspect indexes) taken out while the rest goes ahead.
    ``strand``: the aspects of the one stage 1 strand (None: no strand).
    ``quote``: words of the seed sentence the rule's explanation must cite.
    """

    id: str
    rule: str
    aspects: tuple[dict[str, Any], ...]
    exclusion: str | None
    excluded: tuple[tuple[str, list[int]], ...]
    strand: list[int] | None
    quote: str
    fields: dict[str, Any] = field(default_factory=dict)
    referrals: tuple[tuple[str, list[int]], ...] = ()
    said: str = "not dealt with"


ROWS = [
    # -- schools ---------------------------------------------------------------------------
    Exempt("school: the whole complaint is against a school", "about_school",
           (aspect("other", "Head teacher excluded my son", about_school=True),),
           "about_school", (), None, "Complaints against schools are referred to the school",
           referrals=((SCHOOL, [0]),)),
    Exempt("school: the social-care part goes ahead, the school part to the school",
           "about_school",
           (in_scope(), aspect("other", "School ignored the care plan", about_school=True)),
           None, (("about_school", [1]),), [0], "does not relate to",
           referrals=((SCHOOL, [1]),)),
    # -- register and conference decisions -------------------------------------------------
    Exempt("conference: only the decision to register is complained about",
           "child_protection_conference_decision",
           (aspect("child-protection", "Wrong to put my daughter on the register",
                   child_protection_conference_decision=True),),
           "child_protection_conference_decision", (), None,
           "decisions taken during Child Protection Conferences",
           referrals=((SOCIAL_CARE, [0]),)),
    Exempt("conference: its process stays in, its decision goes to the separate procedure",
           "child_protection_conference_decision",
           (aspect("service-delivery", "I was not given the conference report beforehand"),
            aspect("service-delivery", "The conference decision to register was wrong",
                   child_protection_conference_decision=True)),
           None, (("child_protection_conference_decision", [1]),), [0],
           "in terms of the process or related issues"),
    # -- staff grievances and discipline ---------------------------------------------------
    Exempt("grievance: a member of staff's conditions of service", "staff_grievance",
           (aspect("other", "My rota as a residential worker is unfair", staff_grievance=True),),
           "staff_grievance", (), None, "grievance procedures for staff"),
    Exempt("grievance: the service part goes ahead", "staff_grievance",
           (in_scope(), aspect("other", "My manager does not support me", staff_grievance=True)),
           None, (("staff_grievance", [1]),), [0], "conditions of service, management"),
    Exempt("discipline: the complainant wants the worker disciplined", "staff_disciplinary",
           (aspect("minor-misconduct", "Sack the social worker", staff_disciplinary=True),),
           "staff_disciplinary", (), None, "disciplinary procedures for staff"),
    Exempt("discipline: the worker's conduct stays in, the disciplining does not",
           "staff_disciplinary",
           (aspect("minor-misconduct", "The social worker was rude to my son"),
            aspect("minor-misconduct", "Discipline her", staff_disciplinary=True)),
           None, (("staff_disciplinary", [1]),), [0], "arising from their actions"),
    # -- the Guardian ad Litem Service -----------------------------------------------------
    Exempt("Guardian ad Litem: only about the guardian", "guardian_ad_litem",
           (aspect("other", "The guardian never met my child", guardian_ad_litem=True),),
           "guardian_ad_litem", (), None, "the Guardian ad Litem Service"),
    Exempt("Guardian ad Litem: the authority's part goes ahead", "guardian_ad_litem",
           (in_scope(), aspect("other", "The guardian's report", guardian_ad_litem=True)),
           None, (("guardian_ad_litem", [1]),), [0], "separate complaints procedure"),
    # -- regulated care homes --------------------------------------------------------------
    Exempt("care home: standards of care in the home, nothing purchased: the regulator",
           "care_home_standards",
           (aspect("provider", "Rooms at the home are dirty", care_home_standards=True),),
           "care_home_standards", (), None, "standards of care in residential homes",
           fields=HOME),
    Exempt("care home: the authority's placement decision stays, the home's standards go",
           "care_home_standards",
           (aspect("service-delivery", "The council placed me far from school"),
            aspect("provider", "Rooms at the home are dirty", care_home_standards=True)),
           None, (("care_home_standards", [1]),), [0], "Commission for Social Care Inspection",
           fields=HOME),
    Exempt("care home: 'unless ... the Directorate is purchasing services': kept, "
           "and the provider part goes to the registered provider",
           "care_home_standards",
           (aspect("provider", "Rooms at the home are dirty", care_home_standards=True),),
           None, (), [0], "unless the complaint is about an individual",
           fields={**HOME, "purchased_by_authority": True},
           referrals=(("registered provider (Oakfield House Ltd)", [0]),), said="kept in"),
    # -- private self-funding --------------------------------------------------------------
    Exempt("self-funding: a privately funded placement only", "private_self_funding",
           (aspect("provider", "Fees went up", private_self_funding=True),),
           "private_self_funding", (), None, "private self-funding arrangements"),
    Exempt("self-funding: the authority's assessment goes ahead", "private_self_funding",
           (in_scope("My son's needs assessment is a year late"),
            aspect("provider", "Fees went up", private_self_funding=True)),
           None, (("private_self_funding", [1]),), [0], "does not apply to people"),
    # -- non-social care services ----------------------------------------------------------
    Exempt("non-social care: a council tax complaint", "non_social_care",
           (aspect("service-delivery", "Council tax bill is wrong", non_social_care=True),),
           "non_social_care", (), None, "Whole Authority Complaints procedure"),
    Exempt("non-social care: the social-care part goes ahead", "non_social_care",
           (in_scope(), aspect("service-delivery", "Bin collections", non_social_care=True)),
           None, (("non_social_care", [1]),), [0], "does not relate to non-social care"),
    # -- Court orders ----------------------------------------------------------------------
    Exempt("court order: an appeal against the order only", "court_order_appeal",
           (aspect("other", "Overturn the care order", court_order_appeal=True),),
           "court_order_appeal", (), None, "should approach the Court"),
    Exempt("court order: 'conduct of social work staff involved in Court procedures' stays",
           "court_order_appeal",
           (aspect("minor-misconduct", "The social worker misled the court"),
            aspect("other", "Overturn the care order", court_order_appeal=True)),
           None, (("court_order_appeal", [1]),), [0], "not an appeals procedure"),
    # -- Section 7 reports: "wholly" -------------------------------------------------------
    Exempt("Section 7: a complaint relating wholly to Section 7 reports is excluded",
           "section7_report",
           (aspect("service-delivery", "The Section 7 report is one-sided",
                   section7_report=True),
            aspect("service-delivery", "The report misquotes me", section7_report=True)),
           "section7_report", (), None, "relating wholly to Section 7 reports"),
    Exempt("Section 7: 'if it informs part of a wider complaint' the report stays in",
           "section7_report",
           (in_scope("Nobody assessed my son's needs"),
            aspect("service-delivery", "The Section 7 report ignored them",
                   section7_report=True)),
           None, (), [0, 1], "part of a wider complaint", said="kept in"),
    Exempt("Section 7: wider only by an exempt grievance is still wholly Section 7",
           "section7_report",
           (aspect("other", "My caseload as a worker", staff_grievance=True),
            aspect("service-delivery", "The Section 7 report", section7_report=True)),
           "section7_report", (("staff_grievance", [0]),), None, "relating wholly"),
]


def run(row: Exempt) -> RoutingDecision:
    return route("children", *row.aspects, **row.fields)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_exemption(row: Exempt) -> None:
    decision = run(row)
    assert (decision.exclusion.rule if decision.exclusion else None) == row.exclusion
    assert [(e.rule, e.aspects) for e in decision.excluded_aspects] == list(row.excluded)
    expected = [] if row.strand is None else [
        ("children", "local_resolution", "childrens-home" if row.fields.get("childrens_home")
         else "social-care", "team-manager", row.strand)]
    assert strands_of(decision) == expected
    assert [(r.to, r.aspects) for r in decision.referrals] == list(row.referrals)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_exemption_is_explained_with_its_seed_sentence(row: Exempt) -> None:
    decision = run(row)
    (fired,) = decision.fired(row.rule)
    assert fired.source.startswith('seed 004 "')
    assert row.quote in fired.source
    assert row.said in fired.reason
    rule = get("children").exclusions[[e.rule for e in get("children").exclusions].index(row.rule)]
    assert (rule.kept if row.said == "kept in" else rule.reason) in fired.reason


def test_every_aspect_exemption_has_a_whole_and_a_mixed_row() -> None:
    aspect_rules = {e.rule for e in get("children").exclusions if e.when.per_aspect}
    whole = {r.rule for r in ROWS if r.exclusion == r.rule}
    mixed = {r.rule for r in ROWS if r.exclusion is None and r.strand}
    assert aspect_rules == whole == mixed


def test_every_exclusion_tells_the_complainant_where_to_go() -> None:
    for rule in get("children").exclusions:
        assert len(rule.signpost) > 40, rule.rule
        assert rule.source.startswith("seed 004"), rule.rule


def test_child_protection_is_referred_first_even_when_every_aspect_is_exempt() -> None:
    decision = route(
        "children",
        aspect("other", "My caseload as a worker", staff_grievance=True),
        aspect("child-protection", "The guardian ignored bruises on my son", criminal=True,
               guardian_ad_litem=True),
    )
    assert decision.exclusion is not None and decision.exclusion.rule == "guardian_ad_litem"
    assert [(e.rule, e.aspects) for e in decision.excluded_aspects] == [("staff_grievance", [0])]
    assert decision.strands == []
    assert [(r.rule, r.urgency, r.aspects) for r in decision.referrals] == [
        ("child_protection", "immediate", [1]), ("child_protection_police", "immediate", [1])]
    order = [r.rule for r in decision.rules]
    assert order.index("child_protection") < order.index("staff_grievance")
    assert order.index("child_protection_police") < order.index("guardian_ad_litem")


def test_an_exempt_child_protection_aspect_does_not_suspend_the_strand_that_goes_ahead() -> None:
    decision = route(
        "children", in_scope(),
        aspect("child-protection", "The register decision",
               child_protection_conference_decision=True),
    )
    (strand,) = decision.strands
    assert [a.index for a in strand.aspects] == [0]
    assert "clock_suspended" not in strand.flags
    assert [r.rule for r in decision.referrals] == ["child_protection"]


def test_an_out_of_time_complaint_is_excluded_even_when_part_of_it_is_exempt() -> None:
    decision = route("children", in_scope(),
                     aspect("other", "School", about_school=True), incident_date="2024-01-10")
    assert decision.exclusion is not None and decision.exclusion.rule == "out_of_time"
    assert [(e.rule, e.aspects) for e in decision.excluded_aspects] == [("about_school", [1])]
    assert [r.to for r in decision.referrals] == [SCHOOL]


@pytest.mark.parametrize(
    ("fields", "aspects", "field_", "rule"),
    [
        pytest.param({"about_school": True}, [in_scope()], "about_school", "flag-level",
                     id="about_school belongs on the aspect it concerns"),
        pytest.param({"child_protection_conference_decision": True}, [in_scope()],
                     "child_protection_conference_decision", "flag-level",
                     id="a whole-submission conference flag is refused, not ignored"),
        pytest.param({}, [aspect("service-delivery", purchased_by_authority=True)],
                     "aspects[0].purchased_by_authority", "flag-level",
                     id="purchased_by_authority is about the individual (submission)"),
        pytest.param({}, [aspect("service-delivery", section7_report="yes")],
                     "aspects[0].section7_report", "flag-type", id="true or false"),
        pytest.param({}, [aspect("service-delivery", care_home_standards=True)],
                     "aspects[0].care_home_standards", "care-home-standards-is-provider",
                     id="care-home standards concern the provider"),
    ],
)
def test_children_refuses_a_misused_exemption_flag(fields, aspects, field_, rule) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRejected) as info:
        route("children", *aspects, **fields)
    assert [(e.field, e.rule) for e in info.value.errors] == [(field_, rule)]
    assert field_.rsplit(".", 1)[-1] in info.value.errors[0].message or rule != "flag-level"


@pytest.mark.parametrize("procedure", ["dso", "hmip", "spso"])
def test_other_procedures_refuse_childrens_exemption_flags(procedure: str) -> None:
    with pytest.raises(RoutingRejected) as info:
        route(procedure, aspect("service-delivery", staff_grievance=True),
              incident_date="2026-03-02")
    assert [(e.field, e.rule) for e in info.value.errors] == [
        ("aspects[0].staff_grievance", "flag-honoured")]


def test_a_wholly_rule_is_judged_on_what_the_other_rules_leave_whatever_its_place() -> None:
    children = get("children")
    first = sorted(children.exclusions, key=lambda e: e.rule != "section7_report")
    assert first[0].rule == "section7_report"
    procedures = {"children": children.model_copy(update={"exclusions": first}),
                  "code": get("code")}
    submission = make_submission(
        "children", aspect("other", "My caseload", staff_grievance=True),
        aspect("service-delivery", "The Section 7 report", section7_report=True))
    decision = decide(submission, today=TODAY, calendar_for=weekday_calendar_for,
                      procedures=procedures)
    assert decision.exclusion is not None and decision.exclusion.rule == "section7_report"
    assert [(e.rule, e.aspects) for e in decision.excluded_aspects] == [("staff_grievance", [0])]
