"""Bus topology and publishing (RabbitMQ through FastStream).

Exchanges (ARCHITECTURE.md, Messaging): ``intake`` (partner submissions,
``submit.<partner>``), ``complaints`` (domain events), ``partners`` (replies,
``<partner>.<event>``), ``complaints.dlx`` (dead letters). Each consuming service owns
durable quorum queues named ``<service>.<purpose>``, each with a delivery limit and its
own dead-letter queue ``<queue>.dlq``. Everything here is declared idempotently.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aio_pika import RobustConnection
from faststream.rabbit import ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.schemas import Channel

from common.contracts.events import SCHEMA_VERSION, Event

INTAKE = RabbitExchange("intake", type=ExchangeType.TOPIC, durable=True)
COMPLAINTS = RabbitExchange("complaints", type=ExchangeType.TOPIC, durable=True)
PARTNERS = RabbitExchange("partners", type=ExchangeType.TOPIC, durable=True)
DLX = RabbitExchange("complaints.dlx", type=ExchangeType.DIRECT, durable=True)
EXCHANGES = (INTAKE, COMPLAINTS, PARTNERS, DLX)

REJECTION_HEADER = "x-rejection"


@dataclass(frozen=True)
class QueueSpec:
    """A service's work queue: which exchange and keys feed it."""

    name: str
    exchange: RabbitExchange
    keys: tuple[str, ...]

    @property
    def dlq(self) -> str:
        return f"{self.name}.dlq"


# Every queue of the platform, so operators (`complaints ops queues`) can list them all.
QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("intake.submissions", INTAKE, ("submit.*",)),
    QueueSpec("routing.complaints", COMPLAINTS, ("complaint.received",)),
    QueueSpec("deadlines.cases", COMPLAINTS, ("case.#",)),
    QueueSpec(
        "notifications.events",
        COMPLAINTS,
        ("case.#", "deadline.#"),
    ),
    QueueSpec(
        "records.events",
        COMPLAINTS,
        ("complaint.#", "case.#", "deadline.#", "notification.#", "referral.#"),
    ),
)


def queue_spec(name: str) -> QueueSpec:
    for spec in QUEUES:
        if spec.name == name:
            return spec
    raise KeyError(f"no queue {name!r} in the topology")


def work_queue(spec: QueueSpec, delivery_limit: int) -> RabbitQueue:
    """The durable quorum queue for ``spec``; poison messages go to its DLQ after the limit."""
    return RabbitQueue(
        spec.name,
        queue_type=QueueType.QUORUM,
        durable=True,
        arguments={
            "x-delivery-limit": delivery_limit,
            "x-dead-letter-exchange": DLX.name,
            "x-dead-letter-routing-key": spec.name,
            # At-least-once dead-lettering: a dead letter is never dropped on the way.
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        },
    )


def dead_letter_queue(spec: QueueSpec) -> RabbitQueue:
    return RabbitQueue(spec.dlq, queue_type=QueueType.QUORUM, durable=True, routing_key=spec.name)


log = logging.getLogger(__name__)


@dataclass
class Backoff:
    """Capped exponential backoff with jitter: attempt n (from 1) waits a random time
    between half and all of ``min(cap_s, initial_s * 2**(n-1))``, so a fleet of services
    does not knock on a recovering broker in step, and never waits near zero."""

    initial_s: float = 0.5
    cap_s: float = 30.0
    attempt: int = 0
    rng: Callable[[float, float], float] = random.uniform

    def next_wait(self) -> float:
        self.attempt += 1
        ceiling = min(self.cap_s, self.initial_s * 2 ** min(self.attempt - 1, 30))
        return self.rng(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.attempt = 0


class BackoffRobustConnection(RobustConnection):
    """aio-pika's robust connection (once connected, it reconnects by itself and restores
    channels, exchanges, queues, bindings and consumers) with our capped exponential
    backoff between attempts instead of its fixed ``reconnect_interval``, and one log
    line per failed attempt naming the next wait.

    aio-pika reads ``reconnect_interval`` to sleep after each failed attempt; here it is
    the wait drawn for that attempt. Each attempt runs aio-pika's private
    ``__connect_transport`` (its one per-attempt step); tests/common/unit checks that it
    still exists, so an aio-pika upgrade that renames it fails a test, not production."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backoff = Backoff()
        self._wait = self.backoff.initial_s

    def configure_backoff(self, backoff: Backoff) -> None:
        self.backoff, self._wait = backoff, backoff.initial_s

    @property  # type: ignore[override]
    def reconnect_interval(self) -> float:
        return getattr(self, "_wait", 0.0)

    @reconnect_interval.setter
    def reconnect_interval(self, value: float) -> None:
        """aio-pika sets its fixed interval in ``__init__``; the backoff decides instead."""

    async def _RobustConnection__connect_transport(self) -> None:  # noqa: N802
        try:
            await super()._RobustConnection__connect_transport()  # type: ignore[misc]
        except Exception as exc:
            if not self.connection_attempt:
                raise  # the first connection: `ServiceRuntime` retries and logs it
            self._wait = self.backoff.next_wait()
            log.warning(
                "broker %s still unreachable (reconnect attempt %d: %s); next attempt in %.1f s",
                _shown(self.url),
                self.backoff.attempt,
                str(exc) or type(exc).__name__,
                self._wait,
                extra={"attempt": self.backoff.attempt, "next_wait_s": round(self._wait, 2)},
            )
            raise
        self.backoff.reset()
        self._wait = self.backoff.initial_s


def _shown(url: Any) -> str:
    """A broker URL for logs: no password, no connection options."""
    url = url.with_query(None)
    return str(url.with_password("******") if url.password else url)


class _OncePerAttempt(logging.Filter):
    """aio-pika and aiormq log each failed connection attempt too, without the attempt
    count or the next wait; ours (above and in common.runtime) say it once, completely."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        return not (
            msg.startswith("error when creating transport")
            or msg.startswith("Connection attempt to")
            or msg.startswith("Connection to %s closed. Reconnecting")
        )


