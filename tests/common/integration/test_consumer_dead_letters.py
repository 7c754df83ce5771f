"""The consumer primitive against the real broker: poison messages end in the DLQ."""

from __future__ import annotations

import asyncio
import json

import pytest

from common.bus import COMPLAINTS, QueueSpec
from common.consumer import Incoming
from common.runtime import ServiceRuntime
from tests.support.bus import listen, publish, queue_depth

pytestmark = pytest.mark.integration

SPEC = QueueSpec("probe.work", COMPLAINTS, ("probe.#",))


async def test_a_message_that_always_crashes_ends_in_the_dlq_after_the_limit(platform) -> None:  # type: ignore[no-untyped-def]
    attempts: list[str] = []

    async def crashing(msg: Incoming) -> None:
        attempts.append(msg.message_id)
        raise RuntimeError("boom")

    seen: list[str] = []

    async def fine(msg: Incoming) -> None:
        seen.append(msg.message_id)

    rt = ServiceRuntime("probe", platform)
    rt.queues.append((SPEC, lambda m: crashing(m) if m.body.get("poison") else fine(m)))
    await rt.start()
    try:
        async with listen(platform.amqp_url, "complaints.dlx", SPEC.name) as dead:
            await publish(
                platform.amqp_url, "complaints", "probe.x", {"poison": True}, message_id="poison-1"
            )
            await publish(
                platform.amqp_url, "complaints", "probe.x", {"ok": True}, message_id="good-1"
            )
            await dead.wait_for(lambda m: len(m) >= 1, timeout=30)
        await asyncio.sleep(0.5)
    finally:
        await rt.stop()
    # Delivered delivery_limit + 1 times (the first delivery and the redeliveries), no more.
    assert attempts.count("poison-1") == platform.delivery_limit + 1
    assert seen == ["good-1"]  # the poison message did not block the queue
    assert dead.messages[0].message_id == "poison-1"
    assert await queue_depth(platform.amqp_url, "probe.work.dlq") == 1
    assert await queue_depth(platform.amqp_url, "probe.work") == 0


async def test_a_message_breaking_its_contract_is_dead_lettered_at_once_with_reasons(  # type: ignore[no-untyped-def]
    platform,
) -> None:
    calls: list[str] = []

    async def handler(msg: Incoming) -> None:
        calls.append(msg.message_id)

    rt = ServiceRuntime("probe", platform)
    rt.queues.append((SPEC, handler))
    await rt.start()
    try:
        async with listen(platform.amqp_url, "complaints.dlx", SPEC.name) as dead:
            await publish(
                platform.amqp_url, "complaints", "probe.x", b"{not json", message_id="bad-json"
            )
            await dead.wait_for(lambda m: len(m) >= 1)
    finally:
        await rt.stop()
    assert calls == []
    reasons = json.loads(dead.messages[0].headers["x-rejection"])
    assert reasons[0]["rule"] == "json"
