"""The notifications handlers on the in-memory store, with a fake broker and a fake mail
channel: planning, delivery, retries, failure, resend and what each costs in store calls.
No broker, no server, no disk: each test runs in milliseconds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from common.bus import Outgoing
from common.clock import FixedClock
from common.outbox import OutboxRelay
from common.storage import Store, open_store
from services.notifications.adapters.channel import PermanentDeliveryError, TransientDeliveryError
from services.notifications.adapters.documents import DOCUMENTS, NotificationCase
from services.notifications.config import EXAMPLE_DIRECTORY, NotificationsSettings
from services.notifications.domain.directory import Address, load_directory
from services.notifications.domain.letters import RenderedLetter
from services.notifications.handlers import NotificationHandlers
from tests.support.events import body, lifecycle, routed

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


class FakePublisher:
    """Stands in for the broker: keeps every message published, in order."""

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    async def publish(self, msg: Outgoing) -> None:
        self.sent.append(msg)

    def keys(self, prefix: str = "") -> list[str]:
        return [m.message_id for m in self.sent if m.message_id.startswith(prefix)]


class FakeChannel:
    """A mail channel that keeps what it sends; ``fail`` decides per attempt (raise or not),
    ``during`` runs inside a send (another writer, a concurrent sweep...)."""

    name = "fake"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []  # (email, subject, reference)
        self.attempts = 0
        self.fail: Callable[[int, Address], None] = lambda n, a: None
        self.during: Callable[[], Awaitable[None]] | None = None

    async def send(
        self, address: Address, rendered: RenderedLetter, *, reference: str | None = None
    ) -> str:
        self.attempts += 1
        if self.during is not None:
            during, self.during = self.during, None
            await during()
        self.fail(self.attempts, address)
        self.sent.append((address.email, rendered.subject, reference or ""))
        return f"fake-{self.attempts}"


class Rig:
    """The handlers on ``store`` (in memory unless given), a fixed clock and fakes."""

    def __init__(self, store: Store | None = None, **settings: Any) -> None:
        self.clock = FixedClock(NOW)
        self.store = store or open_store("memory://", DOCUMENTS, service="notifications")
        self.publisher = FakePublisher()
        self.channel = FakeChannel()
        self.settings = NotificationsSettings(
            **{"retry_base_s": 5.0, "retry_max_s": 600.0, "max_attempts": 3, **settings}
        )
        self.handlers = NotificationHandlers(
            store=self.store,
            clock=self.clock,
            relay=OutboxRelay(self.publisher, self.store, [NotificationCase]),  # type: ignore[arg-type]
            channel=self.channel,
            directory=load_directory(EXAMPLE_DIRECTORY),
            settings=self.settings,
        )

    async def event(self, event: Any, message_id: str) -> None:
        await self.handlers.on_event(event.routing_key, body(event), message_id)

    def ops(self) -> dict[str, int]:
        """The store calls made since the last call of `ops`."""
        ops = dict(self.store.operations)
        self.store.operations.clear()
        return ops

    async def letters(self, ref: str) -> dict[str, dict[str, Any]]:
        return {
            r.template + ":" + r.recipient: r.model_dump()
            for _, r in await self.handlers.letters_of(ref)
        }


@pytest.fixture
def rig() -> Rig:
    return Rig()


async def test_an_event_plans_its_letters_and_sends_each_once_in_few_store_calls(rig) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso", consent={"imb_copy": True, "share_with_provider": False})
    await rig.event(case, "m-routed")
    assert sorted(e for e, _, _ in rig.channel.sent) == [
        "complaints@custodial.example.org",
        "imb.ashgrove@example.gov.uk",
    ]
    # get + one commit (record the event, plan, lease), then per letter: commit + clear
    assert rig.ops() == {"get": 1, "commit": 3, "clear_outbox": 2}
    letters = await rig.letters(case.case_ref)
    assert {k: r["status"] for k, r in letters.items()} == {
        "copy:imb": "sent",
        "copy:provider": "sent",
    }
    assert all(r["attempts"] == 1 and r["leased_until"] is None for r in letters.values())
    assert sorted(rig.publisher.keys()) == sorted(
        f"notification.sent:{r['key']}" for r in letters.values()
    )
    # nothing left in the outbox, nothing left due
    assert await rig.handlers._relay.sweep(older_than_s=-1) == 0
    doc = rig.store.get(NotificationCase, case.case_ref)
    assert doc.next_attempt_at is None and doc.reference == case.reference


async def test_an_event_that_calls_for_no_letter_costs_a_get_and_a_commit(rig) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso")
    await rig.event(case, "m-routed")
    rig.ops()
    await rig.event(lifecycle(case, "officer-assigned", officer="Sam Jones"), "m-officer")
    assert rig.ops() == {"get": 1, "commit": 1}


async def test_a_redelivered_event_sends_nothing_again_and_writes_nothing(rig) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso")
    await rig.event(case, "m-routed")
    ack = lifecycle(case, "acknowledged", target_date="2026-11-30")
    await rig.event(ack, "m-ack")
    sent, published = list(rig.channel.sent), list(rig.publisher.sent)
    rig.ops()
    for _ in range(3):
        await rig.event(ack, "m-ack")
    assert rig.channel.sent == sent and rig.publisher.sent == published
    ops = rig.ops()
    assert ops.get("commit", 0) == 0 and ops["get"] == 3
    assert [e for e, _, _ in sent].count("amal.haddad@example.org") == 1


async def test_an_event_before_case_routed_waits_for_it(rig) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    assert rig.channel.sent == []
    doc = rig.store.get(NotificationCase, case.case_ref)
    assert len(doc.early) == 1 and not doc.view and not doc.letters
    await rig.event(case, "m-routed")
    assert sorted(r for _, _, r in rig.channel.sent) == sorted(
        r["key"] for r in (await rig.letters(case.case_ref)).values()
    )
    assert "amal.haddad@example.org" in [e for e, _, _ in rig.channel.sent]
    assert rig.store.get(NotificationCase, case.case_ref).early == []


async def test_an_idle_sweep_is_one_indexed_query_and_nothing_else(rig) -> None:  # type: ignore[no-untyped-def]
    assert await rig.handlers.sweep() == 0
    assert rig.ops() == {"find": 1}
    await rig.event(routed("dso"), "m-routed")  # sent at once: nothing due afterwards
    rig.ops()
    rig.clock.advance(timedelta(days=30))
    assert await rig.handlers.sweep() == 0
    assert rig.ops() == {"find": 1}


async def test_a_failing_letter_is_retried_after_backoff_then_sent(rig) -> None:  # type: ignore[no-untyped-def]
    def down_twice(n: int, address: Address) -> None:
        if n <= 2:
            raise TransientDeliveryError("fake", "connection refused")

    rig.channel.fail = down_twice
    case = routed("dso")
    await rig.event(case, "m-routed")
    (record,) = (await rig.letters(case.case_ref)).values()
    assert record["status"] == "pending" and record["attempts"] == 1
    assert record["last_error"] == "fake: connection refused"
    assert record["next_attempt_at"] == NOW + timedelta(seconds=5)
    assert rig.publisher.sent == []
    # before the backoff: the sweep finds nothing
    rig.clock.advance(timedelta(seconds=4))
    rig.ops()
    assert await rig.handlers.sweep() == 0 and rig.ops() == {"find": 1}
    rig.clock.advance(timedelta(seconds=1))
    assert await rig.handlers.sweep() == 0  # second attempt fails too: backoff doubles
    (record,) = (await rig.letters(case.case_ref)).values()
    assert record["attempts"] == 2 and record["next_attempt_at"] == rig.clock.now() + timedelta(
        seconds=10
    )
    rig.clock.advance(timedelta(seconds=10))
    rig.ops()
    assert await rig.handlers.sweep() == 1
    # find, then lease (commit on the document found), settle (commit), clear the outbox
    assert rig.ops() == {"find": 1, "commit": 2, "clear_outbox": 1}
    (record,) = (await rig.letters(case.case_ref)).values()
    assert record["status"] == "sent" and record["attempts"] == 3
    assert rig.publisher.keys() == [f"notification.sent:{record['key']}"]
    assert rig.channel.attempts == 3 and len(rig.channel.sent) == 1


async def test_a_letter_that_never_goes_fails_loudly_after_max_attempts(rig, caplog) -> None:  # type: ignore[no-untyped-def]
    def always_down(n: int, address: Address) -> None:
        raise TransientDeliveryError("fake", "connection refused")

    rig.channel.fail = always_down
    case = routed("dso")
    with caplog.at_level(logging.WARNING, logger="services.notifications.handlers"):
        await rig.event(case, "m-routed")
        for _ in range(10):
            rig.clock.advance(timedelta(minutes=10))
            await rig.handlers.sweep()
    assert rig.channel.attempts == 3  # max_attempts, then never again
    (record,) = (await rig.letters(case.case_ref)).values()
    assert record["status"] == "failed" and record["attempts"] == 3
    assert record["last_error"] == "fake: connection refused"
    (failed,) = rig.publisher.sent
    assert failed.routing_key == "notification.failed"
    assert failed.message_id == f"notification.failed:{record['key']}:3"
    assert failed.body["attempts"] == 3 and failed.body["error"] == "fake: connection refused"
    assert failed.body["template"] == "copy" and failed.body["recipient"] == "provider"
    assert rig.store.get(NotificationCase, case.case_ref).next_attempt_at is None
    retries = [r for r in caplog.records if r.levelno == logging.WARNING]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(retries) == 2 and len(errors) == 1
    assert "failed after 3 attempt(s)" in errors[0].getMessage()


async def test_a_permanent_failure_is_not_retried(rig) -> None:  # type: ignore[no-untyped-def]
    def refused(n: int, address: Address) -> None:
        raise PermanentDeliveryError("fake", "550 no such mailbox")

    rig.channel.fail = refused
    case = routed("dso")
    await rig.event(case, "m-routed")
    (record,) = (await rig.letters(case.case_ref)).values()
    assert record["status"] == "failed" and record["attempts"] == 1
    assert rig.publisher.keys() == [f"notification.failed:{record['key']}:1"]
    rig.clock.advance(timedelta(hours=1))
    assert await rig.handlers.sweep() == 0 and rig.channel.attempts == 1


async def test_an_unknown_address_fails_the_letter_without_sending(rig) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso", location={"establishment": "Nowhere House", "provider": "Nobody Ltd"})
    await rig.event(case, "m-routed")
    records = list((await rig.letters(case.case_ref)).values())
    assert records and all(r["status"] == "failed" for r in records)
    assert rig.channel.attempts == 0
    assert rig.publisher.keys("notification.failed:") == rig.publisher.keys()
    assert len(rig.publisher.sent) == len(records)


async def test_a_leased_letter_is_not_sent_by_a_concurrent_sweep(rig) -> None:  # type: ignore[no-untyped-def]
    swept: list[int] = []

    async def sweep_meanwhile() -> None:
        swept.append(await rig.handlers.sweep())

    rig.channel.during = sweep_meanwhile
    case = routed("dso")
    await rig.event(case, "m-routed")
    assert swept == [0]
    assert rig.channel.attempts == 1 and len(rig.publisher.sent) == 1
    # an expired lease (a sender that died) is taken over by the sweep
    doc = rig.store.get(NotificationCase, case.case_ref)
    letters = [
        dict(r, status="pending", leased_until=NOW, next_attempt_at=NOW) for r in doc.letters
    ]
    doc.letters, doc.next_attempt_at = letters, NOW + timedelta(seconds=60)
    rig.store.commit(doc, message_id=None, emit=[])
    rig.clock.advance(timedelta(seconds=59))
    assert await rig.handlers.sweep() == 0
    rig.clock.advance(timedelta(seconds=1))
    assert await rig.handlers.sweep() == 1


async def test_another_writer_during_a_send_is_not_overwritten(rig) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso")
    ack = lifecycle(case, "acknowledged", target_date="2026-11-30")
    # Another replica (same store, its own process): it handles the acknowledgement
    # while this one is sending the provider's copy.
    replica = Rig(rig.store)
    replica.channel, replica.handlers._channel = rig.channel, rig.channel

    async def ack_arrives() -> None:
        await replica.event(ack, "m-ack")

    rig.channel.during = ack_arrives
    await rig.event(case, "m-routed")
    letters = await rig.letters(case.case_ref)
    assert {k: r["status"] for k, r in letters.items()} == {
        "copy:provider": "sent",
        "acknowledgement:complainant": "sent",
    }
    assert len(rig.channel.sent) == 2
    assert len(rig.publisher.sent) + len(replica.publisher.sent) == 2
    doc = rig.store.get(NotificationCase, case.case_ref)
    assert {"m-routed", "m-ack"} <= set(doc.processed)


async def test_one_cases_events_in_one_process_run_one_after_the_other(rig) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso")
    ack = lifecycle(case, "acknowledged", target_date="2026-11-30")
    started: list[asyncio.Task[None]] = []

    async def ack_arrives() -> None:  # delivered while the provider's copy is being sent
        started.append(asyncio.create_task(rig.event(ack, "m-ack")))
        await asyncio.sleep(0.01)

    rig.channel.during = ack_arrives
    rig.ops()
    await rig.event(case, "m-routed")
    await started[0]
    letters = await rig.letters(case.case_ref)
    assert {r["status"] for r in letters.values()} == {"sent"} and len(letters) == 2
    # It waited for the case instead of racing it: no lost commit, no reload.
    ops = rig.ops()
    assert ops["get"] == 2 + 1, ops  # one per event, and the letters read at the end


async def test_resend_sends_a_failed_letter_once_more(rig) -> None:  # type: ignore[no-untyped-def]
    def full_once(n: int, address: Address) -> None:
        if n == 1:
            raise PermanentDeliveryError("fake", "550 mailbox full")

    rig.channel.fail = full_once
    case = routed("dso")
    await rig.event(case, "m-routed")
    (record,) = (await rig.letters(case.case_ref)).values()
    assert record["status"] == "failed"
    await rig.handlers.resend(case.case_ref, record["key"])
    (record,) = (await rig.letters(case.case_ref)).values()
    assert record["status"] == "sent" and record["resends"] == 1 and record["attempts"] == 1
    assert rig.publisher.keys() == [
        f"notification.failed:{record['key']}:1",
        f"notification.sent:{record['key']}:resend-1",
    ]
    with pytest.raises(LookupError):
        await rig.handlers.resend(case.case_ref, "ntf-nope")
    with pytest.raises(LookupError):
        await rig.handlers.resend("DSO-2026-999999/1", record["key"])


async def test_letters_and_view_by_case_ref_or_by_reference(rig) -> None:  # type: ignore[no-untyped-def]
    one = routed("dso")
    two = routed("dso", reference=one.reference, strand=2)
    other = routed("dso")
    for i, ev in enumerate([one, two, other]):
        await rig.event(ev, f"m-{i}")
    by_strand = await rig.handlers.letters_of(one.case_ref)
    assert {ref for ref, _ in by_strand} == {one.case_ref}
    by_reference = await rig.handlers.letters_of(one.reference)
    assert [ref for ref, _ in by_reference] == [one.case_ref, two.case_ref]
    assert await rig.handlers.letters_of("DSO-2026-999999") == []
    view = await rig.handlers.view_of(two.case_ref)
    assert view is not None and view.reference == one.reference and view.strand == 2
    assert await rig.handlers.view_of("DSO-2026-999999/1") is None


async def test_many_events_run_in_milliseconds(rig) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    started = loop.time()
    for i in range(20):
        case = routed("dso")
        await rig.event(case, f"r-{i}")
        await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), f"a-{i}")
    assert len(rig.channel.sent) == 40
    assert loop.time() - started < 5


async def test_the_sweep_serves_the_longest_waiting_strands_first(rig, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import services.notifications.queries as handlers

    def down_first_two(n: int, address: Address) -> None:
        if n <= 2:
            raise TransientDeliveryError("fake", "connection refused")

    rig.channel.fail = down_first_two
    later = routed("dso", reference="DSO-2026-000001")
    sooner = routed("dso", reference="DSO-2026-000002")  # after ``later`` in key order
    await rig.event(later, "m-later")  # fails: due again at NOW + 5 s
    rig.clock.advance(timedelta(seconds=-1))
    await rig.event(sooner, "m-sooner")  # fails: due again at NOW + 4 s
    monkeypatch.setattr(handlers, "SWEEP_BATCH", 1)
    rig.clock.advance(timedelta(seconds=10))
    assert await rig.handlers.sweep() == 1
    assert (await rig.letters(sooner.case_ref))["copy:provider"]["status"] == "sent"
    assert (await rig.letters(later.case_ref))["copy:provider"]["status"] == "pending"
    assert await rig.handlers.sweep() == 1
    assert (await rig.letters(later.case_ref))["copy:provider"]["status"] == "sent"


async def test_a_letter_that_cannot_be_planned_fails_loudly_and_the_others_go(rig, caplog) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso", consent={"imb_copy": True}, location={})
    await rig.event(case, "m-routed")
    failed = [m for m in rig.publisher.sent if m.routing_key == "notification.failed"]
    assert len(failed) == 1 and failed[0].body["recipient"] == "imb"
    assert "no establishment" in failed[0].body["error"]
    assert any("cannot be sent" in r.message and r.levelname == "ERROR" for r in caplog.records)
    # The strand's other letters still go.
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    letters = await rig.letters(case.case_ref)
    assert sorted(r["status"] for r in letters.values()) == ["failed", "sent"]
    # Redelivered: nothing twice.
    await rig.event(case, "m-routed")
    assert len(rig.publisher.keys("notification.failed")) == 1


async def test_a_letter_the_mail_server_took_is_recorded_though_the_handler_is_cancelled(
    rig,
) -> None:  # type: ignore[no-untyped-def]
    """The broker connection drops under the consumer and its task is cancelled while a
    letter is with the mail server: the outcome is still recorded, so the letter is not
    sent again when its lease runs out."""
    case = routed("dso", consent={"imb_copy": False, "share_with_provider": False})
    in_send, release = asyncio.Event(), asyncio.Event()

    async def slow_server() -> None:
        in_send.set()
        await release.wait()

    rig.channel.during = slow_server
    task = asyncio.create_task(rig.event(case, "m-routed"))
    await in_send.wait()
    task.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(50):  # the shielded send finishes and records its outcome
        letters = await rig.letters(case.case_ref)
        if all(r["status"] == "sent" for r in letters.values()):
            break
        await asyncio.sleep(0.01)
    assert {r["status"] for r in letters.values()} == {"sent"}
    assert all(r["leased_until"] is None for r in letters.values())
    rig.clock.advance(timedelta(hours=1))  # long past any lease
    await rig.handlers.sweep()
    assert len(rig.channel.sent) == len(letters) == 1
