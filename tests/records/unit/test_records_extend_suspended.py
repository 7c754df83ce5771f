"""An extension agreed while handling is suspended (e.g. during a child-protection enquiry)
is recorded: the clock stays stopped, and runs from the resume day to the new date
(deadlines' `extend_stopped`; the letter says the date is set on resuming)."""

from __future__ import annotations

from datetime import date

from services.records.domain import commands as c
from tests.records.unit.fakes import routed, run


def test_a_suspended_case_may_be_extended_and_stays_suspended() -> None:
    case = routed("children", "local_resolution")
    run(case, c.Acknowledge(), date(2026, 11, 3))
    run(case, c.Suspend(reason="police enquiry"), date(2026, 11, 4))
    keys = run(
        case,
        c.Extend(to=date(2026, 11, 30), reason="the enquiry needs more time"),
        date(2026, 11, 5),
    )
    assert keys == ["case.extended"]
    assert case.status == "suspended"
