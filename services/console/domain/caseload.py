"""The caseload: its filters (those of ``complaints case list``) and the order a page is
shown in (breached first, then due this week, then by due date). Pure."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from services.console.domain.dates import parse_day

WORD = re.compile(r"^[A-Za-z0-9 ._'@/-]{0,64}$")
# The statuses of a case (records' lifecycle), as ListCases filters on them.
STATUSES = (
    "",
    "pending",
    "excluded",
    "open",
    "acknowledged",
    "officer-assigned",
    "comments-requested",
    "investigating",
    "responded",
    "escalated",
    "suspended",
    "merged",
    "closed",
)
TEXT_FILTERS = ("procedure", "stage", "owner", "officer")
PAGE_TOKEN = re.compile(r"^[A-Za-z0-9/_-]{0,64}$")


class FilterError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Filters:
    procedure: str = ""
    stage: str = ""
    owner: str = ""
    officer: str = ""
    status: str = ""
    due_before: str = ""  # YYYY-MM-DD
    breached: bool = False

    def as_request(self) -> dict[str, Any]:
        """The ListCases fields these filters fill."""
        d = asdict(self)
        d["breached_only"] = d.pop("breached")
        return d

    def query(self) -> dict[str, str]:
        """The filters as the caseload's query string (only those set)."""
        return {k: ("1" if v is True else v) for k, v in asdict(self).items() if v}


def filters_from(params: dict[str, str]) -> tuple[Filters, list[FilterError]]:
    """The filters of a caseload request, and an error per field that breaks its rule
    (a broken field is left out, so the page still shows)."""
    errors: list[FilterError] = []
    values: dict[str, Any] = {}
    for name in TEXT_FILTERS:
        value = params.get(name, "").strip()
        if WORD.match(value):
            values[name] = value
        else:
            errors.append(FilterError(name, "letters, digits, spaces and . _ ' @ / - only"))
    status = params.get("status", "").strip()
    if status in STATUSES:
        values["status"] = status
    else:
        errors.append(FilterError("status", f"one of {', '.join(s for s in STATUSES if s)}"))
    due = params.get("due_before", "").strip()
    if due and parse_day(due) is None:
        errors.append(FilterError("due_before", "a date as YYYY-MM-DD, e.g. 2026-12-31"))
    elif due:
        values["due_before"] = parse_day(due).isoformat()  # type: ignore[union-attr]
    values["breached"] = params.get("breached", "") in ("1", "on", "true")
    return Filters(**values), errors


def page_token(text: str) -> str:
    """A ListCases page token (the last reference of the page before), or FilterError."""
    if not PAGE_TOKEN.match(text):
        raise FilterError("page", "not a page of this caseload")
    return text


def week_end(today: date) -> date:
    """The last day that counts as "this week": seven days from today."""
    return today + timedelta(days=7)


def urgency(breached: bool, next_due: str, today: date) -> str:
    """``breached``, ``due`` (this week), ``later`` or ``none`` (no running clock)."""
    if breached:
        return "breached"
    day = parse_day(next_due)
    if day is None:
        return "none"
    return "due" if day <= week_end(today) else "later"


RANK = {"breached": 0, "due": 1, "later": 2, "none": 3}


def ordered(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """A page's rows, each with its ``urgency``: breached first, then due this week, then
    the rest by due date, then by reference."""
    for row in rows:
        row["urgency"] = urgency(row["breached"], row["next_due"], today)
    return sorted(rows, key=lambda r: (RANK[r["urgency"]], r["next_due"] or "9999", r["case_ref"]))


@dataclass(frozen=True)
class OverdueCommitment:
    """A commitment (a remedy with a due date) past its date and not done."""

    case_ref: str
    remedy: str
    type: str
    owner: str
    due: str  # YYYY-MM-DD
    days_overdue: str
    description: str


COMMITMENT_FIELDS = {
    "case_ref": "case",
    "remedy": "remedy",
    "type": "type",
    "owner": "owner",
    "due": "due",
    "days_overdue": "days overdue",
    "description": "description",
}


def overdue_commitments(report: dict[str, Any]) -> list[OverdueCommitment]:
    """The overdue rows of OutcomeService.Commitments' report (columns found by name),
    most overdue first; FilterError naming a column the report lacks."""
    tables = report.get("tables") or []
    if not tables:
        return []
    columns = list(tables[0].get("columns", []))
    for name in [*COMMITMENT_FIELDS.values(), "state"]:
        if name not in columns:
            raise FilterError("commitments", f"the commitments report has no {name!r} column")
    at = {field: columns.index(name) for field, name in COMMITMENT_FIELDS.items()}
    state = columns.index("state")
    found = [
        OverdueCommitment(**{field: cells[i] for field, i in at.items()})
        for cells in (r.get("cells", []) for r in tables[0].get("rows", []))
        if len(cells) == len(columns) and cells[state] == "overdue"
    ]
    return sorted(found, key=lambda c: (c.due, c.case_ref, c.remedy))


def mark_overdue_commitments(
    rows: list[dict[str, Any]], overdue: list[OverdueCommitment]
) -> list[dict[str, Any]]:
    """Each row with ``commitments_overdue``: the ids of its remedies past their date."""
    by_case: dict[str, list[str]] = {}
    for c in overdue:
        by_case.setdefault(c.case_ref, []).append(c.remedy)
    for row in rows:
        row["commitments_overdue"] = by_case.get(row["case_ref"], [])
    return rows
