"""Fault tests' tools: a platform whose processes a test may kill, stop and restart, a
partner that submits many complaints at once, and the count every complaint must meet.

The count (`Tally.assert_each_once`): each submission got exactly one ``accepted`` reply
(by message id) and one reference, records holds exactly one case per strand of it and
nothing else, each case has exactly one acknowledgement letter to the complainant, the
SMTP sink holds exactly one letter to each complainant (every complainant has an address
of their own) and no more letters in all than the submissions should cause, no letter
twice except those docs/operations.md ("Delivery semantics") allows, and every
dead-letter queue is empty.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import aio_pika
import bson
import pytest

from common.bus import QUEUES
from tests.e2e.conftest import Stack
from tests.support.grpc_client import Cases
from tests.support.submissions import dso_service_delivery

PARTNER = "yarlswood"
KEY_HEADER = "X-Notification-Key"  # services/notifications/adapters/smtp.py
# What one `dso_service_delivery` causes: one strand; letters: the acknowledgement to the
# complainant and copies to the IMB and the provider.
STRANDS_EACH = 1
LETTERS_EACH = 3


class FaultStack(Stack):
    """The end-to-end `Stack`, with the faults a test inflicts on its processes."""

    def terminate(self, name: str, bound: float = 30.0) -> tuple[float, int]:
        """SIGTERM ``name``; the seconds it took to exit and its exit status."""
        proc = self.procs.pop(name)
        began = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            status = proc.wait(timeout=bound)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
            raise AssertionError(f"{name} did not exit within {bound} s of SIGTERM") from None
        return time.monotonic() - began, status

    def restart(self, name: str, *, kill: bool = True) -> None:
        """SIGKILL (or SIGTERM) ``name`` and start it again."""
        if kill:
            self.kill(name)
        else:
            self.terminate(name)
        self.start(name, timeout=90)

    # The same, without stopping the test's event loop (the partner keeps publishing).
    async def crash(self, name: str) -> None:
        await asyncio.to_thread(self.kill, name)

    async def revive(self, name: str) -> None:
        await asyncio.to_thread(self.start, name, 90)

    async def sigterm(self, name: str) -> tuple[float, int]:
        return await asyncio.to_thread(self.terminate, name)

    def alive(self) -> list[str]:
        return sorted(n for n, p in self.procs.items() if p.poll() is None)

    def db_file(self, name: str) -> Path:
        url = self.platform.store_url_for(name)
        if not url.startswith("sqlite:///"):
            pytest.skip(f"a fault of SQLite's files; this platform's store is {url}")
        return Path(url.removeprefix("sqlite:///"))

    def sent_but_unrecorded(self) -> set[str]:
        """Keys of the letters in the sink that notifications' store still holds as not
        sent: read while notifications is down, they are the letters it will send again
        (it cannot know that the mail server took them)."""
        con = sqlite3.connect(self.db_file("notifications"))
        try:
            rows = con.execute('SELECT doc FROM "cases"').fetchall()
        finally:
            con.close()
        pending = {
            r["key"]
            for (doc,) in rows
            for r in bson.decode(doc).get("letters", [])
            if r.get("status") == "pending"
        }
        return pending & {key for _, key in self.deliveries()}

    def interrupted(self) -> set[str]:
        """Keys of the letters whose lease ran out with no outcome at least once: a sender
        stopped mid-send (services/notifications/leases.py counts it on the letter).
        Only these may have reached the mail server twice (docs/operations.md, "Delivery
        semantics"). Empty for a store that is not SQLite (not read there)."""
        if not self.platform.store_url_for("notifications").startswith("sqlite:///"):
            return set()
        con = sqlite3.connect(self.db_file("notifications"))
        try:
            rows = con.execute('SELECT doc FROM "cases"').fetchall()
        finally:
            con.close()
        return {
            r["key"]
            for (doc,) in rows
            for r in bson.decode(doc).get("letters", [])
            if r.get("interrupted")
        }

    def deliveries(self) -> Counter[tuple[str, str]]:
        """Emails in the sink by (recipient address, X-Notification-Key): the key names one
        letter, so a count above 1 is the same letter delivered again."""
        read: dict[str, list[tuple[str, str]]] = self.__dict__.setdefault("_read", {})
        counts: Counter[tuple[str, str]] = Counter()
        for path in (self.workdir / "mail").glob("*.eml"):
            if path.name not in read:  # the sink never changes a file it has written
                msg = message_from_bytes(path.read_bytes())
                key = str(msg.get(KEY_HEADER, path.name))
                read[path.name] = [(a.lower(), key) for _, a in getaddresses(msg.get_all("To", []))]
            counts.update(read[path.name])
        return counts

    def mail_to(self) -> Counter[str]:
        """Letters (not deliveries: a letter sent twice counts once) by recipient address."""
        return Counter(address for address, _ in self.deliveries())


@contextmanager
def locked(db: Path, seconds: float) -> Iterator[threading.Event]:
    """Another process's view of a paused store: hold ``BEGIN EXCLUSIVE`` on ``db`` for
    ``seconds`` from a thread (writers wait on the lock meanwhile); the event is set once
    the lock is held. Released when the time is up or the block ends."""
    held, done = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def hold() -> None:
        try:
            con = sqlite3.connect(db, timeout=60, isolation_level=None)
            try:
                con.execute("BEGIN EXCLUSIVE")
                held.set()
                done.wait(seconds)
                con.execute("ROLLBACK")
            finally:
                con.close()
        except BaseException as exc:  # reported to the test below
            failure.append(exc)
            held.set()

    thread = threading.Thread(target=hold, name=f"lock-{db.name}", daemon=True)
    thread.start()
    try:
        held.wait(60)
        if failure:
            raise failure[0]
        yield held
    finally:
        done.set()
        thread.join(30)


@dataclass
class Tally:
    """The submissions of one test, their replies and the count they must meet."""

    run: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)  # by partner_ref
    replies: list[tuple[str, dict[str, Any], str | None]] = field(default_factory=list)
    # What the platform held before this test's submissions (`begin`).
    cases_before: int = 0
    letters_before: int = 0
    redelivered_before: int = 0
    dead_before: dict[str, int] = field(default_factory=dict)
    # Letters delivered more than once by this test's end (`assert_each_once`).
    redelivered: int = 0

    async def begin(self, stack: FaultStack) -> None:
        """Note what earlier tests left on ``stack``: this test counts on top of it."""
        cases = Cases(stack.addr("records"), stack.platform)
        try:
            self.cases_before = len(await self.cases(cases))
        finally:
            await cases.close()
        deliveries = stack.deliveries()
        self.letters_before = len(deliveries)
        self.redelivered_before = sum(c - 1 for c in deliveries.values())
        # Where Docker runs, the vhost is the session's container's, shared with other tests.
        self.dead_before = await dead_letters(stack.platform.amqp_url)

    def make(self, n: int) -> list[dict[str, Any]]:
        """``n`` new submissions, each from a complainant with an address of their own."""
        made = []
        for _ in range(n):
            i = len(self.bodies)
            body = dso_service_delivery(
                partner_ref=f"F-{self.run}-{i}",
                # Received an hour ago: no clock breaches while the test runs.
                received_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat(),
                complainant={
                    "name": f"Complainant {i}",
                    "contact": f"c{i}.{self.run}@example.org",
                    "detained_person_ref": f"HO-{i:06d}",
                },
            )
            self.bodies[body["partner_ref"]] = body
            made.append(body)
        return made

    def contacts(self) -> set[str]:
        return {b["complainant"]["contact"] for b in self.bodies.values()}

    def references(self) -> dict[str, set[str]]:
        """partner_ref -> the references its accepted replies named."""
        refs: dict[str, set[str]] = {ref: set() for ref in self.bodies}
        for key, body, _ in self.replies:
            if key.endswith(".accepted") and body.get("partner_ref") in refs:
                refs[body["partner_ref"]].add(body["reference"])
        return refs

    def all_answered(self) -> bool:
        return all(self.references().values())

    async def cases(self, cases: Cases) -> list[Any]:
        """Every case records holds, page by page."""
        found, token = [], ""
        while True:
            reply = await cases._stub.ListCases(
                cases_request(page_size=500, page_token=token), timeout=10, metadata=cases._md
            )
            found.extend(reply.cases)
            token = reply.next_page_token
            if not token:
                return found

    async def settled(self, stack: FaultStack, timeout: float) -> None:
        """Wait until every submission is answered and filed, and every letter the
        platform's complaints should cause is on file and in the sink; then watch the
        queues drain, so whatever a fault would add twice has had its chance to show."""
        cases = Cases(stack.addr("records"), stack.platform)
        contacts = self.contacts()
        letters = self.letters_before + LETTERS_EACH * len(self.bodies)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    if self.all_answered():
                        mail = stack.mail_to()
                        if all(mail[c] for c in contacts) and sum(mail.values()) >= letters:
                            filed = await self._filed(cases)
                            if filed >= len(self.bodies) * STRANDS_EACH:
                                break
                    await asyncio.sleep(0.25)
                while sum((await work_queues(stack.platform.amqp_url)).values()):
                    await asyncio.sleep(0.25)
        except TimeoutError:
            dead = await dead_letters(stack.platform.amqp_url)
            raise AssertionError(f"{self.progress(stack)}; dead letters {dead}") from None
        finally:
            await cases.close()

    async def _filed(self, cases: Cases) -> int:
        """Cases of these submissions with every letter sent and on file."""
        try:
            found = await self.cases(cases)
        except Exception:  # records restarting: ask again
            return 0
        mine = {ref for refs in self.references().values() for ref in refs}
        return sum(
            1
            for c in found
            if c.reference in mine
            and _acknowledged(c)
            and len([x for x in c.letters if x.status == "sent"]) >= LETTERS_EACH
        )

    def progress(self, stack: FaultStack) -> str:
        refs = self.references()
        mail = stack.mail_to()
        return (
            f"not settled: {sum(1 for r in refs.values() if r)}/{len(refs)} answered, "
            f"{sum(1 for c in self.contacts() if mail[c])}/{len(refs)} complainants written "
            f"to; services alive: {stack.alive()}"
        )

    def answered_count(self) -> int:
        return sum(1 for r in self.references().values() if r)

    async def answered(self, k: int, timeout: float = 60.0) -> None:
        """Wait until ``k`` submissions have their reply (to strike mid-flow)."""
        async with asyncio.timeout(timeout):
            while self.answered_count() < k:
                await asyncio.sleep(0.05)

    def written_to(self, stack: FaultStack) -> int:
        """Complainants who have had a letter so far."""
        mail = stack.mail_to()
        return sum(1 for c in self.contacts() if mail[c])

    async def assert_each_once(
        self, stack: FaultStack, *, sent_again: frozenset[str] | set[str] = frozenset()
    ) -> None:
        """The count, on top of what the platform held before (`begin`).

        ``sent_again``: the keys of letters expected in the sink twice. As
        docs/operations.md ("Delivery semantics") promises, only a notifications process
        killed after the mail server took a letter and before it recorded that sends one
        again (`FaultStack.sent_but_unrecorded`, read while it is down); every letter in
        the sink twice is one of those and is marked on file as interrupted, and none is
        there three times."""
        n = len(self.bodies)
        refs = self.references()
        # One accepted reply per submission (a re-sent copy carries the same message id).
        accepted = {mid for key, _, mid in self.replies if key.endswith(".accepted")}
        assert len(accepted) == n, f"{len(accepted)} accepted replies for {n} submissions"
        assert not [k for k, _, _ in self.replies if k.endswith(".rejected")]
        assert all(len(r) == 1 for r in refs.values()), "a submission has 0 or 2+ references"
        mine = {next(iter(r)) for r in refs.values()}
        assert len(mine) == n, "two submissions share a reference"
        cases = Cases(stack.addr("records"), stack.platform)
        try:
            found = await self.cases(cases)
        finally:
            await cases.close()
        per_ref = Counter(c.reference for c in found if c.reference in mine)
        assert sum(per_ref.values()) == n * STRANDS_EACH, (
            f"{sum(per_ref.values())} cases for {n} complaints"
        )
        assert set(per_ref.values()) == {STRANDS_EACH}
        assert len(found) == self.cases_before + n * STRANDS_EACH, (
            f"{len(found) - self.cases_before} cases filed for {n} complaints"
        )
        acks = Counter(
            c.reference
            for c in found
            if c.reference in mine
            for x in c.letters
            if x.template == "acknowledgement" and x.recipient == "complainant"
        )
        assert sum(acks.values()) == n * STRANDS_EACH and set(acks.values()) == {STRANDS_EACH}, (
            f"{sum(acks.values())} acknowledgements on file for {n} complaints"
        )
        deliveries = stack.deliveries()
        to_complainant = Counter(a for a, _ in deliveries if a in self.contacts())
        assert len(to_complainant) == n and set(to_complainant.values()) == {1}, (
            f"{len(to_complainant)} of {n} complainants written to, "
            f"{sum(to_complainant.values())} distinct letters to them"
        )
        letters = len(deliveries) - self.letters_before
        assert letters == LETTERS_EACH * n, f"{letters} letters for {n} complaints"
        self.redelivered = sum(c - 1 for c in deliveries.values()) - self.redelivered_before
        twice = {key for (_, key), c in deliveries.items() if c > 1}
        assert self.redelivered == len(sent_again) and twice >= set(sent_again), (
            f"{self.redelivered} letters delivered again ({sorted(twice)}), expected "
            f"{len(sent_again)} ({sorted(sent_again)})"
        )
        assert max(deliveries.values(), default=0) <= 2, "a letter delivered 3 times or more"
        if sent_again and stack.platform.store_url_for("notifications").startswith("sqlite"):
            unmarked = set(sent_again) - stack.interrupted()
            assert not unmarked, f"sent twice but not marked interrupted: {sorted(unmarked)}"
        dead = await dead_letters(stack.platform.amqp_url)
        new = {q: c - self.dead_before.get(q, 0) for q, c in dead.items()}
        assert not any(new.values()), f"dead letters: {new}"


