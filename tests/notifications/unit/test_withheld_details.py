"""SPSO responses limited by confidentiality (seed 002 ¶16): the decision letter states the
outcome in the seed's terms where routing marked the strand ``staff_details_withheld`` or
``safety_findings_withheld``, and a preview warns the officer of a staff member's name,
a staff detail or a safety finding in the response text before it goes (issue 18)."""

from __future__ import annotations

from services.notifications.domain import render
from services.notifications.domain.withheld import warnings
from tests.notifications.unit.builders import lifecycle, routed, run

STAFF = [{"kind": "minor-misconduct", "officers_named": ["Ewan Ross"],
          "text": "Ewan Ross shouted at my father."}]  # fmt: skip


def decided(flags: list[str], outcome: str, summary: str, aspects=None):  # type: ignore[no-untyped-def]
    ev = routed("spso", flags=flags, **({"aspects": aspects} if aspects else {}))
    view, letters = run(ev, lifecycle(ev, "responded", outcome=outcome, summary=summary))
    (letter,) = [x for x in letters if x.template == "decision"]
    return view, letter


def test_an_upheld_staff_complaint_says_so_without_details_affecting_them() -> None:
    _, letter = decided(["staff_details_withheld"], "upheld", "We have apologised.", STAFF)
    body = render(letter).body
    assert "Your complaint about a member of staff has been upheld." in body
    assert "We cannot share specific details affecting the staff member" in body


def test_a_safety_concern_is_looked_into_and_no_findings_shared() -> None:
    _, letter = decided(["safety_findings_withheld"], "not-upheld", "")
    body = render(letter).body
    assert "We have looked into whether the safety concern you raised was properly dealt" in body
    assert "We cannot share any details of our findings in relation to the safety concern." in body


def test_unmarked_responses_say_neither() -> None:
    _, letter = decided([], "upheld", "We have apologised.")
    body = render(letter).body
    assert "member of staff" not in body and "safety concern" not in body


def test_the_preview_warns_of_a_staff_name_and_disciplinary_detail() -> None:
    view, letter = decided(
        ["staff_details_withheld"], "upheld", "Ewan Ross has been given a written warning.", STAFF
    )
    found = warnings(view, "decision", letter.context)
    assert any("names Ewan Ross" in w for w in found), found
    assert any("details affecting the staff member (warning)" in w for w in found), found
    clean = warnings(view, "decision", {**letter.context, "response_text": "We apologise."})
    assert len(clean) == 1 and "seed 002 ¶16" in clean[0]  # the reminder only


def test_the_preview_warns_of_a_safety_finding() -> None:
    view, letter = decided(
        ["safety_findings_withheld"], "partly", "We found the referral to the police was late."
    )
    found = warnings(view, "decision", letter.context)
    assert any("findings on the safety concern (police, found)" in w for w in found), found
    assert warnings(view, "acknowledgement", letter.context) == []
