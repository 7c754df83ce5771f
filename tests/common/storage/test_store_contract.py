"""One contract, every engine: the same tests on memory, SQLite and MongoDB (mongoeco
here, testcontainers' MongoDB where a Docker engine runs)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import mongoengine as me
import pytest

from common.bus import Outgoing
from common.outbox import Aggregate
from common.storage import ConcurrencyConflict, UnindexedQuery, open_store


class Case(Aggregate):
    meta = {
        "collection": "cases",
        "indexes": ["procedure", "next_due", "received_at", "stages.started_on",
                    "complainant.name", "breached"],
    }  # fmt: skip

    id = me.StringField(primary_key=True)
    procedure = me.StringField()
    next_due = me.DateField()
    received_at = me.DateTimeField()
    breached = me.BooleanField(default=False)
    complainant = me.DictField()
    stages = me.ListField(me.DictField())
    notes = me.StringField()


class Entry(me.Document):
    meta = {"collection": "log", "indexes": ["refs", "at"]}

    refs = me.ListField(me.StringField())
    at = me.DateTimeField(required=True)


DOCS = [Case, Entry]


@pytest.fixture(params=["memory", "sqlite", "mongo"])
def store(request, tmp_path) -> Iterator:  # type: ignore[no-untyped-def]
    if request.param == "memory":
        s = open_store("memory://", DOCS, service="t")
    elif request.param == "sqlite":
        s = open_store(f"sqlite:///{tmp_path}/{{service}}.db", DOCS, service="t")
    else:
        url = request.getfixturevalue("mongo_url")
        s = open_store(url, DOCS, service=f"t{uuid.uuid4().hex[:8]}")
    yield s
    s.close()


def msg(i: int) -> Outgoing:
    return Outgoing(exchange="complaints", routing_key="case.x", message_id=f"m{i}", body={"i": i})


def make(key: str, **kw) -> Case:  # type: ignore[no-untyped-def]
    return Case(id=key, **kw)


def test_commit_then_get_keeps_every_field_and_type(store) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 12, 2, 9, 30, 15, 123000, tzinfo=UTC)
    doc = make("A/1", procedure="dso", next_due=date(2026, 12, 22), received_at=at,
               complainant={"name": "Ōmar Ἀλέξανδρος 王"},
               stages=[{"started_on": "2026-12-02"}])  # fmt: skip
    store.commit(doc, message_id="in-1", emit=[msg(1)])
    got = store.get(Case, "A/1")
    assert got.rev == 1 and got.processed == ["in-1"]
    assert got.next_due == date(2026, 12, 22)
    assert got.received_at == at
    assert got.complainant["name"] == "Ōmar Ἀλέξανδρος 王"
    assert store.get(Case, "nope") is None


def test_compare_and_set_refuses_a_stale_writer(store) -> None:  # type: ignore[no-untyped-def]
    store.commit(make("A/1", procedure="dso"), message_id=None, emit=[])
    first, second = store.get(Case, "A/1"), store.get(Case, "A/1")
    first.notes = "first"
    store.commit(first, message_id="m-a", emit=[])
    second.notes = "second"
    with pytest.raises(ConcurrencyConflict):
        store.commit(second, message_id="m-b", emit=[])
    assert second.rev == 1  # left as loaded, so the caller can reload and retry
    assert store.get(Case, "A/1").notes == "first"
    with pytest.raises(ConcurrencyConflict):  # a second creation of the same key
        store.commit(make("A/1"), message_id=None, emit=[])


def test_concurrent_writers_lose_no_update(store) -> None:  # type: ignore[no-untyped-def]
    store.commit(make("C/1", notes=""), message_id=None, emit=[])

    def add(tag: str) -> None:
        for i in range(10):
            while True:
                doc = store.get(Case, "C/1")
                doc.notes += f"{tag}{i},"
                try:
                    store.commit(doc, message_id=f"{tag}{i}", emit=[])
                    break
                except ConcurrencyConflict:
                    continue

    threads = [threading.Thread(target=add, args=(t,)) for t in "xy"]
    [t.start() for t in threads]
    [t.join() for t in threads]
    final = store.get(Case, "C/1")
    assert sorted(final.notes.strip(",").split(",")) == sorted(
        f"{t}{i}" for t in "xy" for i in range(10)
    )
    assert final.rev == 21


def test_outbox_pending_until_cleared_and_claimed_once(store) -> None:  # type: ignore[no-untyped-def]
    store.commit(make("O/1"), message_id="x", emit=[msg(1), msg(2)])
    later = datetime.now(UTC) + timedelta(seconds=5)
    assert store.pending_outboxes(Case, later) == ["O/1"]
    # Leased to the committer, who publishes from memory: nobody else takes it...
    assert store.claim_outbox(Case, "O/1", 30) == []
    # ...until the committer gives it up (its publish failed) or the lease runs out.
    store.release_outbox(Case, "O/1")
    claimed = store.claim_outbox(Case, "O/1", 30)
    assert [m.message_id for m in claimed] == ["m1", "m2"]
    assert claimed[0].body == {"i": 1}
    assert store.claim_outbox(Case, "O/1", 30) == []  # leased: another relay waits
    store.clear_outbox(Case, "O/1", ["m1", "m2"])
    assert store.pending_outboxes(Case, later) == []


def test_find_on_indexes_with_ranges_lists_and_paging(store) -> None:  # type: ignore[no-untyped-def]
    for i in range(1, 8):
        store.commit(
            make(f"K/{i}", procedure="dso" if i % 2 else "hmip", next_due=date(2026, 12, i),
                 breached=i == 3, complainant={"name": f"n{i}"},
                 stages=[{"started_on": f"2026-0{i}-01"}, {"started_on": "2025-01-01"}]),
            message_id=None, emit=[])  # fmt: skip
    ids = lambda docs: [d.id for d in docs]  # noqa: E731
    assert ids(store.find(Case, {"procedure": "dso"})) == ["K/1", "K/3", "K/5", "K/7"]
    assert ids(store.find(Case, {"procedure": "dso", "id__gt": "K/3"}, limit=1)) == ["K/5"]
    assert ids(store.find(Case, {"next_due__lt": date(2026, 12, 3)})) == ["K/1", "K/2"]
    assert ids(store.find(Case, {"next_due__lte": date(2026, 12, 3)}, order_by="-next_due")) == [
        "K/3", "K/2", "K/1"]  # fmt: skip
    assert ids(store.find(Case, {"breached": True})) == ["K/3"]
    assert ids(store.find(Case, {"complainant__name": "n4"})) == ["K/4"]
    assert ids(store.find(Case, {"stages__started_on__gte": "2026-06-01"})) == ["K/6", "K/7"]
    assert ids(store.find(Case, {"id__in": ["K/2", "K/9", "K/6"]})) == ["K/2", "K/6"]
    assert ids(store.find(Case, {"procedure__ne": "dso"})) == ["K/2", "K/4", "K/6"]
    with pytest.raises(UnindexedQuery, match="notes"):
        store.find(Case, {"notes": "x"})
    with pytest.raises(UnindexedQuery):
        store.find(Case, {}, order_by="notes")


def test_append_only_records_and_multikey_queries(store) -> None:  # type: ignore[no-untyped-def]
    t0 = datetime(2026, 12, 2, tzinfo=UTC)
    for i in range(3):
        store.insert(Entry(refs=["A/1", f"B/{i}"], at=t0 + timedelta(minutes=i)))
    found = store.find(Entry, {"refs": "A/1"}, order_by="at")
    assert [e.refs[1] for e in found] == ["B/0", "B/1", "B/2"]
    assert [e.refs[1] for e in store.find(Entry, {"refs__in": ["B/2", "B/0"]}, order_by="-at")] == [
        "B/2", "B/0"]  # fmt: skip


def test_reference_numbers_never_repeat(store) -> None:  # type: ignore[no-untyped-def]
    got: list[int] = []

    def take() -> None:
        for _ in range(20):
            got.append(store.next_number("DSO-2026"))

    threads = [threading.Thread(target=take) for _ in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(got) == list(range(1, 61))
    assert store.next_number("HMIP-2026") == 1
    # A block: the first of ``count`` numbers nobody else will get.
    assert store.next_number("HMIP-2026", count=20) == 2
    assert store.next_number("HMIP-2026") == 22


def test_operations_are_counted(store) -> None:  # type: ignore[no-untyped-def]
    store.commit(make("N/1"), message_id="a", emit=[msg(1)])
    store.get(Case, "N/1")
    store.clear_outbox(Case, "N/1", ["m1"])
    assert store.operations["commit"] == 1 and store.operations["get"] == 1
    assert store.operations["clear_outbox"] == 1


def test_restore_writes_a_document_as_it_is_with_its_outbox_and_counters(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = make("R/1", procedure="hmip", next_due=date(2027, 1, 4))
    store.commit(doc, message_id="a", emit=[])
    store.commit(doc, message_id="b", emit=[msg(7)])
    store.insert(Entry(refs=["R/1"], at=datetime(2026, 12, 1, tzinfo=UTC)))
    store.next_number("HMIP-2026")
    store.next_number("HMIP-2026")
    other = open_store("memory://", DOCS, service="copy")
    for cls in DOCS:
        for found in store.find(cls, order_by="id"):
            key = found.pk
            other.restore_many([(found, store.outbox_of(cls, key) if cls is Case else [])])
    for series, seq in store.counters().items():
        other.restore_counter(series, seq)
    copied = other.get(Case, "R/1")
    assert (copied.rev, copied.processed) == (2, ["a", "b"])
    assert other.find(Case, {"next_due__gte": date(2027, 1, 1)})[0].pk == "R/1"
    assert [m.message_id for m in other.outbox_of(Case, "R/1")] == ["m7"]
    assert other.count(Entry) == store.count(Entry) == 1
    assert other.next_number("HMIP-2026") == 3
    other.restore_counter("HMIP-2026", 1)  # never lowers
    assert other.next_number("HMIP-2026") == 4
    # Restoring again is harmless (a resumed copy): same revision, one outbox message.
    again = store.get(Case, "R/1")
    store.restore(again, store.outbox_of(Case, "R/1"))
    assert store.get(Case, "R/1").rev == 2
    assert [m.message_id for m in store.outbox_of(Case, "R/1")] == ["m7"]


def test_find_fields_gives_some_fields_as_stored(store) -> None:  # type: ignore[no-untyped-def]
    for i in (1, 2, 3):
        store.commit(make(f"F/{i}", procedure="dso" if i != 2 else "hmip", notes="x" * 100,
                          stages=[{"started_on": f"2026-0{i}-01", "stage": "s"}]),
                     message_id=None, emit=[])  # fmt: skip
    rows = store.find_fields(Case, {"procedure": "dso"}, ["id", "procedure", "stages"],
                             order_by="-id")  # fmt: skip
    assert rows == [
        {"_id": "F/3", "procedure": "dso", "stages": [{"started_on": "2026-03-01", "stage": "s"}]},
        {"_id": "F/1", "procedure": "dso", "stages": [{"started_on": "2026-01-01", "stage": "s"}]},
    ]
    with pytest.raises(ValueError, match="no field 'nope'"):
        store.find_fields(Case, {}, ["nope"])
    with pytest.raises(UnindexedQuery):
        store.find_fields(Case, {"notes": "x"}, ["id"])


def test_find_only_builds_partial_documents(store) -> None:  # type: ignore[no-untyped-def]
    store.commit(make("P/1", procedure="dso", notes="long " * 50, complainant={"name": "Ana"}),
                 message_id=None, emit=[])  # fmt: skip
    (doc,) = store.find(Case, {"procedure": "dso"}, only=["procedure", "complainant"])
    assert (doc.id, doc.procedure, doc.complainant) == ("P/1", "dso", {"name": "Ana"})
    assert doc.notes is None  # not read
