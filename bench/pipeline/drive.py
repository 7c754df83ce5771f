"""Drives the running platform as a partner does, and listens to the bus.

- `preflight`: the broker answers and every service's work queue has a consumer.
- `Tap`: an exclusive, auto-delete queue of the benchmark's own, bound with ``#`` to the
  ``complaints`` and ``partners`` exchanges, feeding a `Tracker`.
- `publish`: complaints to ``intake`` with key ``submit.<partner>``, persistent, with
  publisher confirms, each with a unique ``partner_ref`` and ``message_id``; as fast as
  ``inflight`` outstanding confirms allow (burst) or on a schedule (rate).
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aio_pika

from bench.pipeline.milestones import BusMessage, Tracker
from common.bus import QUEUES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SUBMISSION = ROOT / "examples" / "submissions" / "hmip-staff-conduct.json"


def default_partner(procedure: str) -> str:
    """The partner the demo submits this procedure as (devstack/demo.py)."""
    try:
        from devstack.demo import PARTNERS
    except Exception:  # noqa: BLE001 - the demo is a convenience, not a dependency
        return "demo"
    return PARTNERS.get(procedure, "demo")


def load_template(path: Path, now: datetime | None = None) -> dict[str, Any]:
    """The example moved to today, keeping the gap between incident and receipt (as the
    demo does: an incident months ago would be out of time and excluded)."""
    body = json.loads(path.read_text())
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    received = datetime.fromisoformat(body["received_at"])
    body["received_at"] = now.isoformat()
    if body.get("incident_date"):
        shift = now.date() - received.date()
        body["incident_date"] = (date.fromisoformat(body["incident_date"]) + shift).isoformat()
    return body


def submission(template: dict[str, Any], run_id: str, i: int) -> dict[str, Any]:
    body = copy.deepcopy(template)
    body["partner_ref"] = f"BENCH-{run_id}-{i:06d}"
    return body


def masked(url: str) -> str:
    """The URL without its password, for messages and the results file."""
    parts = urlsplit(url)
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit(
        parts._replace(netloc=f"{parts.username}:***@{host}" if parts.username else host)
    )


class PlatformNotRunning(RuntimeError):
    """The broker or a service is missing; the message says what to do."""


async def preflight(amqp_url: str) -> dict[str, Any]:
    """Broker version and each work queue's consumers and depth; raise when not running."""
    try:
        conn = await aio_pika.connect(amqp_url, timeout=10)
    except Exception as exc:  # noqa: BLE001 - any failure means the same to the user
        raise PlatformNotRunning(
            f"RabbitMQ does not answer at {masked(amqp_url)} ({exc.__class__.__name__}). Start the "
            "platform with `make up` (it starts RabbitMQ too), then run the benchmark again."
        ) from exc
    try:
        underlay = getattr(conn.transport, "connection", None)
        props = getattr(underlay, "server_properties", None) or {}
        version = props.get("version")
        queues: dict[str, dict[str, int | None]] = {}
        for spec in QUEUES:
            channel = await conn.channel()
            try:
                q = await channel.declare_queue(spec.name, passive=True)
                result = q.declaration_result
                queues[spec.name] = {
                    "consumers": result.consumer_count,
                    "messages": result.message_count,
                }
                await channel.close()
            except Exception:  # noqa: BLE001 - passive declare of a missing queue
                queues[spec.name] = {"consumers": None, "messages": None}
    finally:
        await conn.close()
    idle = [name for name, q in queues.items() if not q["consumers"]]
    if idle:
        raise PlatformNotRunning(
            "the platform is not running (no consumer on "
            + ", ".join(idle)
            + "). Start it with `make up` (`make down` stops it), wait for "
            "'platform running in the background', then run the benchmark again."
        )
    return {
        "rabbitmq_version": version.decode() if isinstance(version, bytes) else version,
        "queues": queues,
    }


class Tap:
    """The benchmark's own queue on the bus; every message goes to the tracker."""

    def __init__(self, amqp_url: str, tracker: Tracker, run_id: str):
        self.url, self.tracker = amqp_url, tracker
        self.name = f"bench.tap.{run_id}.{uuid.uuid4().hex[:8]}"
        self._conn: aio_pika.abc.AbstractConnection | None = None
        self._queue: aio_pika.abc.AbstractQueue | None = None
        self._tag: str | None = None

    async def start(self) -> None:
        self._conn = await aio_pika.connect(self.url, timeout=10)
        channel = await self._conn.channel()
        self._queue = await channel.declare_queue(self.name, exclusive=True, auto_delete=True)
        for exchange in ("complaints", "partners"):
            await self._queue.bind(exchange, routing_key="#")

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            t = time.monotonic()
            try:
                body = json.loads(message.body)
            except ValueError:
                body = {}
            self.tracker.add(
                BusMessage(
                    t,
                    message.exchange or "",
                    message.routing_key or "",
                    body if isinstance(body, dict) else {},
                    len(message.body),
                )
            )

        self._tag = await self._queue.consume(on_message, no_ack=True)

    @property
    def alive(self) -> bool:
        return self._conn is not None and not self._conn.is_closed

    async def stop(self) -> None:
        try:
            if self._queue is not None:
                if self._tag is not None:
                    await self._queue.cancel(self._tag)
                await self._queue.delete(if_unused=False, if_empty=False)
        except Exception:  # noqa: BLE001 - exclusive + auto-delete: it goes with the connection
            pass
        finally:
            if self._conn is not None:
                await self._conn.close()


@dataclass
class Published:
    count: int = 0
    failed: int = 0
    body_bytes: int = 0
    first_at: float | None = None
    last_at: float | None = None
    max_lag_s: float = 0.0  # how far behind its schedule a rate-mode publish started


async def publish(
    amqp_url: str,
    tracker: Tracker,
    *,
    partner: str,
    template: dict[str, Any],
    run_id: str,
    count: int,
    rate: float | None,
    inflight: int,
    progress: Any = None,
) -> Published:
    """Publish ``count`` complaints; back-to-back (rate None) or one every 1/rate s."""
    stats = Published()
    conn = await aio_pika.connect(amqp_url, timeout=10)
    try:
        channel = await conn.channel(publisher_confirms=True, on_return_raises=True)
        exchange = await channel.get_exchange("intake", ensure=True)
        slots = asyncio.Semaphore(inflight)

        async def one(i: int) -> None:
            body = submission(template, run_id, i)
            payload = json.dumps(body).encode()
            now = time.monotonic()
            complaint = tracker.published(body["partner_ref"], now)
            stats.first_at = now if stats.first_at is None else stats.first_at
            try:
                await exchange.publish(
                    aio_pika.Message(
                        payload,
                        message_id=uuid.uuid4().hex,
                        content_type="application/json",
                        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                        type="submission",
                        headers={"schema_version": 1},
                    ),
                    routing_key=f"submit.{partner}",
                    mandatory=True,
                    timeout=30,
                )
                stats.count += 1
                stats.body_bytes += len(payload)
            except Exception as exc:  # noqa: BLE001 - counted and reported, not fatal
                stats.failed += 1
                complaint.publish_failed = f"{exc.__class__.__name__}: {exc}"[:200]
            finally:
                stats.last_at = time.monotonic()
                slots.release()

        started, tasks = time.monotonic(), []
        for i in range(count):
            if rate:
                delay = started + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                else:
                    stats.max_lag_s = max(stats.max_lag_s, -delay)
            await slots.acquire()
            tasks.append(asyncio.create_task(one(i)))
            if progress is not None:
                progress(i + 1)
        await asyncio.gather(*tasks)
    finally:
        await conn.close()
    return stats
