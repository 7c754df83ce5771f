"""The complainant told when a remedy the response promised changes (seed 004 "ensuring the
complainant is kept informed at all stages"; seed 003 "appropriate remedies can be provided
at any stage of the complaints process"): amended (what changed, why, the new date or
amount) or cancelled (why); no letter for a change before the response, nor for a change
the response never showed (the owner); never a passed date stated as a promise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from common.contracts.events import RemedyAmended, RemedyCancelled
from services.notifications.domain import advance
from services.notifications.domain.letters import render
from tests.notifications.unit.builders import AT, lifecycle, routed, run

REP = {"name": "Sam Advocate", "kind": "advocate", "authorised": True,
       "contact": "sam.advocate@example.org"}  # fmt: skip
REMEDIES = [
    {"id": "R1", "type": "practical-action", "description": "Restore the evening visit",
     "amount": "", "due": "2026-03-20", "status": "open", "referral": ""},
    {"id": "R2", "type": "financial", "description": "Travel costs", "amount": "80.50",
     "due": "2026-03-27", "status": "open", "referral": ""},
]  # fmt: skip


def _common(ev: Any) -> dict[str, Any]:
    return {"reference": ev.reference, "strand": ev.strand, "procedure": ev.procedure,
            "stage": ev.stage, "actor": "officer"}  # fmt: skip


def amended(ev: Any, remedy: str = "R1", *, days: int = 0, status: str = "open",
            reason: str = "the visits hall is being repaired",
            **changes: list[str]) -> RemedyAmended:  # fmt: skip
    return RemedyAmended(**_common(ev), occurred_at=AT + timedelta(days=days), remedy=remedy,
                         type="practical-action" if remedy == "R1" else "financial",
                         changes=changes, reason=reason, status=status)  # fmt: skip


def cancelled(ev: Any, remedy: str = "R2", reason: str = "you declined the payment",
              days: int = 0) -> RemedyCancelled:  # fmt: skip
    return RemedyCancelled(**_common(ev), occurred_at=AT + timedelta(days=days), remedy=remedy,
                           type="financial", reason=reason, was="open", amount="80.50")  # fmt: skip


def _responded(ev: Any) -> Any:
    return lifecycle(ev, "responded", outcome="partly", summary="Partly wrong.", findings=[],
                     remedies=REMEDIES)  # fmt: skip


def letters_of(*events: Any) -> list[Any]:
    """The letters of the last event."""
    view, _ = run(*events[:-1])
    return advance(view, events[-1], message_id="the-last-event")[1]


@pytest.mark.parametrize("procedure", ["children", "dso", "hmip", "spso"])
def test_an_amended_date_is_told_with_the_reason_and_the_new_date(procedure: str) -> None:
    ev = routed(procedure)
    change = amended(ev, due=["2026-03-20", "2026-03-25"])
    (letter,) = letters_of(ev, _responded(ev), change)
    assert (letter.template, letter.recipient_kind, letter.error) == (
        "remedy_amended", "complainant", None)  # fmt: skip
    out = render(letter)
    assert out.subject.endswith(": a change to what we will do")
    assert "What we will now do: Practical action: Restore the evening visit." in out.body
    assert "We will do this by 25 March 2026." in out.body
    assert "- the date: by 25 March 2026 (it was 20 March 2026)" in out.body
    assert "Why: the visits hall is being repaired" in out.body
    assert "2026-03" not in out.body  # dates in the house's long form only


def test_a_raised_amount_says_it_awaits_approval_and_the_description_change() -> None:
    ev = routed("spso")
    change = amended(ev, "R2", status="awaiting-approval", reason="the fares went up",
                     amount=["80.50", "1250.00"],
                     description=["Travel costs", "Travel and taxi"])  # fmt: skip
    (letter,) = letters_of(ev, _responded(ev), change)
    body = render(letter).body
    assert "What we will now do: A payment of £1,250.00: Travel and taxi." in body
    assert "- the amount: £1,250.00 (it was £80.50)" in body
    assert '- what we will do: it was "Travel costs"; it is now "Travel and taxi"' in body
    assert "has to be approved before it is paid" in body


def test_a_cancelled_remedy_is_told_with_the_reason_and_leaves_the_others_standing() -> None:
    ev = routed("dso")
    (letter,) = letters_of(ev, _responded(ev), cancelled(ev))
    out = render(letter)
    assert (letter.template, letter.error) == ("remedy_cancelled", None)
    assert out.subject.endswith(": an action we will no longer take")
    assert "A payment of £80.50: Travel costs." in out.body
    assert "We have cancelled it: we will no longer do this." in out.body
    assert "Why: you declined the payment" in out.body


def test_an_authorised_representative_is_told_too() -> None:
    ev = routed("children", complainant={"name": "Jordan Lee", "contact": "jordan@example.org",
                                         "represented_by": REP})  # fmt: skip
    letters = letters_of(ev, _responded(ev), cancelled(ev))
    assert {x.recipient_kind for x in letters} == {"complainant", "representative"}


def test_nothing_before_the_response_nor_for_a_remedy_it_did_not_list() -> None:
    ev = routed("spso")
    assert letters_of(ev, amended(ev, due=["2026-03-20", "2026-03-25"])) == []
    assert letters_of(ev, cancelled(ev)) == []
    later = amended(ev, "R9", description=["A", "B"])  # given after the response
    assert letters_of(ev, _responded(ev), later) == []


def test_nothing_for_a_change_of_owner_the_letter_never_showed() -> None:
    ev = routed("spso")
    change = amended(ev, owner=["Visits manager", "Duty manager"])
    assert letters_of(ev, _responded(ev), change) == []


def test_a_passed_due_date_is_never_stated_as_a_promise() -> None:
    ev = routed("spso")
    # R1 was due 20 March; its description amended on 30 March
    late = amended(ev, days=28, description=["Restore the evening visit", "Restore visits"])
    (letter,) = letters_of(ev, _responded(ev), late)
    body = render(letter).body
    assert "We will do this by" not in body
    assert "This was due by 20 March 2026 and has not been done yet" in body


def test_the_decision_written_after_a_cancellation_leaves_it_out() -> None:
    from services.notifications.domain.context import remedy_dicts

    ev = routed("spso")
    view, _ = run(ev, _responded(ev), cancelled(ev), amended(ev, due=["2026-03-20", "2026-03-25"]))
    told = remedy_dicts(view)
    assert [r["description"] for r in told] == ["Restore the evening visit"]
    assert told[0]["due"] == "25 March 2026"
    # a second change is told against the remedy as it now stands
    again = amended(ev, due=["2026-03-25", "2026-03-31"])
    (letter,) = advance(view, again, message_id="m2")[1]
    assert "- the date: by 31 March 2026 (it was 25 March 2026)" in render(letter).body
