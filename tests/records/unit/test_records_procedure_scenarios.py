"""Scenario tables per procedure, named after what each seed says: the legal path through
its stages, and the steps it refuses (state and allowed actions named)."""

from __future__ import annotations

from datetime import date

import pytest

from services.records.domain.commands import (
    Acknowledge,
    AssignOfficer,
    Close,
    Escalate,
    Extend,
    Investigate,
    Outcome,
    QualityAssure,
    RecordComments,
    RecordResponse,
    RequestComments,
)
from services.records.domain.independence import IP_ATTESTATIONS
from tests.records.unit.fakes import Step, routed, run_scenario

D = date


def respond(outcome: Outcome = Outcome.UPHELD) -> RecordResponse:
    return RecordResponse(outcome=outcome, summary="Our response")


SCENARIOS: dict[str, tuple[str, str, list[Step]]] = {
    # seed 004: stage 1 ack 3 wd, response 10 wd extendable to at most 20; stage 2 requested
    # within 20 wd of the response, IO and Independent Person, 25 wd to at most 65; stage 3.
    "children: stage 1 to stage 3, the Ombudsman after": ("children", "local_resolution", [
        Step(respond(), D(2026, 11, 3), "!IllegalAction: must be acknowledged before"),
        Step(Acknowledge(), D(2026, 11, 4), "acknowledged@local_resolution"),
        Step(Extend(to=D(2026, 12, 1), reason="advocate"), D(2026, 11, 5),
             "!ExtensionRefused: at most 20 working days"),
        Step(Extend(to=D(2026, 11, 30), reason="advocate"), D(2026, 11, 5), "acknowledged"),
        Step(respond(Outcome.PARTLY), D(2026, 11, 27), "responded"),
        Step(Escalate(), D(2026, 12, 30), "!Refusal: outside the window"),
        Step(Escalate(), D(2026, 12, 24), "escalated@investigation"),
        Step(AssignOfficer(officer="io"), D(2026, 12, 24), "!InvalidField: Independent Person"),
        Step(AssignOfficer(officer="io", independent_person="ip"), D(2026, 12, 24),
             "!NotIndependent: rule attest-not-employed-in-last-three-years"),
        Step(AssignOfficer(officer="io", independent_person="ip",
                           attestations=tuple(IP_ATTESTATIONS)), D(2026, 12, 24),
             "officer-assigned@investigation"),
        Step(Investigate(), D(2026, 12, 29), "investigating"),
        Step(Extend(to=D(2027, 4, 2), reason="agreed"), D(2027, 1, 5),
             "!ExtensionRefused: at most 65 working days"),
        Step(respond(), D(2027, 1, 20), "responded@investigation"),
        Step(Escalate(), D(2027, 2, 1), "escalated@review_panel"),
        Step(respond(Outcome.NOT_UPHELD), D(2027, 3, 1), "responded@review_panel"),
        Step(Escalate(), D(2027, 3, 2),
             "!IllegalAction: external: Local Government and Social Care Ombudsman"),
        Step(Close(), D(2027, 3, 2), "closed"),
    ]),
    "children: a late stage 2 request accepted with its reason": ("children", "local_resolution", [
        Step(Acknowledge(), D(2026, 11, 4), "acknowledged"),
        Step(respond(), D(2026, 11, 10), "responded"),
        Step(Escalate(late_reason="advocate only now engaged"), D(2027, 1, 20),
             "escalated@investigation"),
    ]),
    # seed 000: allocated, acknowledged naming the officer and target date; 20 wd; the
    # response names the IEC, outside the Home Office procedure.
    "dso: service delivery from receipt to response": ("dso", "service_delivery", [
        Step(AssignOfficer(officer="irc-io"), D(2026, 11, 3), "officer-assigned"),
        Step(Acknowledge(), D(2026, 11, 3), "officer-assigned"),
        Step(Acknowledge(), D(2026, 11, 4), "!IllegalAction: already acknowledged"),
        Step(RequestComments(officers=()), D(2026, 11, 4), "comments-requested"),
        Step(respond(), D(2026, 11, 4),
             "!Refusal: quality assured first (quality-assure, by a senior officer): seed 000"),
        Step(QualityAssure(by="irc-io"), D(2026, 11, 4), "!NotIndependent: qa-is-investigator"),
        Step(QualityAssure(by="Centre Manager"), D(2026, 11, 4), "comments-requested"),
        Step(respond(), D(2026, 11, 4), "responded"),
        Step(Escalate(), D(2026, 11, 5),
             "!IllegalAction: external: Independent Examiner of Complaints (IEC)"),
        Step(Extend(to=D(2026, 12, 1), reason="x"), D(2026, 11, 5),
             "!IllegalAction: cannot extend: not allowed when responded"),
        Step(Close(), D(2026, 11, 30), "closed"),
    ]),
    "dso: no cap in the seed, but an extension must move the target later": (
        "dso", "serious_misconduct", [
            Step(Extend(to=D(2027, 1, 25), reason="x"), D(2026, 11, 5),
                 "!ExtensionRefused: later than its target 2027-01-25"),
            Step(Extend(to=D(2027, 3, 1), reason="police enquiry"), D(2026, 11, 5), "open"),
        ]),
    # seed 001: ack 5 wd, IO named, staff given the chance to comment, investigation 20 wd
    # and reply 10 wd after; internal review requested within 10 wd; final.
    "hmip: formal complaint, then the final internal review": ("hmip", "formal_complaint", [
        Step(Acknowledge(), D(2026, 11, 9), "acknowledged@formal_complaint"),
        Step(AssignOfficer(officer="senior"), D(2026, 11, 9), "officer-assigned"),
        Step(RequestComments(officers=("Officer Smith",)), D(2026, 11, 9), "comments-requested"),
        Step(Investigate(), D(2026, 11, 10), "!IllegalAction: not allowed when comments-requested"),
        Step(RecordComments(summary="denies it"), D(2026, 11, 12), "investigating"),
        Step(respond(Outcome.NOT_UPHELD), D(2026, 12, 1), "responded"),
        Step(Escalate(), D(2026, 12, 16), "!Refusal: within 10 working days of the response"),
        Step(Escalate(), D(2026, 12, 15), "escalated@internal_review"),
        Step(respond(), D(2027, 1, 20), "responded@internal_review"),
        Step(Escalate(), D(2027, 1, 21), "!IllegalAction: stage internal_review is final"),
    ]),
    # seed 002: frontline response in 5 wd (no acknowledgement needed), stage 2 acknowledged
    # in 3 wd and answered in 20; the SPSO after; extension only exceptionally (no cap).
    "spso: frontline response, investigation, the SPSO after": ("spso", "frontline_response", [
        Step(respond(), D(2026, 11, 4), "responded@frontline_response"),
        Step(Escalate(), D(2026, 11, 10), "escalated@investigation"),
        Step(respond(), D(2026, 11, 10), "!IllegalAction: must be acknowledged before"),
        Step(Acknowledge(), D(2026, 11, 12), "acknowledged@investigation"),
        Step(Extend(to=D(2027, 1, 29), reason="exceptional: key witness abroad"),
             D(2026, 11, 20), "acknowledged"),
        Step(respond(Outcome.PARTLY), D(2027, 1, 15), "responded"),
        Step(Escalate(), D(2027, 1, 16),
             "!IllegalAction: external: Scottish Public Services Ombudsman (SPSO)"),
    ]),
}  # fmt: skip


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(name: str) -> None:
    procedure, stage, steps = SCENARIOS[name]
    run_scenario(routed(procedure, stage, officers=("Officer Smith",)), steps)


