"""The steps the seeds name: each a command at the stages that have it, with its own
lifecycle event (``case.<status>``, ``detail.on``), recorded in the file's history, and
refused with the seed's words where the seed puts it elsewhere or after another step."""

from __future__ import annotations

from datetime import date

import pytest

from services.records.domain import commands as c
from services.records.domain.casework import execute
from services.records.domain.independence import IP_ATTESTATIONS, PANEL_ATTESTATIONS
from tests.records.unit.fakes import Step, ctx, routed, run, run_scenario

D = date
IP = dict(independent_person="Pat Lee", attestations=tuple(IP_ATTESTATIONS))
PANEL = ("Ann Ash", "Bo Birch", "Cy Cedar")
UPHELD = c.Outcome.UPHELD


def _event(case, command, today):  # type: ignore[no-untyped-def]
    """Execute ``command``; its one event (status, detail) and the history entry."""
    emitted = execute(case, command, ctx(case, today))
    assert len(emitted) == 1
    event = emitted[0].event
    assert case.history[-1]["type"] == f"case.{event.status}"
    assert case.history[-1]["actor"] == "alice"
    assert emitted[0].message_id == f"case.{event.status}:{case.id}:{case.seq}"
    return event.status, event.detail


def children_stage2():  # type: ignore[no-untyped-def]
    """A children's complaint answered at stage 1 and escalated to stage 2."""
    case = routed("children", "local_resolution", officers=("Tom Hay",))
    run_scenario(
        case,
        [
            Step(c.Acknowledge(), D(2026, 11, 3), "acknowledged"),
            Step(c.AssignOfficer(officer="Tina Manager"), D(2026, 11, 3), "officer-assigned"),
            Step(c.RecordResponse(outcome=c.Outcome.PARTLY, summary="s1"), D(2026, 11, 10),
                 "responded"),
            Step(c.Escalate(), D(2026, 11, 20), "escalated@investigation"),
        ],
    )  # fmt: skip
    return case


def test_each_step_emits_its_status_with_the_day_and_detail() -> None:
    case = children_stage2()
    run(case, c.AssignOfficer(officer="Ian Vest", **IP), D(2026, 11, 23))
    status, detail = _event(
        case,
        c.AgreeStatement(
            statement="Visits cut", desired_outcome="Weekly visits", on=D(2026, 11, 24)
        ),
        D(2026, 11, 25),
    )
    assert (status, detail["on"], detail["desired_outcome"]) == (
        "statement-agreed",
        "2026-11-24",
        "Weekly visits",
    )
    status, detail = _event(case, c.SendDraftReport(document="draft v1"), D(2026, 12, 10))
    assert status == "draft-report-sent" and detail["on"] == "2026-12-10"
    assert (detail["conclusions"], detail["recommendations"]) == (False, False)
    status, detail = _event(
        case, c.SendFinalReport(adjudicating_officer="Head of Service"), D(2026, 12, 17)
    )
    assert (status, detail["adjudicating_officer"]) == ("final-report-sent", "Head of Service")
    adjudication = c.Adjudicate(
        adjudicating_officer="Hana Head", outcome=UPHELD, summary="Visits restored"
    )
    emitted = execute(case, adjudication, ctx(case, D(2026, 12, 18)))
    # The adjudication is stage 2's formal response (seed 004): its decision letter goes
    # on responded, with the route to the Review Panel.
    assert [e.event.status for e in emitted] == ["adjudicated", "responded"]
    detail = emitted[0].event.detail
    assert (detail["outcome"], detail["adjudicating_officer"]) == ("upheld", "Hana Head")
    assert emitted[1].event.detail["outcome"] == "upheld"
    assert emitted[1].event.detail["escalation"]  # the route after stage 2, for the letter
    assert case.status == "responded"
    assert case.stages[-1]["responded_on"] == "2026-12-18"


