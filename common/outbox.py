"""Exactly-once effect on at-least-once delivery: the aggregate and its outbox.

Every handler goes through `apply_once`. It loads one aggregate from the service's store,
skips the message if its id is already recorded, lets the caller's ``decide`` change the
state and name the messages to emit, then commits state, processed id and outbox in ONE
atomic compare-and-set on the revision (see `common.storage`). The `OutboxRelay`
publishes what the commit just stored, from memory, with confirms, and only then clears
it. Three store round trips per message: load, commit, clear.

A crash at any point loses nothing (the outbox is durable before the message is acked)
and doubles nothing visible (consumers dedupe on the stable ``message_id``): a
redelivered message finds its id recorded and the relay publishes whatever its first
attempt left in the outbox; the sweep at start-up and on a slow timer catches the rest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import mongoengine as me

from common.bus import Outgoing, Publisher
from common.storage import ConcurrencyConflict, Store, run_sync

log = logging.getLogger(__name__)


class Aggregate(me.Document):
    """Base of every document a handler changes: revision, processed ids, outbox.

    The outbox fields are used by the MongoDB engine (one document is its unit of
    atomicity); the SQLite and memory engines keep the outbox in a table of its own.
    """

    meta = {"abstract": True, "indexes": ["outbox_pending"]}

    rev = me.IntField(default=0)
    processed = me.ListField(me.StringField())
    outbox = me.ListField(me.DictField())
    outbox_pending = me.BooleanField(default=False)
    # A relay publishing this outbox holds it until then, so replicas do not both send it.
    relay_lease_until = me.DateTimeField()


A = TypeVar("A", bound=Aggregate)


@dataclass
class Applied[T]:
    doc: T
    duplicate: bool
    emitted: list[Outgoing] = field(default_factory=list)


def apply_once(
    store: Store,
    doc_cls: type[A],
    key: Any,
    message_id: str | None,
    decide: Callable[[A], list[Outgoing]],
    *,
    create: Callable[[], A] | None = None,
    attempts: int = 8,
) -> Applied[A]:
    """Load ``key`` (or ``create`` it), apply ``decide`` once per ``message_id``, commit.

    ``decide`` mutates the document and returns the messages to emit; it may raise a
    domain error, in which case nothing is written. Blocking: call via `run_sync`.
    """
    for _ in range(attempts):
        doc = store.get(doc_cls, key)
        if doc is None:
            if create is None:
                raise LookupError(f"no {doc_cls.__name__} {key!r}")
            doc = create()
        if message_id and message_id in doc.processed:
            return Applied(doc, duplicate=True)
        emit = decide(doc)
        try:
            store.commit(doc, message_id=message_id, emit=emit)
        except ConcurrencyConflict:
            continue
        return Applied(doc, duplicate=False, emitted=emit)
    raise ConcurrencyConflict(f"{doc_cls.__name__} {key!r}: gave up after {attempts} conflicts")


class AggregateLocks:
    """One holder at a time per aggregate key within a process (``async with
    locks(key):``). Messages about one aggregate then run one after the other instead
    of racing to commit and reloading after each lost race (a get and a commit more);
    other aggregates go on in parallel. Replicas still meet at the revision check."""

    def __init__(self) -> None:
        self._locks: dict[Any, asyncio.Lock] = {}
        self._users: dict[Any, int] = {}

    @asynccontextmanager
    async def __call__(self, key: Any) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]


class OutboxRelay:
    """Publishes aggregates' outboxes with confirms, then clears what was published."""

    def __init__(
        self,
        publisher: Publisher,
        store: Store,
        documents: list[type[Aggregate]],
        on_published: Callable[[Outgoing], None] | None = None,
    ):
        self._on_published = on_published
        self._publisher = publisher
        self._store = store
        self._documents = documents
        self.lease_s = 30.0
        # The timer sweep leaves alone what a handler is publishing right now.
        self.sweep_age_s = 30.0

    async def publish(self, doc_cls: type[Aggregate], key: Any, applied: Applied[Any]) -> int:
        """Publish what ``applied`` just committed, then clear it (one store round trip).

        A duplicate delivery publishes whatever its first attempt may have left behind.
        """
        if applied.duplicate:
            return await self.flush(doc_cls, key)
        return await self._send(doc_cls, key, applied.emitted)

    async def _send(self, doc_cls: type[Aggregate], key: Any, messages: list[Outgoing]) -> int:
        if not messages:
            return 0
        try:
            for msg in messages:
                await self._publisher.publish(msg)
                if self._on_published is not None:
                    self._on_published(msg)
        except BaseException:
            # Let the redelivery (or a sweep) send them now rather than after the lease.
            await asyncio.shield(run_sync(self._store.release_outbox, doc_cls, key))
            raise
        await run_sync(self._store.clear_outbox, doc_cls, key, [m.message_id for m in messages])
        return len(messages)

    async def flush(self, doc_cls: type[Aggregate], key: Any) -> int:
        """Publish the stored outbox of one aggregate; returns how many were sent.

        The relay first takes a short lease on the outbox, so of several replicas only one
        publishes it; a relay that dies mid-way leaves the lease to expire and another
        publishes again (consumers dedupe on ``message_id``).
        """
        messages = await run_sync(self._store.claim_outbox, doc_cls, key, self.lease_s)
        return await self._send(doc_cls, key, messages)

    async def sweep(self, older_than_s: float | None = None) -> int:
        """Publish every outbox left pending longer than ``older_than_s`` (default
        `sweep_age_s`): what a crash or a broker outage left behind."""
        age = self.sweep_age_s if older_than_s is None else older_than_s
        cut = datetime.now(UTC) - timedelta(seconds=age)
        sent = 0
        for doc_cls in self._documents:
            keys = await run_sync(self._store.pending_outboxes, doc_cls, cut)
            for key in keys:
                sent += await self.flush(doc_cls, key)
        if sent:
            log.info("outbox sweep published %d message(s) left pending", sent)
        return sent


__all__ = [
    "Aggregate",
    "AggregateLocks",
    "Applied",
    "ConcurrencyConflict",
    "OutboxRelay",
    "apply_once",
]
