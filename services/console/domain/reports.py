"""Reports as the console shows them: tables from the ReportService replies, CSV, and
bar charts drawn as SVG by the template from the numbers here. Pure."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

KPI_COLUMNS = (
    ("procedure", "Procedure"),
    ("stage", "Stage"),
    ("owner", "Owner"),
    ("period", "Period"),
    ("stages", "Stages"),
    ("ack_within_share", "Acknowledged in time"),
    ("answered_within_share", "Answered in time"),
    ("avg_working_days", "Average working days"),
    ("breaches", "Breaches"),
    ("extensions", "Extensions"),
    ("open", "Open"),
)
# Each share and the count it is a share of (no target: no share to give).
SHARES = {"ack_within_share": "ack_targets", "answered_within_share": "answer_targets"}
KINDS = ("kpi", "hmip-annual", "children-annual", "representations")


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    width: float  # share of the chart's width, 0..1


def kpi_table(rows: list[dict], group_by: list[str]) -> Table:
    """The KPI rows as a table: the grouping columns asked for, then the measures."""
    keys = [
        (k, label)
        for k, label in KPI_COLUMNS
        if k not in ("procedure", "stage", "owner", "period") or k in group_by
    ]
    out = []
    for row in rows:
        cells = []
        for key, _ in keys:
            value = row.get(key, "")
            if key in SHARES:
                targets = row.get(SHARES[key], 0)
                cells.append(f"{float(value or 0):.0%}" if targets else "no target")
            elif key == "avg_working_days":
                cells.append(f"{float(value or 0):.1f}")
            else:
                cells.append(str(value))
        out.append(cells)
    return Table("Key performance indicators", [label for _, label in keys], out)


def bars(labels: list[str], values: list[float], *, share: bool = False) -> list[Bar]:
    """Bars for a chart: each value's width relative to the largest (shares to 100%)."""
    top = 1.0 if share else max([v for v in values if v > 0], default=1.0)
    return [
        Bar(label, v, f"{v:.0%}" if share else f"{v:g}", max(0.0, min(1.0, v / top)))
        for label, v in zip(labels, values, strict=True)
    ]


MEASURES = 7  # the KPI table's columns after its grouping ones
KPI_CHARTS = (
    ("Acknowledged in time", True),
    ("Answered in time", True),
    ("Open", False),
    ("Breaches", False),
)


def kpi_charts(table: Table) -> list[tuple[str, list[Bar]]]:
    """The KPI table's charts: the shares in time and the open and breached counts, one
    bar per group (procedure / stage ...)."""
    groups = len(table.columns) - MEASURES
    labels = [" / ".join(r[:groups]) or "all" for r in table.rows]
    charts = []
    for name, share in KPI_CHARTS:
        col = table.columns.index(name)
        cells = [r[col] for r in table.rows]
        values = [(_number(c) or 0.0) / (100 if share else 1) for c in cells]
        drawn = bars(labels, values, share=share)
        charts.append(
            (name, [Bar(b.label, b.value, c, b.width) for b, c in zip(drawn, cells, strict=True)])
        )
    return charts


def numeric_column(table: Table) -> int | None:
    """The first column after the first whose every cell is a number (to chart), if any."""
    for i in range(1, len(table.columns)):
        cells = [r[i] for r in table.rows if i < len(r)]
        if cells and all(_number(c) is not None for c in cells):
            return i
    return None


def _number(text: str) -> float | None:
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return None


def chart_of(table: Table) -> tuple[str, list[Bar]] | None:
    """The bars of a table's first numeric column against its first column, if any."""
    col = numeric_column(table)
    if col is None or not table.rows:
        return None
    labels = [r[0] or "(none)" for r in table.rows]
    values = [_number(r[col]) or 0.0 for r in table.rows]
    return table.columns[col], bars(labels, values)


def to_csv(tables: list[Table]) -> str:
    """Every table, one after another, each under a line with its title."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
    return out.getvalue()