def test_stage2_reports_come_in_the_seeds_order() -> None:
    case = children_stage2()
    steps = [
        Step(c.AssignOfficer(officer="Ian Vest", **IP), D(2026, 11, 23), "officer-assigned"),
        Step(c.SendDraftReport(), D(2026, 11, 24), "!Refusal: before agree-statement"),
        Step(c.AgreeStatement(statement="s", desired_outcome="o"), D(2026, 11, 24),
             "officer-assigned"),
        Step(c.SendFinalReport(), D(2026, 11, 25), "!Refusal: before send-draft-report"),
        Step(c.Adjudicate(adjudicating_officer="H", outcome=UPHELD, summary="x"),
             D(2026, 11, 25), "!Refusal: before send-final-report"),
        Step(c.SendDraftReport(), D(2026, 12, 1), "officer-assigned"),
        Step(c.SendFinalReport(on=D(2026, 11, 30)), D(2026, 12, 2),
             "!InvalidField: is before the draft report on 2026-12-01"),
    ]  # fmt: skip
    run_scenario(case, steps)


def test_a_step_at_another_stage_is_refused_naming_where_it_belongs() -> None:
    case = routed("dso", "service_delivery")
    run_scenario(
        case,
        [
            Step(c.RequestPanel(), D(2026, 11, 3),
                 "!IllegalAction: it belongs to children investigation, children review_panel"),
            Step(c.RecordOralResponse(channel=c.OralChannel.PHONE, outcome=UPHELD, summary="x"),
                 D(2026, 11, 3), "!IllegalAction: it belongs to spso frontline_response"),
        ],
    )  # fmt: skip
    offered = execute(case, c.Acknowledge(), ctx(case, D(2026, 11, 3)))
    assert offered and "quality-assure" in _allowed(case)
    assert "schedule-panel" not in _allowed(case) and "conclude-investigation" not in _allowed(case)


def _allowed(case) -> list[str]:  # type: ignore[no-untyped-def]
    from services.records.domain.model import allowed_now
    from tests.records.unit.fakes import ctx as make

    return allowed_now(case, make(case, D(2026, 11, 3)).procedure)


def test_provider_split_names_the_parts_once_at_stage_1() -> None:
    case = routed("children", "local_resolution", received_on=D(2026, 11, 2))
    split = c.DecideProviderSplit(
        authority_parts=("social worker's visits",),
        provider_parts=("home's bedtimes",),
        provider="Brightwater Children's Homes Ltd",
    )
    with pytest.raises(Exception, match="provider: name the registered provider"):
        execute(case, c.DecideProviderSplit(authority_parts=("a",), provider_parts=("b",)),
                ctx(case, D(2026, 11, 5)))  # fmt: skip
    status, detail = _event(case, split, D(2026, 11, 16))
    assert (status, detail["on"]) == ("provider-split-decided", "2026-11-16")
    assert detail["authority_parts"] == ["social worker's visits"]
    assert detail["provider_parts"] == ["home's bedtimes"]
    assert detail["provider"] == "Brightwater Children's Homes Ltd"
    run_scenario(case, [Step(split, D(2026, 11, 17), "!Refusal: already decided on 2026-11-16")])
    stage2 = children_stage2()
    run_scenario(
        stage2, [Step(split, D(2026, 11, 23), "!IllegalAction: children local_resolution")]
    )


