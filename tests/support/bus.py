"""Test helpers that talk to the broker as partners and operators do (aio-pika)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aio_pika

from common.bus import EXCHANGES


@dataclass
class Received:
    routing_key: str
    message_id: str | None
    body: dict[str, Any]
    headers: dict[str, Any]


@dataclass
class Listener:
    """Collects every message an exchange routes to ``keys`` while it is open."""

    messages: list[Received] = field(default_factory=list)
    _event: asyncio.Event = field(default_factory=asyncio.Event)

    def _add(self, msg: Received) -> None:
        self.messages.append(msg)
        self._event.set()

    def of(self, routing_key: str) -> list[Received]:
        return [m for m in self.messages if m.routing_key == routing_key]

    def bodies(self, routing_key: str, clock: str | None = None) -> list[dict[str, Any]]:
        """Bodies of the ``routing_key`` events heard so far (of one clock, if named)."""
        return [
            m.body for m in self.of(routing_key) if clock is None or m.body.get("clock") == clock
        ]

    async def wait_for(self, predicate, timeout: float = 20.0) -> list[Received]:  # type: ignore[no-untyped-def]
        """Wait until ``predicate(messages)`` is truthy; return the messages."""
        async with asyncio.timeout(timeout):
            while not predicate(self.messages):
                self._event.clear()
                await self._event.wait()
        return self.messages


@asynccontextmanager
async def listen(amqp_url: str, exchange: str, *keys: str) -> AsyncIterator[Listener]:
    conn = await aio_pika.connect_robust(amqp_url)
    try:
        channel = await conn.channel()
        spec = next(e for e in EXCHANGES if e.name == exchange)
        ex = await channel.declare_exchange(exchange, spec.type.value, durable=True)
        queue = await channel.declare_queue(f"test.{uuid.uuid4().hex}", exclusive=True)
        for key in keys:
            await queue.bind(ex, routing_key=key)
        listener = Listener()

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            async with message.process():
                listener._add(
                    Received(
                        message.routing_key or "",
                        message.message_id,
                        json.loads(message.body),
                        dict(message.headers),
                    )
                )

        await queue.consume(on_message)
        yield listener
    finally:
        await conn.close()


async def publish(
    amqp_url: str,
    exchange: str,
    routing_key: str,
    body: Any,
    *,
    message_id: str | None = None,
    user_id: str | None = None,
) -> str:
    """Publish as a partner would: persistent, confirmed, with a stable message id."""
    message_id = message_id or uuid.uuid4().hex
    conn = await aio_pika.connect_robust(amqp_url)
    try:
        channel = await conn.channel(publisher_confirms=True)
        spec = next(e for e in EXCHANGES if e.name == exchange)
        ex = await channel.declare_exchange(exchange, spec.type.value, durable=True)
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        await ex.publish(
            aio_pika.Message(
                payload,
                message_id=message_id,
                user_id=user_id,
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=routing_key,
        )
    finally:
        await conn.close()
    return message_id


async def queue_depth(amqp_url: str, queue: str) -> int:
    conn = await aio_pika.connect_robust(amqp_url)
    try:
        channel = await conn.channel()
        q = await channel.declare_queue(queue, passive=True)
        return q.declaration_result.message_count or 0
    finally:
        await conn.close()
