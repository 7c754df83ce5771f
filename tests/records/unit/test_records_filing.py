"""Filing other services' events: the history names their source, and the automatic
acknowledgement waits for both the routing and the target date, in either order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from common.contracts.events import DeadlineResumed, DeadlineSet, DeadlineStopped
from services.records.domain import casefile
from tests.records.unit import fakes
from tests.records.unit.fakes import NOW, FakeCase


def routed(procedure: str, stage: str, **kwargs: Any) -> FakeCase:
    """A routed strand whose deadline facts each test files itself, in its own order."""
    return fakes.routed(procedure, stage, deadlines=False, **kwargs)


def target_set(case: FakeCase, clock: str = "response", stage: str | None = None) -> DeadlineSet:
    return DeadlineSet(
        reference=case.reference, strand=1, procedure="dso", stage=stage, occurred_at=NOW,
        clock=clock, due=date(2026, 11, 30),
    )  # fmt: skip


def test_target_date_after_routing() -> None:
    case = routed("dso", "service_delivery")
    assert casefile.acknowledgement_target(case, target_set(case)) is None  # no clock yet
    event = target_set(case)
    casefile.apply(case, event, message_id="d1")
    assert casefile.acknowledgement_target(case, event) == date(2026, 11, 30)
    assert case.history[-1]["actor"] == "deadlines"


def test_target_date_before_routing() -> None:
    case = FakeCase(id="DSO-2026-000001/1", reference="DSO-2026-000001")
    early = target_set(case)
    casefile.apply(case, early, message_id="d1")
    assert case.status == "pending"
    assert casefile.acknowledgement_target(case, early) is None  # not routed yet
    routed_later = routed("dso", "service_delivery")
    routed_later.clocks = case.clocks  # the same file, routing filed second
    assert casefile.acknowledgement_target(routed_later, early) == date(2026, 11, 30)


def test_a_later_stage_waits_for_its_own_target() -> None:
    case = routed("children", "local_resolution")
    casefile.apply(case, target_set(case, stage="local_resolution"), message_id="d1")
    case.status, case.stage = "escalated", "investigation"
    # stage 1's response date is not stage 2's, though the clock has the same name
    assert casefile.acknowledgement_target(case, target_set(case)) is None
    comments = target_set(case, "comments", stage="investigation")
    casefile.apply(case, comments, message_id="d2")
    assert casefile.acknowledgement_target(case, comments) is None  # not the response clock
    later = DeadlineSet(
        reference=case.reference, strand=1, procedure="children", stage="investigation",
        occurred_at=NOW + timedelta(days=1), clock="response", due=date(2027, 1, 15),
    )  # fmt: skip
    casefile.apply(case, later, message_id="d3")
    assert casefile.acknowledgement_target(case, later) == date(2027, 1, 15)


def stopped(case: FakeCase, clock: str = "response", at=NOW) -> DeadlineStopped:  # type: ignore[no-untyped-def]
    return DeadlineStopped(
        reference=case.reference, strand=1, procedure="dso", occurred_at=at, clock=clock,
        reason="child protection",
    )  # fmt: skip


@pytest.mark.parametrize("order", ["set first", "stopped first"])
def test_clock_facts_of_one_instant_fold_alike_in_either_order(order: str) -> None:
    case = routed("dso", "service_delivery")
    facts = [target_set(case), stopped(case)]
    for i, event in enumerate(facts if order == "set first" else facts[::-1]):
        casefile.apply(case, event, message_id=f"m{i}")
    assert (case.clocks["response"]["status"], case.clocks["response"]["due"]) == (
        "stopped", "2026-11-30")  # fmt: skip
    assert case.next_due is None


def test_a_later_fact_wins_over_an_earlier_one_filed_late() -> None:
    case = routed("dso", "service_delivery")
    resumed = DeadlineResumed(
        reference=case.reference, strand=1, procedure="dso", occurred_at=NOW + timedelta(days=3),
        clock="response", due=date(2026, 12, 3),
    )  # fmt: skip
    for i, event in enumerate([resumed, stopped(case), target_set(case)]):
        casefile.apply(case, event, message_id=f"m{i}")
    assert case.clocks["response"]["status"] == "running"
    assert case.clocks["response"]["due"] == "2026-12-03"


def test_a_child_protection_referral_at_routing_suspends_the_case() -> None:
    case = routed("children", "local_resolution", child_protection=True)
    assert (case.status, case.resume_to) == ("suspended", "open")
    assert case.suspensions[0]["from"] == "2026-11-02"
    casefile.apply(case, target_set(case), message_id="d1")
    assert casefile.acknowledgement_target(case, target_set(case)) is None  # not while suspended


@pytest.mark.parametrize(
    ("clock", "breaches_the_case"),
    [("response", True), ("restriction_review_R1", False), ("healthcare_escalation_H1", False)],
)
def test_only_a_stage_clock_overdue_breaches_the_case(clock: str, breaches_the_case: bool) -> None:
    """A restriction's review or DS Complaints' task overdue is its owner's reminder, not a
    breach of the procedure's time limits (the case is not marked breached)."""
    from common.contracts.events import DeadlineBreached

    case = routed("dso", "service_delivery")
    late = DeadlineBreached(
        reference=case.reference, strand=1, procedure="dso", stage="service_delivery",
        occurred_at=NOW, clock=clock, due=date(2026, 11, 30),
    )  # fmt: skip
    casefile.apply(case, late, message_id=f"b-{clock}")
    assert bool(case.breached) is breaches_the_case