def test_stage3_panel_from_request_to_the_directors_response() -> None:
    case = children_stage2()
    run(case, c.AssignOfficer(officer="Ian Vest", **IP), D(2026, 11, 23))
    run(case, c.RecordResponse(outcome=UPHELD, summary="s2"), D(2026, 12, 18))
    run(case, c.Escalate(), D(2027, 1, 5))
    assert case.stage == "review_panel"
    schedule = c.SchedulePanel(
        panel_date=D(2027, 2, 10), members=PANEL, attestations=tuple(PANEL_ATTESTATIONS)
    )
    run_scenario(
        case,
        [
            Step(schedule, D(2027, 1, 6), "!Refusal: before request-panel"),
            Step(c.HoldPanel(), D(2027, 1, 6), "!Refusal: before schedule-panel"),
            Step(c.RequestPanel(), D(2027, 1, 6), "escalated"),
            Step(c.RequestPanel(), D(2027, 1, 6), "!Refusal: already requested"),
        ],
    )
    status, detail = _event(case, schedule, D(2027, 1, 8))
    assert (status, detail["panel_date"], detail["members"]) == (
        "panel-scheduled",
        "2027-02-10",
        list(PANEL),
    )
    assert set(detail["attestations"]) == set(PANEL_ATTESTATIONS)
    status, detail = _event(case, c.SendPanelPapers(), D(2027, 1, 27))
    assert (status, detail["panel_date"], detail["on"]) == (
        "panel-papers-sent",
        "2027-02-10",
        "2027-01-27",
    )
    assert _event(case, c.HoldPanel(), D(2027, 2, 10))[0] == "panel-held"
    status, detail = _event(case, c.ReportPanel(recommendations=("Apologise",)), D(2027, 2, 15))
    assert (status, detail["recommendations"]) == ("panel-reported", ["Apologise"])
    director = c.RecordDirectorResponse(outcome=UPHELD, summary="Agreed")
    emitted = execute(case, director, ctx(case, D(2027, 3, 1)))
    # the Director's response is the stage's answer: its decision letter goes on responded
    assert [e.event.status for e in emitted] == ["director-responded", "responded"]
    assert emitted[1].event.detail["outcome"] == "upheld"
    assert emitted[1].event.detail["escalation"] == "Local Government and Social Care Ombudsman"
    assert len({e.message_id for e in emitted}) == 2 and case.status == "responded"
    assert case.history[-1]["type"] == "case.director-responded"
    assert case.stages[-1]["responded_on"] == "2027-03-01"
    run(case, c.Close(), D(2027, 3, 2))
    assert case.status == "closed"


def test_hmip_investigation_concluded_and_the_step1_new_evidence_rule() -> None:
    case = routed("hmip", "formal_complaint")
    run(case, c.Acknowledge(), D(2026, 11, 3))
    run_scenario(
        case,
        [Step(c.ConcludeInvestigation(), D(2026, 11, 20), "!IllegalAction: not allowed when")],
    )
    run(case, c.AssignOfficer(officer="Sam Senior"), D(2026, 11, 3))
    status, detail = _event(case, c.ConcludeInvestigation(summary="done"), D(2026, 11, 20))
    assert (status, detail["on"], detail["officer"]) == (
        "investigation-concluded",
        "2026-11-20",
        "Sam Senior",
    )
    run_scenario(case, [Step(c.ConcludeInvestigation(), D(2026, 11, 23), "!Refusal: already")])

    early = routed("hmip", "early_resolution")
    outcome = c.RecordEarlyResolution(outcome=c.EarlyOutcome.RESOLVED, summary="Explained")
    status, detail = _event(early, outcome, D(2026, 11, 5))
    assert (status, detail["outcome"], early.status) == (
        "early-resolution",
        "resolved",
        "responded",
    )
    run_scenario(
        early,
        [
            Step(c.Escalate(), D(2026, 11, 10),
                 "!Refusal: record-new-evidence first (seed 001 \"If the complaint has already"),
        ],
    )  # fmt: skip
    assert _event(early, c.RecordNewEvidence(summary="New report"), D(2026, 11, 10))[0] == (
        "new-evidence"
    )
    run(early, c.Escalate(), D(2026, 11, 10))
    assert early.stage == "formal_complaint"


def test_spso_stage1_answered_by_phone_without_a_letter() -> None:
    case = routed("spso", "frontline_response")
    oral = c.RecordOralResponse(channel=c.OralChannel.PHONE, outcome=UPHELD, summary="Sorry")
    status, detail = _event(case, oral, D(2026, 11, 4))
    assert (status, detail["channel"], detail["letter"]) == (
        "oral-response-recorded",
        "phone",
        False,
    )
    assert case.status == "responded" and case.stages[-1]["responded_on"] == "2026-11-04"
    run(case, c.Escalate(), D(2026, 11, 6))
    assert case.stage == "investigation"
    written = routed("spso", "frontline_response")
    in_writing = c.RecordOralResponse(
        channel=c.OralChannel.FACE_TO_FACE, outcome=UPHELD, summary="Sorry", letter=True
    )
    keys = run(written, in_writing, D(2026, 11, 4))
    assert keys == ["case.oral-response-recorded", "case.responded"]  # the letter goes too


