"""`Store.outbox_backlog`: the messages waiting in outboxes, on every engine (the
`complaints_outbox_backlog` gauge reads it)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.common.storage.test_store_contract import Case, Entry, make, msg, store  # noqa: F401


def test_backlog_counts_what_is_committed_until_it_is_cleared(store) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert store.outbox_backlog() == 0
    store.commit(make("B/1"), message_id="in-1", emit=[msg(1), msg(2)])
    store.commit(make("B/2"), message_id="in-2", emit=[msg(3)])
    store.commit(make("B/3"), message_id="in-3", emit=[])
    store.insert(Entry(refs=["B/1"], at=datetime.now(UTC)))  # no outbox of its own
    assert store.outbox_backlog() == 3
    store.clear_outbox(Case, "B/1", ["m1"])
    assert store.outbox_backlog() == 2
    store.clear_outbox(Case, "B/1", ["m2"])
    store.clear_outbox(Case, "B/2", ["m3"])
    assert store.outbox_backlog() == 0


def test_reading_the_backlog_is_not_a_counted_operation(store) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store.commit(make("B/1"), message_id=None, emit=[msg(1)])
    before = dict(store.operations)
    store.outbox_backlog()
    assert dict(store.operations) == before
