"""Reports on the alternatives to the formal route and the children's eligibility records
(`alternatives`, `eligibility`). Pure: the stored records of each file in, tables out.

- mediation / ADR by method and outcome (seed 003 "Mediation and restorative engagement";
  seed 004 "Alternative Dispute Resolution");
- early referrals to the Ombudsman (seed 004 "Early Referral");
- DS Complaints' healthcare escalation tasks, open ones first, overdue marked (seed 000);
- who complained, by basis; freezes; concurrent procedures (seed 004).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.records.domain.annual import Report, Table

MEDIATION_OUTCOMES = ("resolved", "partly-resolved", "broken-down", "withdrawn")


@dataclass(frozen=True)
class FileRecords:
    """What these reports read of one case file (no personal data beyond staff owners)."""

    ref: str
    procedure: str
    received_on: date
    alternatives: tuple[dict[str, Any], ...] = ()
    eligibility: dict[str, Any] = field(default_factory=dict)
    # As submitted, for files whose basis is not recorded yet: the child, or someone on
    # their behalf (``represented_by.kind``); "" when not known.
    submitted_by: str = ""


def who(f: FileRecords) -> str:
    """The recorded basis, or what the submission says, marked as not confirmed."""
    basis = (f.eligibility.get("qualifying") or {}).get("basis")
    if basis:
        return str(basis)
    return f"not recorded ({f.submitted_by})" if f.submitted_by else "not recorded"


def _n(value: int) -> str:
    return str(value)


def mediation_table(files: list[FileRecords]) -> Table:
    """Offered, accepted (and with the clock stopped by agreement), declined, each outcome."""
    rows = []
    by_method: dict[str, Counter[str]] = {}
    for f in files:
        for r in f.alternatives:
            if r.get("type") != "mediation":
                continue
            c = by_method.setdefault(r.get("method") or "mediation", Counter())
            c["offered"] += 1
            c["accepted"] += r.get("status") in ("accepted", "concluded")
            c["clock stopped"] += bool(r.get("clock_paused"))
            c["declined"] += r.get("status") == "declined"
            if r.get("outcome"):
                c[r["outcome"]] += 1
    columns = ["method", "offered", "accepted", "clock stopped", "declined", *MEDIATION_OUTCOMES]
    for method, c in sorted(by_method.items()):
        rows.append([method, *(_n(c[k]) for k in columns[1:])])
    return Table("Mediation and alternative dispute resolution", columns, rows)


def referrals_table(files: list[FileRecords]) -> Table:
    rows = [
        [f.ref, r.get("referred_on") or "", r.get("ombudsman") or "", ", ".join(r["safeguards"])]
        for f in files
        for r in f.alternatives
        if r.get("type") == "early-referral"
    ]
    return Table(
        "Early referrals to the Ombudsman",
        ["case", "referred on", "ombudsman", "safeguards delivered"],
        sorted(rows),
    )


def escalation_tasks(files: list[FileRecords], as_of: date) -> Table:
    """Healthcare escalation tasks: open (overdue first), then done."""
    rows = []
    for f in files:
        for r in f.alternatives:
            if r.get("type") != "healthcare-escalation":
                continue
            overdue = r["status"] == "open" and r.get("due") and r["due"] < as_of.isoformat()
            state = "overdue" if overdue else r["status"]
            rows.append([f.ref, r["ombudsman"], r["owner"], r.get("due") or "-", state])
    order = {"overdue": 0, "open": 1, "done": 2}
    rows.sort(key=lambda row: (order[row[4]], row[3], row[0]))
    return Table(
        "Healthcare escalation tasks (DS Complaints)",
        ["case", "ombudsman", "owner", "due", "state"],
        rows,
    )


def eligibility_tables(files: list[FileRecords]) -> list[Table]:
    """Who complained (basis), freezes, concurrent procedures: counts."""
    basis = Counter(who(f) for f in files)
    freezes = Counter(
        fr.get("status") or "requested" for f in files for fr in f.eligibility.get("freezes") or []
    )
    concurrent = Counter(
        p.get("kind") or "other" for f in files for p in f.eligibility.get("concurrent") or []
    )
    lead = sum(bool(f.eligibility.get("lead_authority")) for f in files)
    return [
        Table(
            "Who complained",
            ["basis", "complaints"],
            [[k, _n(v)] for k, v in sorted(basis.items())],
        ),  # fmt: skip
        Table(
            "Operational decisions frozen, other procedures, other authorities",
            ["record", "number"],
            [
                *[[f"freeze {k}", _n(v)] for k, v in sorted(freezes.items())],
                *[[f"concurrent {k}", _n(v)] for k, v in sorted(concurrent.items())],
                ["complaints relating to two or more authorities", _n(lead)],
            ],
        ),
    ]


def alternatives_report(year: int, procedure: str, files: list[FileRecords], as_of: date) -> Report:
    """Alternatives to the formal route for complaints received in ``year``."""
    ours = [f for f in files if f.received_on.year == year]
    tables = [mediation_table(ours)]
    if procedure in ("", "children"):
        tables.append(referrals_table(ours))
    if procedure in ("", "dso"):
        tables.append(escalation_tasks(ours, as_of))
    return Report(
        title=f"Alternatives to the formal route, {year}"
        + (f" ({procedure})" if procedure else ""),
        tables=tables,
        notes=(
            "seed 003: 'complainants should not be prevented from escalating their concerns "
            "... if they feel that mediation or restorative conversations have broken down'; "
            "seed 004 'Early Referral'; seed 000: 'DS Complaints will facilitate the "
            "escalation of healthcare complaints in detention (Scotland and Northern "
            "Ireland) to the appropriate Ombudsman'"
        ),
    )
