"""In-process stand-ins for the broker side of a service, for handler unit tests on the
in-memory store: what a handler publishes is kept, in order, for the test to read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class RawMessage:
    """What the consumer reads of a delivery's AMQP properties (``message.raw_message``)."""

    message_id: str | None = "m1"
    routing_key: str = ""
    headers: dict[str, Any] = field(default_factory=dict)
    user_id: str | None = None
    correlation_id: str | None = None
    redelivered: bool = False
    exchange: str = ""
    type: str = ""


@dataclass
class Delivery:
    """A delivery as FastStream hands it to `common.consumer` (body and raw message)."""

    body: bytes
    raw_message: RawMessage = field(default_factory=RawMessage)
