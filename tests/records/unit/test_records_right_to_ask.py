"""Children's stage 1 (seed 004 "Procedure stage 1": "If a complaint runs over the 20 day
time limit then the complaint can automatically progress to Stage 2"): the move is the
complainant's to ask, not the platform's. Records refuses an escalation of an unanswered
stage 1 until the 20th working day has passed, saying from when, and accepts it after.

Hand-worked, in Scotland: received Mon 2 Nov 2026; St Andrew's Day is Mon 30 Nov 2026, so
the 20th working day after is Tue 1 Dec and the complainant may ask from Wed 2 Dec."""

from __future__ import annotations

from datetime import date

import pytest

from services.records.domain import commands as c
from services.records.domain.lifecycle import IllegalAction
from services.records.domain.model import allowed_now
from tests.records.unit.fakes import ctx, routed, run


def _acknowledged_stage1():  # type: ignore[no-untyped-def]
    case = routed("children", "local_resolution", nation="scotland")
    run(case, c.Acknowledge(), date(2026, 11, 3))
    return case


def test_an_unanswered_stage1_may_not_be_escalated_before_the_20th_working_day_has_passed() -> None:
    case = _acknowledged_stage1()
    with pytest.raises(IllegalAction) as refused:
        run(case, c.Escalate(), date(2026, 12, 1))
    assert "the complainant may ask from 2026-12-02" in str(refused.value)
    assert case.stage == "local_resolution"


def test_the_complainant_may_ask_once_the_time_limit_has_run_out() -> None:
    case = _acknowledged_stage1()
    keys = run(case, c.Escalate(reason="no answer in 20 working days"), date(2026, 12, 2))
    assert keys == ["case.escalated"]
    assert case.stage == "investigation"


def test_the_file_offers_escalation_only_when_the_right_has_opened() -> None:
    case = _acknowledged_stage1()
    procedure = ctx(case, date(2026, 12, 1)).procedure
    assert "escalate" not in allowed_now(case, procedure)


def test_another_procedure_gives_no_such_right() -> None:
    case = routed("dso", "service_delivery")
    run(case, c.Acknowledge(), date(2026, 11, 3))
    with pytest.raises(IllegalAction) as refused:
        run(case, c.Escalate(), date(2027, 3, 1))
    assert "may ask from" not in str(refused.value)
