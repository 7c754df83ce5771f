"""Every query records makes is answered by an index on SQLite, the default engine.

Two ways of making sure "every" holds: the queries each use case builds, named one by one
(ListCases for each filter and role, the KPI and annual report ranges, retention, the
data-protection searches, the access log); and the store's own record of every `find`
the use cases made while working cases end to end, each explained the same way.

Without statistics (the store never runs ANALYZE) SQLite's plan does not depend on the
data, so an empty store shows the plan a full one gets.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from common.auth import Caller, Role
from common.storage.sqlite import SQLiteStore
from services.records.adapters.documents import DOCUMENTS, AccessRecord, CaseFile, ComplaintFile
from services.records.handlers.dataprotection import SUBJECT_KEYS, expire_query
from services.records.handlers.reporting import cases_query, complaints_query, kpi_query
from services.records.queries import CaseFilter, list_query
from tests.records.unit.service import CENTRAL, Records, worked_hmip_case

INDEXED = ("USING INDEX", "USING COVERING INDEX", "USING INTEGER PRIMARY KEY", "USING PRIMARY KEY")
TABLES = {CaseFile: "cases", ComplaintFile: "complaints", AccessRecord: "access_log"}
DAY = date(2025, 6, 1)


def problems(plan: list[str], where: dict[str, Any], table: str) -> list[str]:
    """What is wrong with a plan: a step reading a table without an index; or, for a
    query with a filter, the table walked in key order (whole, or from a page's key on)
    to test each row, instead of the filter's own index finding the rows."""
    found = []
    if not any(word in step for step in plan for word in INDEXED):
        found.append("no index used")
    filtered = any(key.split("__")[0] not in ("id", "pk") for key in where)
    for step in plan:
        if step.startswith("SCAN ") and not any(word in step for word in INDEXED):
            found.append(f"table scan: {step}")
        elif step.startswith(f"SCAN {table} ") and filtered:
            found.append(f"filtered by walking every row: {step}")
        elif (
            step.startswith(f"SEARCH {table} USING INDEX sqlite_autoindex_")
            and "(id=?)" not in step
            and filtered
        ):
            found.append(f"filtered by walking the key range: {step}")
    return found


class Recording(SQLiteStore):
    """SQLite that keeps every `find` and `find_fields` it is asked, to explain each one
    afterwards."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.finds: list[tuple[type, dict[str, Any], str]] = []

    def find(self, cls, where=None, *, order_by="id", limit=None, only=None):  # type: ignore[no-untyped-def,override]
        self.finds.append((cls, dict(where or {}), order_by))
        return super().find(cls, where, order_by=order_by, limit=limit, only=only)

    def find_fields(self, cls, where, fields, *, order_by="id", limit=None):  # type: ignore[no-untyped-def,override]
        self.finds.append((cls, dict(where or {}), order_by))
        return super().find_fields(cls, where, fields, order_by=order_by, limit=limit)


@pytest.fixture
def store(tmp_path) -> Recording:  # type: ignore[no-untyped-def]
    return Recording(tmp_path / "records.db", DOCUMENTS, service="records")


def assert_indexed(store: SQLiteStore, cls: type, where: dict[str, Any], order_by: str) -> None:
    plan = store.explain(cls, where, order_by=order_by)
    assert not problems(plan, where, TABLES[cls]), (cls.__name__, where, order_by, plan)


# -- the queries each use case builds ------------------------------------------------------------

OFFICER = Caller(sub="olga", role=Role.INVESTIGATING_OFFICER)
PARTNER = Caller(sub="p", role=Role.PARTNER, partner="dorset")
LIST_FILTERS = {
    "no filter": CaseFilter(),
    "procedure": CaseFilter(procedure="dso"),
    "stage": CaseFilter(stage="service_delivery"),
    "owner": CaseFilter(owner="psu"),
    "status": CaseFilter(status="open"),
    "officer": CaseFilter(officer="olga"),
    "due before": CaseFilter(due_before=DAY),
    "breached": CaseFilter(breached_only=True),
    "received from": CaseFilter(received_from=DAY),
    "received to": CaseFilter(received_to=DAY),
    "received between": CaseFilter(received_from=DAY, received_to=date(2025, 6, 30)),
    "procedure and status": CaseFilter(procedure="children", status="investigating"),
    "stage and breached": CaseFilter(stage="service_delivery", breached_only=True),
    "procedure and due before": CaseFilter(procedure="dso", due_before=DAY),
    "every filter": CaseFilter("dso", "s", "o", "open", "x", DAY, True, DAY, DAY),
}


@pytest.mark.parametrize("name", LIST_FILTERS)
@pytest.mark.parametrize("caller", [CENTRAL, OFFICER, PARTNER], ids=lambda c: str(c.role))
@pytest.mark.parametrize("after", ["", "DSO-2025-000100/1"], ids=["first page", "next page"])
def test_list_cases(store, name: str, caller: Caller, after: str) -> None:  # type: ignore[no-untyped-def]
    assert_indexed(store, CaseFile, list_query(caller, LIST_FILTERS[name], after), "id")


@pytest.mark.parametrize(
    "procedure, start, end",
    [
        ("", DAY, date(2025, 9, 30)),
        ("dso", DAY, date(2025, 9, 30)),
        ("", DAY, None),
        ("", None, date(2025, 9, 30)),
        ("children", None, None),
        ("", None, None),  # every case: walked by key, nothing filtered
    ],
)
def test_kpi_report(store, procedure: str, start, end) -> None:  # type: ignore[no-untyped-def]
    assert_indexed(store, CaseFile, kpi_query(procedure, start, end), "id")


@pytest.mark.parametrize("procedure", ["hmip", "children"])
def test_annual_reports(store, procedure: str) -> None:  # type: ignore[no-untyped-def]
    assert_indexed(store, CaseFile, cases_query(procedure, 2024, 2025), "id")
    assert_indexed(store, ComplaintFile, complaints_query(procedure, 2025, 2025), "id")
    query = complaints_query(procedure, 2025, 2025, representations=True)
    assert_indexed(store, ComplaintFile, query, "id")


@pytest.mark.parametrize("procedure", ["", "hmip"])
def test_retention_run(store, procedure: str) -> None:  # type: ignore[no-untyped-def]
    assert_indexed(store, CaseFile, expire_query(date(2033, 1, 1), procedure), "id")


@pytest.mark.parametrize("key", SUBJECT_KEYS)
def test_subject_access_searches(store, key: str) -> None:  # type: ignore[no-untyped-def]
    assert_indexed(store, CaseFile, {f"complainant__{key}": "x"}, "id")
    assert_indexed(store, ComplaintFile, {f"submission__complainant__{key}": "x"}, "id")


def test_files_of_one_complaint_and_access_logs(store) -> None:  # type: ignore[no-untyped-def]
    assert_indexed(store, CaseFile, {"reference__in": ["A", "B"]}, "id")
    assert_indexed(store, CaseFile, {"reference": "A", "id__ne": "A/1"}, "id")
    assert_indexed(store, AccessRecord, {"case_refs": "A/1"}, "at")
    assert_indexed(store, AccessRecord, {"case_refs__in": ["A/1", "B/1"]}, "at")


# -- every find the use cases actually made --------------------------------------------------


async def test_every_find_made_while_working_cases_uses_an_index(store) -> None:  # type: ignore[no-untyped-def]
    records = Records(given=store)
    ref = await worked_hmip_case(records, contact="jo@example.org")
    other = await records.receive_and_route("hmip", "formal_complaint")
    for where in LIST_FILTERS.values():
        await records.queries.list_cases(CENTRAL, where, page_size=1)
        await records.queries.list_cases(OFFICER, where, after=other)
        await records.queries.list_cases(PARTNER, where)
    await records.queries.access_log(CENTRAL, ref)
    await records.reports.kpi(start=DAY, end=date(2027, 12, 31), as_of=date(2027, 6, 30))
    await records.reports.kpi(procedure="hmip", as_of=date(2027, 6, 30))
    await records.reports.hmip_annual(2027)
    await records.reports.children_annual(2027)
    await records.reports.representations(2027, 1)
    await records.dp.export_subject(
        CENTRAL, name="Jo Brown", contact="jo@example.org", detained_person_ref="HO-1234"
    )
    await records.dp.export_subject(CENTRAL, reference=ref.split("/")[0])
    await records.dp.expire(CENTRAL, as_of=date(2033, 3, 25), dry_run=False)

    shapes = {(cls, tuple(sorted(where)), order) for cls, where, order in store.finds}
    assert len(shapes) >= 20, shapes  # the use cases above did run their queries
    assert {cls for cls, _, _ in shapes} == {CaseFile, ComplaintFile, AccessRecord}
    for cls, where, order in store.finds:
        assert_indexed(store, cls, where, order)


# -- the check itself ------------------------------------------------------------------------


def test_the_check_recognises_plans_that_scan(store) -> None:  # type: ignore[no-untyped-def]
    rows = store._db().execute("EXPLAIN QUERY PLAN SELECT doc FROM cases WHERE rev = 3")
    plan = [r[-1] for r in rows]
    assert problems(plan, {"rev": 3}, "cases") == ["no index used", "table scan: SCAN cases"]
    # An open date range, as ListCases once asked: SQLite walks the cases in key order.
    for after in ({}, {"id__gt": "K/1"}):
        where = {"next_due__lt": DAY, **after}
        plan = store.explain(CaseFile, where, order_by="id")
        assert problems(plan, where, "cases"), plan
    # Everything in key order (from a page's key on) is the one walk allowed.
    assert problems(store.explain(CaseFile, {}, order_by="id"), {}, "cases") == []
    where = {"id__gt": "K/1"}
    assert problems(store.explain(CaseFile, where, order_by="id"), where, "cases") == []


@pytest.mark.parametrize("procedure", ["", "hmip"])
def test_outcomes_sweep_and_reports(store, procedure: str) -> None:  # type: ignore[no-untyped-def]
    """The commitments sweep, and the commitments and learning reports (issue 19)."""
    from services.records.handlers.outcomes import commitments_query, learning_query, sweep_query

    assert_indexed(store, CaseFile, sweep_query(DAY), "id")
    assert_indexed(store, CaseFile, commitments_query(procedure), "id")
    assert_indexed(store, CaseFile, learning_query(procedure), "id")
