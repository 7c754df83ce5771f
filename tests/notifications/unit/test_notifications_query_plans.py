"""Every query the notifications service makes is answered by an index (SQLite's plan).

The handlers run on a SQLite store that records each `find`; every recorded query's plan
must SEARCH an index: no SCAN of the table, nor of a whole index, nor a sort in a temporary
B-tree. A source check makes sure no query escapes the scenarios below."""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from common.storage import open_store
from common.storage.sqlite import SQLiteStore
from services.notifications.adapters.channel import TransientDeliveryError
from services.notifications.adapters.documents import DOCUMENTS, NotificationCase, PrintJob
from services.notifications.queries import due_query
from tests.notifications.unit.test_notifications_handlers import NOW, Rig
from tests.support.events import routed

SERVICE = Path(__file__).resolve().parents[3] / "services" / "notifications"


class RecordingStore(SQLiteStore):
    """A SQLite store that keeps the arguments of every `find`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finds: list[tuple[type, dict[str, Any], str]] = []

    def find(self, cls: type, where: dict[str, Any] | None = None, **kw: Any) -> list[Any]:  # type: ignore[override]
        self.finds.append((cls, dict(where or {}), kw.get("order_by", "id")))
        return super().find(cls, where, **kw)


def unindexed(store: SQLiteStore, cls: type, where: dict[str, Any], order_by: str) -> str | None:
    """Why the plan of this query is not a pure index search (None when it is)."""
    plan = store.explain(cls, where, order_by=order_by)
    for line in plan:
        uses_index = any(s in line for s in ("USING INDEX", "USING COVERING INDEX", "PRIMARY KEY"))
        if line.startswith("SCAN") or "TEMP B-TREE" in line or not uses_index:
            return " | ".join(plan)
    return None if plan else "no plan"


def sites(is_site: Callable[[ast.AST], bool]) -> list[str]:
    """Where in the service's code ``is_site`` holds, as file:line."""
    return [
        f"{path.relative_to(SERVICE)}:{node.lineno}"  # type: ignore[attr-defined]
        for path in sorted(SERVICE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if is_site(node)
    ]


def store_finds() -> list[str]:
    """Every use of a store's ``find`` (called, or handed to ``run_sync``)."""
    return sites(
        lambda n: (
            isinstance(n, ast.Attribute)
            and n.attr == "find"
            and ast.unparse(n.value).lower().endswith("store")
        )
    )


def queries() -> list[str]:
    """Every `Query(...)` the service builds."""
    return sites(
        lambda n: isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "Query"
    )


@pytest.fixture
def rig(tmp_path: Path) -> Rig:
    return Rig(RecordingStore(tmp_path / "notifications.db", DOCUMENTS, service="notifications"))


async def test_every_query_the_service_makes_searches_an_index(rig) -> None:  # type: ignore[no-untyped-def]
    def down_once(n: int, address: Any) -> None:
        if n == 1:
            raise TransientDeliveryError("fake", "connection refused")

    rig.channel.fail = down_once
    one = routed("dso")
    two = routed("dso", reference=one.reference, strand=2)
    await rig.event(one, "m-1")
    await rig.event(two, "m-2")
    # the sweep (nothing due, then the retry), the reads by case ref and by reference
    await rig.handlers.sweep()
    rig.clock.advance(timedelta(minutes=5))
    assert await rig.handlers.sweep() == 1
    assert len(await rig.handlers.letters_of(one.case_ref)) == 1
    assert len(await rig.handlers.letters_of(one.reference)) == 2
    await rig.handlers.view_of(two.case_ref)
    # the print queue: outstanding, by establishment, by status, by complaint
    for filters in ({}, {"queue": "Ashgrove IRC"}, {"status": "printed"}, {"reference": "X"}):
        await rig.handlers.print_queue.list(**filters)

    store: RecordingStore = rig.store
    shapes = {(cls, tuple(sorted(where)), order) for cls, where, order in store.finds}
    assert shapes == {
        (NotificationCase, ("next_attempt_at__lte",), "next_attempt_at"),
        (NotificationCase, ("reference",), "id"),
        (PrintJob, ("status__in",), "status"),
        (PrintJob, ("queue",), "id"),
        (PrintJob, ("status",), "id"),
        (PrintJob, ("reference",), "id"),
    }
    for cls, where, order in store.finds:
        assert unindexed(store, cls, where, order) is None, (where, order)
    # the code finds only through `Query.run`, and builds no query not exercised here
    assert len(store_finds()) == 1, store_finds()
    assert len(queries()) == len(shapes), queries()


def test_the_check_recognises_a_query_that_scans(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/n.db", DOCUMENTS, service="notifications")
    assert isinstance(store, SQLiteStore)
    due = due_query(NOW)
    assert unindexed(store, NotificationCase, due.where, due.order_by) is None
    # the same filter ordered by id walks the whole id index: refused
    assert "SCAN" in (unindexed(store, NotificationCase, due.where, "id") or "")
    rows = store._db().execute("EXPLAIN QUERY PLAN SELECT doc FROM cases WHERE rev = 3")
    assert [r[-1] for r in rows] == ["SCAN cases"]


def test_the_source_check_sees_the_queries() -> None:
    assert store_finds() and all(s.startswith("queries.py:") for s in store_finds())
    assert len(queries()) >= 2 and all(s.startswith("queries.py:") for s in queries())
