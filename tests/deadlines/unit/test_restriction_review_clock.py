"""A restriction's review date is a clock (seed 003: restrictions kept "under regular
review"): the owner is reminded as it nears and alerted if it passes unreviewed; a review
that continues it restarts it, lifting it completes it; it is not the stage's: a
suspension does not stop it and a breach of it is not the case's breach."""

from __future__ import annotations

from datetime import date

from services.deadlines.adapters.documents import StrandClocks
from services.records.domain import commands as c
from tests.records.unit.fakes import routed, run

D = date
NAME = "restriction_review_R1"


def impose(case, review_on: date, today: date) -> None:  # type: ignore[no-untyped-def]
    run(case, c.Restrict(kind=c.RestrictionKind.FREQUENCY, reasons=("20 calls a day",),
                         review_on=review_on), today)  # fmt: skip


def test_imposing_starts_the_review_clock_due_on_the_review_date() -> None:
    case = routed("dso", "service_delivery")
    impose(case, D(2026, 12, 1), D(2026, 11, 3))
    assert case.clocks[NAME]["due"] == "2026-12-01"
    assert case.clocks[NAME]["status"] == "running"


def test_a_review_on_a_holiday_is_due_the_working_day_before() -> None:
    case = routed("dso", "service_delivery")
    impose(case, D(2026, 12, 26), D(2026, 11, 3))  # Saturday, Boxing Day
    assert case.clocks[NAME]["due"] == "2026-12-24"


def test_continuing_restarts_it_and_lifting_completes_it() -> None:
    case = routed("dso", "service_delivery")
    impose(case, D(2026, 12, 1), D(2026, 11, 3))
    run(
        case,
        c.Restrict(
            op=c.RestrictOp.REVIEW,
            restriction_id="R1",
            outcome="continue",
            review_on=D(2027, 3, 1),
            note="calls go on",
        ),
        D(2026, 11, 30),
    )
    assert case.clocks[NAME]["due"] == "2027-03-01"
    run(case, c.Restrict(op=c.RestrictOp.LIFT, restriction_id="R1", note="stopped"), D(2026, 12, 7))
    from services.records.domain.clocks import view

    shown = view(case.clocks, procedure="dso", status=case.status, history=case.history)
    assert shown[NAME]["status"] == "met"
    state = case.feed.store.get(StrandClocks, case.id).clocks[NAME]
    assert state["status"] == "completed"


def test_a_suspension_does_not_stop_it() -> None:
    case = routed("dso", "service_delivery")
    impose(case, D(2026, 12, 1), D(2026, 11, 3))
    run(case, c.Suspend(reason="police enquiry"), D(2026, 11, 4))
    assert case.clocks[NAME]["status"] == "running"
    assert case.clocks["response"]["status"] == "stopped"


def test_an_overdue_review_is_not_the_cases_breach() -> None:
    from common.contracts.events import DeadlineBreached
    from common.workdays import calendar_for
    from services.records.domain import casefile
    from tests.records.unit.fakes import NOW

    case = routed("dso", "service_delivery")
    impose(case, D(2026, 12, 1), D(2026, 11, 3))
    common = {"reference": case.reference, "strand": 1, "procedure": "dso",
              "stage": case.stage, "occurred_at": NOW}  # fmt: skip
    overdue = DeadlineBreached(**common, clock=NAME, due=D(2026, 12, 1))
    casefile.apply(case, overdue, message_id="m-overdue", calendar_for=calendar_for)
    assert not case.breached
    late = DeadlineBreached(**common, clock="response", due=D(2026, 11, 30))
    casefile.apply(case, late, message_id="m-late", calendar_for=calendar_for)
    assert case.breached  # the test can fail: the complaint's own clock does breach it
