"""The alternatives report and the children's annual report's timeliness (pure)."""

from __future__ import annotations

from datetime import date

from services.records.domain.alternatives_report import (
    FileRecords,
    alternatives_report,
    eligibility_tables,
)
from services.records.domain.annual import CaseSummary, timeliness_by_stage
from services.records.domain.kpi import StageRow

D = date
MEDIATED = {"type": "mediation", "id": "M1", "method": "mediation", "status": "concluded",
            "clock_paused": True, "outcome": "resolved"}  # fmt: skip
DECLINED = {"type": "mediation", "id": "M1", "method": "mediation", "status": "declined"}
TASK = {"type": "healthcare-escalation", "id": "H1", "ombudsman": "SPSO", "owner": "Dee",
        "due": "2026-11-20", "status": "open"}  # fmt: skip


def test_mediation_outcomes_and_overdue_tasks_first() -> None:
    files = [
        FileRecords("CHI-1/1", "children", D(2026, 3, 1), (MEDIATED,)),
        FileRecords("CHI-2/1", "children", D(2026, 4, 1), (DECLINED,)),
        FileRecords("DSO-1/1", "dso", D(2026, 5, 1), (TASK,)),
        FileRecords("DSO-2/1", "dso", D(2026, 5, 2), ({**TASK, "due": None, "id": "H1"},)),
        FileRecords("CHI-3/1", "children", D(2025, 4, 1), (MEDIATED,)),  # another year
    ]
    report = alternatives_report(2026, "", files, as_of=D(2026, 12, 1))
    mediation, referrals, tasks = report.tables
    assert mediation.rows == [["mediation", "2", "1", "1", "1", "1", "0", "0", "0"]]
    assert referrals.rows == []
    assert [r[0] for r in tasks.rows] == ["DSO-1/1", "DSO-2/1"]
    assert tasks.rows[0][4] == "overdue" and tasks.rows[1][4] == "open"


def test_who_complained_and_other_procedures_are_counted() -> None:
    eligibility = {"qualifying": {"basis": "child-in-need"},
                   "freezes": [{"status": "granted"}], "concurrent": [{"kind": "court"}],
                   "lead_authority": {"lead": "Dorset"}}  # fmt: skip
    day = D(2026, 3, 1)
    files = [FileRecords("CHI-1/1", "children", day, (), eligibility),
             FileRecords("CHI-2/1", "children", day),
             FileRecords("CHI-3/1", "children", day, submitted_by="the child")]  # fmt: skip
    who, other = eligibility_tables(files)
    assert who.rows == [
        ["child-in-need", "1"], ["not recorded", "1"], ["not recorded (the child)", "1"]
    ]  # fmt: skip
    assert ["freeze granted", "1"] in other.rows and ["concurrent court", "1"] in other.rows
    assert other.rows[-1] == ["complaints relating to two or more authorities", "1"]


def test_timeliness_by_stage_shares_of_targets() -> None:
    def row(**kw):  # type: ignore[no-untyped-def]
        base = dict(procedure="children", stage="local_resolution", owner="t",
                    calendar="england-and-wales", started_on=D(2026, 11, 2),
                    ack_due=D(2026, 11, 5), response_due=D(2026, 11, 16))  # fmt: skip
        return StageRow(**{**base, **kw})  # type: ignore[arg-type]

    rows = (
        row(acknowledged_on=D(2026, 11, 4), responded_on=D(2026, 11, 16)),
        row(acknowledged_on=D(2026, 11, 6), responded_on=D(2026, 11, 20), extensions=1),
        row(acknowledged_on=D(2026, 11, 5)),
    )
    table = timeliness_by_stage([CaseSummary("children", D(2026, 11, 2), stages=rows)],
                                ["local_resolution", "investigation"])  # fmt: skip
    assert table.rows == [["local_resolution", "67%", "50%", "2", "1", "1", "1"]]
