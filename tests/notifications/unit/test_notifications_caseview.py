"""CaseView: built from case.routed, folded forward by later events."""

from __future__ import annotations

from datetime import date

import pytest

from services.notifications.domain import CaseView, PlanningError
from tests.notifications.unit.builders import deadline, lifecycle, routed


def test_from_routed_keeps_what_letters_need() -> None:
    view = CaseView.from_routed(routed("dso", consent={"imb_copy": True}))
    assert view.case_ref == "DSO-2026-000123/1"
    assert view.category == "minor-misconduct"
    assert view.consent.imb_copy is True
    assert view.officers == ("John Smith",)
    assert view.aspects[0].officers_named == ("John Smith",)


def test_officers_are_listed_once_in_order_of_first_mention() -> None:
    ev = routed("dso", aspects=[
        {"kind": "minor-misconduct", "text": "a", "officers_named": ["Priya Patel", "J Doe"]},
        {"kind": "service-delivery", "text": "b", "officers_named": ["priya  patel", "Li Wei"]},
    ])
    assert CaseView.from_routed(ev).officers == ("Priya Patel", "J Doe", "Li Wei")


def test_response_clock_sets_the_target_date_but_an_acknowledgement_clock_does_not() -> None:
    ev = routed("hmip")
    view = CaseView.from_routed(ev).apply(deadline(ev, clock="acknowledgement",
                                                   due=date(2026, 3, 9)))
    assert view.target_date is None
    view = view.apply(deadline(ev, clock="reply", due=date(2026, 4, 13)))
    assert view.target_date == date(2026, 4, 13)
    assert view.clocks == {"acknowledgement": date(2026, 3, 9),
                           "reply": date(2026, 4, 13)}


def test_lifecycle_facts_fill_officer_extension_and_outcome() -> None:
    ev = routed("children")
    view = CaseView.from_routed(ev)
    view = view.apply(lifecycle(ev, "case.officer-assigned", officer="Sam Jones"))
    view = view.apply(lifecycle(ev, "extended", new_due="2026-04-01", reason="advocate"))
    view = view.apply(lifecycle(ev, "responded", outcome="Not upheld", summary="No fault."))
    assert view.investigating_officer == "Sam Jones"
    assert view.target_date == date(2026, 4, 1)
    assert view.extension_reason == "advocate"
    assert view.outcome == "not-upheld"
    assert view.response_text == "No fault."
    assert view.status == "responded"


def test_apply_returns_a_new_view_and_leaves_the_old_one_alone() -> None:
    ev = routed("dso")
    first = CaseView.from_routed(ev)
    second = first.apply(lifecycle(ev, "acknowledged"))
    assert first.acknowledged is False and second.acknowledged is True


def test_an_event_of_another_strand_is_refused() -> None:
    view = CaseView.from_routed(routed("dso"))
    other = routed("dso", strand=2)
    with pytest.raises(PlanningError, match="DSO-2026-000123/2"):
        view.apply(lifecycle(other, "acknowledged"))


@pytest.mark.parametrize(("status", "detail", "message"), [
    ("responded", {"outcome": "sort of"}, "upheld, partly, not-upheld"),
    ("extended", {"reason": "busy"}, "no new date"),
    ("extended", {"due": "next week"}, "not an ISO date"),
    ("officer-assigned", {}, "detail.officer"),
])
def test_malformed_lifecycle_details_are_clear_errors(status: str, detail: dict[str, str],
                                                      message: str) -> None:
    ev = routed("dso")
    with pytest.raises(PlanningError, match=message):
        CaseView.from_routed(ev).apply(lifecycle(ev, status, **detail))


@pytest.mark.parametrize(("nation", "flag", "expected"), [
    ("scotland", False, False),  # routing decides it (issue 18): never derived again here
    ("northern-ireland", True, True),
    ("england", False, False),
    ("england", True, True),  # routing's flag is honoured
])
def test_minimal_data_for_dso_healthcare_in_scotland_and_ni(nation: str, flag: bool,
                                                            expected: bool) -> None:
    ev = routed("dso", category="healthcare", nation=nation, minimal=flag)
    assert CaseView.from_routed(ev).minimal_data is expected


def test_restricted_means_a_confidential_child_complaint() -> None:
    assert CaseView.from_routed(routed("children", confidential=True)).restricted
    assert not CaseView.from_routed(routed("children")).restricted
    assert not CaseView.from_routed(routed("dso", confidential=True)).restricted


def test_re_routing_keeps_progress() -> None:
    ev = routed("dso")
    view = CaseView.from_routed(ev).apply(lifecycle(ev, "acknowledged", officer="Sam Jones"))
    rerouted = view.apply(routed("dso", owner="PSU", category="serious-misconduct"))
    assert rerouted.owner == "PSU"
    assert rerouted.acknowledged and rerouted.investigating_officer == "Sam Jones"


def test_re_routing_keeps_the_response_findings_and_remedies_the_complainant_was_told() -> None:
    ev = routed("dso")
    remedy = {"id": "R1", "type": "apology", "description": "A written apology",
              "due": "2026-03-20", "status": "open"}  # fmt: skip
    finding = {"point": "P1", "finding": "upheld"}
    view = CaseView.from_routed(ev).apply(
        lifecycle(ev, "responded", outcome="upheld", summary="Sorry.", findings=[finding],
                  remedies=[remedy])  # fmt: skip
    )
    assert view.remedies and view.findings
    rerouted = view.apply(routed("dso", owner="PSU", category="serious-misconduct"))
    assert (rerouted.remedies, rerouted.findings) == (view.remedies, view.findings)
