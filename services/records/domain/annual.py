"""Annual and quarterly reports the seeds require. Pure: rows in, tables out.

- HMIP (seed 001 §1): "report annually on complaints received and complaints upheld".
- Children's social care (seed 004, "Role of the Complaints Manager"): "evaluating and
  reporting on the numbers, types, outcomes and trends of complaints", the annual report;
  and ("Compliments") compliments and representations in the quarterly reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.records.domain.kpi import StageRow, period_of

OUTCOMES = ("upheld", "partly", "not-upheld")


@dataclass(frozen=True)
class Table:
    """A titled table of text cells."""

    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Report:
    """A report: a title, its tables, and where its duty comes from."""

    title: str
    tables: list[Table]
    notes: str = ""


@dataclass(frozen=True)
class CaseSummary:
    """What the annual reports need of one case file (no personal data)."""

    procedure: str
    received_on: date
    category: str = ""
    aspect_kinds: tuple[str, ...] = ()
    by_child: bool = False
    confidential: bool = False
    stages: tuple[StageRow, ...] = ()
    # The case's outcomes record (`outcomes.CaseOutcomes`): remedies, commitments, learning.
    outcomes: Any = None
    # seed 001 §5: feedback on the handling, one satisfaction per reply (`domain.feedback`)
    feedback: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComplaintSummary:
    """What the reports need of one complaint file."""

    reference: str
    procedure: str
    received_on: date
    excluded: str = ""
    representation_type: str = ""
    # issue 18: answered, moved to a complaint, passed on (`domain.representations`)
    handled: tuple[str, ...] = ()


@dataclass
class _Tally:
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, row: StageRow) -> None:
        self.counts["entered"] += 1
        self.counts[row.outcome or "awaiting"] += 1
        if row.responded_on and row.response_due:
            self.counts["answered_with_target"] += 1
            self.counts["within"] += row.responded_on <= row.response_due

    def cells(self) -> list[str]:
        c = self.counts
        share = (
            f"{c['within'] / c['answered_with_target']:.0%}" if c["answered_with_target"] else "-"
        )
        return [str(c["entered"]), *(str(c[o]) for o in OUTCOMES), str(c["awaiting"]), share]


STAGE_COLUMNS = ["stage", "entered", "upheld", "partly upheld", "not upheld", "awaiting", "in time"]


def _by_stage(cases: list[CaseSummary], order: list[str]) -> list[list[str]]:
    tallies = {name: _Tally() for name in order}
    for case in cases:
        for row in case.stages:
            tallies.setdefault(row.stage, _Tally()).add(row)
    return [[name, *t.cells()] for name, t in tallies.items() if t.counts["entered"]]


TIMELINESS_COLUMNS = [
    "stage", "acknowledged in time", "answered in time", "answered", "answered late",
    "extended", "awaiting",
]  # fmt: skip


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def timeliness_by_stage(cases: list[CaseSummary], order: list[str]) -> Table:
    """Per stage: the share acknowledged and answered by their targets (seed 003 "share
    acknowledged and answered within target"), answered late, extended, awaiting."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in order}
    for case in cases:
        for r in case.stages:
            c = counts.setdefault(r.stage, Counter())
            c["entered"] += 1
            if r.ack_due and r.acknowledged_on:
                c["ack"] += 1
                c["ack_in"] += r.acknowledged_on <= r.ack_due
            if r.responded_on:
                c["answered"] += 1
                if r.response_due:
                    c["timed"] += 1
                    c["in"] += r.responded_on <= r.response_due
            c["extended"] += r.extensions > 0
    rows = [
        [name, _share(c["ack_in"], c["ack"]), _share(c["in"], c["timed"]), str(c["answered"]),
         str(c["timed"] - c["in"]), str(c["extended"]), str(c["entered"] - c["answered"])]
        for name, c in counts.items()
        if c["entered"]
    ]  # fmt: skip
    return Table("Timeliness by stage", TIMELINESS_COLUMNS, rows)


