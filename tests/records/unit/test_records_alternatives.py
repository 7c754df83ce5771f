"""Alternatives to the formal route (seeds 003, 004, 000): mediation recorded with its
outcome, stopping the clock only when the complainant agrees (the ordinary suspension,
reason "mediation"), never blocking escalation; early referral to the Ombudsman after
stage 2 with agreement and a written statement; DS Complaints' healthcare escalation task.
"""

from __future__ import annotations

from datetime import date

import pytest

from services.records.domain import commands as c
from services.records.domain.alternatives import (
    EscalateHealthcare,
    MediationOp,
    MediationOutcome,
    RecordMediation,
    ReferToOmbudsmanEarly,
    Safeguard,
    TaskOp,
)
from services.records.domain.errors import InvalidField, Refusal
from tests.records.unit.fakes import routed, run
from tests.records.unit.test_records_casework_steps import IP, children_stage2

D = date


def _clock(case, name="response"):  # type: ignore[no-untyped-def]
    return case.clocks[name]


def test_mediation_without_agreement_leaves_the_clock_running() -> None:
    case = routed("children", "local_resolution")
    run(case, c.Acknowledge(), D(2026, 11, 3))
    assert run(case, RecordMediation(op=MediationOp.OFFER, mediator="Mo"), D(2026, 11, 4)) == [
        "case.mediation-offered"
    ]
    keys = run(case, RecordMediation(op=MediationOp.ACCEPT), D(2026, 11, 5))
    assert keys == ["case.mediation-accepted"]
    assert case.status == "acknowledged" and not case.suspensions
    # Escalation is never blocked by a mediation under way (seed 003).
    run(case, c.RecordResponse(outcome=c.Outcome.PARTLY, summary="s1"), D(2026, 11, 6))
    assert run(case, c.Escalate(), D(2026, 11, 9)) == ["case.escalated"]
    m = case.alternatives[0]
    assert (m["type"], m["status"], m["clock_paused"], m["mediator"]) == (
        "mediation", "accepted", False, "Mo",
    )  # fmt: skip


def test_mediation_with_agreement_suspends_and_its_end_resumes() -> None:
    case = routed("children", "local_resolution")
    run(case, c.Acknowledge(), D(2026, 11, 3))
    due_before = case.next_due
    run(case, RecordMediation(op=MediationOp.OFFER), D(2026, 11, 4))
    keys = run(case, RecordMediation(op=MediationOp.ACCEPT, pause_clock=True), D(2026, 11, 4))
    assert keys == ["case.suspended", "case.mediation-accepted"]
    assert case.status == "suspended"
    assert case.suspensions[-1]["reason"] == "mediation"
    outcome = RecordMediation(op=MediationOp.OUTCOME, outcome=MediationOutcome.BROKEN_DOWN)
    keys = run(case, outcome, D(2026, 11, 11))
    assert keys == ["case.resumed", "case.mediation-concluded"]
    assert case.status == "acknowledged"
    assert case.suspensions[-1]["to"] == "2026-11-11"
    assert case.alternatives[0]["outcome"] == "broken-down"
    # The stopped week moves the response date on by the working days stopped.
    assert case.next_due is not None and due_before is not None and case.next_due > due_before


def test_mediation_refusals_name_the_rule() -> None:
    case = routed("children", "local_resolution")
    with pytest.raises(Refusal, match="offer it first"):
        run(case, RecordMediation(op=MediationOp.ACCEPT), D(2026, 11, 3))
    run(case, RecordMediation(op=MediationOp.OFFER), D(2026, 11, 3))
    with pytest.raises(Refusal, match="already offered"):
        run(case, RecordMediation(op=MediationOp.OFFER), D(2026, 11, 3))
    run(case, RecordMediation(op=MediationOp.ACCEPT), D(2026, 11, 3))
    with pytest.raises(InvalidField, match="outcome"):
        run(case, RecordMediation(op=MediationOp.OUTCOME), D(2026, 11, 4))


def _answered_stage2(outcome: c.Outcome = c.Outcome.UPHELD):  # type: ignore[no-untyped-def]
    case = children_stage2()
    run(case, c.AssignOfficer(officer="Ian Vest", **IP), D(2026, 11, 23))
    run(case, c.AgreeStatement(statement="Visits cut", desired_outcome="Weekly"), D(2026, 11, 24))
    run(case, c.SendDraftReport(document="draft"), D(2026, 12, 10))
    run(case, c.SendFinalReport(adjudicating_officer="Head"), D(2026, 12, 17))
    run(case, c.Adjudicate(adjudicating_officer="Head", outcome=outcome, summary="x"),
        D(2026, 12, 18))  # fmt: skip
    return case