@pytest.mark.parametrize(
    ("stage", "outcome", "needed", "step"),
    [
        ("serious_misconduct", c.Outcome.UPHELD, "review-dco-certification",
         c.ReviewDcoCertification(decision="suspended pending review")),
        ("minor_misconduct", c.Outcome.PARTLY, "give-staff-guidance",
         c.GiveStaffGuidance(staff_member="DCO Smith", guidance="Courtesy refresher")),
    ],
)  # fmt: skip
def test_substantiated_misconduct_needs_its_follow_up_before_close(
    stage: str, outcome: c.Outcome, needed: str, step: c.Command
) -> None:
    case = routed("dso", stage)
    run(case, c.AssignOfficer(officer="PSU Lead"), D(2026, 11, 3))
    if stage == "minor_misconduct":
        run(case, c.QualityAssure(by="Centre Manager"), D(2026, 11, 20))
    run(case, c.RecordResponse(outcome=outcome, summary="substantiated"), D(2026, 11, 20))
    run_scenario(case, [Step(c.Close(), D(2026, 11, 23), f"!Refusal: record {needed} before")])
    status, detail = _event(case, step, D(2026, 11, 23))
    assert status in ("dco-certification-reviewed", "staff-guidance-given")
    assert detail["on"] == "2026-11-23"
    run(case, c.Close(), D(2026, 11, 24))
    assert case.status == "closed"


def test_misconduct_not_upheld_closes_without_follow_up() -> None:
    case = routed("dso", "serious_misconduct")
    run(case, c.RecordResponse(outcome=c.Outcome.NOT_UPHELD, summary="no"), D(2026, 11, 20))
    run(case, c.Close(), D(2026, 11, 24))
    assert case.status == "closed"


def test_quality_assurance_records_who_and_when() -> None:
    case = routed("dso", "service_delivery")
    run(case, c.AssignOfficer(officer="olu"), D(2026, 11, 3))
    status, detail = _event(case, c.QualityAssure(by="Centre Manager"), D(2026, 11, 19))
    assert (status, detail["by"], detail["on"]) == (
        "quality-assured",
        "Centre Manager",
        "2026-11-19",
    )
    assert case.stages[-1]["quality_assured_by"] == "Centre Manager"


def test_stage2_officer_appointment_records_the_notices_the_seed_names() -> None:
    case = children_stage2()
    status, detail = _event(case, c.AssignOfficer(officer="Ian Vest", **IP), D(2026, 11, 23))
    assert status == "officer-assigned"
    assert [n["to"] for n in detail["notices"]] == ["Head of Service", "team manager"]
    assert all("seed 004" in n["source"] for n in detail["notices"])
    assert case.stages[-1]["notices_required"][1]["officer"] == "Ian Vest"
    assert detail["attestations"].keys() == IP_ATTESTATIONS.keys()


# -- extensions (issue 17 item 1): never earlier, never past, never beyond the cap ---------


def test_an_extension_to_a_passed_day_is_refused_saying_why() -> None:
    case = routed("children", "local_resolution")
    run(case, c.Acknowledge(), D(2026, 11, 3))
    run_scenario(
        case,
        [
            Step(c.Extend(to=D(2026, 11, 20), reason="x"), D(2026, 11, 20),
                 "!ExtensionRefused: a letter would give the complainant a date already passed"),
            Step(c.Extend(to=D(2026, 11, 13), reason="x"), D(2026, 11, 5),
                 "!ExtensionRefused: later than its target 2026-11-16"),
            Step(c.Extend(to=D(2026, 12, 1), reason="x"), D(2026, 11, 5),
                 "!ExtensionRefused: at most 20 working days"),
        ],
    )  # fmt: skip


def test_an_extension_is_measured_against_the_date_already_promised() -> None:
    # The deadlines service has not answered the first extension yet: the file's own
    # promise is the floor.
    case = routed("children", "local_resolution", deadlines=False)
    today = D(2026, 11, 5)
    execute(case, c.Acknowledge(), ctx(case, D(2026, 11, 3)))
    execute(case, c.Extend(to=D(2026, 11, 27), reason="advocate"), ctx(case, today))
    with pytest.raises(Exception, match="later than the 2026-11-27 already given"):
        execute(case, c.Extend(to=D(2026, 11, 25), reason="again"), ctx(case, today))
    execute(case, c.Extend(to=D(2026, 11, 30), reason="again"), ctx(case, today))
    assert case.history[-1]["data"]["previous_due"] == "2026-11-27"
