"""Outcome sought, findings per point, remedies, commitments and learning (issue 19) on
the records service's use cases over the in-memory store: each seed sentence as a case."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from common.auth import Caller, Role
from services.records.adapters import outcomes_codec
from services.records.domain import commitments
from services.records.domain.commands import (
    Acknowledge,
    AssignOfficer,
    Close,
    Outcome,
    RecordResponse,
)
from services.records.domain.commitments import CompleteCommitment
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.findings import AgreeOutcome, RecordFinding, SetPoint
from services.records.domain.learning import RecordLearning
from services.records.domain.outcomes import (
    CaseOutcomes,
    Finding,
    LearningStatus,
    Referral,
    Remedy,
    RemedyStatus,
    RemedyType,
    RootCause,
)
from services.records.domain.remedies import AddRemedy, ApproveRemedy
from services.records.handlers.casework import NotAllowed
from tests.records.unit.service import CENTRAL, NOW, Records

OFFICER = Caller(sub="olu", role=Role.INVESTIGATING_OFFICER)
TODAY = NOW.date()


async def _case(records: Records) -> str:
    return await records.receive_and_route("hmip", "formal_complaint")


async def test_points_and_outcome_sought_come_from_the_submission(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    doc, record = await work.read(ref)
    assert [p.id for p in record.points] == ["P1"]
    assert record.points[0].text == "Cancelled twice."
    assert record.outcome_sought is None  # not given: the acknowledgement asks for it
    result = await work.run(CENTRAL, ref, AgreeOutcome(outcome_sought="Visits restored",
                                                       agreed=True), "r1")  # fmt: skip
    assert result.record.outcome_sought == "Visits restored" and result.record.outcome_agreed
    again = await work.run(CENTRAL, ref, AgreeOutcome(outcome_sought="x"), "r1")
    assert again.duplicate and again.record.outcome_sought == "Visits restored"
    history = [h for h in result.case.history if h["type"].startswith("outcome.")]
    assert history[-1]["type"] == "outcome.outcome-agreed" and history[-1]["actor"] == "alice"
    added = await work.run(CENTRAL, ref, SetPoint(text="Nobody replied", outcome_sought="A reply"),
                           "r2")  # fmt: skip
    assert [p.id for p in added.record.points] == ["P1", "P2"]


async def test_a_finding_per_point_reaches_the_response(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    with pytest.raises(InvalidField, match="P9"):
        await work.run(CENTRAL, ref, RecordFinding(point="P9", finding=Finding.UPHELD,
                                                   reason="x"), "f0")  # fmt: skip
    await work.run(CENTRAL, ref, RecordFinding(point="P1", finding=Finding.PARTLY,
                                               reason="One visit was moved"), "f1")  # fmt: skip
    await records.run(ref, Acknowledge())
    result = await records.run(ref, RecordResponse(outcome=Outcome.PARTLY, summary="Sorry"))
    responded = [h for h in result.case.history if h["type"] == "case.responded"][-1]
    assert responded["data"]["findings"][0]["finding"] == "partly-upheld"
    assert responded["data"]["findings"][0]["reason"] == "One visit was moved"


async def test_financial_remedy_needs_a_role_allowed_its_amount(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    pay = AddRemedy(
        type=RemedyType.FINANCIAL,
        description="Lost property",
        owner="finance",
        due=TODAY + timedelta(days=10),
        amount=Decimal("400"),
        reason="Lost bag",
    )
    result = await work.run(CENTRAL, ref, pay, "a1")
    assert result.record.remedies[0].status is RemedyStatus.AWAITING_APPROVAL
    await records.run(ref, Acknowledge())
    await records.run(ref, AssignOfficer(officer="olu"))
    with pytest.raises(Refusal, match=r"up to £250.00; it needs .*central-team"):
        await work.run(Caller("olu", Role.INVESTIGATING_OFFICER), ref, ApproveRemedy(remedy="R1"),
                       "a2")  # fmt: skip
    ok = await work.run(CENTRAL, ref, ApproveRemedy(remedy="R1"), "a3")
    assert ok.record.remedies[0].status is RemedyStatus.OPEN
    assert ok.record.remedies[0].approved_role == "central-team"


async def test_a_claim_is_referred_not_approved(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    with pytest.raises(InvalidField, match="referral"):
        await work.run(CENTRAL, ref, AddRemedy(type=RemedyType.FINANCIAL, description="x",
                       owner="o", amount=Decimal(10), reason="r", claim=True), "c0")  # fmt: skip
    claim = AddRemedy(type=RemedyType.FINANCIAL, description="Injury claim", owner="legal",
                      amount=Decimal(9000), reason="Injury", claim=True,
                      referral=Referral.LEGAL_SERVICES)  # fmt: skip
    result = await work.run(CENTRAL, ref, claim, "c1")
    assert result.record.remedies[0].status is RemedyStatus.REFERRED
    with pytest.raises(Refusal, match="referred to legal-services"):
        await work.run(CENTRAL, ref, ApproveRemedy(remedy="R1"), "c2")


async def test_bad_remedies_name_the_field(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    cases = [
        (AddRemedy(type=RemedyType.APOLOGY, description="x", owner="o",
                   due=TODAY - timedelta(days=1)), "due"),
        (AddRemedy(type=RemedyType.APOLOGY, description="x", owner="o", amount=Decimal(1)),
         "amount"),
        (AddRemedy(type=RemedyType.FINANCIAL, description="x", owner="o"), "amount"),
        (AddRemedy(type=RemedyType.FINANCIAL, description="x", owner="o", amount=Decimal(5)),
         "reason"),
    ]  # fmt: skip
    for i, (cmd, name) in enumerate(cases):
        with pytest.raises(InvalidField) as exc:
            await work.run(CENTRAL, ref, cmd, f"b{i}")
        assert exc.value.field == name


async def test_an_auditor_may_not_give_a_remedy(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    with pytest.raises(NotAllowed):
        apology = AddRemedy(type=RemedyType.APOLOGY, description="x", owner="o")
        await work.run(Caller("aud", Role.AUDITOR), ref, apology, "n1")


async def test_owners_are_reminded_before_and_when_due_once_each(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    due = TODAY + timedelta(days=5)
    await work.run(CENTRAL, ref, AddRemedy(type=RemedyType.PRACTICAL_ACTION,
                   description="Restore visits", owner="olu", due=due), "m1")  # fmt: skip
    assert await work.sweep() == 0  # 5 days ahead: not yet (3 days before)
    records.clock.advance(timedelta(days=2))
    assert await work.sweep() == 1  # 3 days before
    assert await work.sweep() == 0  # once
    records.clock.advance(timedelta(days=4))  # a day late (the service was down)
    assert await work.sweep() == 1
    assert await work.sweep() == 0
    assert len(records.publisher.of("case.commitment-reminder")) == 2
    doc, record = await work.read(ref)
    assert [m.kind for m in record.remedies[0].reminders] == ["before", "due"]
    assert doc.commitment_check_on is None and doc.commitments_open == 1
    reminders = [h for h in doc.history if h["type"] == "outcome.commitment-reminder"]
    assert "overdue since" in reminders[-1]["summary"] and "olu" in reminders[-1]["summary"]


async def test_closing_as_resolved_with_an_overdue_commitment_needs_a_reason(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    await work.run(CENTRAL, ref, AddRemedy(type=RemedyType.APOLOGY, description="Letter",
                   owner="olu", due=TODAY + timedelta(days=1)), "k1")  # fmt: skip
    await records.run(ref, Acknowledge())
    await records.run(ref, RecordResponse(outcome=Outcome.UPHELD, summary="Sorry"))
    records.clock.advance(timedelta(days=3))
    with pytest.raises(Refusal, match="R1 apology"):
        await records.run(ref, Close())
    closed = await records.run(ref, Close(reason="Apology sent by the director instead"))
    entry = closed.case.history[-1]
    assert entry["data"]["overdue_commitments"] == ["R1"]


async def test_learning_records_and_report(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    with pytest.raises(InvalidField, match="root_cause"):
        await work.run(CENTRAL, ref, RecordLearning(lesson="x", owner="o"), "l0")
    await work.run(CENTRAL, ref, RecordLearning(root_cause=RootCause.COMMUNICATION,
                   lesson="Tell families of changes", owner="team lead"), "l1")  # fmt: skip
    await work.run(CENTRAL, ref, RecordLearning(id="L1", status=LearningStatus.DONE), "l2")
    rows = await work.learning_rows("hmip", TODAY, TODAY)
    assert [(r.item.id, str(r.item.status)) for r in rows] == [("L1", "done")]
    assert await work.learning_rows("hmip", TODAY + timedelta(days=1), None) == []


async def test_commitment_done_leaves_the_report(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    await work.run(CENTRAL, ref, AddRemedy(type=RemedyType.APOLOGY, description="Letter",
                   owner="olu", due=TODAY + timedelta(days=1)), "d1")  # fmt: skip
    assert len(await work.commitment_rows("")) == 1
    await work.run(CENTRAL, ref, CompleteCommitment(remedy="R1", note="Sent 1 July"), "d2")
    assert await work.commitment_rows("") == []


def test_codec_round_trip_keeps_pence() -> None:
    record = CaseOutcomes(remedies=[Remedy(id="R1", type=RemedyType.FINANCIAL, description="x",
                                           owner="o", amount=Decimal("123.45"))])  # fmt: skip
    assert outcomes_codec.decode(outcomes_codec.encode(record)) == record
    assert outcomes_codec.encode(record)["remedies"][0]["amount"] == "123.45"


def test_next_check_is_the_first_reminder_day() -> None:
    due = date(2027, 7, 10)
    record = CaseOutcomes(remedies=[Remedy(id="R1", type=RemedyType.APOLOGY, description="x",
                                           owner="o", due=due)])  # fmt: skip
    assert commitments.next_check(record, 3) == date(2027, 7, 7)
    assert commitments.next_check(CaseOutcomes(), 3) is None


async def test_the_annual_report_includes_remedies_commitments_and_learning(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await _case(records)
    pay = AddRemedy(
        type=RemedyType.FINANCIAL,
        description="Travel costs",
        owner="finance",
        due=TODAY + timedelta(days=3),
        amount=Decimal("80.50"),
        reason="Wasted journey",
    )
    await work.run(CENTRAL, ref, pay, "y1")
    await work.run(CENTRAL, ref, ApproveRemedy(remedy="R1"), "y2")
    await work.run(CENTRAL, ref, CompleteCommitment(remedy="R1", note="Paid"), "y3")
    learn = RecordLearning(
        root_cause=RootCause.DELAY, lesson="Visits cancelled late", owner="manager",
        service_change="Rota published a week ahead",
    )  # fmt: skip
    await work.run(CENTRAL, ref, learn, "y4")
    report = await records.reports.hmip_annual(2027)
    tables = {t.title: t for t in report.tables}
    assert tables["Remedies by type"].rows == [["financial", "1", "80.50"]]
    kept = dict((r[0], r[1]) for r in tables["Commitments"].rows)
    assert kept["done by their due date"] == "1" and kept["outstanding"] == "0"
    assert tables["Learning by root cause"].rows == [["delay", "1", "1", "0", "0"]]
    assert tables["Service changes"].rows == [
        ["delay", "Rota published a week ahead", "manager", "proposed"]
    ]


async def test_anonymising_the_file_keeps_the_statistics_not_the_words(records, work) -> None:  # type: ignore[no-untyped-def]
    from services.records.domain.commands import EraseOrRedact, RedactMode

    ref = await _case(records)
    await work.run(CENTRAL, ref, AgreeOutcome(outcome_sought="Jo wants visits back"), "p1")
    await work.run(CENTRAL, ref, RecordFinding(point="P1", finding=Finding.UPHELD,
                   reason="Jo's visits were cut"), "p2")  # fmt: skip
    await work.run(CENTRAL, ref, AddRemedy(type=RemedyType.APOLOGY, description="Letter to Jo",
                   owner="olu"), "p3")  # fmt: skip
    await records.run(ref, Acknowledge())
    await records.run(ref, RecordResponse(outcome=Outcome.UPHELD, summary="Sorry"))
    await records.run(ref, Close())
    await records.run(ref, EraseOrRedact(mode=RedactMode.ANONYMISE, reason="retention"))
    doc, record = await work.read(ref)
    assert "Jo" not in json.dumps(doc.outcomes) and "Jo" not in json.dumps(doc.history, default=str)
    assert record.points[0].finding is Finding.UPHELD
    assert record.remedies[0].type is RemedyType.APOLOGY