GOOD = (Safeguard.ROBUST_REPORT, Safeguard.COMPLETE_ADJUDICATION, Safeguard.ALL_UPHELD,
        Safeguard.ACTION_PLAN)  # fmt: skip


def test_early_referral_after_stage_2_with_agreement_and_statement() -> None:
    case = _answered_stage2()
    refer = ReferToOmbudsmanEarly(
        complainant_agreed=True, statement="The council cut visits", safeguards=GOOD
    )
    assert run(case, refer, D(2026, 12, 21)) == ["case.referred-to-ombudsman"]
    item = case.alternatives[-1]
    assert (item["type"], item["statement"], item["statement_agreed_on"]) == (
        "early-referral", "The council cut visits", "2026-12-21",
    )  # fmt: skip
    assert "Local Government and Social Care Ombudsman" in case.history[-1]["summary"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"complainant_agreed": False}, "complainant_agreed"),
        ({"statement": ""}, "statement"),
        ({"safeguards": (Safeguard.ROBUST_REPORT,)}, "safeguards"),
    ],
)
def test_early_referral_needs_agreement_statement_and_safeguards(change, field) -> None:  # type: ignore[no-untyped-def]
    case = _answered_stage2()
    fields = {"complainant_agreed": True, "statement": "s", "safeguards": GOOD} | change
    with pytest.raises(InvalidField) as err:
        run(case, ReferToOmbudsmanEarly(**fields), D(2026, 12, 21))
    assert err.value.field == field


def test_early_referral_checks_the_recorded_outcome_and_the_stage() -> None:
    case = _answered_stage2(c.Outcome.PARTLY)
    refer = ReferToOmbudsmanEarly(complainant_agreed=True, statement="s", safeguards=GOOD)
    with pytest.raises(InvalidField, match="not upheld"):
        run(case, refer, D(2026, 12, 21))
    stage1 = routed("children", "local_resolution")
    run(stage1, c.Acknowledge(), D(2026, 11, 3))
    run(stage1, c.RecordResponse(outcome=c.Outcome.UPHELD, summary="s"), D(2026, 11, 4))
    with pytest.raises(Refusal, match="Stage 2 has been concluded"):
        run(stage1, refer, D(2026, 11, 5))


def _devolved_healthcare(nation: str = "scotland"):  # type: ignore[no-untyped-def]
    case = routed("dso", "healthcare_devolved", nation=nation)
    run(case, c.RecordResponse(outcome=c.Outcome.NOT_UPHELD, summary="s"), D(2026, 11, 10))
    return case


@pytest.mark.parametrize(
    ("nation", "ombudsman"),
    [("scotland", "Scottish Public Services Ombudsman"),
     ("northern-ireland", "Northern Ireland Public Services Ombudsman")],
)  # fmt: skip
def test_healthcare_escalation_is_a_task_with_an_owner(nation: str, ombudsman: str) -> None:
    case = _devolved_healthcare(nation)
    with pytest.raises(InvalidField, match="owner"):
        run(case, EscalateHealthcare(), D(2026, 11, 12))
    task = EscalateHealthcare(owner="Dee Scott", due=D(2026, 11, 26))
    assert run(case, task, D(2026, 11, 12)) == ["case.healthcare-escalation-opened"]
    item = case.alternatives[-1]
    assert (item["owner"], item["due"], item["status"]) == ("Dee Scott", "2026-11-26", "open")
    assert item["ombudsman"].startswith(ombudsman)
    done = run(case, EscalateHealthcare(op=TaskOp.DONE, note="sent"), D(2026, 11, 20))
    assert done == ["case.healthcare-escalation-done"]
    assert case.alternatives[-1]["status"] == "done"


def test_healthcare_escalation_only_for_devolved_healthcare() -> None:
    case = routed("dso", "healthcare_england")
    run(case, c.RecordResponse(outcome=c.Outcome.NOT_UPHELD, summary="s"), D(2026, 11, 10))
    with pytest.raises(Refusal, match="devolved healthcare"):
        run(case, EscalateHealthcare(owner="Dee"), D(2026, 11, 12))