def cases_request(**kw: Any) -> Any:
    from complaints.v1 import cases_pb2

    return cases_pb2.ListCasesRequest(**kw)


def _acknowledged(case: Any) -> bool:
    return any(
        x.template == "acknowledgement" and x.recipient == "complainant" and x.status == "sent"
        for x in case.letters
    )


async def dead_letters(amqp_url: str) -> dict[str, int]:
    """Messages in each DLQ (a DLQ not declared yet holds none)."""
    return await _depths(amqp_url, [spec.dlq for spec in QUEUES])


async def work_queues(amqp_url: str) -> dict[str, int]:
    """Messages ready in each work queue."""
    return await _depths(amqp_url, [spec.name for spec in QUEUES])


async def _depths(amqp_url: str, names: list[str]) -> dict[str, int]:
    conn = await aio_pika.connect(amqp_url)
    counts = {}
    try:
        for name in names:
            channel = await conn.channel()
            try:
                q = await channel.declare_queue(name, passive=True)
                counts[name] = q.declaration_result.message_count or 0
            except aio_pika.exceptions.ChannelClosed:
                counts[name] = 0
    finally:
        await conn.close()
    return counts


@asynccontextmanager
async def partner(stack: FaultStack, tally: Tally) -> AsyncIterator[Partner]:
    """A partner of ``stack``'s broker: submits with confirms and hears its replies on a
    durable queue of its own (so a broker restart loses none), deleted afterwards. Notes
    first what the platform already holds (`Tally.begin`)."""
    await tally.begin(stack)
    conn = await aio_pika.connect_robust(stack.platform.amqp_url)
    p = Partner(conn, tally)
    try:
        await p.open()
        yield p
        await p.close()
    finally:
        for stream in p.streams:
            stream.cancel()
        await conn.close()


