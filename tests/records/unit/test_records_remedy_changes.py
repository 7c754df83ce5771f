"""A remedy amended or cancelled after it was given (seed 003: "appropriate remedies can
be provided at any stage"; "the action and level of financial payments that can be
approved"): the pure rules, a property over any sequence of changes, and the use cases
over the in-memory store (the file's audit trail, the events, the commitments)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.auth import Caller, Role
from services.records.domain import outcome_reports, substance
from services.records.domain.commands import Acknowledge, Close, Outcome, RecordResponse
from services.records.domain.commitments import CompleteCommitment
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.outcome_commands import Acting
from services.records.domain.outcomes import (
    CaseOutcomes,
    RemedyStatus,
    RemedyType,
    letter_detail,
)
from services.records.domain.remedies import AddRemedy, ApproveRemedy
from services.records.domain.remedy_changes import (
    AmendRemedy,
    CancelRemedy,
    approved_within_limits,
)
from tests.records.unit.service import CENTRAL, NOW

TODAY = NOW.date()
LIMITS = {"investigating-officer": Decimal(250), "central-team": Decimal(5000)}
OFFICER_ROLE, CENTRAL_ROLE = "investigating-officer", "central-team"


def acting(role: str = OFFICER_ROLE, status: str = "investigating") -> Acting:
    return Acting(actor="olu", role=role, today=TODAY, stage="formal", status=status, limits=LIMITS)


def paid(amount: str = "200") -> CaseOutcomes:
    """A record with one financial remedy of ``amount``, approved by an officer."""
    record = CaseOutcomes()
    substance.decide(
        record,
        AddRemedy(
            type=RemedyType.FINANCIAL,
            description="Refund",
            owner="finance",
            amount=Decimal(amount),
            reason="Charged twice",
            due=TODAY + timedelta(days=10),
        ),
        acting(),
    )
    substance.decide(record, ApproveRemedy(remedy="R1"), acting())
    return record


# -- the rules -----------------------------------------------------------------------------


def test_amending_keeps_each_old_and_new_value_and_the_reason() -> None:
    record = paid()
    done = substance.decide(
        record,
        AmendRemedy(
            remedy="R1", reason="Agreed by phone", owner="accounts", due=TODAY + timedelta(days=20)
        ),
        acting(),
    )
    r = record.remedies[0]
    assert (r.owner, r.due, r.status) == ("accounts", TODAY + timedelta(days=20), RemedyStatus.OPEN)
    assert done.what == "remedy-amended"
    assert done.detail["changes"] == {
        "owner": ["finance", "accounts"],
        "due": [str(TODAY + timedelta(days=10)), str(TODAY + timedelta(days=20))],
    }
    assert r.amendments[0].reason == "Agreed by phone" and r.amendments[0].by == "olu"
    assert "owner finance -> accounts" in done.summary


def test_raising_a_payment_above_its_approval_needs_a_new_one_by_a_role_allowed_it() -> None:
    record = paid("200")
    done = substance.decide(
        record,
        AmendRemedy(remedy="R1", reason="Second charge found", amount=Decimal("400")),
        acting(),
    )
    r = record.remedies[0]
    assert r.status is RemedyStatus.AWAITING_APPROVAL and r.amount == Decimal("400")
    assert r.approved_by == "" and done.detail["status"] == "awaiting-approval"
    assert "central-team (up to £5,000.00)" in done.summary
    with pytest.raises(Refusal, match="up to £250.00"):
        substance.decide(record, ApproveRemedy(remedy="R1"), acting())
    with pytest.raises(Refusal, match="awaiting approval"):
        substance.decide(record, CompleteCommitment(remedy="R1", note="Paid"), acting())
    substance.decide(record, ApproveRemedy(remedy="R1"), acting(CENTRAL_ROLE))
    assert (r.status, r.approved_amount, r.approved_role) == (
        RemedyStatus.OPEN,
        Decimal("400"),
        CENTRAL_ROLE,
    )


def test_lowering_a_payment_keeps_its_approval() -> None:
    record = paid("200")
    substance.decide(
        record,
        AmendRemedy(remedy="R1", reason="Part refunded already", amount=Decimal("150")),
        acting(),
    )
    r = record.remedies[0]
    assert r.status is RemedyStatus.OPEN and r.approved_amount == Decimal("200")
    assert letter_detail(record)["remedies"][0]["amount"] == "150.00"  # the letter: now


@pytest.mark.parametrize(
    ("cmd", "field"),
    [
        (AmendRemedy(remedy="R1", reason="", owner="x"), "reason"),
        (AmendRemedy(remedy="R1", reason="why"), "description"),  # nothing changes
        (AmendRemedy(remedy="R1", reason="why", owner="finance"), "description"),  # the same
        (AmendRemedy(remedy="R1", reason="why", due=TODAY - timedelta(days=1)), "due"),
        (AmendRemedy(remedy="R1", reason="why", amount=Decimal(0)), "amount"),
        (AmendRemedy(remedy="R9", reason="why", owner="x"), "remedy"),
        (CancelRemedy(remedy="R1", reason=""), "reason"),
    ],
)
def test_an_amendment_or_cancellation_names_the_field_it_lacks(cmd, field) -> None:  # type: ignore[no-untyped-def]
    record = paid()
    with pytest.raises(InvalidField) as err:
        substance.decide(record, cmd, acting())
    assert err.value.field == field
    assert record.remedies[0].amendments == [] and record.remedies[0].status is RemedyStatus.OPEN


def test_only_a_financial_remedy_has_an_amount_and_a_claim_is_not_repriced() -> None:
    record = CaseOutcomes()
    substance.decide(
        record, AddRemedy(type=RemedyType.APOLOGY, description="Letter", owner="olu"), acting()
    )
    substance.decide(
        record,
        AddRemedy(
            type=RemedyType.FINANCIAL,
            description="Injury",
            owner="legal",
            amount=Decimal(900),
            reason="Fall",
            claim=True,
            referral="legal-services",
        ),
        acting(),
    )  # type: ignore[arg-type]
    with pytest.raises(InvalidField, match="only a financial remedy"):
        substance.decide(record, AmendRemedy(remedy="R1", reason="x", amount=Decimal(5)), acting())
    with pytest.raises(Refusal, match="legal-services"):
        substance.decide(record, AmendRemedy(remedy="R2", reason="x", amount=Decimal(5)), acting())


def test_a_cancelled_remedy_is_no_commitment_and_cannot_be_changed_again() -> None:
    record = paid()
    done = substance.decide(
        record, CancelRemedy(remedy="R1", reason="Complainant declined it"), acting()
    )
    r = record.remedies[0]
    assert (r.status, r.cancel_reason, r.cancelled_on) == (
        RemedyStatus.CANCELLED,
        "Complainant declined it",
        TODAY,
    )
    assert not r.outstanding and not r.overdue(TODAY + timedelta(days=99))
    assert done.detail["was"] == "open" and done.detail["amount"] == "200.00"
    assert letter_detail(record)["remedies"] == []  # the letter says what will be done
    for cmd in (
        CancelRemedy(remedy="R1", reason="x"),
        AmendRemedy(remedy="R1", reason="x", owner="y"),
        ApproveRemedy(remedy="R1"),
        CompleteCommitment(remedy="R1", note="x"),
    ):
        with pytest.raises(Refusal, match="cancelled"):
            substance.decide(record, cmd, acting())


def test_a_done_remedy_is_neither_amended_nor_cancelled() -> None:
    record = paid()
    substance.decide(record, CompleteCommitment(remedy="R1", note="Paid"), acting())
    with pytest.raises(Refusal, match="done"):
        substance.decide(record, CancelRemedy(remedy="R1", reason="x"), acting())
    with pytest.raises(Refusal, match="done"):
        substance.decide(record, AmendRemedy(remedy="R1", reason="x", owner="y"), acting())


def test_the_annual_tables_count_a_cancelled_remedy_apart() -> None:
    record = paid("200")
    substance.decide(
        record,
        AddRemedy(
            type=RemedyType.FINANCIAL,
            description="Goodwill",
            owner="f",
            amount=Decimal(50),
            reason="Delay",
        ),
        acting(),
    )
    substance.decide(record, CancelRemedy(remedy="R1", reason="Declined"), acting())
    by_type, kept = outcome_reports.annual_tables([record], TODAY.year)[:2]
    assert by_type.rows == [["financial", "1", "50.00"]]
    assert kept.rows[-1] == ["remedies cancelled (withdrawn, not counted above)", "1"]
    assert ["outstanding", "0"] in kept.rows  # R1 had a due date: no longer outstanding


# -- the property: nothing leaves a payment marked approved that no one allowed -----------

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9000"), places=2)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), AMOUNTS),
        st.tuples(st.just("amend"), AMOUNTS),
        st.tuples(st.just("approve"), st.sampled_from([OFFICER_ROLE, CENTRAL_ROLE, "auditor"])),
        st.tuples(st.just("cancel"), st.none()),
        st.tuples(st.just("done"), st.none()),
    ),
    max_size=25,
)


def _command(step: str, arg, remedy: str):  # type: ignore[no-untyped-def]
    if step == "add":
        return AddRemedy(
            type=RemedyType.FINANCIAL, description="Pay", owner="f", amount=arg, reason="why"
        )
    if step == "amend":
        return AmendRemedy(remedy=remedy, reason="why", amount=arg)
    if step == "approve":
        return ApproveRemedy(remedy=remedy)
    if step == "cancel":
        return CancelRemedy(remedy=remedy, reason="declined")
    return CompleteCommitment(remedy=remedy, note="paid")


@settings(max_examples=400, deadline=None)
@given(
    first=AMOUNTS,
    steps=STEPS,
    which=st.lists(st.integers(min_value=1, max_value=2), min_size=25, max_size=25),
)
def test_no_sequence_of_changes_leaves_an_unallowed_payment_approved(first, steps, which) -> None:  # type: ignore[no-untyped-def]
    record = CaseOutcomes()
    steps = [("add", first), *steps]
    which = [1, *which]
    for (step, arg), n in zip(steps, which, strict=False):
        remedy = f"R{n}"
        by = acting(arg if step == "approve" else OFFICER_ROLE)
        cmd = _command(step, arg, remedy)
        before = record.model_copy(deep=True)
        try:
            substance.decide(record, cmd, by)
        except (Refusal, InvalidField):
            assert record == before  # a refused command changes nothing
        assert approved_within_limits(record, LIMITS) == []
    for r in record.remedies:
        if r.status in (RemedyStatus.OPEN, RemedyStatus.DONE):
            assert r.approved_amount is not None and r.amount is not None
            assert r.amount <= r.approved_amount <= LIMITS[r.approved_role]


def test_the_property_check_itself_finds_a_payment_raised_past_its_approval() -> None:
    record = paid("200")
    record.remedies[0].amount = Decimal("400")  # as a bug that skipped the re-approval would
    assert approved_within_limits(record, LIMITS) == ["R1"]


# -- the use cases: audit trail, events, commitments, the close guard ---------------------


async def test_an_amendment_is_in_the_file_and_an_event_once(records, work) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("hmip", "formal_complaint")
    due = TODAY + timedelta(days=5)
    await work.run(
        CENTRAL,
        ref,
        AddRemedy(
            type=RemedyType.PRACTICAL_ACTION, description="Restore visits", owner="olu", due=due
        ),
        "a1",
    )
    amend = AmendRemedy(remedy="R1", reason="Visits room closed", due=due + timedelta(days=7))
    result = await work.run(CENTRAL, ref, amend, "a2")
    again = await work.run(CENTRAL, ref, amend, "a2")
    assert again.duplicate and len(again.record.remedies[0].amendments) == 1
    entry = [h for h in result.case.history if h["type"] == "outcome.remedy-amended"]
    assert len(entry) == 1 and entry[0]["actor"] == "alice"
    assert entry[0]["data"]["changes"]["due"] == [str(due), str(due + timedelta(days=7))]
    [sent] = records.publisher.of("case.remedy-amended")
    assert sent.body["remedy"] == "R1" and sent.body["reason"] == "Visits room closed"
    assert sent.message_id in result.case.processed  # its echo to records is a no-op
    await records.handlers.record(sent.routing_key, sent.body, sent.message_id)
    doc, _ = await work.read(ref)
    assert doc.history[-1]["type"] == "outcome.remedy-amended"
    assert doc.commitment_check_on == due + timedelta(days=7) - timedelta(days=3)


async def test_a_cancelled_commitment_leaves_the_sweep_report_and_close_guard(
    records, work
) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("hmip", "formal_complaint")
    await work.run(
        CENTRAL,
        ref,
        AddRemedy(
            type=RemedyType.APOLOGY,
            description="Letter",
            owner="olu",
            due=TODAY + timedelta(days=1),
        ),
        "k1",
    )
    await records.run(ref, Acknowledge())
    await records.run(ref, RecordResponse(outcome=Outcome.UPHELD, summary="Sorry"))
    records.clock.advance(timedelta(days=3))
    assert len(await work.commitment_rows("")) == 1
    with pytest.raises(Refusal, match="R1 apology"):
        await records.run(ref, Close())
    officer = Caller(sub="olu", role=Role.INVESTIGATING_OFFICER)  # not this case's officer
    from services.records.handlers.casework import NotAllowed

    with pytest.raises(NotAllowed):
        await work.run(officer, ref, CancelRemedy(remedy="R1", reason="x"), "k2")
    result = await work.run(
        CENTRAL, ref, CancelRemedy(remedy="R1", reason="Complainant declined a letter"), "k3"
    )
    assert result.record.remedies[0].status is RemedyStatus.CANCELLED
    assert result.case.commitments_open == 0 and result.case.commitment_check_on is None
    assert await work.commitment_rows("") == [] and await work.sweep() == 0
    assert len(records.publisher.of("case.remedy-cancelled")) == 1
    closed = await records.run(ref, Close())
    assert closed.case.history[-1]["data"].get("overdue_commitments", []) == []


def test_an_old_record_approved_before_amounts_were_kept_still_reads() -> None:
    record = CaseOutcomes.model_validate(
        {
            "remedies": [
                {
                    "id": "R1",
                    "type": "financial",
                    "description": "x",
                    "owner": "f",
                    "amount": "200",
                    "status": "open",
                    "approved_by": "jo",
                    "approved_role": OFFICER_ROLE,
                }
            ]
        }
    )
    assert approved_within_limits(record, LIMITS) == []
    substance.decide(record, AmendRemedy(remedy="R1", reason="x", amount=Decimal(180)), acting())
    assert record.remedies[0].status is RemedyStatus.OPEN
    substance.decide(record, AmendRemedy(remedy="R1", reason="x", amount=Decimal(201)), acting())
    assert record.remedies[0].status is RemedyStatus.AWAITING_APPROVAL
