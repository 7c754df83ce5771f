"""The in-memory engine: the same contract in a process's memory, for unit tests of the
services' handlers in milliseconds. Documents are kept as BSON bytes, so a caller never
shares an object with the store (as with a real engine)."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

import bson

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


class MemoryStore(Engine):
    def __init__(self, documents: list[type], *, service: str = ""):
        self.service = service
        self.operations: dict[str, int] = {}
        self._docs = set(documents)
        self._data: dict[str, dict[Any, tuple[int, bytes]]] = {}
        self._outbox: list[dict[str, Any]] = []
        self._counters: dict[str, int] = {}
        self._lock = threading.Lock()

    def _table(self, cls: type) -> dict[Any, tuple[int, bytes]]:
        if cls not in self._docs:
            raise LookupError(f"{cls.__name__} is not one of this store's documents")
        return self._data.setdefault(collection_name(cls), {})

    def get(self, cls: type, key: Any) -> Any:
        self._count("get")
        with self._lock:
            found = self._table(cls).get(dm.norm(key))
        return dm.decode(cls, found[1]) if found else None

    def _find(
        self, cls: type, where: dict[str, Any] | None, order_by: str, limit: int | None
    ) -> list[Any]:
        paths = index_paths(cls)
        conds = [(c, dm.query_value(cls, c)) for c in parse_where(where or {}, paths, cls.__name__)]
        path, desc = parse_order(order_by, paths, cls.__name__)
        self._count("find")
        with self._lock:
            sons = [
                bson.decode(data, codec_options=dm.CODEC) for _, data in self._table(cls).values()
            ]
        hits = [
            s for s in sons if all(dm.matches(dm.values_at(s, c.path), c.op, v) for c, v in conds)
        ]

        def sort_key(son: dict[str, Any]) -> tuple[Any, ...]:
            value = dm.values_at(son, path)[0]
            return (value is not None, value if value is not None else 0, dm.norm(son[ID]))

        hits.sort(key=sort_key, reverse=desc)
        return [dm.from_son(cls, s) for s in hits[:limit]]

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
        docs = self.find(cls, where, order_by=order_by, limit=limit)
        return [dm.pick(dm.encode(dm.to_son(d)), names) for d in docs]

    def commit(self, doc: Any, *, message_id: str | None, emit: list[Outgoing]) -> None:
        expected = dm.prepare_commit(doc, message_id)
        son = dm.to_son(doc)
        key = dm.norm(son[ID])
        self._count("commit")
        with self._lock:
            table = self._table(type(doc))
            current = table.get(key)
            if (current[0] if current else 0) != expected:
                doc.rev = expected
                raise ConcurrencyConflict(f"{type(doc).__name__} {key} changed under us")
            table[key] = (doc.rev, dm.encode(son))
            now = time.time()
            self._add_outbox(type(doc), key, emit, now, lease_until=now + COMMIT_LEASE_S)

    def _add_outbox(
        self, cls: type, key: Any, emit: list[Outgoing], now: float, *, lease_until: float | None
    ) -> None:
        """Append outbox rows (the caller holds the lock)."""
        self._outbox += [
            {"coll": collection_name(cls), "key": key, "message_id": mid, "body": body,
             "created": now, "lease_until": lease_until}
            for mid, body in dm.outbox_rows(emit)
        ]  # fmt: skip

    def insert(self, doc: Any) -> None:
        son = dm.to_son(doc)
        key = dm.norm(son[ID])
        self._count("insert")
        with self._lock:
            table = self._table(type(doc))
            if key in table:
                raise ConcurrencyConflict(f"{type(doc).__name__} {key} exists already")
            table[key] = (0, dm.encode(son))

    def next_number(self, series: str, count: int = 1) -> int:
        self._count("next_number")
        with self._lock:
            self._counters[series] = self._counters.get(series, 0) + count
            return self._counters[series] - count + 1

    def clear_outbox(self, cls: type, key: Any, message_ids: list[str]) -> None:
        if not message_ids:
            return
        self._count("clear_outbox")
        coll, key, ids = collection_name(cls), dm.norm(key), set(message_ids)
        with self._lock:
            self._outbox = [
                r for r in self._outbox
                if not (r["coll"] == coll and r["key"] == key and r["message_id"] in ids)
            ]  # fmt: skip

    def release_outbox(self, cls: type, key: Any) -> None:
        self._count("release_outbox")
        coll, key = collection_name(cls), dm.norm(key)
        with self._lock:
            for r in self._outbox:
                if (r["coll"], r["key"]) == (coll, key):
                    r["lease_until"] = None

    def pending_outboxes(self, cls: type, older_than: datetime) -> list[Any]:
        self._count("pending_outboxes")
        coll, cut = collection_name(cls), older_than.timestamp()
        with self._lock:
            keys = [r["key"] for r in self._outbox if r["coll"] == coll and r["created"] < cut]
        return list(dict.fromkeys(keys))

    def claim_outbox(self, cls: type, key: Any, lease_s: float) -> list[Outgoing]:
        self._count("claim_outbox")
        coll, key, now = collection_name(cls), dm.norm(key), time.time()
        out = []
        with self._lock:
            for r in self._outbox:
                if r["coll"] == coll and r["key"] == key and (r["lease_until"] or 0) < now:
                    r["lease_until"] = now + lease_s
                    out.append(dm.outgoing(r["body"]))
        return out

    def outbox_backlog(self) -> int:
        """Messages waiting in every outbox (not a counted operation: monitoring)."""
        with self._lock:
            return len(self._outbox)

    def count(self, cls: type) -> int:
        self._count("count")
        with self._lock:
            return len(self._table(cls))

    def outbox_of(self, cls: type, key: Any) -> list[Outgoing]:
        self._count("outbox_of")
        coll, key = collection_name(cls), dm.norm(key)
        with self._lock:
            return [
                dm.outgoing(r["body"]) for r in self._outbox if (r["coll"], r["key"]) == (coll, key)
            ]

    def restore_many(self, items: list[tuple[Any, list[Outgoing]]]) -> None:
        self._count("restore")
        with self._lock:
            now = time.time()
            for doc, outbox in items:
                dm.set_outbox(doc, [])
                son = dm.to_son(doc)
                key, coll = dm.norm(son[ID]), collection_name(type(doc))
                self._table(type(doc))[key] = (int(son.get("rev") or 0), dm.encode(son))
                self._outbox = [r for r in self._outbox if (r["coll"], r["key"]) != (coll, key)]
                self._add_outbox(type(doc), key, outbox, now, lease_until=None)

    def counters(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counters)

    def restore_counter(self, series: str, seq: int) -> None:
        with self._lock:
            self._counters[series] = max(self._counters.get(series, 0), seq)

    def close(self) -> None:
        pass
