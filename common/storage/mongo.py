"""The cluster engine: MongoDB (a replica set). The documents are mongoengine's (their
fields, indexes and conversion to and from BSON); each store talks to the server through
a pymongo client of its own.

The outbox lives inside each aggregate document (MongoDB writes one document
atomically), so a commit is one ``replace_one`` guarded by the revision; clearing the
outbox is a ``$pull``. Queries go through mongoengine's query sets on the declared
indexes, which `ensure_indexes` creates at start-up.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import MongoClient, ReplaceOne, ReturnDocument
from pymongo.errors import DuplicateKeyError

from common.bus import Outgoing
from common.storage import documents as dm
from common.storage.contract import (
    COMMIT_LEASE_S,
    ID,
    ConcurrencyConflict,
    index_paths,
    parse_order,
    parse_where,
    stored_names,
)
from common.storage.engine import Engine


class MongoStore(Engine):
    def __init__(self, url: str, db: str, documents: list[type], *, service: str):
        self.service = service
        self.operations: dict[str, int] = {}
        self._docs = set(documents)
        # A client of its own (not mongoengine's registry of connections by alias), so
        # two stores of one service in one process (a CLI check beside a running service,
        # a store copy) never close each other's connection.
        self._client: MongoClient = MongoClient(
            url, uuidRepresentation="standard", tz_aware=True, serverSelectionTimeoutMS=10_000
        )
        self._db = self._client[db]
        for cls in documents:
            self._coll(cls).create_index("outbox_pending")
            for path in index_paths(cls):
                self._coll(cls).create_index(path)

    def _coll(self, cls: type) -> Any:
        if cls not in self._docs:
            raise LookupError(f"{cls.__name__} is not one of this store's documents")
        from common.storage.contract import collection_name

        return self._db[collection_name(cls)]

    def get(self, cls: type, key: Any) -> Any:
        self._count("get")
        son = self._coll(cls).find_one({ID: key})
        return dm.from_son(cls, son) if son else None

    def _find(
        self, cls: type, where: dict[str, Any] | None, order_by: str, limit: int | None
    ) -> list[Any]:
        return [dm.from_son(cls, s) for s in self._cursor(cls, where, order_by, limit, None)]

    def _cursor(
        self,
        cls: type,
        where: dict[str, Any] | None,
        order_by: str,
        limit: int | None,
        projection: dict[str, int] | None,
    ) -> Any:
        paths = index_paths(cls)
        conds = parse_where(where or {}, paths, cls.__name__)
        path, desc = parse_order(order_by, paths, cls.__name__)
        filt: dict[str, Any] = {}
        for c in conds:
            field = cls._fields.get("id" if c.path == ID else c.path)  # type: ignore[attr-defined]

            def raw(v: Any, field: Any = field) -> Any:
                return field.to_mongo(v) if field is not None and v is not None else v

            value = [raw(v) for v in c.value] if c.op == "in" else raw(c.value)
            filt.setdefault(c.path, {})[f"${c.op}"] = value
        self._count("find")
        direction = -1 if desc else 1
        cursor = self._coll(cls).find(filt, projection).sort([(path, direction), (ID, direction)])
        if limit is not None:
            cursor = cursor.limit(int(limit))
        return cursor

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
        return [
            {n: d[n] for n in names if n in d}
            for d in self._cursor(cls, where, order_by, limit, {n: 1 for n in names})
        ]

    def commit(self, doc: Any, *, message_id: str | None, emit: list[Outgoing]) -> None:
        expected = dm.prepare_commit(doc, message_id)
        doc.outbox = list(doc.outbox) + [m.to_doc() for m in emit]
        doc.outbox_pending = bool(doc.outbox)
        if emit:  # leased to this committer, who publishes at once (COMMIT_LEASE_S)
            doc.relay_lease_until = datetime.now(UTC) + timedelta(seconds=COMMIT_LEASE_S)
        son = dm.to_son(doc)
        self._count("commit")
        try:
            if expected == 0:
                self._coll(type(doc)).insert_one(son)
                return
            result = self._coll(type(doc)).replace_one({ID: son[ID], "rev": expected}, son)
        except DuplicateKeyError as exc:
            doc.rev = expected
            raise ConcurrencyConflict(str(exc)) from exc
        if result.matched_count != 1:
            doc.rev = expected
            raise ConcurrencyConflict(f"{type(doc).__name__} {son[ID]} changed under us")

    def insert(self, doc: Any) -> None:
        self._count("insert")
        try:
            self._coll(type(doc)).insert_one(dm.to_son(doc))
        except DuplicateKeyError as exc:
            raise ConcurrencyConflict(str(exc)) from exc

    def next_number(self, series: str, count: int = 1) -> int:
        self._count("next_number")
        doc = self._db["reference_counters"].find_one_and_update(
            {ID: series}, {"$inc": {"seq": count}}, upsert=True,
            return_document=ReturnDocument.AFTER,
        )  # fmt: skip
        return int(doc["seq"]) - count + 1

    def clear_outbox(self, cls: type, key: Any, message_ids: list[str]) -> None:
        if not message_ids:
            return
        self._count("clear_outbox")
        coll = self._coll(cls)
        # The revision moves, so a writer holding the pre-publish outbox reloads.
        coll.update_one(
            {ID: key},
            {"$pull": {"outbox": {"message_id": {"$in": message_ids}}}, "$inc": {"rev": 1},
             "$unset": {"relay_lease_until": ""}},
        )  # fmt: skip
        coll.update_one({ID: key, "outbox": {"$size": 0}}, {"$set": {"outbox_pending": False}})

    def release_outbox(self, cls: type, key: Any) -> None:
        self._count("release_outbox")
        self._coll(cls).update_one({ID: key}, {"$unset": {"relay_lease_until": ""}})

    def pending_outboxes(self, cls: type, older_than: datetime) -> list[Any]:
        self._count("pending_outboxes")
        return [d[ID] for d in self._coll(cls).find({"outbox_pending": True}, {ID: 1})]

    def claim_outbox(self, cls: type, key: Any, lease_s: float) -> list[Outgoing]:
        self._count("claim_outbox")
        coll = self._coll(cls)
        doc = coll.find_one({ID: key}, {"outbox": 1, "rev": 1, "relay_lease_until": 1})
        if not doc or not doc.get("outbox"):
            return []
        now = datetime.now(UTC)
        lease = doc.get("relay_lease_until")
        if lease is not None and (lease if lease.tzinfo else lease.replace(tzinfo=UTC)) > now:
            return []
        result = coll.update_one(
            {ID: key, "rev": doc["rev"]},
            {"$set": {"relay_lease_until": now + timedelta(seconds=lease_s)}, "$inc": {"rev": 1}},
        )
        if result.modified_count != 1:
            return []
        return [Outgoing.from_doc(d) for d in doc["outbox"]]

    def outbox_backlog(self) -> int:
        """Messages waiting in every outbox: the sizes of the outboxes of the documents
        marked pending (on the ``outbox_pending`` index), added up in the server. Not a
        counted operation: monitoring reads it at scrape time."""
        total = 0
        for cls in self._docs:
            if "outbox_pending" not in cls._fields:  # type: ignore[attr-defined]
                continue  # append-only records have no outbox
            rows = self._coll(cls).aggregate(
                [
                    {"$match": {"outbox_pending": True}},
                    {"$group": {ID: None, "n": {"$sum": {"$size": "$outbox"}}}},
                ]
            )
            total += sum(int(row["n"]) for row in rows)
        return total

    def count(self, cls: type) -> int:
        self._count("count")
        return int(self._coll(cls).count_documents({}))

    def outbox_of(self, cls: type, key: Any) -> list[Outgoing]:
        self._count("outbox_of")
        doc = self._coll(cls).find_one({ID: key}, {"outbox": 1})
        return [Outgoing.from_doc(d) for d in (doc or {}).get("outbox") or []]

    def restore_many(self, items: list[tuple[Any, list[Outgoing]]]) -> None:
        by_class: dict[type, list[Any]] = {}
        for doc, outbox in items:
            dm.set_outbox(doc, outbox)
            son = dm.to_son(doc)
            by_class.setdefault(type(doc), []).append(ReplaceOne({ID: son[ID]}, son, upsert=True))
        self._count("restore")
        for cls, ops in by_class.items():
            self._coll(cls).bulk_write(ops, ordered=False)

    def counters(self) -> dict[str, int]:
        return {d[ID]: int(d["seq"]) for d in self._db["reference_counters"].find()}

    def restore_counter(self, series: str, seq: int) -> None:
        self._db["reference_counters"].update_one({ID: series}, {"$max": {"seq": seq}}, upsert=True)

    def close(self) -> None:
        self._client.close()