def test_children_stage_records_keep_targets_and_outcomes() -> None:
    procedure, stage, steps = SCENARIOS["children: stage 1 to stage 3, the Ombudsman after"]
    case = run_scenario(routed(procedure, stage), steps)
    first, second, third = case.stages
    assert (first["ack_due"], first["acknowledged_on"]) == ("2026-11-05", "2026-11-04")
    assert (first["response_due"], first["extensions"], first["outcome"]) == (
        "2026-11-30",
        1,
        "partly",
    )
    assert second["started_on"] == "2026-12-24" and second["response_due"] == "2027-02-02"
    assert third["response_clock"] == "director_response" and third["outcome"] == "not-upheld"
    assert case.stages[1]["officer"] == "io" and case.independent_person == "ip"


def test_suspended_days_do_not_count_against_the_cap() -> None:
    from services.records.domain.commands import Resume, Suspend

    case = routed("children", "local_resolution")
    run_scenario(
        case,
        [
            Step(Acknowledge(), D(2026, 11, 3), "acknowledged"),
            Step(Suspend(reason="child protection"), D(2026, 11, 5), "suspended"),
            Step(Resume(), D(2026, 11, 12), "acknowledged"),  # 5 working days stopped
            Step(Extend(to=D(2026, 12, 7), reason="agreed"), D(2026, 11, 12), "acknowledged"),
            Step(Extend(to=D(2026, 12, 8), reason="more"), D(2026, 11, 12),
                 "!ExtensionRefused: the latest permitted date is 2026-12-07"),
        ],
    )  # fmt: skip
