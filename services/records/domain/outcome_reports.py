"""The commitments and learning reports (pure: rows in, `annual.Report` out, so they
print as tables, CSV or any document the report tools render).

- Commitments, seed 004: "ensuring that commitments given in responses (including
  adjudications) are implemented": every outstanding one across cases, overdue first.
- Learning, seed 004: complaints "should prompt learnings"; seed 003: learning from
  complaints and remedies: every record in the period, and the themes by root cause.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from services.records.domain.annual import Report, Table
from services.records.domain.learning import LearningRow, themes
from services.records.domain.outcomes import CaseOutcomes, LearningStatus, Remedy, RemedyStatus

COMMITMENT_COLUMNS = [
    "case", "procedure", "remedy", "type", "owner", "due", "state", "days overdue",
    "amount", "status", "reminders", "description",
]  # fmt: skip
LEARNING_COLUMNS = [
    "case", "procedure", "id", "root cause", "lesson", "service change", "owner", "status",
    "recorded on",
]  # fmt: skip


def commitments_report(
    rows: list[tuple[str, str, Remedy]], as_of: date, *, overdue_only: bool = False
) -> Report:
    """``rows``: (case ref, procedure, remedy) of every outstanding commitment."""
    cells: list[tuple[date, list[str]]] = []
    for ref, procedure, r in rows:
        assert r.due is not None
        late = r.overdue(as_of)
        if overdue_only and not late:
            continue
        cells.append((r.due, [
            ref, procedure, r.id, str(r.type), r.owner, r.due.isoformat(),
            "overdue" if late else "outstanding", str((as_of - r.due).days) if late else "0",
            f"{r.amount:.2f}" if r.amount is not None else "", str(r.status),
            "; ".join(f"{m.kind} {m.on}" for m in r.reminders), r.description,
        ]))  # fmt: skip
    cells.sort(key=lambda c: (c[1][6] != "overdue", c[0], c[1][0]))
    overdue = sum(1 for _, c in cells if c[6] == "overdue")
    return Report(
        title=f"Commitments outstanding on {as_of}: {len(cells)} ({overdue} overdue)",
        tables=[Table("Commitments", COMMITMENT_COLUMNS, [c for _, c in cells])],
        notes="Seed 004: commitments given in responses (including adjudications) are "
        "implemented. A commitment is a remedy with a due date, until recorded done.",
    )


def learning_report(rows: list[LearningRow], start: date | None, end: date | None) -> Report:
    period = f"{start or 'the start'} to {end or 'today'}"
    ordered = sorted(rows, key=lambda r: (r.item.recorded_on, r.case_ref, r.item.id))
    return Report(
        title=f"Learning from complaints, {period}: {len(rows)} records",
        tables=[
            Table(
                "Learning",
                LEARNING_COLUMNS,
                [
                    [
                        r.case_ref,
                        r.procedure,
                        r.item.id,
                        str(r.item.root_cause),
                        r.item.lesson,
                        r.item.service_change,
                        r.item.owner,
                        str(r.item.status),
                        r.item.recorded_on.isoformat(),
                    ]
                    for r in ordered
                ],
            ),  # fmt: skip
            Table("Themes by root cause", ["root cause", "records", "done"], themes(rows)),
        ],
        notes="Seed 004: complaints should prompt learnings; seed 003: learning from "
        "complaints and remedies.",
    )


def annual_tables(records: list[CaseOutcomes], year: int) -> list[Table]:
    """What the annual reports add of the year's cases (seed 003: learning from complaints
    and remedies; seed 004: "should prompt learnings", commitments implemented): remedies by
    type, commitments kept, learning by root cause and status."""
    given = [r for rec in records for r in rec.remedies]
    remedies = [r for r in given if r.status is not RemedyStatus.CANCELLED]
    kinds = Counter(str(r.type) for r in remedies)
    paid = {
        k: sum((r.amount or Decimal(0)) for r in remedies if str(r.type) == k
               and r.status is not RemedyStatus.REFERRED)
        for k in kinds
    }  # fmt: skip
    by_type = [[k, str(n), f"{paid[k]:.2f}" if k == "financial" else ""]
               for k, n in sorted(kinds.items())]  # fmt: skip
    claims = sum(1 for r in remedies if r.claim)
    dated = [r for r in remedies if r.due is not None]
    done = [r for r in dated if r.done_on is not None]
    on_time = sum(1 for r in done if r.due and r.done_on and r.done_on <= r.due)
    year_end = date(year, 12, 31)
    kept = [
        ["commitments given (remedies with a due date)", str(len(dated))],
        ["done", str(len(done))],
        ["done by their due date", str(on_time)],
        ["outstanding", str(len(dated) - len(done))],
        [f"overdue on {year_end}", str(sum(1 for r in dated if r.overdue(year_end)))],
        ["claims referred (Legal Services or the insurer)", str(claims)],
        ["remedies cancelled (withdrawn, not counted above)", str(len(given) - len(remedies))],
    ]
    items = [x for rec in records for x in rec.learning]
    causes = Counter(str(x.root_cause) for x in items)
    status = Counter((str(x.root_cause), str(x.status)) for x in items)
    learning_rows = [
        [c, str(n), *(str(status[(c, s.value)]) for s in LearningStatus)]
        for c, n in sorted(causes.items())
    ]
    changes = [[str(x.root_cause), x.service_change, x.owner, str(x.status)]
               for x in items if x.service_change]  # fmt: skip
    return [
        Table("Remedies by type", ["type", "number", "amount (£)"], by_type),
        Table("Commitments", ["", "number"], kept),
        Table("Learning by root cause",
              ["root cause", "records", *(s.value for s in LearningStatus)], learning_rows),
        Table("Service changes", ["root cause", "change", "owner", "status"], changes),
    ]  # fmt: skip
