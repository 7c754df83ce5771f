"""How the SQLite engine lays documents out in tables, and the SQL it reads them with.

`Layout`: one document class's table (``id``, ``rev``, one ``ix_<path>`` column per
declared scalar index, the BSON ``doc``) and its side tables, one per multi-valued index
(``<collection>__<path>(value, id)``). `create_tables` creates them (and the outbox and
counters), adding an index declared later and filling it from the documents;
`write_indexes` keeps a document's index columns and side rows in step with it;
`select_sql` turns a `find` (filter, order, limit) into one SELECT over those indexes.
The store itself is `common.storage.sqlite.SQLiteStore`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from common.storage import documents as dm
from common.storage.contract import ID, collection_name, index_paths, parse_order, parse_where

SQL_OPS = {"eq": "=", "ne": "IS NOT", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def _col(path: str) -> str:
    return "ix_" + path.replace(".", "__")


def quote(name: str) -> str:
    """``name`` as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


class Layout:
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


def create_tables(db: sqlite3.Connection, layouts: list[Layout]) -> None:
    """The outbox, the counters and every layout's tables and indexes (idempotent)."""
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
    for lay in layouts:
        t = quote(lay.table)
        # The index columns come before the document: a filter on one of them reads
        # the start of each row, not the document's overflow pages behind it.
        ix_cols = "".join(f"{quote(_col(p))}, " for p in lay.scalar)
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {t} (id NOT NULL UNIQUE, rev INTEGER NOT NULL,"
            f" {ix_cols}doc BLOB NOT NULL)"
        )
        have = {row[1] for row in db.execute(f"PRAGMA table_info({t})")}
        added = [p for p in lay.scalar if _col(p) not in have]
        for path in added:
            db.execute(f"ALTER TABLE {t} ADD COLUMN {quote(_col(path))}")
        for path in lay.scalar:
            ix = quote(f"{lay.table}_{_col(path)}")
            db.execute(f"CREATE INDEX IF NOT EXISTS {ix} ON {t}({quote(_col(path))}, id)")
        new_sides = []
        for path in lay.multi:
            side = quote(lay.side(path))
            exists = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (lay.side(path),)
            ).fetchone()
            if not exists:
                new_sides.append(path)
            db.execute(f"CREATE TABLE IF NOT EXISTS {side} (value, id NOT NULL)")
            db.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(lay.side(path) + '_v')} ON {side}(value, id)"
            )
            db.execute(f"CREATE INDEX IF NOT EXISTS {quote(lay.side(path) + '_i')} ON {side}(id)")
        if added or new_sides:  # an index declared later: fill it from the documents
            for key, data in db.execute(f"SELECT id, doc FROM {t}").fetchall():
                write_indexes(db, lay, key, dm.decode(lay.cls, data).to_mongo())


def write_indexes(
    db: sqlite3.Connection, lay: Layout, key: Any, son: Any, *, fresh: bool = False
) -> None:
    """The index columns and side rows of the document ``son`` stored under ``key``
    (``fresh``: just inserted, no side rows to clear)."""
    if lay.scalar:
        sets = ", ".join(f"{quote(_col(p))} = ?" for p in lay.scalar)
        db.execute(
            f"UPDATE {quote(lay.table)} SET {sets} WHERE id = ?",
            [dm.values_at(son, p)[0] for p in lay.scalar] + [key],
        )
    for path in lay.multi:
        side = quote(lay.side(path))
        if not fresh:
            db.execute(f"DELETE FROM {side} WHERE id = ?", (key,))
        db.executemany(
            f"INSERT INTO {side} (value, id) VALUES (?, ?)",
            [(v, key) for v in dict.fromkeys(dm.values_at(son, path))],
        )


def select_sql(
    lay: Layout, where: dict[str, Any] | None, order_by: str, limit: int | None
) -> tuple[str, list[Any]]:
    """The SELECT of the ``doc`` column a `find` on ``lay`` runs, and its arguments."""
    cls = lay.cls
    conds = parse_where(where or {}, lay.paths, cls.__name__)
    clauses, args = [], []
    for cond in conds:
        value = dm.query_value(cls, cond)
        if cond.path in lay.multi:
            side = quote(lay.side(cond.path))
            if cond.op == "ne":
                clauses.append(f"id NOT IN (SELECT id FROM {side} WHERE value IS ?)")
                args.append(value)
                continue
            inner, inner_args = compare("value", cond.op, value)
            clauses.append(f"id IN (SELECT id FROM {side} WHERE {inner})")
            args += inner_args
        else:
            sql, more = compare("id" if cond.path == ID else quote(_col(cond.path)), cond.op, value)
            clauses.append(sql)
            args += more
    path, desc = parse_order(order_by, lay.scalar, cls.__name__)
    column = "id" if path == ID else quote(_col(path))
    sql = f"SELECT doc FROM {quote(lay.table)}"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    direction = " DESC" if desc else ""
    sql += f" ORDER BY {column}{direction}" + (f", id{direction}" if path != ID else "")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, args


def compare(column: str, op: str, value: Any) -> tuple[str, list[Any]]:
    """``column`` compared with ``value`` by ``op`` as SQL (None is NULL), and its arguments."""
    if op == "in":
        if not value:
            return "0", []
        return f"{column} IN ({', '.join('?' * len(value))})", list(value)
    if value is None:
        return (f"{column} IS NULL" if op == "eq" else f"{column} IS NOT NULL"), []
    if op == "ne":
        return f"({column} IS NULL OR {column} != ?)", [value]
    return f"{column} {SQL_OPS[op]} ?", [value]
