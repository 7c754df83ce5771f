"""The letter telling a person about a restriction of their contact (seed 002 ¶10-11):
the decision and its reasons, that the complaint goes on, the review date, the right of
appeal, and the SPSO signposted when access to the procedure itself is restricted, whether
imposed on this complaint or carried from an earlier one (issue 18)."""

from __future__ import annotations

from typing import Any

from services.notifications.domain import render
from tests.notifications.unit.builders import lifecycle, routed, run

ITEM = {
    "id": "R1",
    "kind": "access-to-procedure",
    "reasons": ["Threatening calls to staff on 3 and 4 March"],
    "review_on": "2026-06-01",
    "status": "active",
    "appeal": None,
    "reviews": [],
    "signpost": "Scottish Public Services Ombudsman (SPSO)",
}


def letter_for(op: str, procedure: str = "spso", **item: Any) -> str:
    ev = routed(procedure)
    restriction = {**ITEM, **item}
    _, letters = run(ev, lifecycle(ev, "restricted", op=op, restriction=restriction))
    (found,) = [x for x in letters if x.template == "restriction"]
    assert (found.recipient_kind, found.address_key) == ("complainant", "complainant")
    return render(found).body


def test_imposing_access_restriction_tells_the_decision_reasons_review_appeal_and_spso() -> None:
    text = letter_for("impose")
    assert "We have decided to restrict your access to our complaints procedure." in text
    assert "- Threatening calls to staff on 3 and 4 March" in text
    assert "We will review this decision by 1 June 2026." in text
    assert "You have the right to appeal against this decision." in text
    assert "Scottish Public Services Ombudsman (SPSO)" in text


def test_a_contact_restriction_says_the_complaint_goes_on_and_signposts_nobody() -> None:
    text = letter_for("impose", kind="contact-method", signpost="")
    assert "to limit how you contact us (for example, by letter only)" in text
    assert "We will continue to deal with your complaint while this restriction applies." in text
    assert "independent body" not in text


def test_a_later_complaint_is_told_it_is_handled_under_the_earlier_decision() -> None:
    text = letter_for("carry", procedure="dso", kind="named-contact", signpost="")
    assert "applies to this complaint too, and we will handle this complaint under it" in text
    assert "You have the right to appeal against this decision." in text


def test_a_review_date_already_past_is_not_stated() -> None:
    text = letter_for("carry", review_on="2026-01-05")
    assert "We will review this decision by" not in text
    assert "January" not in text


def test_the_outcome_of_an_appeal_and_a_lifted_restriction() -> None:
    upheld = letter_for(
        "decide-appeal",
        status="lifted",
        appeal={"status": "upheld", "decision": "The calls were not yours."},
    )
    assert "We have upheld your appeal" in upheld and "The calls were not yours." in upheld
    assert "independent body" not in upheld
    lifted = letter_for("lift", status="lifted")
    assert "We have lifted our decision" in lifted


def test_a_restricted_event_without_its_restriction_fails_the_letter_loudly() -> None:
    ev = routed("spso")
    _, letters = run(ev, lifecycle(ev, "restricted", op="impose"))
    (found,) = [x for x in letters if x.template == "restriction"]
    assert "detail.restriction" in (found.error or "")
