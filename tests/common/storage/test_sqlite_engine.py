"""SQLite specifics: every query on an index, durable settings, files shared by processes,
and indexes declared later filled from the documents already stored."""

from __future__ import annotations

import multiprocessing
from datetime import date

from common.storage import open_store
from common.storage.sqlite import SQLiteStore
from tests.common.storage.test_store_contract import DOCS, Case, Entry, make

QUERIES = [
    (Case, {"procedure": "dso"}, "id"),
    (Case, {"procedure": "dso", "id__gt": "K/3"}, "id"),
    (Case, {"next_due__lte": date(2026, 12, 3)}, "next_due"),
    (Case, {"breached": True}, "id"),
    (Case, {"complainant__name": "x"}, "id"),
    (Case, {"stages__started_on__gte": "2026-01-01"}, "id"),
    (Case, {"id__in": ["a", "b"]}, "id"),
    (Entry, {"refs": "A/1"}, "at"),
]


def test_every_query_is_answered_by_an_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path}/x.db", DOCS, service="t")
    assert isinstance(store, SQLiteStore)
    for cls, where, order in QUERIES:
        plan = " | ".join(store.explain(cls, where, order_by=order))
        assert "USING" in plan and "SCAN " + cls._meta["collection"] + " " not in plan + " ", (
            where,
            plan,
        )
    # The control: a plan that scans is recognised as one.
    db = store._db()
    rows = db.execute("EXPLAIN QUERY PLAN SELECT doc FROM cases WHERE rev = 3").fetchall()
    assert "SCAN" in rows[0][-1]


def test_durable_wal_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path}/x.db", DOCS, service="t")
    db = store._db()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def _writer(path: str, tag: str) -> None:
    from common.storage import ConcurrencyConflict

    store = open_store(f"sqlite:///{path}", DOCS, service="t")
    for i in range(15):
        while True:
            doc = store.get(Case, "P/1")
            doc.notes = (doc.notes or "") + f"{tag}{i},"
            try:
                store.commit(doc, message_id=f"{tag}{i}", emit=[])
                break
            except ConcurrencyConflict:
                continue


def test_several_processes_share_one_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = f"{tmp_path}/shared.db"
    store = open_store(f"sqlite:///{path}", DOCS, service="t")
    store.commit(make("P/1", notes=""), message_id=None, emit=[])
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, t)) for t in "ab"]
    [p.start() for p in procs]
    [p.join(60) for p in procs]
    assert [p.exitcode for p in procs] == [0, 0]
    notes = store.get(Case, "P/1").notes.strip(",").split(",")
    assert sorted(notes) == sorted(f"{t}{i}" for t in "ab" for i in range(15))


def test_an_index_declared_later_is_filled(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/x.db"
    before = open_store(url, DOCS, service="t")
    before.commit(make("L/1", procedure="dso", notes="kept"), message_id=None, emit=[])
    before.close()
    Case._meta["indexes"] = [*Case._meta["indexes"], "notes"]
    try:
        after = open_store(url, DOCS, service="t")
        assert [d.id for d in after.find(Case, {"notes": "kept"})] == ["L/1"]
    finally:
        Case._meta["indexes"] = [i for i in Case._meta["indexes"] if i != "notes"]


def test_index_columns_come_before_the_document(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = SQLiteStore(tmp_path / "s.db", DOCS, service="t")
    columns = [row[1] for row in store._db().execute("PRAGMA table_info(cases)")]
    assert columns[:2] == ["id", "rev"] and columns[-1] == "doc"
    assert {"ix_procedure", "ix_next_due"} <= set(columns[2:-1])
