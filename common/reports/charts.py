"""Charts for a report's tables, drawn by matplotlib as SVG.

Generic: in any table, a column whose cells are all numbers (``12``, ``2.5``) or shares
(``75%``; ``-`` for "nothing due" is left out) is a series; the other columns label the
rows (the first three of them, so a long list of cases keeps short names). Counts and shares
are drawn on separate charts (one axis each). A table with no such column gets no chart.
Each chart carries a text alternative naming every value.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")
MAX_ROWS = 25  # more bars than this are unreadable; the table below has them all
MAX_LABELS = 3  # a row is named by its first three label columns; the table has the rest
# Okabe-Ito: distinguishable with the common colour vision deficiencies.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]  # fmt: skip


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str
    alt: str


def _value(cell: str) -> float | None:
    cell = cell.strip()
    if not NUMBER.match(cell):
        return None
    return float(cell.rstrip("%"))


def series(columns: list[str], rows: list[list[str]]) -> tuple[list[int], list[int], list[int]]:
    """(label columns, count columns, share columns) of a table, by index."""
    counts: list[int] = []
    shares: list[int] = []
    labels: list[int] = []
    for i, _name in enumerate(columns):
        cells = [r[i].strip() for r in rows if i < len(r)]
        given = [c for c in cells if c not in ("", "-")]
        if given and all(NUMBER.match(c) for c in given):
            (shares if any(c.endswith("%") for c in given) else counts).append(i)
        else:
            labels.append(i)
    return labels, counts, shares


def _label(row: list[str], labels: list[int]) -> str:
    named = labels[:MAX_LABELS]
    return " / ".join(row[i] for i in named if i < len(row) and row[i]) or "(all)"


def _draw(title: str, names: list[str], bars: dict[str, list[float]], unit: str) -> str:
    height = 1.2 + 0.28 * len(names) * max(1, len(bars)) ** 0.6
    fig = Figure(figsize=(7.0, min(max(height, 2.2), 9.5)), layout="constrained")
    ax = fig.add_subplot()
    n = len(bars)
    width = 0.8 / max(n, 1)
    ys = range(len(names))
    for k, (name, values) in enumerate(bars.items()):
        offsets = [y - 0.4 + width * (k + 0.5) for y in ys]
        ax.barh(offsets, values, height=width, label=name, color=COLOURS[k % len(COLOURS)])
    ax.set_yticks(list(ys), names)
    ax.invert_yaxis()
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    if unit == "%":
        ax.set_xlim(0, 100)
        ax.set_xlabel("per cent")
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if n > 1:  # below the chart, never over a bar
        fig.legend(fontsize=8, frameon=False, loc="outside lower center", ncol=min(n, 4))
    out = io.StringIO()
    # Text stays text (not outlines): smaller, selectable, and read out in the PDF.
    with rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def charts_for(title: str, columns: list[str], rows: list[list[str]]) -> list[Chart]:
    """The charts of one table: one for its counts, one for its shares (if any)."""
    labels, counts, shares = series(columns, rows)
    shown = rows[:MAX_ROWS]
    if not shown:
        return []
    names = [_label(r, labels) for r in shown]
    out = []
    for group, unit in ((counts, ""), (shares, "%")):
        if not group:
            continue
        bars = {columns[i] or "number": [_value(r[i]) or 0.0 for r in shown] for i in group}
        words = "; ".join(
            f"{name}: " + ", ".join(f"{k} {v:g}{unit}" for k, v in
                                    zip(bars, (b[j] for b in bars.values()), strict=True))
            for j, name in enumerate(names)
        )  # fmt: skip
        what = "shares" if unit else "counts"
        chart_title = f"{title} ({what})" if counts and shares else title
        more = f" (first {MAX_ROWS} of {len(rows)})" if len(rows) > MAX_ROWS else ""
        alt = f"Bar chart, {chart_title}{more}. {words}."
        out.append(Chart(chart_title, _draw(chart_title + more, names, bars, unit), alt))
    return out
