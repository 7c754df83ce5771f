"""The default engine on one machine: SQLite, one database file per service.

Each collection is a table ``(id UNIQUE, rev, ix_..., doc BLOB)`` holding the document as
BSON after one column per declared scalar index (``ix_<path>``, indexed together with ``id``
so that a filter plus keyset paging is one range scan) and one side table per
multi-valued index (``<collection>__<path>(value, id)``). The outbox is its own table,
written in the same transaction as the document, so clearing it after the broker's
confirm never conflicts with a handler's next write.

WAL journal, ``synchronous=FULL`` (a commit is on disk before the message is acked),
``BEGIN IMMEDIATE`` for writes and a busy timeout, so several processes of one service
can share the file. Connections are per thread (the services call through worker
threads). The standard library's ``sqlite3`` is used: it is all this needs, and SQLite
3.40's expression-free schema keeps every query plan visible (`explain`).

The tables and the SQL that reads them are in `common.storage.sqlite_tables`; this module
holds the store: connections, transactions, and the `Store` contract on them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from common.bus import Outgoing
from common.storage import documents as dm
from common.storage.contract import COMMIT_LEASE_S, ID, ConcurrencyConflict, stored_names
from common.storage.engine import Engine
from common.storage.sqlite_tables import Layout, create_tables, quote, select_sql, write_indexes


class SQLiteStore(Engine):
    """`Store` on one SQLite file (see module docstring)."""

    def __init__(self, path: str | Path, documents: list[type], *, service: str = ""):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.service = service
        self.operations: dict[str, int] = {}
        self._local = threading.local()
        # One writer at a time within the process: threads queue on this lock instead of
        # polling SQLite's busy handler, which sleeps in growing steps (up to 100 ms).
        # Other processes sharing the file still meet the busy timeout.
        self._writer = threading.Lock()
        self._layouts = {cls: Layout(cls) for cls in documents}
        with self._write() as db:
            create_tables(db, list(self._layouts.values()))

    # -- plumbing -----------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        with self._writer:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _layout(self, cls: type) -> Layout:
        layout = self._layouts.get(cls)
        if layout is None:
            raise LookupError(f"{cls.__name__} is not one of this store's documents")
        return layout

    # -- the contract -------------------------------------------------------------
    def get(self, cls: type, key: Any) -> Any:
        lay = self._layout(cls)
        self._count("get")
        row = (
            self._db()
            .execute(f"SELECT doc FROM {quote(lay.table)} WHERE id = ?", (dm.norm(key),))
            .fetchone()
        )
        return dm.decode(cls, row[0]) if row else None

    def _find(
        self, cls: type, where: dict[str, Any] | None, order_by: str, limit: int | None
    ) -> list[Any]:
        sql, args = select_sql(self._layout(cls), where, order_by, limit)
        self._count("find")
        return [dm.decode(cls, row[0]) for row in self._db().execute(sql, args)]

    def find_fields(
        self,
        cls: type,
        where: dict[str, Any] | None,
        fields: list[str],
        *,
        order_by: str = "id",
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        names = stored_names(cls, fields)
        sql, args = select_sql(self._layout(cls), where, order_by, limit)
        self._count("find")
        return [dm.pick(row[0], names) for row in self._db().execute(sql, args)]

    def explain(
        self, cls: type, where: dict[str, Any] | None = None, *, order_by: str = "id"
    ) -> list[str]:
        """SQLite's plan for a `find` (tests assert every service query uses an index)."""
        sql, args = select_sql(self._layout(cls), where, order_by, None)
        return [row[-1] for row in self._db().execute("EXPLAIN QUERY PLAN " + sql, args)]

    def commit(self, doc: Any, *, message_id: str | None, emit: list[Outgoing]) -> None:
        lay = self._layout(type(doc))
        expected = dm.prepare_commit(doc, message_id)
        son = dm.to_son(doc)
        key = dm.norm(son[ID])
        self._count("commit")
        try:
            with self._write() as db:
                if expected == 0:
                    db.execute(
                        f"INSERT INTO {quote(lay.table)} (id, rev, doc) VALUES (?, ?, ?)",
                        (key, doc.rev, dm.encode(son)),
                    )
                else:
                    cur = db.execute(
                        f"UPDATE {quote(lay.table)} SET rev = ?, doc = ? WHERE id = ? AND rev = ?",
                        (doc.rev, dm.encode(son), key, expected),
                    )
                    if cur.rowcount != 1:
                        raise ConcurrencyConflict(f"{lay.cls.__name__} {key} changed under us")
                write_indexes(db, lay, key, son, fresh=expected == 0)
                now = time.time()
                db.executemany(
                    "INSERT INTO _outbox (coll, key, message_id, body, created, lease_until)"
                    " VALUES (?,?,?,?,?,?)",
                    [
                        (lay.table, key, mid, body, now, now + COMMIT_LEASE_S)
                        for mid, body in dm.outbox_rows(emit)
                    ],
                )
        except sqlite3.IntegrityError as exc:
            doc.rev = expected
            raise ConcurrencyConflict(f"{lay.cls.__name__} {key} exists already") from exc
        except ConcurrencyConflict:
            doc.rev = expected
            raise

    def insert(self, doc: Any) -> None:
        lay = self._layout(type(doc))
        son = dm.to_son(doc)
        key = dm.norm(son[ID])
        self._count("insert")
        try:
            with self._write() as db:
                db.execute(
                    f"INSERT INTO {quote(lay.table)} (id, rev, doc) VALUES (?, 0, ?)",
                    (key, dm.encode(son)),
                )
                write_indexes(db, lay, key, son, fresh=True)
        except sqlite3.IntegrityError as exc:
            raise ConcurrencyConflict(f"{lay.cls.__name__} {key} exists already") from exc

    def next_number(self, series: str, count: int = 1) -> int:
        self._count("next_number")
        with self._write() as db:
            row = db.execute(
                "INSERT INTO _counters (series, seq) VALUES (?, ?)"
                " ON CONFLICT(series) DO UPDATE SET seq = seq + excluded.seq RETURNING seq",
                (series, count),
            ).fetchone()
        return int(row[0]) - count + 1

    def clear_outbox(self, cls: type, key: Any, message_ids: list[str]) -> None:
        if not message_ids:
            return
        self._count("clear_outbox")
        with self._write() as db:
            db.execute(
                "DELETE FROM _outbox WHERE coll = ? AND key = ? AND message_id IN"
                f" ({', '.join('?' * len(message_ids))})",
                [self._layout(cls).table, dm.norm(key), *message_ids],
            )

    def release_outbox(self, cls: type, key: Any) -> None:
        """Give up the lease on ``key``'s outbox (publishing failed): anyone may send it."""
        self._count("release_outbox")
        with self._write() as db:
            db.execute(
                "UPDATE _outbox SET lease_until = NULL WHERE coll = ? AND key = ?",
                (self._layout(cls).table, dm.norm(key)),
            )

    def pending_outboxes(self, cls: type, older_than: datetime) -> list[Any]:
        self._count("pending_outboxes")
        rows = self._db().execute(
            "SELECT DISTINCT key FROM _outbox WHERE created < ? AND coll = ?",
            (older_than.timestamp(), self._layout(cls).table),
        )
        return [row[0] for row in rows]

    def claim_outbox(self, cls: type, key: Any, lease_s: float) -> list[Outgoing]:
        self._count("claim_outbox")
        now = time.time()
        with self._write() as db:
            rows = db.execute(
                "UPDATE _outbox SET lease_until = ? WHERE coll = ? AND key = ?"
                " AND (lease_until IS NULL OR lease_until < ?) RETURNING seq, body",
                (now + lease_s, self._layout(cls).table, dm.norm(key), now),
            ).fetchall()
        return [dm.outgoing(body) for _, body in sorted(rows)]

    def outbox_backlog(self) -> int:
        """Messages waiting in every outbox: a count over the outbox's own table (its
        rows are the backlog, read from its smallest index). Monitoring reads it at
        scrape time, so it is not one of the counted `operations`."""
        return int(self._db().execute("SELECT COUNT(*) FROM _outbox").fetchone()[0])

    def probe_write(self, timeout_s: float) -> None:
        """Take the write lock and let it go (``BEGIN IMMEDIATE``; ``ROLLBACK``: nothing
        written, nothing synced), waiting at most ``timeout_s`` for it: raises
        `sqlite3.OperationalError` ("database is locked") while another process holds
        the file locked, though reads still answer (WAL). On a connection of its own, so
        it neither waits behind nor blocks this process's writers."""
        db = sqlite3.connect(self.path, timeout=timeout_s, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
        finally:
            db.close()

    # -- moving between engines ---------------------------------------------------
    def count(self, cls: type) -> int:
        self._count("count")
        return int(
            self._db()
            .execute(f"SELECT COUNT(*) FROM {quote(self._layout(cls).table)}")
            .fetchone()[0]
        )

    def outbox_of(self, cls: type, key: Any) -> list[Outgoing]:
        self._count("outbox_of")
        rows = self._db().execute(
            "SELECT body FROM _outbox WHERE coll = ? AND key = ? ORDER BY seq",
            (self._layout(cls).table, dm.norm(key)),
        )
        return [dm.outgoing(body) for (body,) in rows]

    def restore_many(self, items: list[tuple[Any, list[Outgoing]]]) -> None:
        """`restore` each of ``items`` in one transaction (bulk copies and loads)."""
        self._count("restore")
        with self._write() as db:
            now = time.time()
            for doc, outbox in items:
                lay = self._layout(type(doc))
                dm.set_outbox(doc, [])
                son = dm.to_son(doc)
                key = dm.norm(son[ID])
                db.execute(
                    f"INSERT INTO {quote(lay.table)} (id, rev, doc) VALUES (?, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET rev = excluded.rev, doc = excluded.doc",
                    (key, int(son.get("rev") or 0), dm.encode(son)),
                )
                write_indexes(db, lay, key, son)
                db.execute("DELETE FROM _outbox WHERE coll = ? AND key = ?", (lay.table, key))
                db.executemany(
                    "INSERT INTO _outbox (coll, key, message_id, body, created) VALUES (?,?,?,?,?)",
                    [(lay.table, key, mid, body, now) for mid, body in dm.outbox_rows(outbox)],
                )

    def counters(self) -> dict[str, int]:
        return dict(self._db().execute("SELECT series, seq FROM _counters").fetchall())

    def restore_counter(self, series: str, seq: int) -> None:
        """Never lowers a counter: a number once given is never given again."""
        with self._write() as db:
            db.execute(
                "INSERT INTO _counters (series, seq) VALUES (?, ?)"
                " ON CONFLICT(series) DO UPDATE SET seq = max(seq, excluded.seq)",
                (series, seq),
            )

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
