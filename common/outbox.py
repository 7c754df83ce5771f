"""Exactly-once effect on at-least-once delivery: the aggregate with an embedded outbox.

Every handler goes through `apply_once`. It loads one aggregate document, skips the
message if its id is already recorded, lets the caller's ``decide`` change the state and
name the messages to emit, then writes state, processed id and outbox in ONE atomic
document write guarded by a revision number (optimistic concurrency). The `OutboxRelay`
publishes the outbox with confirms and only then removes what it published. A crash at
any point therefore loses nothing (the outbox is durable before the message is acked)
and doubles nothing visible (consumers dedupe on the stable ``message_id``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import mongoengine as me
from pymongo.errors import DuplicateKeyError

from common.bus import Outgoing, Publisher
from common.store import run_sync

log = logging.getLogger(__name__)

# Ids of messages an aggregate has processed; old ones age out (messages about one
# aggregate are few, and redeliveries come soon after the original).
PROCESSED_KEEP = 500


class Aggregate(me.Document):
    """Base of every document a handler changes: revision, processed ids, outbox."""

    meta = {"abstract": True, "indexes": ["outbox_pending"]}

    rev = me.IntField(default=0)
    processed = me.ListField(me.StringField())
    outbox = me.ListField(me.DictField())
    outbox_pending = me.BooleanField(default=False)
    # A relay publishing this outbox holds it until then, so replicas do not both send it.
    relay_lease_until = me.DateTimeField()


A = TypeVar("A", bound=Aggregate)


class ConcurrencyConflict(Exception):  # noqa: N818
    """Another writer changed the aggregate first; the caller reloads and retries."""


def save(doc: Aggregate, *, message_id: str | None, emit: list[Outgoing]) -> None:
    """Write ``doc``'s state, ``message_id`` and ``emit`` atomically, or raise a conflict."""
    expected = doc.rev
    doc.rev = expected + 1
    if message_id:
        doc.processed = (list(doc.processed) + [message_id])[-PROCESSED_KEEP:]
    doc.outbox = list(doc.outbox) + [m.to_doc() for m in emit]
    doc.outbox_pending = bool(doc.outbox)
    son = doc.to_mongo().to_dict()
    collection = type(doc)._get_collection()
    try:
        if expected == 0:
            collection.insert_one(son)
            doc._created = False
            return
        result = collection.replace_one({"_id": son["_id"], "rev": expected}, son)
    except DuplicateKeyError as exc:
        doc.rev = expected
        raise ConcurrencyConflict(str(exc)) from exc
    if result.matched_count != 1:
        doc.rev = expected
        raise ConcurrencyConflict(f"{type(doc).__name__} {son['_id']} changed under us")


@dataclass
class Applied[T]:
    doc: T
    duplicate: bool
    emitted: list[Outgoing] = field(default_factory=list)


def apply_once(
    doc_cls: type[A],
    key: Any,
    message_id: str | None,
    decide: Callable[[A], list[Outgoing]],
    *,
    create: Callable[[], A] | None = None,
    attempts: int = 8,
) -> Applied[A]:
    """Load ``key`` (or ``create`` it), apply ``decide`` once per ``message_id``, save.

    ``decide`` mutates the document and returns the messages to emit; it may raise a
    domain error, in which case nothing is written. Blocking: call via `run_sync`.
    """
    for _ in range(attempts):
        doc = doc_cls.objects(pk=key).first()
        if doc is None:
            if create is None:
                raise LookupError(f"no {doc_cls.__name__} {key!r}")
            doc = create()
        if message_id and message_id in doc.processed:
            return Applied(doc, duplicate=True)
        emit = decide(doc)
        try:
            save(doc, message_id=message_id, emit=emit)
        except ConcurrencyConflict:
            continue
        return Applied(doc, duplicate=False, emitted=emit)
    raise ConcurrencyConflict(f"{doc_cls.__name__} {key!r}: gave up after {attempts} conflicts")


class OutboxRelay:
    """Publishes aggregates' outboxes with confirms, then clears what was published."""

    def __init__(self, publisher: Publisher, documents: list[type[Aggregate]]):
        self._publisher = publisher
        self._documents = documents
        self._lock = asyncio.Lock()
        self.lease_s = 30.0

    async def flush(self, doc_cls: type[Aggregate], key: Any) -> int:
        """Publish the pending outbox of one aggregate; returns how many were sent.

        The relay first takes a short lease on the outbox (a revision-guarded write), so of
        several replicas only one publishes it; a relay that dies mid-way leaves the lease to
        expire and another publishes again (consumers dedupe on ``message_id``).
        """
        async with self._lock:
            messages = await run_sync(_claim, doc_cls, key, self.lease_s)
            if not messages:
                return 0
            for msg in messages:
                await self._publisher.publish(msg)
            await run_sync(_clear, doc_cls, key, [m.message_id for m in messages])
            return len(messages)

    async def sweep(self) -> int:
        """Publish every pending outbox (at start-up and periodically): catches crashes."""
        sent = 0
        for doc_cls in self._documents:
            keys = await run_sync(
                lambda c=doc_cls: [d.pk for d in c.objects(outbox_pending=True).only("id")]
            )
            for key in keys:
                sent += await self.flush(doc_cls, key)
        return sent


def _claim(doc_cls: type[Aggregate], key: Any, lease_s: float) -> list[Outgoing]:
    """Lease ``key``'s outbox for publishing; [] if empty or another relay holds it."""
    collection = doc_cls._get_collection()
    doc = collection.find_one({"_id": key}, {"outbox": 1, "rev": 1, "relay_lease_until": 1})
    if not doc or not doc.get("outbox"):
        return []
    now = datetime.now(UTC)
    lease = doc.get("relay_lease_until")
    if lease is not None and (lease if lease.tzinfo else lease.replace(tzinfo=UTC)) > now:
        return []
    result = collection.update_one(
        {"_id": key, "rev": doc["rev"]},
        {"$set": {"relay_lease_until": now + timedelta(seconds=lease_s)}, "$inc": {"rev": 1}},
    )
    if result.modified_count != 1:
        return []  # another writer moved first; whoever holds it now will publish
    return [Outgoing.from_doc(d) for d in doc["outbox"]]


def _clear(doc_cls: type[Aggregate], key: Any, message_ids: list[str]) -> None:
    collection = doc_cls._get_collection()
    # The revision moves too, so a writer holding the pre-publish outbox must reload.
    collection.update_one(
        {"_id": key},
        {
            "$pull": {"outbox": {"message_id": {"$in": message_ids}}},
            "$inc": {"rev": 1},
            "$unset": {"relay_lease_until": ""},
        },
    )
    # Only an empty outbox lowers the flag: a message added meanwhile keeps it up.
    collection.update_one({"_id": key, "outbox": {"$size": 0}}, {"$set": {"outbox_pending": False}})
