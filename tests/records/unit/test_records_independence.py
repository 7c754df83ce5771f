"""Independence (issue 17 item 8): each rule refuses with its name and the seed sentence,
and the file is unchanged after a refusal."""

from __future__ import annotations

from datetime import date

import pytest

from services.records.domain import commands as c
from services.records.domain import independence as ind
from tests.records.unit.fakes import Step, routed, run, run_scenario

D = date
ATTESTED = tuple(ind.IP_ATTESTATIONS)
PANEL_ATTESTED = tuple(ind.PANEL_ATTESTATIONS)


def children_at_stage2(stage1_officer: str = "Tina Manager"):  # type: ignore[no-untyped-def]
    case = routed("children", "local_resolution", officers=("Tom Hay",))
    run(case, c.Acknowledge(), D(2026, 11, 3))
    run(case, c.AssignOfficer(officer=stage1_officer), D(2026, 11, 3))
    run(case, c.RecordResponse(outcome=c.Outcome.PARTLY, summary="s1"), D(2026, 11, 10))
    run(case, c.Escalate(), D(2026, 11, 20))
    return case


@pytest.mark.parametrize(
    ("officer", "rule", "seed"),
    [
        ("tom  HAY", "named-in-complaint", "independent of the Directorate"),
        ("Tina Manager", "involved-earlier", "independent of the Directorate"),
    ],
    ids=["the officer complained about", "the stage 1 manager as stage 2 officer"],
)
def test_stage2_officer_must_be_independent(officer: str, rule: str, seed: str) -> None:
    case = children_at_stage2()
    step = c.AssignOfficer(officer=officer, independent_person="Pat Lee", attestations=ATTESTED)
    run_scenario(case, [Step(step, D(2026, 11, 23), f"!NotIndependent: rule {rule}; seed 004")])
    with pytest.raises(ind.NotIndependent) as info:
        run(case, step, D(2026, 11, 23))
    assert seed in str(info.value) and info.value.conflicts[0].rule == rule


def test_the_independent_person_is_not_the_officer_nor_anyone_involved() -> None:
    case = children_at_stage2()
    cases = [
        ("Ian Vest", "ip-is-officer"),
        ("Tom Hay", "named-in-complaint"),
        ("Tina Manager", "involved-earlier"),
    ]
    for person, rule in cases:
        step = c.AssignOfficer(officer="Ian Vest", independent_person=person, attestations=ATTESTED)
        run_scenario(case, [Step(step, D(2026, 11, 23), f"!NotIndependent: rule {rule}")])


@pytest.mark.parametrize("missing", ATTESTED)
def test_the_independent_person_needs_each_attestation(missing: str) -> None:
    case = children_at_stage2()
    given = tuple(a for a in ATTESTED if a != missing)
    step = c.AssignOfficer(officer="Ian Vest", independent_person="Pat Lee", attestations=given)
    expect = f"!NotIndependent: rule attest-{missing}; {ind.IP_ATTESTATIONS[missing]}"
    run_scenario(case, [Step(step, D(2026, 11, 23), expect)])


def test_an_unknown_attestation_is_refused() -> None:
    conflicts = ind.check_independent_person(
        "Pat Lee", officer="Ian", aspects=[], stages=[], stage="investigation",
        attestations=(*ATTESTED, "trust-me"),
    )  # fmt: skip
    assert [x.rule for x in conflicts] == ["attestation-unknown"]


def test_hmip_reviewer_was_not_involved_in_the_investigation() -> None:
    case = routed("hmip", "formal_complaint")
    run(case, c.Acknowledge(), D(2026, 11, 3))
    run(case, c.AssignOfficer(officer="Sam Senior"), D(2026, 11, 3))
    run(case, c.RecordResponse(outcome=c.Outcome.NOT_UPHELD, summary="x"), D(2026, 11, 30))
    run(case, c.Escalate(), D(2026, 12, 2))
    run_scenario(
        case,
        [
            Step(c.AssignOfficer(officer="sam senior"), D(2026, 12, 3),
                 "!NotIndependent: was the investigating officer at stage formal_complaint "
                 "(rule involved-earlier; seed 001 step 3 \"A senior member of staff who has "
                 "not been involved in conducting the investigation"),
            Step(c.AssignOfficer(officer="Rae Reviewer"), D(2026, 12, 3), "officer-assigned"),
        ],
    )  # fmt: skip


def test_hmip_officer_named_in_the_complaint() -> None:
    case = routed("hmip", "formal_complaint", officers=("Officer Smith",))
    step = c.AssignOfficer(officer="Officer Smith")
    run_scenario(
        case, [Step(step, D(2026, 11, 3), '!NotIndependent: "A senior member of HM Inspectorate')]
    )


def _panel_case():  # type: ignore[no-untyped-def]
    case = children_at_stage2()
    run(case, c.AssignOfficer(officer="Ian Vest", independent_person="Pat Lee",
                              attestations=ATTESTED), D(2026, 11, 23))  # fmt: skip
    run(case, c.RecordResponse(outcome=c.Outcome.UPHELD, summary="s2"), D(2026, 12, 18))
    run(case, c.Escalate(), D(2027, 1, 5))
    run(case, c.RequestPanel(), D(2027, 1, 5))
    return case


@pytest.mark.parametrize(
    ("members", "attestations", "expect"),
    [
        (("A", "B"), PANEL_ATTESTED, "rule panel-of-three"),
        (("A", "B", "b"), PANEL_ATTESTED, "a panel is 3 different people, not 2"),
        (("A", "B", "Pat Lee"), PANEL_ATTESTED,
         "Pat Lee: was the Independent Person at stage investigation"),
        (("A", "B", "Tom Hay"), PANEL_ATTESTED, "Tom Hay: is named in the complaint"),
        (("A", "B", "Tina Manager"), PANEL_ATTESTED, "rule involved-earlier"),
        (("A", "B", "C"), PANEL_ATTESTED[:2],
         "rule attest-not-spouse-or-civil-partner-of-officer; seed 004 \"nor the spouse"),
    ],
)  # fmt: skip
def test_panel_members_meet_seed_004s_criteria(members, attestations, expect) -> None:  # type: ignore[no-untyped-def]
    case = _panel_case()
    step = c.SchedulePanel(panel_date=D(2027, 2, 10), members=members, attestations=attestations)
    run_scenario(case, [Step(step, D(2027, 1, 8), f"!NotIndependent: {expect}")])


def test_quality_assurance_by_the_investigating_officer_is_refused() -> None:
    case = routed("dso", "minor_misconduct")
    run(case, c.AssignOfficer(officer="Olu Io"), D(2026, 11, 3))
    run_scenario(
        case,
        [
            Step(c.QualityAssure(by="olu io"), D(2026, 11, 4),
                 '!NotIndependent: rule qa-is-investigator; seed 000 "response quality assured'),
        ],
    )  # fmt: skip


def test_names_compare_without_case_or_spacing() -> None:
    assert ind.same_person(" DCO  smith ", "dco Smith")
    assert not ind.same_person("", "") and not ind.same_person("A", None)
