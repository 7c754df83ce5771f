"""The deadlines handlers on the in-memory store with a fake publisher: what each message
and each sweep emits, and how many store operations it costs (milliseconds, no broker)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest

from common.bus import Outgoing
from common.clock import FixedClock
from common.outbox import OutboxRelay
from common.storage import Store, open_store
from common.workdays import calendar_for
from services.deadlines.adapters.calendars import CalendarBook, import_override
from services.deadlines.adapters.documents import DOCUMENTS, CalendarOverride, StrandClocks
from services.deadlines.handlers import DeadlineHandlers
from services.deadlines.queries import ClockQueries
from tests.support.events import body, lifecycle, routed

RECEIVED = date(2026, 11, 2)  # Mon; a DSO response is due in 20 wd: Mon 30 Nov 2026
DUE = date(2026, 11, 30)
REMIND = date(2026, 11, 26)  # 2 working days before


class Bus:
    """A publisher that keeps what it was given (the broker confirms at once)."""

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    async def publish(self, msg: Outgoing) -> None:
        self.sent.append(msg)

    def keys(self) -> list[str]:
        return [m.routing_key for m in self.sent]

    def of(self, key: str) -> list[dict[str, Any]]:
        return [m.body for m in self.sent if m.routing_key == key]


@dataclass
class Rig:
    store: Any
    bus: Bus = field(default_factory=Bus)
    clock: FixedClock = field(
        default_factory=lambda: FixedClock(datetime(2026, 11, 2, 10, tzinfo=UTC))
    )

    def __post_init__(self) -> None:
        relay = OutboxRelay(self.bus, self.store, [StrandClocks])  # type: ignore[arg-type]
        self.handlers = DeadlineHandlers(
            store=self.store, clock=self.clock, relay=relay, calendar_for=calendar_for
        )
        self.queries = ClockQueries(self.store, calendar_for)

    def on(self, day: date) -> None:
        self.clock.at = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)

    def ops(self) -> dict[str, int]:
        return dict(self.store.operations)

    def since(self, before: dict[str, int]) -> dict[str, int]:
        """Store operations made since ``before`` (non-zero only)."""
        now = self.ops()
        return {k: now[k] - before.get(k, 0) for k in now if now[k] != before.get(k, 0)}


def memory() -> Store:
    return open_store("memory://", DOCUMENTS, service="deadlines")


@pytest.fixture
def rig() -> Rig:
    return Rig(memory())


def route(rig: Rig, case: Any, message_id: str = "m-routed") -> None:
    asyncio.run(rig.handlers.on_event("case.routed", body(case), message_id))


def pending(store: Any) -> list[Any]:
    return store.pending_outboxes(StrandClocks, datetime(2100, 1, 1, tzinfo=UTC))


def test_a_routed_case_sets_its_clocks_in_three_store_operations(rig: Rig) -> None:
    case = routed("dso", received_on=RECEIVED)
    route(rig, case)
    assert rig.bus.of("deadline.set") == [
        {**rig.bus.of("deadline.set")[0], "clock": "response", "due": DUE.isoformat()}
    ]
    assert rig.ops() == {"get": 1, "commit": 1, "clear_outbox": 1}
    assert pending(rig.store) == []  # published from memory, then cleared
    doc = rig.store.get(StrandClocks, case.case_ref)
    assert (doc.next_fire_on, doc.next_due) == (REMIND, DUE)


def test_a_redelivered_message_is_not_applied_twice(rig: Rig) -> None:
    case = routed("dso", received_on=RECEIVED)
    route(rig, case, "m-1")
    before = rig.ops()
    route(rig, case, "m-1")
    assert rig.bus.keys() == ["deadline.set"]
    # Read, found the id recorded; the relay looks for anything the first attempt left.
    assert rig.since(before) == {"get": 1, "claim_outbox": 1}


def test_a_lifecycle_fact_before_routing_is_kept_and_obeyed_once_routed(rig: Rig) -> None:
    case = routed("children", clocks=["acknowledgement", "response"], received_on=RECEIVED)
    ack = lifecycle(case, "acknowledged", on="2026-11-03")
    asyncio.run(rig.handlers.on_event("case.acknowledged", body(ack), "m-ack"))
    assert rig.bus.sent == []
    assert rig.store.get(StrandClocks, case.case_ref).early
    route(rig, case)
    statuses = {c.name: str(c.status) for _, c in asyncio.run(rig.queries.clocks_of(case.case_ref))}
    assert statuses == {"acknowledgement": "completed", "response": "running"}
    assert rig.store.get(StrandClocks, case.case_ref).early == []


def test_an_idle_sweep_is_one_indexed_read_and_nothing_else(rig: Rig) -> None:
    assert asyncio.run(rig.handlers.sweep()) == 0
    assert rig.ops() == {"find": 1}
    route(rig, routed("dso", received_on=RECEIVED))
    rig.on(REMIND - date.resolution)  # the day before the reminder: nothing due
    before = rig.ops()
    assert asyncio.run(rig.handlers.sweep()) == 0
    assert rig.since(before) == {"find": 1}


def test_the_sweep_fires_the_reminder_then_the_breach_each_once(rig: Rig) -> None:
    case = routed("dso", received_on=RECEIVED)
    route(rig, case)
    rig.on(REMIND)
    before = rig.ops()
    assert asyncio.run(rig.handlers.sweep()) == 1
    assert [b["working_days_left"] for b in rig.bus.of("deadline.approaching")] == [2]
    # The due query's documents are ticked as read: no get; the outbox the commit leased
    # to this sweep goes out from memory, then is cleared.
    assert rig.since(before) == {"find": 1, "commit": 1, "clear_outbox": 1}
    assert asyncio.run(rig.handlers.sweep()) == 0  # the reminder moved next_fire_on on
    rig.on(DUE + date.resolution)
    assert asyncio.run(rig.handlers.sweep()) == 1
    assert asyncio.run(rig.handlers.sweep()) == 0
    assert [(b["reference"], b["clock"]) for b in rig.bus.of("deadline.breached")] == [
        (case.reference, "response")
    ]
    assert pending(rig.store) == []
    assert rig.store.get(StrandClocks, case.case_ref).next_fire_on is None


def test_two_replicas_racing_for_one_tick_fire_it_once() -> None:
    """Replica B ticks the strand between replica A's due query and A's commit: A's
    commit loses the revision race, A reloads, sees the breach fired, emits nothing."""
    shared = memory()
    b = Rig(shared)

    class BTicksAfterAsRead:
        def __init__(self, inner: Any) -> None:
            self._inner = inner

        def __getattr__(self, name: str) -> Any:
            return getattr(self._inner, name)

        def find(self, *args: Any, **kwargs: Any) -> list[Any]:
            found = self._inner.find(*args, **kwargs)
            asyncio.run(b.handlers.sweep())  # in the worker thread: a loop of its own
            return found

    a = Rig(BTicksAfterAsRead(shared))
    case = routed("dso", received_on=RECEIVED)
    route(b, case)
    a.on(DUE + date.resolution)
    b.on(DUE + date.resolution)
    before = a.ops()
    assert asyncio.run(a.handlers.sweep()) == 0
    assert b.bus.keys() == ["deadline.set", "deadline.breached"]
    assert a.bus.sent == []
    # B: find, commit, clear. A: find, a losing commit, then get and commit again.
    assert a.since(before) == {"find": 2, "commit": 3, "get": 1, "clear_outbox": 1}
    assert pending(shared) == []


def test_a_stopped_clock_does_not_fire_and_resumes_with_its_days_left(rig: Rig) -> None:
    case = routed("dso", received_on=RECEIVED)
    route(rig, case)
    rig.on(date(2026, 11, 9))
    suspended = lifecycle(case, "suspended", reason="awaiting police", on="2026-11-09")
    asyncio.run(rig.handlers.on_event("case.suspended", body(suspended), "m-s"))
    assert [b["remaining"] for b in rig.bus.of("deadline.stopped")] == [15]
    assert rig.store.get(StrandClocks, case.case_ref).next_fire_on is None
    rig.on(DUE + date.resolution)
    before = rig.ops()
    assert asyncio.run(rig.handlers.sweep()) == 0
    assert rig.since(before) == {"find": 1}
    resumed = lifecycle(case, "resumed", on=(DUE + date.resolution).isoformat())
    asyncio.run(rig.handlers.on_event("case.resumed", body(resumed), "m-r"))
    # 15 wd from Tue 1 Dec 2026: 2-4 (3), 7-11 (8), 14-18 (13), 21-22 (15): Tue 22 Dec.
    assert [b["due"] for b in rig.bus.of("deadline.resumed")] == ["2026-12-22"]


def test_clocks_of_a_strand_or_a_complaint_and_what_is_due(rig: Rig) -> None:
    first = routed("dso", received_on=RECEIVED)
    second = first.model_copy(update={"strand": 2})
    later = routed("dso", received_on=date(2026, 11, 16))
    for n, case in enumerate((first, second, later)):
        route(rig, case, f"m-{n}")
    queries = rig.queries
    assert [r for r, _ in asyncio.run(queries.clocks_of(first.case_ref))] == [first.case_ref]
    assert [r for r, _ in asyncio.run(queries.clocks_of(first.reference))] == [
        first.case_ref,
        second.case_ref,
    ]
    assert asyncio.run(queries.clocks_of("DSO-2026-999999")) == []
    due = asyncio.run(queries.due_before(DUE))
    assert [r for r, _ in due] == [first.case_ref, second.case_ref]
    assert [r for r, _ in asyncio.run(queries.due_before(date(2026, 12, 31), limit=1))] == [
        first.case_ref
    ]


def _holidays(*extra: tuple[str, str]) -> dict[str, Any]:
    library = calendar_for("england-and-wales").holidays_in(2026)
    events = [
        {"title": t, "date": d.isoformat(), "notes": "", "bunting": True}
        for d, t in library.items()
    ]
    events += [{"title": t, "date": d, "notes": "", "bunting": True} for d, t in extra]
    return {"england-and-wales": {"division": "england-and-wales", "events": events}}


def test_calendar_imports_are_numbered_versions_and_the_book_follows_the_newest() -> None:
    store = memory()
    at = datetime(2026, 11, 2, tzinfo=UTC)
    book = CalendarBook(store)
    book.refresh()
    assert book.version == 0
    first = import_override(store, _holidays(("2026-12-04", "Royal event")), at=at, by="op")
    again = import_override(store, _holidays(("2026-12-04", "Royal event")), at=at, by="op")
    second = import_override(store, _holidays(("2026-12-07", "Other")), at=at, by="op")
    assert (first.id, again.id, second.id) == (1, 1, 2)
    assert store.operations["insert"] == 2
    book.refresh()
    assert book.version == 2
    assert book.get("england-and-wales").add_working_days(date(2026, 12, 4), 1).due == date(
        2026, 12, 8
    )
    before = dict(store.operations)
    book.refresh()  # nothing newer: one read, no row
    assert {k: v - before.get(k, 0) for k, v in store.operations.items() if v != before.get(k)} == {
        "find": 1
    }
    stored = store.get(CalendarOverride, 1)
    assert json.loads(stored.content) == _holidays(("2026-12-04", "Royal event"))


def test_hmip_reply_is_dated_from_routing_and_a_response_ends_it_with_the_investigation(
    rig: Rig,
) -> None:
    # seed 001 §4 Step 2: received Mon 2 Nov 2026; investigation by Mon 30 Nov (20 wd),
    # reply 10 wd later, Mon 14 Dec: the date the complainant is promised from the start.
    case = routed("hmip", clocks=["acknowledgement", "investigation", "reply"],
                  received_on=RECEIVED)
    route(rig, case)
    set_ = {b["clock"]: b for b in rig.bus.of("deadline.set")}
    assert {c: b["due"] for c, b in set_.items()} == {
        "acknowledgement": "2026-11-09", "investigation": "2026-11-30", "reply": "2026-12-14"}
    assert "the latest day investigation may end" in set_["reply"]["explanation"]["text"]
    assert set_["reply"]["explanation"]["text"].endswith(
        "Mon 14 Dec 2026 is the 10th working day after Mon 30 Nov 2026 in England and Wales:"
        " skips weekends")
    sent = len(rig.bus.sent)
    answered = lifecycle(case, "responded", on="2026-12-01")
    asyncio.run(rig.handlers.on_event("case.responded", body(answered), "m-resp"))
    assert [b["clock"] for b in rig.bus.of("deadline.set")[len(set_):]] == ["request"]
    statuses = {c.name: str(c.status) for _, c in asyncio.run(rig.queries.clocks_of(case.case_ref))}
    assert statuses["investigation"] == statuses["reply"] == "completed"
    assert len(rig.bus.sent) > sent
