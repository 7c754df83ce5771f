"""KPIs and the annual / quarterly reports, from stage records (pure)."""

from __future__ import annotations

from datetime import date

from common.workdays import calendar_for
from services.records.domain.annual import (
    CaseSummary,
    ComplaintSummary,
    children_annual,
    hmip_annual,
    representations,
)
from services.records.domain.kpi import StageRow, kpis

D = date


def row(stage: str = "s1", owner: str = "team", **kw) -> StageRow:  # type: ignore[no-untyped-def]
    base = dict(
        procedure="children",
        stage=stage,
        owner=owner,
        calendar="england-and-wales",
        started_on=D(2026, 11, 2),
        ack_due=D(2026, 11, 5),
        response_due=D(2026, 11, 16),
    )
    return StageRow(**{**base, **kw})  # type: ignore[arg-type]


ROWS = [
    row(acknowledged_on=D(2026, 11, 4), responded_on=D(2026, 11, 16), outcome="upheld"),
    row(acknowledged_on=D(2026, 11, 6), responded_on=D(2026, 11, 20), extensions=1),
    row(acknowledged_on=D(2026, 11, 5)),  # open, overdue by as_of
    row(stage="s2", owner="io", started_on=D(2027, 1, 4), ack_due=None,
        response_due=D(2027, 2, 8)),  # open, not yet due
]  # fmt: skip


def test_kpis_by_stage_count_only_targets_that_fell_due() -> None:
    out = kpis(ROWS, group_by=("stage",), period="quarter", as_of=D(2026, 12, 1),
               calendar_for=calendar_for)  # fmt: skip
    s1, s2 = out
    assert (s1.stage, s1.stages, s1.ack_targets, s1.ack_within) == ("s1", 3, 3, 2)
    assert s1.ack_within_share == 0.667
    assert (s1.answered, s1.answer_targets, s1.answered_within) == (2, 3, 1)
    assert s1.answered_within_share == 0.333
    assert s1.avg_working_days == 12.0  # 10 and 14 working days
    assert (s1.breaches, s1.extensions, s1.open) == (2, 1, 1)
    assert (s2.ack_targets, s2.answer_targets, s2.breaches, s2.open) == (0, 0, 0, 1)


def test_kpis_by_owner_and_period() -> None:
    out = kpis(ROWS, group_by=("owner", "period"), period="month", as_of=D(2027, 3, 1),
               calendar_for=calendar_for)  # fmt: skip
    assert [(r.owner, r.period, r.stages) for r in out] == [
        ("io", "2027-01", 1),
        ("team", "2026-11", 3),
    ]
    assert out[0].breaches == 1  # past its target by March


def test_hmip_annual_counts_received_and_upheld() -> None:
    complaints = [
        ComplaintSummary("HMI-1", "hmip", D(2026, 3, 1)),
        ComplaintSummary("HMI-2", "hmip", D(2026, 5, 1), excluded="out_of_time"),
        ComplaintSummary("HMI-3", "hmip", D(2025, 5, 1)),
    ]
    first = row(stage="formal_complaint", responded_on=D(2026, 3, 20), outcome="upheld")
    review = row(stage="internal_review", responded_on=D(2026, 5, 1), outcome="not-upheld")
    cases = [CaseSummary("hmip", D(2026, 3, 1), stages=(first, review))]
    report = hmip_annual(2026, complaints, cases, ["formal_complaint", "internal_review"])
    summary = dict(tuple(r) for r in report.tables[0].rows)
    assert summary["complaints received"] == "2"
    assert summary["not dealt with under the procedure"] == "1"
    assert (summary["formal complaints investigated"], summary["upheld"]) == ("1", "1")
    assert report.tables[1].rows[1][:5] == ["internal_review", "1", "0", "0", "1"]
    assert report.tables[2].rows == [["out_of_time", "1"]]


def test_children_annual_numbers_types_outcomes_trends() -> None:
    s1 = row(stage="local_resolution", responded_on=D(2026, 11, 10), outcome="partly")
    cases = [
        CaseSummary("children", D(2026, 11, 2), "social-care", ("service-delivery",), True, True,
                    (s1, row(stage="investigation"))),
        CaseSummary("children", D(2026, 2, 2), "childrens-home", ("provider", "provider")),
        CaseSummary("children", D(2025, 2, 2), "social-care"),
    ]  # fmt: skip
    report = children_annual(2026, cases, ["local_resolution", "investigation", "review_panel"])
    numbers = dict(tuple(r) for r in report.tables[0].rows)
    assert numbers == {
        "complaints received": "2", "made by a child": "1", "confidential": "1",
        "reached local_resolution": "1", "reached investigation": "1",
        "reached review_panel": "0",
    }  # fmt: skip
    assert ["aspect", "provider", "1"] in report.tables[1].rows  # once per complaint
    assert report.tables[2].rows[0][:3] == ["local_resolution", "1", "0"]
    assert report.tables[3].rows[0] == ["Q1", "1", "1", "+0"]
    assert report.tables[3].rows[3] == ["Q4", "0", "1", "+1"]


def test_representations_per_quarter() -> None:
    found = [
        ComplaintSummary("C1", "children", D(2026, 1, 5), representation_type="compliment"),
        ComplaintSummary("C2", "children", D(2026, 2, 5), representation_type="compliment"),
        ComplaintSummary("C3", "children", D(2026, 8, 5), representation_type="representation"),
    ]
    assert representations(2026, 0, found).tables[0].rows == [
        ["2026-Q1", "2", "0"], ["2026-Q2", "0", "0"], ["2026-Q3", "0", "1"],
        ["2026-Q4", "0", "0"],
    ]  # fmt: skip
    assert representations(2026, 3, found).tables[0].rows == [["2026-Q3", "0", "1"]]
