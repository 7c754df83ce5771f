"""Casework after acknowledgement (issue 17): comments asked for at routing are recorded
as they come; a Review Panel asked for at stage 2 moves the case to stage 3, as the stage
machine says; an HMIP step 1 concern is resolved early and goes on only with new evidence."""

from __future__ import annotations

from datetime import date

from services.records.domain import commands as c
from services.records.domain.clocks import view
from services.records.domain.independence import PANEL_ATTESTATIONS
from tests.records.unit.fakes import Step, routed, run, run_scenario
from tests.records.unit.test_records_casework_steps import IP, children_stage2

D = date


def _state(case, name: str) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    shown = view(case.clocks, procedure=case.procedure, status=case.status, history=case.history)
    entry = shown.get(name) or {}
    return entry.get("due"), entry.get("status")


def dso_naming_officers():  # type: ignore[no-untyped-def]
    """Seed 003: routing asked the officers named for comments (Mon 7 Dec 2026: 3 wd to
    Thu 10 Dec)."""
    return routed(
        "dso",
        "minor_misconduct",
        received_on=D(2026, 12, 7),
        officers=("John Smith",),
        clocks=("officer_comments",),
    )


def test_comments_asked_at_routing_are_recorded_without_asking_again() -> None:
    case = dso_naming_officers()
    assert _state(case, "officer_comments") == ("2026-12-10", "running")
    run_scenario(
        case,
        [
            Step(c.Acknowledge(), D(2026, 12, 7), "acknowledged"),
            Step(c.AssignOfficer(officer="Grace Obi"), D(2026, 12, 8), "officer-assigned"),
            Step(c.RecordComments(summary="He was not laughing at him"), D(2026, 12, 9),
                 "officer-assigned"),
            Step(c.RecordComments(summary="again"), D(2026, 12, 9),
                 "!IllegalAction: no officer's comments are awaited"),
        ],
    )  # fmt: skip
    assert _state(case, "officer_comments") == ("2026-12-10", "met")


def test_comments_are_refused_when_none_were_asked_for() -> None:
    case = routed("dso", "service_delivery", received_on=D(2026, 12, 7))
    run_scenario(
        case,
        [Step(c.RecordComments(summary="x"), D(2026, 12, 8),
              "!IllegalAction: no officer's comments are awaited")],
    )  # fmt: skip


def test_comments_asked_again_give_the_date_the_clock_gives() -> None:
    """Asked again on Tue 8 Dec: 9, 10, Fri 11 Dec, the deadlines clock's date, the one
    date the file shows; records computes none of its own (the letter states the clock's)."""
    case = dso_naming_officers()
    run(case, c.AssignOfficer(officer="Grace Obi"), D(2026, 12, 8))
    run(case, c.RequestComments(officers=()), D(2026, 12, 8))
    (asked,) = [h for h in case.history if h["type"] == "case.comments-requested"]
    assert asked["summary"] == "Comments asked of John Smith"
    assert asked["data"] == {"on": "2026-12-08", "officers": ["John Smith"], "note": ""}
    assert _state(case, "officer_comments") == ("2026-12-11", "running")
    run(case, c.RecordComments(summary="in"), D(2026, 12, 11))
    assert case.status == "investigating"
    assert _state(case, "officer_comments") == ("2026-12-11", "met")


def test_a_review_panel_asked_for_at_stage_2_moves_the_case_to_stage_3() -> None:
    case = children_stage2()
    run_scenario(
        case,
        [
            Step(c.RequestPanel(), D(2026, 11, 23), "!IllegalAction: not allowed when escalated"),
            Step(c.AssignOfficer(officer="Ian Vest", **IP), D(2026, 11, 23), "officer-assigned"),
            Step(c.RequestPanel(), D(2026, 11, 24),
                 "!IllegalAction: not allowed when officer-assigned"),
            Step(c.AgreeStatement(statement="s", desired_outcome="o"), D(2026, 11, 24),
                 "officer-assigned"),
            Step(c.SendDraftReport(), D(2026, 12, 1), "officer-assigned"),
            Step(c.SendFinalReport(), D(2026, 12, 2), "officer-assigned"),
            Step(c.Adjudicate(adjudicating_officer="Hana Head", outcome=c.Outcome.PARTLY,
                              summary="x"), D(2026, 12, 3), "responded"),
            Step(c.RequestPanel(note="I want a panel"), D(2026, 12, 10),
                 "escalated@review_panel"),
            Step(c.RequestPanel(), D(2026, 12, 11), "!Refusal: already requested on 2026-12-10"),
        ],
    )  # fmt: skip
    (moved,) = [h for h in case.history if h["type"] == "case.panel-requested"]
    assert (moved["data"]["from_stage"], moved["data"]["to_stage"]) == (
        "investigation",
        "review_panel",
    )
    # The stage 3 clocks, from the request: convene within 30 wd of Thu 10 Dec 2026:
    # 11 (1), 14-18 (6), 21-24 (10), [25, 28 Dec], 29-31 (13), [1 Jan], 4-8 Jan (18),
    # 11-15 (23), 18-22 (28), 25, Tue 26 Jan 2027 (30).
    assert _state(case, "convene") == ("2027-01-26", "running")
    assert _state(case, "panel_request")[1] == "met"  # the window: asked within it
    run(
        case,
        c.SchedulePanel(panel_date=D(2027, 1, 20), members=("Ann Ash", "Bo Birch", "Cy Cedar"),
                        attestations=tuple(PANEL_ATTESTATIONS)),
        D(2026, 12, 14),
    )  # fmt: skip
    assert [h["type"] for h in case.history if h["type"].startswith("case.")][-1] == (
        "case.panel-scheduled"
    )


def test_hmip_step1_is_resolved_early_and_goes_formal_only_with_new_evidence() -> None:
    case = routed("hmip", "early_resolution", received_on=D(2026, 11, 2))
    assert case.clocks == {}  # seed 001 gives step 1 no timescale
    run_scenario(
        case,
        [
            Step(c.RecordEarlyResolution(outcome=c.EarlyOutcome.NOT_RESOLVED,
                                         summary="The lead inspector explained the rating",
                                         decided_by="Director of Operations"),
                 D(2026, 11, 4), "responded"),
            Step(c.Escalate(), D(2026, 11, 9), "!Refusal: record-new-evidence first"),
            Step(c.RecordNewEvidence(summary="The case file shows the review was done"),
                 D(2026, 11, 9), "responded"),
            Step(c.Escalate(reason="Formal complaint"), D(2026, 11, 9),
                 "escalated@formal_complaint"),
        ],
    )  # fmt: skip
    # The formal complaint is received on the day of the move, Mon 9 Nov: acknowledged
    # within 5 wd (Mon 16 Nov); the investigation within 20 wd (Mon 7 Dec); the reply 10
    # wd after its latest conclusion (Mon 21 Dec).
    assert _state(case, "acknowledgement") == ("2026-11-16", "running")
    assert _state(case, "investigation") == ("2026-12-07", "running")
    assert _state(case, "reply") == ("2026-12-21", "running")