class Partner:
    def __init__(self, conn: aio_pika.abc.AbstractRobustConnection, tally: Tally):
        self.conn, self.tally = conn, tally
        self.queue_name = f"faults.replies.{tally.run}"
        self.streams: list[Stream] = []

    async def open(self) -> None:
        self.channel = await self.conn.channel(publisher_confirms=True)
        self.intake = await self.channel.declare_exchange("intake", "topic", durable=True)
        partners = await self.channel.declare_exchange("partners", "topic", durable=True)
        self.queue = await self.channel.declare_queue(self.queue_name, durable=True)
        await self.queue.bind(partners, routing_key=f"{PARTNER}.*")

        async def on_reply(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            async with message.process():
                self.tally.replies.append(
                    (message.routing_key or "", json.loads(message.body), message.message_id)
                )

        await self.queue.consume(on_reply)

    async def submit(
        self, bodies: list[dict[str, Any]], *, per_s: float | None = None, inflight: int = 64
    ) -> None:
        """Publish ``bodies`` as a partner does: persistent, confirmed, a message id each,
        all at once or ``per_s`` a second; a publish the broker refuses or does not
        confirm is sent again with the same message id (the broker may be away)."""
        gate = asyncio.Semaphore(inflight)
        began = asyncio.get_running_loop().time()

        async def one(i: int, body: dict[str, Any]) -> None:
            if per_s:
                await asyncio.sleep(max(0.0, began + i / per_s - asyncio.get_running_loop().time()))
            mid = uuid.uuid4().hex
            async with gate:
                for _ in range(240):
                    try:
                        await self.intake.publish(
                            aio_pika.Message(
                                json.dumps(body).encode(),
                                message_id=mid,
                                content_type="application/json",
                                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                            ),
                            routing_key=f"submit.{PARTNER}",
                            timeout=10,
                        )
                        return
                    except Exception:  # broker away: the partner sends it again
                        await asyncio.sleep(0.5)
                raise AssertionError(f"could not submit {body['partner_ref']}")

        await asyncio.gather(*(one(i, b) for i, b in enumerate(bodies)))

    def stream(self, per_s: float) -> Stream:
        """New complaints at ``per_s`` a second in the background until `Stream.stop`."""
        self.streams.append(Stream(self, per_s))
        return self.streams[-1]

    async def close(self) -> None:
        channel = await self.conn.channel()
        await channel.queue_delete(self.queue_name)


class Stream:
    """A partner submitting new complaints at a steady rate until stopped."""

    def __init__(self, partner: Partner, per_s: float):
        self.partner, self.per_s = partner, per_s
        self._stop = asyncio.Event()
        self._sends: list[asyncio.Task[None]] = []
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        began, i = loop.time(), 0
        while not self._stop.is_set():
            body = self.partner.tally.make(1)
            self._sends.append(asyncio.create_task(self.partner.submit(body)))
            i += 1
            with suppress(TimeoutError):
                await asyncio.wait_for(
                    self._stop.wait(), max(0.0, began + i / self.per_s - loop.time())
                )

    def running(self) -> bool:
        return not self._task.done()

    def cancel(self) -> None:
        """Abandon the stream (a test failed): no publishing goes on behind it."""
        for task in (self._task, *self._sends):
            task.cancel()

    async def stop(self, after: int = 0) -> int:
        """Stop once ``after`` more complaints went out; every one of them confirmed by
        the broker. Returns how many were submitted in all."""
        target = len(self._sends) + after
        while len(self._sends) < target and self.running():
            await asyncio.sleep(1 / self.per_s)
        self._stop.set()
        await self._task
        await asyncio.gather(*self._sends)
        return len(self._sends)
