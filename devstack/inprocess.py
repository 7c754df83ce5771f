"""The five services in one process, on in-memory stores, with a bus in memory.

Each service is built by its own ``bootstrap.build`` exactly as in production; only the
relay's publisher is swapped for `MemoryBus`, which hands each message to every queue
whose bindings match it (AMQP topic rules) and runs the handlers until nothing is left.
Letters go to a `RecordingChannel`. No broker, no store server, no network: a complaint
goes through the whole platform in milliseconds.

Used by ``bench/prefill.py`` to make realistic case files to copy; handy for trying a
procedure change end to end (``python -m devstack.inprocess examples/submissions/*.json``).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import re
import sys
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common.bus import Outgoing
from common.consumer import Incoming, Invalid
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings

log = logging.getLogger(__name__)

SERVICES = ("intake", "routing", "deadlines", "notifications", "records")


def topic_matches(pattern: str, key: str) -> bool:
    """AMQP topic matching: ``*`` is one word, ``#`` zero or more."""
    rx = re.escape(pattern).replace(r"\*", r"[^.]+").replace(r"\#", r".*")
    rx = rx.replace(r"\..*", r"(\..*)?").replace(r".*\.", r"(.*\.)?")
    return re.fullmatch(rx, key) is not None


@dataclass
class RecordingChannel:
    """A delivery channel that keeps every letter it is given."""

    name: str = "recording"
    letters: list[tuple[Any, Any]] = field(default_factory=list)

    async def send(self, address: Any, rendered: Any, *, reference: str | None = None) -> str:
        self.letters.append((address, rendered))
        return f"rec-{len(self.letters)}"


@dataclass
class MemoryBus:
    runtimes: list[ServiceRuntime]
    pending: deque[Outgoing] = field(default_factory=deque)
    published: list[Outgoing] = field(default_factory=list)
    refused: list[tuple[str, Outgoing, str]] = field(default_factory=list)

    async def publish(self, msg: Outgoing) -> None:
        self.published.append(msg)
        self.pending.append(msg)

    async def drain(self) -> int:
        """Deliver until no message is left; returns how many deliveries ran."""
        runs = 0
        while self.pending:
            msg = self.pending.popleft()
            body = json.loads(json.dumps(msg.body, default=str))
            for rt in self.runtimes:
                for spec, handler in rt.queues:
                    if spec.exchange.name != msg.exchange:
                        continue
                    if not any(topic_matches(k, msg.routing_key) for k in spec.keys):
                        continue
                    incoming = Incoming(
                        queue=spec.name,
                        routing_key=msg.routing_key,
                        message_id=msg.message_id,
                        body=body,
                        headers=dict(msg.headers),
                        user_id=msg.headers.get("user_id"),
                        correlation_id=msg.correlation_id,
                        redelivered=False,
                    )
                    try:
                        await handler(incoming)
                    except Invalid as exc:
                        self.refused.append((spec.name, msg, str(exc)))
                    runs += 1
        return runs


class InProcessPlatform:
    def __init__(self, platform: PlatformSettings | None = None):
        self.platform = platform or PlatformSettings(
            store_url="memory://", metrics_port_base=0, log_json=False
        )
        self.channel = RecordingChannel()
        self.runtimes: dict[str, ServiceRuntime] = {}
        for name in SERVICES:
            build = importlib.import_module(f"services.{name}.bootstrap").build
            kwargs = {"channel": self.channel} if name == "notifications" else {}
            self.runtimes[name] = build(self.platform, **kwargs)
        self.bus = MemoryBus(list(self.runtimes.values()))
        for rt in self.runtimes.values():
            rt.relay._publisher = self.bus  # type: ignore[assignment]

    async def submit(self, partner: str, body: dict[str, Any]) -> None:
        await self.bus.publish(
            Outgoing(
                exchange="intake",
                routing_key=f"submit.{partner}",
                message_id=str(uuid.uuid4()),
                body=body,
                headers={"user_id": partner},
            )
        )

    async def settle(self, rounds: int = 5) -> None:
        """Deliver everything, run every timed job (timers, letter deliveries), repeat."""
        for _ in range(rounds):
            ran = await self.bus.drain()
            for rt in self.runtimes.values():
                for what, job in rt.jobs.items():
                    if what != "outbox sweep":
                        await job()
            if not ran and not self.bus.pending:
                return


async def _main(paths: list[str]) -> int:
    platform = InProcessPlatform()
    for path in paths:
        await platform.submit("demo-partner", json.loads(Path(path).read_text()))
    await platform.settle()
    for msg in platform.bus.published:
        print(f"{msg.exchange:<11} {msg.routing_key:<32} {msg.message_id}")
    print(f"{len(platform.channel.letters)} letter(s) sent; {len(platform.bus.refused)} refused")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main(sys.argv[1:])))
