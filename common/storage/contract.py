"""The store contract every service will keep its state behind (ARCHITECTURE.md, Storage).

A service's aggregates are typed documents (mongoengine `Document` classes used as
schemas: fields, defaults, validation, BSON-compatible values). An engine stores them;
the contract is the same for each engine:

- `get` one aggregate by key, with its revision;
- `commit` its state, the id of the message handled and the messages to emit in ONE
  atomic compare-and-set on the revision (`ConcurrencyConflict` when another writer won);
- `find` by declared indexes only (`UnindexedQuery` otherwise), ordered by an index;
  ``only=[...]`` builds partial documents of those fields (lists of many documents, to
  read, never to commit); `find_fields` the same, giving only some top-level fields of
  each document as stored
  (reports over thousands of documents, where building each typed document would cost
  more than the query);
- the outbox: `clear_outbox` after the broker confirms, and for crash recovery
  `pending_outboxes` + `claim_outbox`; `outbox_backlog` counts what waits (metrics);
- `insert` for append-only records, `next_number` for reference series (a block of
  numbers at a time, if the caller wants);
- for moving a service between engines (``complaints store copy``): `count`,
  `outbox_of`, `restore`/`restore_many` (documents as they are, revision and outbox
  included, many in one write),
  `counters` and `restore_counter`.

Queries are written as mongoengine-style keyword filters (``procedure="dso"``,
``next_due__lt=day``, ``stages__started_on__gte="2026-01-01"``, ``id__gt=after``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from common.bus import Outgoing

OPS = {"eq", "ne", "lt", "lte", "gt", "gte", "in"}
# What a commit writes to the outbox is leased to the committer for this long: it
# publishes from memory at once, and no other relay (a replica's start-up sweep) sends
# it meanwhile. After a crash the lease runs out and a sweep sends it.
COMMIT_LEASE_S = 30.0
ID = "_id"

D = TypeVar("D")


class ConcurrencyConflict(Exception):  # noqa: N818
    """Another writer changed the aggregate first; the caller reloads and retries."""


class UnindexedQuery(ValueError):
    """A query on a field no index serves: declare the index on the document first."""


@dataclass(frozen=True)
class Condition:
    path: str  # dotted store path, ``_id`` for the key
    op: str
    value: Any


def parse_where(where: dict[str, Any], indexed: Iterable[str], kind: str) -> list[Condition]:
    """Turn ``{"next_due__lt": day}`` into conditions, refusing unindexed fields."""
    allowed = {ID, *indexed}
    out = []
    for key, value in where.items():
        parts = key.split("__")
        op = parts.pop() if len(parts) > 1 and parts[-1] in OPS else "eq"
        path = ".".join(parts)
        path = ID if path in ("id", "pk") else path
        if path not in allowed:
            raise UnindexedQuery(
                f"{kind}: no index on {path!r} (indexed: {', '.join(sorted(allowed))})"
            )
        out.append(Condition(path, op, value))
    return out


def parse_order(order_by: str, indexed: Iterable[str], kind: str) -> tuple[str, bool]:
    """``"-at"`` -> ("at", descending); the field must be indexed or the key."""
    desc = order_by.startswith("-")
    path = order_by.lstrip("-+")
    path = ID if path in ("id", "pk") else path
    if path != ID and path not in set(indexed):
        raise UnindexedQuery(f"{kind}: cannot order by {path!r}: no index")
    return path, desc


def index_paths(cls: type) -> list[str]:
    """The dotted paths a document class declares as indexes (meta ``indexes``)."""
    paths = []
    for spec in cls._meta.get("indexes", []):  # type: ignore[attr-defined]
        fields = spec if isinstance(spec, str) else (spec.get("fields") or [None])[0]
        if isinstance(fields, str):
            path = fields.lstrip("+-")
            if path not in paths and path != "outbox_pending":
                paths.append(path)
    return paths


def collection_name(cls: type) -> str:
    return str(cls._meta.get("collection") or cls.__name__.lower())  # type: ignore[attr-defined]


class Store(Protocol):
    """One service's store. Every method blocks: call it through ``run_sync``."""

    operations: dict[str, int]

    def get(self, cls: type[D], key: Any) -> D | None: ...

    def find(
        self,
        cls: type[D],
        where: dict[str, Any] | None = None,
        *,
        order_by: str = "id",
        limit: int | None = None,
        only: list[str] | None = None,
    ) -> list[D]: ...

    def find_fields(
        self,
        cls: type,
        where: dict[str, Any] | None,
        fields: list[str],
        *,
        order_by: str = "id",
        limit: int | None = None,
    ) -> list[dict[str, Any]]: ...

    def commit(self, doc: Any, *, message_id: str | None, emit: list[Outgoing]) -> None: ...

    def insert(self, doc: Any) -> None: ...

    def next_number(self, series: str, count: int = 1) -> int:
        """Take ``count`` numbers of ``series`` at once; returns the first of them."""
        ...

    def clear_outbox(self, cls: type, key: Any, message_ids: list[str]) -> None: ...

    def release_outbox(self, cls: type, key: Any) -> None: ...

    def pending_outboxes(self, cls: type, older_than: datetime) -> list[Any]: ...

    def claim_outbox(self, cls: type, key: Any, lease_s: float) -> list[Outgoing]: ...

    def outbox_backlog(self) -> int:
        """Messages stored in any outbox and not yet cleared (published), read on an
        index; not one of the counted ``operations``."""
        ...

    def probe_write(self, timeout_s: float) -> None:
        """Raise unless a write could start within ``timeout_s`` (nothing is written): a
        store that answers reads but holds every writer back is not available."""
        ...

    def count(self, cls: type) -> int: ...

    def outbox_of(self, cls: type, key: Any) -> list[Outgoing]: ...

    def restore(self, doc: Any, outbox: list[Outgoing]) -> None: ...

    def restore_many(self, items: list[tuple[Any, list[Outgoing]]]) -> None: ...

    def counters(self) -> dict[str, int]: ...

    def restore_counter(self, series: str, seq: int) -> None: ...

    def close(self) -> None: ...


def stored_names(cls: type, fields: list[str]) -> list[str]:
    """The stored (database) names of ``fields``; ``id`` is ``_id``."""
    names = []
    for name in fields:
        field = cls._fields.get(name)  # type: ignore[attr-defined]
        if field is None:
            raise ValueError(f"{cls.__name__} has no field {name!r}")
        names.append(field.db_field)
    return names
