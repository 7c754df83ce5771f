"""Every query the deadlines service makes is answered by an index (SQLite's plan).

The service's code runs on a SQLite store that records each `find` and the line of the
service's code that made it; each recorded query's plan must SEARCH an index: no SCAN of
the table nor of a whole index, no sort in a temporary B-tree. A source check makes sure
every `find` in services/deadlines was exercised here, so a new query cannot escape."""

from __future__ import annotations

import ast
import asyncio
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from common.storage.sqlite import SQLiteStore
from services.deadlines.adapters.calendars import CalendarBook, import_override
from services.deadlines.adapters.documents import DOCUMENTS, StrandClocks
from tests.deadlines.unit.test_deadlines_handlers import (
    DUE,
    RECEIVED,
    REMIND,
    Rig,
    _holidays,
    route,
)
from tests.support.events import body, lifecycle, routed

SERVICE = Path(__file__).resolve().parents[3] / "services" / "deadlines"


class RecordingStore(SQLiteStore):
    """A SQLite store that keeps each `find`'s arguments and the service line calling it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finds: list[tuple[str | None, type, dict[str, Any], str]] = []

    def find(self, cls: type, where: dict[str, Any] | None = None, **kw: Any) -> list[Any]:  # type: ignore[override]
        self.finds.append((caller_site(), cls, dict(where or {}), kw.get("order_by", "id")))
        return super().find(cls, where, **kw)


def caller_site() -> str | None:
    """``file:line`` of the innermost frame in services/deadlines (None if there is none)."""
    frame = sys._getframe(2)
    while frame is not None:
        path = Path(frame.f_code.co_filename).resolve()
        if path.is_relative_to(SERVICE):
            return f"{path.relative_to(SERVICE)}:{frame.f_lineno}"
        frame = frame.f_back  # type: ignore[assignment]
    return None


def find_sites() -> set[str]:
    """Every use of a store's ``find`` in the service's code, as file:line."""
    sites = set()
    for path in sorted(SERVICE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "find"
                and ast.unparse(node.value).lower().endswith("store")
            ):
                sites.add(f"{path.relative_to(SERVICE)}:{node.lineno}")
    return sites


def not_an_index_search(plan: list[str]) -> str | None:
    """Why this plan is not a pure index search (None when it is one)."""
    if not plan:
        return "no plan"
    for line in plan:
        uses_index = any(s in line for s in ("USING INDEX", "USING COVERING INDEX", "PRIMARY KEY"))
        if line.startswith("SCAN") or "TEMP B-TREE" in line or not uses_index:
            return " | ".join(plan)
    return None


def exercise(store: RecordingStore) -> None:
    """Every path of the service that reads through `find`."""
    rig = Rig(store)
    case = routed("dso", received_on=RECEIVED)
    route(rig, case)
    asyncio.run(rig.handlers.sweep())  # idle
    rig.on(REMIND)
    asyncio.run(rig.handlers.sweep())  # one due
    ack = lifecycle(case, "acknowledged")
    asyncio.run(rig.handlers.on_event("case.acknowledged", body(ack), "m-ack"))
    asyncio.run(rig.queries.clocks_of(case.case_ref))
    asyncio.run(rig.queries.clocks_of(case.reference))
    asyncio.run(rig.queries.due_before(DUE))
    book = CalendarBook(store)
    book.refresh()
    at = datetime(2026, 11, 2, tzinfo=UTC)
    import_override(store, _holidays(), at=at, by="op")
    book.refresh()


def test_every_query_of_the_service_is_an_index_search(tmp_path: Path) -> None:
    store = RecordingStore(tmp_path / "deadlines.db", DOCUMENTS, service="deadlines")
    exercise(store)
    assert store.finds, "the scenarios made no query"
    bad = {
        (site, cls.__name__, repr(where), order, why)
        for site, cls, where, order in store.finds
        if (why := not_an_index_search(store.explain(cls, where, order_by=order)))
    }
    assert not bad, bad
    # Each shape at least once: the sweep, a complaint's strands, ListDue, calendar versions.
    shapes = {(cls.__name__, tuple(sorted(where)), order) for _, cls, where, order in store.finds}
    assert shapes == {
        ("StrandClocks", ("next_fire_on__lte",), "next_fire_on"),
        ("StrandClocks", ("reference",), "id"),
        ("StrandClocks", ("next_due__lte",), "next_due"),
        ("CalendarOverride", ("id__gt",), "-id"),
    }


def test_no_find_in_the_service_escapes_the_scenarios(tmp_path: Path) -> None:
    store = RecordingStore(tmp_path / "deadlines.db", DOCUMENTS, service="deadlines")
    exercise(store)
    called = {site for site, *_ in store.finds}
    assert None not in called, "a find made outside the service's own frames"
    sites = find_sites()
    assert sites, "no find in the service's code?"
    assert called == sites, f"not exercised: {sites - called}; unknown: {called - sites}"


def test_the_check_recognises_plans_that_scan(tmp_path: Path) -> None:
    """The control: plans that read more than an index range are refused."""
    store = SQLiteStore(tmp_path / "deadlines.db", DOCUMENTS, service="deadlines")
    day = date(2026, 12, 1)
    # A filter on one index ordered by another: a whole-index scan.
    assert not_an_index_search(
        store.explain(StrandClocks, {"next_fire_on__lte": day}, order_by="next_due")
    )
    assert not_an_index_search(store.explain(StrandClocks, {}, order_by="id"))
    rows = store._db().execute("EXPLAIN QUERY PLAN SELECT doc FROM clocks WHERE rev = 3")
    assert not_an_index_search([r[-1] for r in rows]) == "SCAN clocks"
    rows = store._db().execute("EXPLAIN QUERY PLAN SELECT doc FROM clocks ORDER BY rev")
    assert not_an_index_search([r[-1] for r in rows])
    # ...and a range search on an index passes.
    assert (
        not_an_index_search(
            store.explain(StrandClocks, {"next_fire_on__lte": day}, order_by="next_fire_on")
        )
        is None
    )
