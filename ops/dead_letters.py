"""List, show, replay and purge the dead letters of a queue (``<queue>.dlq``), each read as
a `ops.dead_letter.DeadLetter`.

How messages are read without losing any
-----------------------------------------
A DLQ is read with ``basic_get`` and *manual* acknowledgements on one channel: every
message fetched stays unacknowledged (held by this channel, invisible to others) until
the command ends. Only the messages acted upon are acknowledged (a replay: only after the
broker confirmed the republished copy; a purge: at once); closing the channel returns
every other message to the DLQ, untouched. Nothing is ever acknowledged by reading.

We do not browse with ``nack(requeue=True)``: on a quorum queue (every DLQ is one) a
requeue counts as a failed delivery, and a queue with a delivery limit (the default on
RabbitMQ 4) would eventually drop a message an operator merely looked at; requeueing
one by one could also hand the same message back to the next ``basic_get``, so a listing
would loop or repeat. (Returning them by closing the channel also raises their
``x-delivery-count`` on RabbitMQ 3.x, harmless: a DLQ has no delivery limit, and a
replay drops the header.) Holding the messages until the channel closes gives each message
exactly once per command and a stable listing. ``basic_get`` (rather than a consumer)
tells reliably when the queue has no more ready messages, without a timeout.

Replays are published persistent, with publisher confirms and ``mandatory`` (a message
no queue would receive is returned, reported and kept in the DLQ), to the original
exchange and routing key with the same ``message_id``; the dead-letter headers are
dropped (a replayed message that fails again gets fresh ones) and ``x-replayed-from``
names the DLQ. The consumers are idempotent by ``message_id``, so a replayed message that
was in fact handled changes nothing; note that the original key reaches every queue bound
to it, not only the one that dead-lettered it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ops.dead_letter import DEAD_LETTER_HEADERS, DeadLetter

if TYPE_CHECKING:
    import pika


@dataclass
class DlqReader:
    """A channel holding the messages of one DLQ it fetched, unacknowledged."""

    connection: pika.BlockingConnection
    dlq: str
    channel: Any = None
    held: list[DeadLetter] = field(default_factory=list)
    _exhausted: bool = False

    ready_at_start: int = 0
    acked: int = 0

    def __post_init__(self) -> None:
        from pika.exceptions import ChannelClosedByBroker

        self.channel = self.connection.channel()
        try:
            ok = self.channel.queue_declare(self.dlq, passive=True)
        except ChannelClosedByBroker as exc:
            raise LookupError(f"no queue {self.dlq!r} on this broker") from exc
        self.ready_at_start = ok.method.message_count

    def fetch(self, upto: int | None = None) -> list[DeadLetter]:
        """Hold messages until ``upto`` are held (None: every ready one)."""
        while not self._exhausted and (upto is None or len(self.held) < upto):
            method, props, body = self.channel.basic_get(self.dlq, auto_ack=False)
            if method is None:
                self._exhausted = True
                break
            self.held.append(DeadLetter(method.delivery_tag, props, body, self.dlq))
        return self.held

    def find(self, message_id: str) -> list[DeadLetter]:
        return [m for m in self.fetch() if m.message_id == message_id]

    def ack(self, message: DeadLetter) -> None:
        self.channel.basic_ack(message.delivery_tag)
        self.acked += 1

    def release(self, wait_s: float = 3.0) -> None:
        """Close the channel (every held, unacknowledged message goes back), then wait
        until the queue counts them ready again, so the next command sees them: a quorum
        queue takes back a closed channel's messages a moment later."""
        if self.channel.is_open:
            self.channel.close()
        if not self.held:
            return
        probe = self.connection.channel()
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            ready = probe.queue_declare(self.dlq, passive=True).method.message_count
            if ready >= self.ready_at_start - self.acked:
                break
            time.sleep(0.02)
        probe.close()


@contextmanager
def reading(amqp_url: str, queue: str) -> Iterator[DlqReader]:
    """Read ``<queue>.dlq``; whatever is not acknowledged goes back when this ends."""
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        reader = DlqReader(connection, dlq_name(queue))
        try:
            yield reader
        finally:
            reader.release()
    finally:
        if connection.is_open:
            connection.close()  # returns every held, unacknowledged message


def dlq_name(queue: str) -> str:
    return queue if queue.endswith(".dlq") else f"{queue}.dlq"


def list_dead_letters(
    amqp_url: str, queue: str, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """A page of the DLQ in a stable order: by when, then message id. (A quorum queue
    hands back the messages a reader returned in an order of its own, so the broker's
    order would change from one listing to the next; every ready message is read.)"""
    with reading(amqp_url, queue) as reader:
        rows = sorted(
            (m.summary() for m in reader.fetch()),
            key=lambda r: (r["when"] or "", r["message_id"]),
        )
        return rows[offset:] if limit is None else rows[offset : offset + limit]


def show_dead_letter(amqp_url: str, queue: str, message_id: str) -> list[dict[str, Any]]:
    with reading(amqp_url, queue) as reader:
        return [m.detail() for m in reader.find(message_id)]


def replay_properties(message: DeadLetter) -> pika.BasicProperties:
    import pika

    p = message.properties
    headers = {k: v for k, v in message.headers.items() if k not in DEAD_LETTER_HEADERS}
    headers["x-replayed-from"] = message.dlq
    return pika.BasicProperties(
        content_type=p.content_type,
        content_encoding=p.content_encoding,
        headers=headers,
        delivery_mode=pika.DeliveryMode.Persistent,
        priority=p.priority,
        correlation_id=p.correlation_id,
        message_id=p.message_id,
        timestamp=p.timestamp,
        type=p.type,
        user_id=p.user_id,
        app_id=p.app_id,
    )


def replay(amqp_url: str, queue: str, message_id: str | None) -> list[dict[str, Any]]:
    """Republish (``message_id``, or every message when None) and acknowledge each one
    only once the broker confirmed its copy. Returns one outcome per message."""
    from pika.exceptions import ChannelClosedByBroker, NackError, UnroutableError

    outcomes: list[dict[str, Any]] = []
    with reading(amqp_url, queue) as reader:
        targets = reader.fetch() if message_id is None else reader.find(message_id)
        publisher = reader.connection.channel()
        publisher.confirm_delivery()
        for message in targets:
            origin = message.origin()
            outcome: dict[str, Any] = {"message_id": message.message_id}
            if origin is None:
                outcomes.append({**outcome, "replayed": False, "why": "no original exchange/key"})
                continue
            exchange, key = origin
            outcome.update(exchange=exchange, routing_key=key)
            try:
                publisher.basic_publish(
                    exchange, key, message.body, replay_properties(message), mandatory=True
                )
            except UnroutableError:
                outcomes.append({**outcome, "replayed": False, "why": "no queue is bound to it"})
                continue
            except NackError:
                outcomes.append({**outcome, "replayed": False, "why": "the broker refused it"})
                continue
            except ChannelClosedByBroker as exc:
                outcomes.append({**outcome, "replayed": False, "why": exc.reply_text})
                publisher = reader.connection.channel()
                publisher.confirm_delivery()
                continue
            reader.ack(message)  # only now: the copy is confirmed
            outcomes.append({**outcome, "replayed": True})
    return outcomes


def purge(amqp_url: str, queue: str, message_id: str | None) -> list[str]:
    """Drop ``message_id`` (or every message when None) from the DLQ; their ids."""
    with reading(amqp_url, queue) as reader:
        targets = reader.fetch() if message_id is None else reader.find(message_id)
        for message in targets:
            reader.ack(message)
        return [m.message_id for m in targets]
