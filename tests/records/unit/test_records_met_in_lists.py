"""A command's own fact marks the clocks it finishes as met on the file itself, so the
case list (which reads no history) shows them met and no longer "next due"."""

from __future__ import annotations

from datetime import date

from services.records.domain import commands as c
from tests.records.unit.fakes import routed, run


def test_an_answer_meets_the_response_clock_in_the_list_at_once() -> None:
    case = routed("dso", "service_delivery")
    run(case, c.Acknowledge(), date(2026, 11, 3))
    assert case.clocks["response"]["status"] == "running"
    assert case.next_due == date(2026, 11, 30)  # 20 wd after Mon 2 Nov 2026
    run(case, c.QualityAssure(by="Sam Senior"), date(2026, 11, 20))  # seed 000: before answering
    run(case, c.RecordResponse(outcome=c.Outcome.UPHELD, summary="Bag returned"),
        date(2026, 11, 20))  # fmt: skip
    assert case.clocks["response"]["status"] == "met"
    assert case.clocks["response"]["met_on"] == "2026-11-20"
    assert case.next_due is None or case.next_due > date(2026, 11, 30)
