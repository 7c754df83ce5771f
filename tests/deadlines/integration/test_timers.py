"""Durable timers: two replicas fire each of 10,000 due timers exactly once, and a
service stopped across a due date fires on restart. Real processes, broker and store."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from common.clock import FileClock
from common.storage import open_store
from common.timescales import Timescale, Unit
from common.workdays import calendar_for
from services.deadlines.adapters.codec import encode
from services.deadlines.adapters.documents import DOCUMENTS, StrandClocks
from services.deadlines.domain.clocks import start_clock
from services.deadlines.domain.events import next_fire_on
from tests.e2e.conftest import Stack
from tests.support.bus import listen
from tests.support.infra import free_port

pytestmark = pytest.mark.integration

STRANDS = int(os.environ.get("TIMER_TEST_STRANDS", "2500"))
CLOCKS = ("acknowledgement", "response", "officer_comments", "investigation")  # 4 per strand


def seed(platform, strands: int, received: date) -> None:  # type: ignore[no-untyped-def]
    """Write strands whose clocks all fall due (as routing would have set them), through
    the service's own store (the engine ``platform.store_url`` names)."""
    calendar = calendar_for("england-and-wales")
    store = open_store(
        platform.store_url_for("deadlines"),
        DOCUMENTS,
        service="deadlines",
        db=f"{platform.db_prefix}deadlines",
    )
    try:
        for n in range(strands):
            clocks = {
                name: start_clock(
                    name, calendar, received, Timescale(amount=3 + i, unit=Unit.WORKING_DAYS)
                )[0]
                for i, name in enumerate(CLOCKS)
            }
            doc = StrandClocks(
                id=f"DSO-2026-{n:06d}/1",
                reference=f"DSO-2026-{n:06d}",
                strand=1,
                procedure="dso",
                stage="service_delivery",
                calendar="england-and-wales",
                clocks={k: encode(c) for k, c in clocks.items()},
                next_fire_on=next_fire_on(list(clocks.values()), 2),
                next_due=min(c.due.due for c in clocks.values() if c.due),
            )
            store.commit(doc, message_id=None, emit=[])
    finally:
        store.close()


async def test_two_replicas_fire_every_due_timer_exactly_once(platform, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed(platform, STRANDS, date(2026, 10, 1))
    stack = Stack(platform, tmp_path, smtp_port=free_port(), ports={"deadlines": 0})
    replicas = []
    async with listen(platform.amqp_url, "complaints", "deadline.breached") as events:
        started = time.monotonic()
        for _ in range(2):
            stack.ports["deadlines"] = free_port()
            stack.start("deadlines")
            replicas.append(stack.procs.pop("deadlines"))
        stack.procs.update({f"deadlines-{i}": p for i, p in enumerate(replicas)})
        try:
            await events.wait_for(lambda m: len(m) >= STRANDS * len(CLOCKS), timeout=600)
            await asyncio.sleep(3)  # anything fired twice would arrive now
        finally:
            stack.stop_all()
        elapsed = time.monotonic() - started
    fired = Counter((m.body["reference"], m.body["clock"]) for m in events.messages)
    assert len(fired) == STRANDS * len(CLOCKS)
    assert set(fired.values()) == {1}, [k for k, v in fired.items() if v > 1][:5]
    ids = Counter(m.message_id for m in events.messages)
    assert set(ids.values()) == {1}
    print(f"{STRANDS * len(CLOCKS)} timers fired once each by 2 replicas in {elapsed:.1f} s")


async def test_a_service_stopped_across_a_due_date_fires_on_restart(
    platform,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    today = FileClock(platform.clock_file).now().date()
    seed(platform, 3, today)  # due 3 to 6 working days from today: nothing due yet
    stack = Stack(platform, tmp_path, smtp_port=free_port(), ports={"deadlines": free_port()})
    async with listen(platform.amqp_url, "complaints", "deadline.*") as events:
        stack.start("deadlines")
        await asyncio.sleep(2)
        assert not [m for m in events.messages if m.routing_key == "deadline.breached"]
        stack.kill("deadlines")
        FileClock(platform.clock_file).move(timedelta(days=21))  # down across every due date
        stack.start("deadlines")
        try:
            await events.wait_for(
                lambda m: len([x for x in m if x.routing_key == "deadline.breached"]) >= 12,
                timeout=60,
            )
        finally:
            stack.stop_all()
    breached = [m for m in events.messages if m.routing_key == "deadline.breached"]
    assert len(breached) == 12
    assert {m.body["clock"] for m in breached} == set(CLOCKS)
