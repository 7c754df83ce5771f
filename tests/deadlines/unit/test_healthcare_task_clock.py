"""DS Complaints' healthcare escalation task is a clock when it has a due date (dso seed 000
"DS Complaints will facilitate the escalation of healthcare complaints in detention
(Scotland and Northern Ireland) to the appropriate Ombudsman"): reminded as it nears,
breached once past, completed when done; the task's own, not the stage's."""

from __future__ import annotations

import asyncio
from datetime import date

from common.contracts import parse_event
from services.deadlines.adapters.documents import StrandClocks
from services.records.domain import commands as c
from services.records.domain.alternatives import EscalateHealthcare, TaskOp
from tests.records.unit.fakes import routed, run

D = date
NAME = "healthcare_escalation_H1"


def _devolved(nation: str = "scotland"):  # type: ignore[no-untyped-def]
    case = routed("dso", "healthcare_devolved", nation=nation)
    run(case, c.RecordResponse(outcome=c.Outcome.NOT_UPHELD, summary="s"), D(2026, 11, 10))
    return case


def _state(case):  # type: ignore[no-untyped-def]
    return case.feed.store.get(StrandClocks, case.id).clocks


def _swept(case, day: date) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The deadline events the sweep fires on ``day``: (routing key, clock)."""
    case.feed.on(day)
    before = len(case.feed.sent)
    asyncio.run(case.feed.handlers.sweep())
    out = [parse_event(m.routing_key, m.body) for m in case.feed.sent[before:]]
    return [(e.routing_key, e.clock) for e in out]  # type: ignore[attr-defined]


def test_opening_with_a_due_date_starts_the_tasks_clock_with_its_explanation() -> None:
    case = _devolved()
    run(case, EscalateHealthcare(owner="Dee Scott", due=D(2026, 11, 26)), D(2026, 11, 12))
    state = _state(case)[NAME]
    assert (state["due"]["due"], state["status"]) == ("2026-11-26", "running")
    from common.workdays import calendar_for
    from services.deadlines.adapters.codec import decode

    told = decode(state, calendar_for("scotland")).explain()
    assert told.startswith("healthcare escalation task H1 (DS Complaints, owner Dee Scott): ")
    assert "10 working days from the day the task was opened, Thu 12 Nov 2026" in told
    assert "due Thu 26 Nov 2026" in told
    assert case.clocks[NAME]["due"] == "2026-11-26"  # records filed deadline.set


def test_a_due_date_on_a_weekend_is_due_the_working_day_before() -> None:
    case = _devolved()
    run(case, EscalateHealthcare(owner="Dee Scott", due=D(2026, 11, 28)), D(2026, 11, 12))
    assert _state(case)[NAME]["due"]["due"] == "2026-11-27"  # Saturday -> Friday


def test_no_due_date_no_clock() -> None:
    case = _devolved()
    run(case, EscalateHealthcare(owner="Dee Scott"), D(2026, 11, 12))
    assert not any(name.startswith("healthcare_escalation") for name in _state(case))


def test_reminded_then_breached_once_each() -> None:
    case = _devolved()
    run(case, EscalateHealthcare(owner="Dee Scott", due=D(2026, 11, 26)), D(2026, 11, 12))
    assert ("deadline.approaching", NAME) not in _swept(case, D(2026, 11, 20))
    assert ("deadline.approaching", NAME) in _swept(case, D(2026, 11, 25))
    assert ("deadline.approaching", NAME) not in _swept(case, D(2026, 11, 25))
    assert ("deadline.breached", NAME) in _swept(case, D(2026, 11, 27))
    assert ("deadline.breached", NAME) not in _swept(case, D(2026, 11, 30))


def test_done_completes_it_and_nothing_fires_after() -> None:
    case = _devolved()
    run(case, EscalateHealthcare(owner="Dee Scott", due=D(2026, 11, 26)), D(2026, 11, 12))
    run(case, EscalateHealthcare(op=TaskOp.DONE, note="sent"), D(2026, 11, 20))
    assert _state(case)[NAME]["status"] == "completed"
    assert all(clock != NAME for _, clock in _swept(case, D(2026, 11, 30)))


def test_closing_the_case_leaves_the_task_running() -> None:
    case = _devolved()
    run(case, EscalateHealthcare(owner="Dee Scott", due=D(2026, 11, 26)), D(2026, 11, 12))
    run(case, c.Close(), D(2026, 11, 13))
    assert _state(case)[NAME]["status"] == "running"
    assert ("deadline.breached", NAME) in _swept(case, D(2026, 11, 27))
