"""Representations and compliments answered (seed 004), on the complaint file: a response
with the action to be taken, the move to a stage 1 complaint when it does not satisfy
(routed again as a complaint received that day), a compliment passed to the staff and
their manager; each once per request, refused with the seed's words where it does not fit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from common.contracts.events import (
    ComplaintReceived,
    ComplimentPassedOn,
    RepresentationAnswered,
    RepresentationRecorded,
)
from services.records.adapters.documents import ComplaintFile
from services.records.domain.errors import InvalidField, Refusal
from services.records.handlers.representations import Representations
from tests.records.unit.service import CENTRAL, ROUTED_AT, Records, submission

REF = "CHI-2027-000001"


async def filed(records: Records, kind: str) -> Representations:
    sub = submission("children", received=date(2027, 5, 3))
    base = {"reference": REF, "procedure": "children", "occurred_at": ROUTED_AT}
    await records.deliver(
        ComplaintReceived(**base, partner_id="dorset", partner_ref=sub.partner_ref,
                          submission=sub.model_copy(update={})),
        "m-received",
    )  # fmt: skip
    await records.deliver(RepresentationRecorded(**base, type=kind, recorded="yes"), "m-rep")
    return Representations.beside(records.casework)


async def test_a_representation_is_answered_with_the_action_then_moved_to_a_complaint(
    records: Records,
) -> None:
    reps = await filed(records, "representation")
    with pytest.raises(Refusal, match="answer the representation first"):
        await reps.convert(CENTRAL, REF, "c0", reason="not satisfied")
    with pytest.raises(InvalidField, match="action"):
        await reps.answer(CENTRAL, REF, "a0", summary="We hear you", action="")
    doc, dup = await reps.answer(CENTRAL, REF, "a1", summary="Visits resume", action="Weekly")
    assert not dup and doc.handling["answers"][0]["action"] == "Weekly"
    records.publisher.sent.clear()
    records.clock.at = datetime(2027, 7, 5, 10, tzinfo=UTC)
    doc, _ = await reps.convert(CENTRAL, REF, "c1", reason="Visits did not resume")
    assert doc.handling["converted"] == {"on": "2027-07-05", "by": "alice",
                                         "reason": "Visits did not resume"}  # fmt: skip
    (msg,) = records.publisher.sent
    assert msg.routing_key == "complaint.received"
    assert msg.body["submission"]["received_at"].startswith("2027-07-05")
    assert "representation_type" not in msg.body["submission"]
    # its echo changes nothing; a retry changes nothing; a second move is refused
    await records.deliver(ComplaintReceived.model_validate(msg.body), msg.message_id)
    again, dup = await reps.convert(CENTRAL, REF, "c1", reason="Visits did not resume")
    assert dup and len(records.publisher.sent) == 1
    with pytest.raises(Refusal, match="already moved"):
        await reps.convert(CENTRAL, REF, "c2", reason="again")
    assert records.store.get(ComplaintFile, REF).representation_type == "representation"


async def test_a_compliment_is_passed_to_the_staff_and_their_manager(records: Records) -> None:
    reps = await filed(records, "compliment")
    with pytest.raises(Refusal, match="only a representation is answered"):
        await reps.answer(CENTRAL, REF, "a1", summary="x", action="y")
    with pytest.raises(InvalidField, match="manager"):
        await reps.pass_on(CENTRAL, REF, "p0", staff=("Dana Price",), manager="", note="")
    doc, _ = await reps.pass_on(
        CENTRAL,
        REF,
        "p1",
        staff=("Dana Price",),
        manager="Tina Manager",
        note="Thanked at team meeting",
    )
    assert doc.handling["passed_on"][0]["staff"] == ["Dana Price"]
    assert doc.history[-1]["type"] == "compliment.passed-on"


async def test_the_quarterly_report_counts_what_was_done_with_them(records: Records) -> None:
    reps = await filed(records, "representation")
    await reps.answer(CENTRAL, REF, "a1", summary="Visits resume", action="Weekly")
    await reps.convert(CENTRAL, REF, "c1", reason="Visits did not resume")
    report = await records.reports.representations(2027, 2)
    handled = report.tables[1]
    assert handled.columns == [
        "quarter", "answered", "moved to a complaint", "compliments passed on",
    ]  # fmt: skip
    assert handled.rows == [["2027-Q2", "1", "1", "0"]]


async def test_an_answer_and_a_passing_on_are_published_for_the_letters(
    records: Records,
) -> None:
    """Records publishes each answer and each passing-on once, with what notifications needs
    to write the letter (the person's details: a representation has no routed strand)."""
    reps = await filed(records, "representation")
    records.publisher.sent.clear()
    await reps.answer(CENTRAL, REF, "a1", summary="Visits resume", action="Weekly")
    await reps.answer(CENTRAL, REF, "a1", summary="Visits resume", action="Weekly")  # retry
    (msg,) = records.publisher.sent
    assert msg.routing_key == "case.representation-answered"
    event = RepresentationAnswered.model_validate(msg.body)
    assert (event.strand, event.key, event.action, event.summary) == (
        None, f"{REF}:answer:1", "Weekly", "Visits resume",
    )  # fmt: skip
    assert event.complainant.name and event.nation and event.received_on
    # its echo changes nothing on the file
    before = len(records.store.get(ComplaintFile, REF).history)
    await records.deliver(event, msg.message_id)
    assert len(records.store.get(ComplaintFile, REF).history) == before

    compliment = Records()
    reps = await filed(compliment, "compliment")
    compliment.publisher.sent.clear()
    await reps.pass_on(CENTRAL, REF, "p1", staff=("Lee Carter",), manager="Dana Price", note="")
    (msg,) = compliment.publisher.sent
    passed = ComplimentPassedOn.model_validate(msg.body)
    assert (passed.routing_key, passed.staff, passed.manager) == (
        "case.compliment-passed-on", ["Lee Carter"], "Dana Price",
    )  # fmt: skip
