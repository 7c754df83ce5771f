"""The broker's own ceiling, measured in the same run: N persistent messages of the same
body size published with publisher confirms to a scratch quorum queue (unique name, deleted
afterwards) and consumed with manual acks, on two connections like a service's.

msgs/s = N / (first publish -> last message consumed). Publishing keeps up to ``inflight``
confirms outstanding, the consumer a prefetch of the same size: what the broker can do on
this machine when it is the only work, the figure the pipeline is compared with.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import aio_pika

EXPIRES_MS = 600_000  # should the delete fail, the broker drops the queue 10 minutes idle


async def measure(
    amqp_url: str, count: int, body_size: int, *, inflight: int = 256, timeout_s: float = 300.0
) -> dict[str, Any]:
    name = f"bench.ceiling.{uuid.uuid4().hex}"
    body = b"x" * max(1, body_size)
    pub_conn = await aio_pika.connect(amqp_url, timeout=10)
    sub_conn = await aio_pika.connect(amqp_url, timeout=10)
    try:
        pub = await pub_conn.channel(publisher_confirms=True)
        await pub.declare_queue(
            name, durable=True, arguments={"x-queue-type": "quorum", "x-expires": EXPIRES_MS}
        )
        sub = await sub_conn.channel()
        await sub.set_qos(prefetch_count=inflight)
        queue = await sub.get_queue(name)
        done, received, last = asyncio.Event(), 0, 0.0

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal received, last
            await message.ack()
            received += 1
            last = time.monotonic()
            if received >= count:
                done.set()

        await queue.consume(on_message)
        slots = asyncio.Semaphore(inflight)

        async def one(i: int) -> None:
            try:
                await pub.default_exchange.publish(
                    aio_pika.Message(
                        body,
                        message_id=f"{name}:{i}",
                        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    ),
                    routing_key=name,
                    timeout=30,
                )
            finally:
                slots.release()

        started = time.monotonic()
        tasks = []
        for i in range(count):
            await slots.acquire()
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
        confirmed = time.monotonic()
        async with asyncio.timeout(timeout_s):
            await done.wait()
        return {
            "queue_type": "quorum",
            "messages": count,
            "body_bytes": len(body),
            "inflight": inflight,
            "seconds": last - started,
            "msgs_per_s": count / (last - started) if last > started else None,
            "publish_confirmed_msgs_per_s": (
                count / (confirmed - started) if confirmed > started else None
            ),
        }
    finally:
        await sub_conn.close()  # the consumer goes first, so the delete cancels nobody
        try:
            cleanup = await pub_conn.channel()
            await cleanup.queue_delete(name)
        except Exception:  # noqa: BLE001 - x-expires removes it anyway
            pass
        await pub_conn.close()
