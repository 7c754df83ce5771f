"""Children's eligibility, lead authority, freeze and concurrent procedures (seed 004)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from services.records.domain.casework import execute
from services.records.domain.eligibility import (
    Basis,
    DecideLeadAuthority,
    FreezeDecision,
    FreezeOp,
    ProcedureKind,
    RecordConcurrentProcedure,
    RecordEligibility,
)
from services.records.domain.errors import InvalidField, Refusal
from tests.records.unit.fakes import ctx, routed, run

D = date(2026, 11, 4)


def test_a_parent_acting_for_a_child_in_need_is_recorded() -> None:
    case = routed("children", "local_resolution")
    keys = run(case, RecordEligibility(basis=Basis.CHILD_IN_NEED, on_behalf_of="Jo (10)"), D)
    assert keys == ["case.eligibility-recorded"]
    q = case.eligibility["qualifying"]
    assert (q["basis"], q["qualifying"], q["on_behalf_of"]) == ("child-in-need", True, "Jo (10)")


def test_checks_what_the_platform_can_check() -> None:
    adult = routed("children", "local_resolution")
    with pytest.raises(InvalidField) as err:
        run(adult, RecordEligibility(basis=Basis.LOOKED_AFTER_CHILD), D)
    assert err.value.field == "on_behalf_of"
    child = routed("children", "local_resolution", is_child=True)
    run(child, RecordEligibility(basis=Basis.LOOKED_AFTER_CHILD), D)  # the child themself
    with pytest.raises(InvalidField, match="sufficient interest"):
        run(adult, RecordEligibility(basis=Basis.SUFFICIENT_INTEREST), D)
    with pytest.raises(Refusal, match="children's procedure"):
        run(routed("dso", "service_delivery"), RecordEligibility(basis=Basis.PARENT), D)


def test_lead_authority_is_the_one_looking_after_else_where_the_child_lives() -> None:
    case = routed("children", "local_resolution")
    three = ("Dorset", "Somerset", "Devon")
    run(case, DecideLeadAuthority(authorities=three, ordinarily_resident="Devon"), D)
    assert case.eligibility["lead_authority"]["lead"] == "Devon"
    assert case.eligibility["lead_authority"]["rule"] == "ordinarily-resident"
    run(case, DecideLeadAuthority(authorities=three, looking_after="Somerset",
                                  ordinarily_resident="Devon"), D)  # fmt: skip
    assert case.eligibility["lead_authority"]["lead"] == "Somerset"
    with pytest.raises(InvalidField, match="two or more"):
        run(case, DecideLeadAuthority(authorities=("Dorset",), looking_after="Dorset"), D)
    with pytest.raises(InvalidField, match="one of the authorities"):
        run(case, DecideLeadAuthority(authorities=three, looking_after="Bath"), D)


def test_freeze_is_requested_then_decided_by_the_complaints_manager_after_consulting() -> None:
    case = routed("children", "local_resolution")
    request = FreezeDecision(op=FreezeOp.REQUEST, decision="move to Poole placement",
                             requested_by="Mum")  # fmt: skip
    assert run(case, request, D) == ["case.freeze-requested"]
    decide = FreezeDecision(op=FreezeOp.DECIDE, freeze_id="F1", granted=True)
    with pytest.raises(InvalidField, match="after consultation"):
        run(case, decide, D)
    decide = replace(decide, consulted="Head of Children's and Families Service")
    officer = ctx(case, D)
    with pytest.raises(Refusal, match="only be made by the Complaints Manager"):
        execute(case, decide, replace(officer, role="childrens-complaints-officer"))
    assert run(case, decide, D) == ["case.freeze-granted"]
    f = case.eligibility["freezes"][0]
    assert (f["status"], f["decided_by"], f["requested_by"]) == ("granted", "alice", "Mum")
    assert run(case, FreezeDecision(op=FreezeOp.LIFT, freeze_id="F1"), D) == ["case.freeze-lifted"]


def test_concurrent_procedures_are_recorded_and_ended() -> None:
    case = routed("children", "local_resolution")
    court = RecordConcurrentProcedure(kind=ProcedureKind.COURT, reference="FD26C00012")
    assert run(case, court, D) == ["case.concurrent-procedure-recorded"]
    assert "cannot overturn a Court decision" in case.history[-1]["summary"]
    run(case, RecordConcurrentProcedure(kind=ProcedureKind.SAFEGUARDING), D)
    ended = RecordConcurrentProcedure(kind=ProcedureKind.COURT, ended=True, procedure_id="P1")
    assert run(case, ended, D) == ["case.concurrent-procedure-ended"]
    kinds = [(p["kind"], p["ended_on"]) for p in case.eligibility["concurrent"]]
    assert kinds == [("court", "2026-11-04"), ("safeguarding", None)]


def test_the_childrens_records_are_offered_on_childrens_complaints_only() -> None:
    from services.records.domain.model import allowed_now

    children = routed("children", "local_resolution")
    dso = routed("dso", "service_delivery")
    now = allowed_now(children, ctx(children, D).procedure)
    assert {"record-eligibility", "freeze-decision", "mediation"} <= set(now)
    assert "early-ombudsman-referral" not in now
    now = allowed_now(dso, ctx(dso, D).procedure)
    assert "mediation" in now and "record-eligibility" not in now


def test_a_complainant_who_does_not_qualify_cannot_escalate() -> None:
    from services.records.domain import commands as c

    case = routed("children", "local_resolution")
    run(case, c.Acknowledge(), D)
    run(case, c.RecordResponse(outcome=c.Outcome.NOT_UPHELD, summary="s"), D)
    not_qualifying = RecordEligibility(basis=Basis.NOT_QUALIFYING, note="private self-funding")
    run(case, not_qualifying, D)
    with pytest.raises(Refusal, match="not a qualifying individual"):
        run(case, c.Escalate(), D)
    run(case, RecordEligibility(basis=Basis.PARENT), D)
    assert run(case, c.Escalate(), D) == ["case.escalated"]
