"""In-process stand-ins for the broker side of a service, for handler unit tests on the
in-memory store: what a handler publishes is kept, in order, for the test to read."""

from __future__ import annotations

from dataclasses import dataclass, field

from common.bus import Outgoing


@dataclass
class FakePublisher:
    sent: list[Outgoing] = field(default_factory=list)
    fail: bool = False  # True: the broker refuses (as when it is down)

    async def publish(self, msg: Outgoing) -> None:
        if self.fail:
            raise ConnectionError("broker unreachable (test)")
        self.sent.append(msg)

    def keys(self) -> list[str]:
        return [m.routing_key for m in self.sent]

    def of(self, routing_key: str) -> list[Outgoing]:
        return [m for m in self.sent if m.routing_key == routing_key]