def hmip_annual(
    year: int, complaints: list[ComplaintSummary], cases: list[CaseSummary], stages: list[str]
) -> Report:
    """Complaints received in ``year`` and how many were upheld, stage by stage."""
    received = [c for c in complaints if c.received_on.year == year]
    ours = [c for c in cases if c.received_on.year == year]
    first = [r for c in ours for r in c.stages[:1]]
    upheld = sum(r.outcome == "upheld" for r in first)
    partly = sum(r.outcome == "partly" for r in first)
    not_dealt = Counter(c.excluded for c in received if c.excluded)
    summary = [
        ["complaints received", str(len(received) or len(ours))],
        ["not dealt with under the procedure", str(sum(not_dealt.values()))],
        ["formal complaints investigated", str(len(first))],
        ["upheld", str(upheld)],
        ["partly upheld", str(partly)],
        ["not upheld", str(sum(r.outcome == "not-upheld" for r in first))],
        ["awaiting an outcome", str(sum(r.outcome is None for r in first))],
    ]
    return Report(
        title=f"HM Inspectorate of Probation: complaints received and upheld, {year}",
        tables=[
            Table("Summary", ["", "number"], summary),
            Table("By stage", STAGE_COLUMNS, _by_stage(ours, stages)),
            Table(
                "Not dealt with, by reason",
                ["rule", "number"],
                [[k, str(v)] for k, v in sorted(not_dealt.items())],
            ),
            *_outcome_tables(ours, year),
            Table(
                "Feedback on how complaints were handled (seed 001 §5)",
                ["satisfaction", "replies"],
                [
                    [k, str(v)]
                    for k, v in sorted(Counter(f for c in ours for f in c.feedback).items())
                ],
            ),
            timeliness_by_stage(ours, stages),
        ],
        notes="seed 001 §1: 'report annually on complaints received and complaints upheld'",
    )


def children_annual(year: int, cases: list[CaseSummary], stages: list[str]) -> Report:
    """Numbers, types, outcomes and trends of children's complaints received in ``year``."""
    ours = [c for c in cases if c.received_on.year == year]
    before = [c for c in cases if c.received_on.year == year - 1]
    reached = Counter(r.stage for c in ours for r in c.stages)
    numbers = [
        ["complaints received", str(len(ours))],
        ["made by a child", str(sum(c.by_child for c in ours))],
        ["confidential", str(sum(c.confidential for c in ours))],
        *[[f"reached {s}", str(reached[s])] for s in stages],
    ]
    kinds = Counter(k for c in ours for k in set(c.aspect_kinds))
    categories = Counter(c.category for c in ours)
    types = [["category", k, str(v)] for k, v in sorted(categories.items())]
    types += [["aspect", k, str(v)] for k, v in sorted(kinds.items())]
    quarters = [f"Q{q}" for q in range(1, 5)]
    this = Counter(period_of(c.received_on, "quarter")[-2:] for c in ours)
    last = Counter(period_of(c.received_on, "quarter")[-2:] for c in before)
    trends = [[q, str(last[q]), str(this[q]), f"{this[q] - last[q]:+d}"] for q in quarters]
    return Report(
        title=f"Children's social care complaints: annual report {year}",
        tables=[
            Table("Numbers", ["", "number"], numbers),
            Table("Types", ["by", "type", "number"], types),
            Table("Outcomes by stage", STAGE_COLUMNS, _by_stage(ours, stages)),
            Table(
                "Trends: received per quarter",
                ["quarter", str(year - 1), str(year), "change"],
                trends,
            ),
            *_outcome_tables(ours, year),
            timeliness_by_stage(ours, stages),
        ],
        notes="seed 004: 'numbers, types, outcomes and trends of complaints'",
    )


def _outcome_tables(cases: list[CaseSummary], year: int) -> list[Table]:
    """Remedies, commitments and learning of the year's cases (issue 19)."""
    from services.records.domain.outcome_reports import annual_tables

    return annual_tables([c.outcomes for c in cases if c.outcomes is not None], year)


def representations(year: int, quarter: int, complaints: list[ComplaintSummary]) -> Report:
    """Compliments and other representations recorded, per quarter (0: the whole year)."""
    quarters = [quarter] if quarter else [1, 2, 3, 4]
    rows = []
    for q in quarters:
        label = f"{year}-Q{q}"
        found = Counter(
            c.representation_type
            for c in complaints
            if c.representation_type and period_of(c.received_on, "quarter") == label
        )
        rows.append([label, str(found["compliment"]), str(found["representation"])])
    handled = []
    for q in quarters:
        label = f"{year}-Q{q}"
        done = Counter(
            h
            for c in complaints
            if c.representation_type and period_of(c.received_on, "quarter") == label
            for h in c.handled
        )
        handled.append([label, *(str(done[k]) for k in ("answers", "converted", "passed_on"))])
    columns = ["quarter", "answered", "moved to a complaint", "compliments passed on"]
    return Report(
        title=f"Children's social care: compliments and representations, {year}"
        + (f" Q{quarter}" if quarter else ""),
        tables=[
            Table("Recorded", ["quarter", "compliments", "representations"], rows),
            Table("Handled (seed 004: answered, moved to stage 1, fed back)", columns, handled),
        ],
        notes="seed 004 'Compliments': 'a central computerised record ... quarterly reports'",
    )
