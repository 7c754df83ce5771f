"""Key performance indicators from the stage records (seed 003: "share acknowledged and
answered within target"; ARCHITECTURE.md: by procedure, stage, owner and period). Pure.

One row per stage a case entered. A target counts once it is due: a stage acknowledged
or answered, or whose target date has passed by ``as_of`` (then it is a breach).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from common.workdays import Calendar
from services.records.domain.stages import day

GROUPS = ("procedure", "stage", "owner", "period")
PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class StageRow:
    procedure: str
    stage: str
    owner: str
    calendar: str
    started_on: date
    ack_due: date | None = None
    acknowledged_on: date | None = None
    response_due: date | None = None
    responded_on: date | None = None
    outcome: str | None = None
    extensions: int = 0
    breached: bool = False


@dataclass
class KpiRow:
    procedure: str = ""
    stage: str = ""
    owner: str = ""
    period: str = ""
    stages: int = 0
    ack_targets: int = 0
    ack_within: int = 0
    ack_within_share: float = 0.0
    answered: int = 0
    answer_targets: int = 0  # answered with a target, or unanswered past it
    answered_within: int = 0
    answered_within_share: float = 0.0
    avg_working_days: float = 0.0
    breaches: int = 0
    extensions: int = 0
    open: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def stage_rows(case: dict[str, Any]) -> list[StageRow]:
    """The rows of one case file (as stored: ``procedure``, ``owner``, ``stages``...)."""
    out = []
    for rec in case.get("stages") or []:
        started = day(rec.get("started_on"))
        if started is None:
            continue
        out.append(
            StageRow(
                procedure=case.get("procedure") or "",
                stage=rec.get("stage") or "",
                owner=rec.get("owner") or case.get("owner") or "",
                calendar=case.get("calendar") or "england-and-wales",
                started_on=started,
                ack_due=day(rec.get("ack_due")),
                acknowledged_on=day(rec.get("acknowledged_on")),
                response_due=day(rec.get("response_due")),
                responded_on=day(rec.get("responded_on")),
                outcome=rec.get("outcome"),
                extensions=int(rec.get("extensions") or 0),
                breached=bool(rec.get("breached")),
            )
        )
    return out


def period_of(on: date, period: str) -> str:
    if period == "month":
        return f"{on.year}-{on.month:02d}"
    if period == "year":
        return str(on.year)
    return f"{on.year}-Q{(on.month - 1) // 3 + 1}"


def kpis(
    rows: Iterable[StageRow],
    *,
    group_by: tuple[str, ...],
    period: str,
    as_of: date,
    calendar_for: Callable[[str], Calendar],
) -> list[KpiRow]:
    """The indicators for each group, sorted by the group's keys."""
    groups: dict[tuple[str, ...], list[StageRow]] = defaultdict(list)
    for row in rows:
        values = {
            "procedure": row.procedure,
            "stage": row.stage,
            "owner": row.owner,
            "period": period_of(row.started_on, period),
        }
        groups[tuple(values[g] for g in group_by)].append(row)
    return [
        _indicators(dict(zip(group_by, key, strict=True)), members, as_of, calendar_for)
        for key, members in sorted(groups.items())
    ]


def _indicators(
    key: dict[str, str],
    rows: list[StageRow],
    as_of: date,
    calendar_for: Callable[[str], Calendar],
) -> KpiRow:
    out = KpiRow(stages=len(rows))
    for name, value in key.items():
        setattr(out, name, value)
    days: list[int] = []
    for r in rows:
        if r.ack_due and (r.acknowledged_on or r.ack_due < as_of):
            out.ack_targets += 1
            out.ack_within += bool(r.acknowledged_on and r.acknowledged_on <= r.ack_due)
        late = False
        if r.responded_on:
            out.answered += 1
            start = min(r.started_on, r.responded_on)
            days.append(calendar_for(r.calendar).working_days_between(start, r.responded_on))
            if r.response_due:
                out.answer_targets += 1
                within = r.responded_on <= r.response_due
                out.answered_within += within
                late = not within
        else:
            out.open += 1
            if r.response_due and r.response_due < as_of:
                out.answer_targets += 1
                late = True
        out.breaches += late or r.breached
        out.extensions += r.extensions
    out.ack_within_share = round(out.ack_within / out.ack_targets, 3) if out.ack_targets else 0.0
    out.answered_within_share = (
        round(out.answered_within / out.answer_targets, 3) if out.answer_targets else 0.0
    )
    out.avg_working_days = round(sum(days) / len(days), 1) if days else 0.0
    return out
