"""Reminders go at the end of the working day, so a clock finished that day sends none;
officers asked again for their comments have 3 working days from that day (seed 003)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time

from common.outbox import OutboxRelay
from common.workdays import calendar_for
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.handlers import DeadlineHandlers
from tests.deadlines.unit.test_deadlines_handlers import DUE, REMIND, Rig, memory, route
from tests.support.events import body, lifecycle, routed


def _rig_at_five() -> Rig:
    """A rig whose handlers send reminders from 17:00 (UK), as the service does."""
    rig = Rig(memory())
    relay = OutboxRelay(rig.bus, rig.store, [StrandClocks])  # type: ignore[arg-type]
    rig.handlers = DeadlineHandlers(
        store=rig.store,
        clock=rig.clock,
        relay=relay,
        calendar_for=calendar_for,
        reminder_at=time(17, 0),
    )
    return rig


def _at(rig: Rig, day: date, hour: int) -> None:
    rig.clock.at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)  # GMT in Nov


def test_a_clock_finished_on_its_reminder_day_sends_no_reminder() -> None:
    rig = _rig_at_five()
    case = routed("dso", received_on=date(2026, 11, 2))
    route(rig, case)
    _at(rig, REMIND, 9)  # the reminder day's morning: held, nothing written
    before = rig.ops()
    assert asyncio.run(rig.handlers.sweep()) == 0
    assert rig.since(before) == {"find": 1}
    # The response goes at noon that day: the clock is finished, no reminder at 17:00.
    _at(rig, REMIND, 12)
    done = lifecycle(case, "responded", on=REMIND.isoformat(), outcome="upheld")
    asyncio.run(rig.handlers.on_event("case.responded", body(done), "m-responded"))
    _at(rig, REMIND, 17)
    assert asyncio.run(rig.handlers.sweep()) == 0
    assert rig.bus.of("deadline.approaching") == []


def test_a_running_clock_is_reminded_from_the_end_of_the_day() -> None:
    rig = _rig_at_five()
    route(rig, routed("dso", received_on=date(2026, 11, 2)))
    _at(rig, REMIND, 16)
    assert asyncio.run(rig.handlers.sweep()) == 0
    _at(rig, REMIND, 17)
    assert asyncio.run(rig.handlers.sweep()) == 1
    (reminder,) = rig.bus.of("deadline.approaching")
    assert (reminder["due"], reminder["working_days_left"]) == (DUE.isoformat(), 2)
    # A late reminder (the platform was down at the end of its day) goes at once the next
    # morning: waiting for that day's end too would leave the team less time still.
    rig2 = _rig_at_five()
    route(rig2, routed("dso", received_on=date(2026, 11, 2)))
    assert date(2026, 11, 27) > REMIND
    _at(rig2, date(2026, 11, 27), 10)
    assert asyncio.run(rig2.handlers.sweep()) == 1
    assert [r["clock"] for r in rig2.bus.of("deadline.approaching")] == ["response"]
    # The breach is never held: the morning after the due date.
    rig3 = _rig_at_five()
    route(rig3, routed("dso", received_on=date(2026, 11, 2)))
    _at(rig3, date(2026, 12, 1), 8)
    assert asyncio.run(rig3.handlers.sweep()) == 1
    assert [b["clock"] for b in rig3.bus.of("deadline.breached")] == ["response"]


def test_comments_asked_again_count_3_working_days_from_that_day() -> None:
    """Routing asked on receipt (Mon 7 Dec 2026: due Thu 10 Dec); the team asks again on
    Tue 8 Dec: 9, 10, Fri 11 Dec, the date its letter states; the comments finish it."""
    rig = Rig(memory())
    case = routed(
        "dso",
        stage="minor_misconduct",
        category="minor-misconduct",
        clocks=["response", "officer_comments"],
        received_on=date(2026, 12, 7),
    )
    route(rig, case)
    first = [b for b in rig.bus.of("deadline.set") if b["clock"] == "officer_comments"]
    assert [b["due"] for b in first] == ["2026-12-10"]
    again = lifecycle(case, "comments-requested", on="2026-12-08", due="2026-12-11")
    asyncio.run(rig.handlers.on_event("case.comments-requested", body(again), "m-again"))
    dated = [b["due"] for b in rig.bus.of("deadline.set") if b["clock"] == "officer_comments"]
    assert dated == ["2026-12-10", "2026-12-11"]
    got = lifecycle(case, "comments-received", on="2026-12-09", summary="in")
    asyncio.run(rig.handlers.on_event("case.comments-received", body(got), "m-got"))
    doc = rig.store.get(StrandClocks, case.case_ref)
    assert doc.clocks["officer_comments"]["status"] == "completed"
    # Nothing fires for it after: neither reminder nor breach.
    _at(rig, date(2026, 12, 14), 18)
    asyncio.run(rig.handlers.sweep())
    fired = rig.bus.of("deadline.approaching") + rig.bus.of("deadline.breached")
    assert [b for b in fired if b["clock"] == "officer_comments"] == []