for _name in ("aiormq.connection", "aio_pika.robust_connection"):
    logging.getLogger(_name).addFilter(_OncePerAttempt())


class ServiceBroker(RabbitBroker):
    """FastStream's RabbitBroker on a `BackoffRobustConnection`."""

    def __init__(self, *args: Any, backoff: Backoff | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backoff = backoff or Backoff()
        # FastStream hands these keyword arguments to aio_pika.connect_robust.
        self._connection_kwargs["connection_class"] = BackoffRobustConnection

    async def _connect(self) -> Any:
        connection = await super()._connect()
        connection.configure_backoff(Backoff(self.backoff.initial_s, self.backoff.cap_s))
        return connection


def make_broker(
    amqp_url: str,
    *,
    prefetch: int = 16,
    backoff: Backoff | None = None,
    connect_timeout_s: float = 10.0,
    on_close: Callable[..., Any] | None = None,
    on_reconnected: Callable[..., Any] | None = None,
) -> RabbitBroker:
    """The service's broker. Its first connection fails fast (`ServiceRuntime` retries
    it with ``backoff``); once connected, a lost connection is re-established by aio-pika
    with the same backoff, calling ``on_close(connection, exc)`` when it drops and
    ``on_reconnected(connection)`` once channels and consumers are restored. Each
    attempt gives up after ``connect_timeout_s``."""
    return ServiceBroker(
        amqp_url,
        default_channel=Channel(prefetch_count=prefetch, publisher_confirms=True),
        graceful_timeout=15.0,
        logger=None,
        backoff=backoff,
        timeout=connect_timeout_s,
        on_close=[on_close] if on_close else None,
        on_reconnected=[on_reconnected] if on_reconnected else None,
    )


async def declare_topology(
    broker: RabbitBroker, specs: tuple[QueueSpec, ...], delivery_limit: int
) -> None:
    """Declare every exchange, and for ``specs`` their queues, bindings and DLQs."""
    for exchange in EXCHANGES:
        await broker.declare_exchange(exchange)
    dlx = await broker.declare_exchange(DLX)
    for spec in specs:
        dlq = await broker.declare_queue(dead_letter_queue(spec))
        await dlq.bind(dlx, routing_key=spec.name)
        queue = await broker.declare_queue(work_queue(spec, delivery_limit))
        source = await broker.declare_exchange(spec.exchange)
        for key in spec.keys:
            await queue.bind(source, routing_key=key)


@dataclass(frozen=True)
class Outgoing:
    """A message to publish, as stored in an outbox: everything needed to re-send it
    byte-for-byte with the same ``message_id``."""

    exchange: str
    routing_key: str
    message_id: str
    body: dict[str, Any]
    correlation_id: str | None = None
    type: str = ""
    headers: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def event(cls, event: Event, *, message_id: str, routing_key: str | None = None) -> Outgoing:
        """An event for the ``complaints`` exchange; lifecycle events name their own key."""
        key = routing_key or event.routing_key
        return cls(
            exchange=COMPLAINTS.name,
            routing_key=key,
            message_id=message_id,
            body=json.loads(event.model_dump_json()),
            correlation_id=event.reference or None,
            type=key,
            headers={"schema_version": event.schema_version},
        )

    @classmethod
    def partner_reply(cls, partner_id: str, kind: str, *, message_id: str, **body: Any) -> Outgoing:
        """A reply to a partner on ``partners``, key ``<partner>.<kind>`` (CONTRACTS.md)."""
        return cls(
            exchange=PARTNERS.name,
            routing_key=f"{partner_id}.{kind}",
            message_id=message_id,
            body=body,
            correlation_id=body.get("reference") or None,
            type=f"partner.{kind}",
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "exchange": self.exchange,
            "routing_key": self.routing_key,
            "message_id": self.message_id,
            "body": self.body,
            "correlation_id": self.correlation_id,
            "type": self.type,
            "headers": self.headers,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Outgoing:
        return cls(**{k: doc.get(k) for k in cls.__dataclass_fields__ if k in doc})


class Publisher:
    """Publishes persistent messages and waits for the broker's confirm (with a timeout)."""

    def __init__(self, broker: RabbitBroker, timeout_s: float = 10.0):
        self._broker, self._timeout = broker, timeout_s
        self._exchanges = {e.name: e for e in EXCHANGES}

    async def publish(self, msg: Outgoing) -> None:
        headers = {"schema_version": SCHEMA_VERSION, **msg.headers}
        await self._broker.publish(
            json.dumps(msg.body, default=str).encode(),
            exchange=self._exchanges.get(msg.exchange, msg.exchange),
            routing_key=msg.routing_key,
            message_id=msg.message_id,
            correlation_id=msg.correlation_id,
            message_type=msg.type or msg.routing_key,
            content_type="application/json",
            headers=headers,
            persist=True,
            timestamp=datetime.now(UTC),
            timeout=self._timeout,
        )
