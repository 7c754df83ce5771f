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
from common.storage.contract import (
    COMMIT_LEASE_S,
    ID,
    ConcurrencyConflict,
    collection_name,
    index_paths,
    parse_order,
    parse_where,
    stored_names,
)
from common.storage.engine import Engine

SQL_OPS = {"eq": "=", "ne": "IS NOT", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def _col(path: str) -> str:
    return "ix_" + path.replace(".", "__")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Layout:
    """How one document class is laid out in tables."""

    def __init__(self, cls: type):
        self.cls, self.table = cls, collection_name(cls)
        self.paths = index_paths(cls)
        self.multi = {p for p in self.paths if self._is_multi(p)}
        self.scalar = [p for p in self.paths if p not in self.multi]

    def _is_multi(self, path: str) -> bool:
        import mongoengine as me

        field = self.cls._fields.get(path.split(".")[0])  # type: ignore[attr-defined]
        return isinstance(field, me.ListField)

    def side(self, path: str) -> str:
        return f"{self.table}__{path.replace('.', '__')}"


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
        self._layouts = {cls: _Layout(cls) for cls in documents}
        with self._write() as db:
            self._create(db)

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

    def _layout(self, cls: type) -> _Layout:
        layout = self._layouts.get(cls)
        if layout is None:
            raise LookupError(f"{cls.__name__} is not one of this store's documents")
        return layout

    def _create(self, db: sqlite3.Connection) -> None:
        db.execute(
            "CREATE TABLE IF NOT EXISTS _outbox (seq INTEGER PRIMARY KEY, coll TEXT NOT NULL,"
            " key NOT NULL, message_id TEXT NOT NULL, body BLOB NOT NULL, created REAL NOT NULL,"
            " lease_until REAL)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS _outbox_key ON _outbox(coll, key)")
        db.execute("CREATE INDEX IF NOT EXISTS _outbox_created ON _outbox(created)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS _counters (series TEXT PRIMARY KEY, seq INTEGER NOT NULL)"
        )
        for lay in self._layouts.values():
            t = _q(lay.table)
            # The index columns come before the document: a filter on one of them reads
            # the start of each row, not the document's overflow pages behind it.
            ix_cols = "".join(f"{_q(_col(p))}, " for p in lay.scalar)
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {t} (id NOT NULL UNIQUE, rev INTEGER NOT NULL,"
                f" {ix_cols}doc BLOB NOT NULL)"
            )
            have = {row[1] for row in db.execute(f"PRAGMA table_info({t})")}
            added = [p for p in lay.scalar if _col(p) not in have]
            for path in added:
                db.execute(f"ALTER TABLE {t} ADD COLUMN {_q(_col(path))}")
            for path in lay.scalar:
                ix = _q(f"{lay.table}_{_col(path)}")
                db.execute(f"CREATE INDEX IF NOT EXISTS {ix} ON {t}({_q(_col(path))}, id)")
            new_sides = []
            for path in lay.multi:
                side = _q(lay.side(path))
                exists = db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (lay.side(path),)
                ).fetchone()
                if not exists:
                    new_sides.append(path)
                db.execute(f"CREATE TABLE IF NOT EXISTS {side} (value, id NOT NULL)")
                db.execute(
                    f"CREATE INDEX IF NOT EXISTS {_q(lay.side(path) + '_v')} ON {side}(value, id)"
                )
                db.execute(f"CREATE INDEX IF NOT EXISTS {_q(lay.side(path) + '_i')} ON {side}(id)")
            if added or new_sides:  # an index declared later: fill it from the documents
                for key, data in db.execute(f"SELECT id, doc FROM {t}").fetchall():
                    self._write_indexes(db, lay, key, dm.decode(lay.cls, data).to_mongo())

    def _write_indexes(
        self, db: sqlite3.Connection, lay: _Layout, key: Any, son: Any, *, fresh: bool = False
    ) -> None:
        if lay.scalar:
            sets = ", ".join(f"{_q(_col(p))} = ?" for p in lay.scalar)
            db.execute(
                f"UPDATE {_q(lay.table)} SET {sets} WHERE id = ?",
                [dm.values_at(son, p)[0] for p in lay.scalar] + [key],
            )
        for path in lay.multi:
            side = _q(lay.side(path))
            if not fresh:
                db.execute(f"DELETE FROM {side} WHERE id = ?", (key,))
            db.executemany(
                f"INSERT INTO {side} (value, id) VALUES (?, ?)",
                [(v, key) for v in dict.fromkeys(dm.values_at(son, path))],
            )

    # -- the contract -------------------------------------------------------------
    def get(self, cls: type, key: Any) -> Any:
        lay = self._layout(cls)
        self._count("get")
        row = (
            self._db()
            .execute(f"SELECT doc FROM {_q(lay.table)} WHERE id = ?", (dm.norm(key),))
            .fetchone()
        )
        return dm.decode(cls, row[0]) if row else None

    def _select(
        self, cls: type, where: dict[str, Any] | None, order_by: str, limit: int | None
    ) -> tuple[str, list[Any]]:
        lay = self._layout(cls)
        conds = parse_where(where or {}, lay.paths, cls.__name__)
        clauses, args = [], []
        for cond in conds:
            value = dm.query_value(cls, cond)
            if cond.path in lay.multi:
                side = _q(lay.side(cond.path))
                if cond.op == "ne":
                    clauses.append(f"id NOT IN (SELECT id FROM {side} WHERE value IS ?)")
                    args.append(value)
                    continue
                inner, inner_args = self._compare("value", cond.op, value)
                clauses.append(f"id IN (SELECT id FROM {side} WHERE {inner})")
                args += inner_args
            else:
                sql, more = self._compare(
                    "id" if cond.path == ID else _q(_col(cond.path)), cond.op, value
                )
                clauses.append(sql)
                args += more
        path, desc = parse_order(order_by, lay.scalar, cls.__name__)
        column = "id" if path == ID else _q(_col(path))
        sql = f"SELECT doc FROM {_q(lay.table)}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        direction = " DESC" if desc else ""
        sql += f" ORDER BY {column}{direction}" + (f", id{direction}" if path != ID else "")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return sql, args

    @staticmethod
    def _compare(column: str, op: str, value: Any) -> tuple[str, list[Any]]:
        if op == "in":
            if not value:
                return "0", []
            return f"{column} IN ({', '.join('?' * len(value))})", list(value)
        if value is None:
            return (f"{column} IS NULL" if op == "eq" else f"{column} IS NOT NULL"), []
        if op == "ne":
            return f"({column} IS NULL OR {column} != ?)", [value]
        return f"{column} {SQL_OPS[op]} ?", [value]

    def _find(
        self, cls: type, where: dict[str, Any] | None, order_by: str, limit: int | None
    ) -> list[Any]:
        sql, args = self._select(cls, where, order_by, limit)
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
        sql, args = self._select(cls, where, order_by, limit)
        self._count("find")
        return [dm.pick(row[0], names) for row in self._db().execute(sql, args)]

    def explain(
        self, cls: type, where: dict[str, Any] | None = None, *, order_by: str = "id"
    ) -> list[str]:
        """SQLite's plan for a `find` (tests assert every service query uses an index)."""
        sql, args = self._select(cls, where, order_by, None)
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
                        f"INSERT INTO {_q(lay.table)} (id, rev, doc) VALUES (?, ?, ?)",
                        (key, doc.rev, dm.encode(son)),
                    )
                else:
                    cur = db.execute(
                        f"UPDATE {_q(lay.table)} SET rev = ?, doc = ? WHERE id = ? AND rev = ?",
                        (doc.rev, dm.encode(son), key, expected),
                    )
                    if cur.rowcount != 1:
                        raise ConcurrencyConflict(f"{lay.cls.__name__} {key} changed under us")
                self._write_indexes(db, lay, key, son, fresh=expected == 0)
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
                    f"INSERT INTO {_q(lay.table)} (id, rev, doc) VALUES (?, 0, ?)",
                    (key, dm.encode(son)),
                )
                self._write_indexes(db, lay, key, son, fresh=True)
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
            self._db().execute(f"SELECT COUNT(*) FROM {_q(self._layout(cls).table)}").fetchone()[0]
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
                    f"INSERT INTO {_q(lay.table)} (id, rev, doc) VALUES (?, ?, ?) ON CONFLICT(id)"
                    " DO UPDATE SET rev = excluded.rev, doc = excluded.doc",
                    (key, int(son.get("rev") or 0), dm.encode(son)),
                )
                self._write_indexes(db, lay, key, son)
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
