"""``complaints ops dlq ...``: browse, show, replay and purge dead letters.

Every work queue ``<queue>`` has its dead-letter queue ``<queue>.dlq`` (common.bus). A
message gets there in one of two ways, and the real error is read from either:

- refused by its consumer (a broken contract, common.consumer.dead_letter): the
  ``x-rejection`` header (a JSON list of ``{field, rule, message}``), with
  ``x-original-exchange`` and ``x-original-routing-key``;
- dead-lettered by RabbitMQ itself once it exceeded the queue's delivery limit: the
  broker's ``x-death`` header (``reason``, ``count``, ``queue``, ``exchange``,
  ``routing-keys``, ``time``).

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

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from cli.output import fail, print_json, table

if TYPE_CHECKING:
    import pika


REJECTION_HEADER = "x-rejection"  # common.bus.REJECTION_HEADER (not imported: slow stack)
DEAD_LETTER_HEADERS = (
    REJECTION_HEADER,
    "x-original-routing-key",
    "x-original-exchange",
    "x-death",
    "x-first-death-reason",
    "x-first-death-queue",
    "x-first-death-exchange",
    "x-last-death-reason",
    "x-last-death-queue",
    "x-last-death-exchange",
    "x-delivery-count",
)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _when(value: Any) -> str | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value, UTC).isoformat()
    return None


@dataclass
class DeadLetter:
    """One message of a DLQ, held (unacknowledged) by the reading channel."""

    delivery_tag: int
    properties: pika.BasicProperties
    body: bytes
    dlq: str

    @property
    def headers(self) -> dict[str, Any]:
        return dict(self.properties.headers or {})

    @property
    def message_id(self) -> str:
        return _text(self.properties.message_id)

    def _death(self) -> dict[str, Any] | None:
        deaths = self.headers.get("x-death") or []
        if not isinstance(deaths, list) or not deaths:
            return None
        work_queue = self.dlq.removesuffix(".dlq")
        for death in deaths:
            if isinstance(death, dict) and _text(death.get("queue")) == work_queue:
                return death
        return deaths[0] if isinstance(deaths[0], dict) else None

    def rejection(self) -> list[dict[str, Any]] | None:
        raw = self.headers.get(REJECTION_HEADER)
        if raw is None:
            return None
        try:
            errors = json.loads(_text(raw))
        except ValueError:
            return [{"field": "", "rule": "", "message": _text(raw)}]
        if isinstance(errors, list):
            return errors
        return [{"field": "", "rule": "", "message": _text(errors)}]

    def origin(self) -> tuple[str, str] | None:
        """The exchange and routing key to replay to, or None when nothing says."""
        headers = self.headers
        if "x-original-routing-key" in headers or "x-original-exchange" in headers:
            return _text(headers.get("x-original-exchange")), _text(
                headers.get("x-original-routing-key")
            )
        death = self._death()
        if death is not None:
            keys = death.get("routing-keys") or []
            if keys:
                return _text(death.get("exchange")), _text(keys[0])
        return None

    def error(self) -> dict[str, Any]:
        """Why it is here: ``source`` (rejected / broker / unknown) and the details."""
        rejection = self.rejection()
        if rejection is not None:
            text = "; ".join(
                f"{_text(e.get('field'))}: {_text(e.get('message'))} ({_text(e.get('rule'))})"
                if isinstance(e, dict)
                else _text(e)
                for e in rejection
            )
            return {"source": "rejected", "errors": rejection, "reason": f"rejected: {text}"}
        death = self._death()
        if death is not None:
            info = {
                "reason": _text(death.get("reason")),
                "count": death.get("count"),
                "queue": _text(death.get("queue")),
            }
            return {
                "source": "broker",
                "death": info,
                "reason": f"{info['reason']} (count {info['count']}) from {info['queue']}",
            }
        return {"source": "unknown", "reason": "no x-rejection or x-death header"}

    def when(self) -> str | None:
        death = self._death()
        if self.rejection() is None and death is not None and _when(death.get("time")):
            return _when(death.get("time"))
        return _when(self.properties.timestamp) or (
            _when(death.get("time")) if death is not None else None
        )

    def summary(self) -> dict[str, Any]:
        origin = self.origin()
        return {
            "message_id": self.message_id,
            "type": _text(self.properties.type) or None,
            "exchange": origin[0] if origin else None,
            "routing_key": origin[1] if origin else None,
            "when": self.when(),
            **self.error(),
        }

    def detail(self) -> dict[str, Any]:
        p = self.properties
        try:
            body: Any = json.loads(self.body)
        except ValueError:
            body = self.body.decode("utf-8", "replace")
        return {
            **self.summary(),
            "properties": {
                "content_type": p.content_type,
                "correlation_id": p.correlation_id,
                "timestamp": _when(p.timestamp),
                "delivery_mode": p.delivery_mode,
            },
            "headers": self.headers,
            "body": body,
        }


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


# -- the commands ----------------------------------------------------------------------------


class _DlqGroup(TyperGroup):
    """``ops dlq QUEUE`` (the command's earlier form) still lists: it means ``dlq list``."""

    def resolve_command(self, ctx, args):  # type: ignore[no-untyped-def]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["list", *args]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=_DlqGroup,
    help="Dead letters of a queue: list, show, replay, purge.",
    no_args_is_help=True,
)

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _url() -> str:
    from common.settings import PlatformSettings

    return PlatformSettings().amqp_url


@contextmanager
def _broker_errors() -> Iterator[None]:
    from pika.exceptions import AMQPConnectionError

    try:
        yield
    except AMQPConnectionError as exc:
        fail(f"cannot reach RabbitMQ: {exc!r}", 3)
    except LookupError as exc:
        fail(str(exc.args[0] if exc.args else exc), 2)


@app.command("list")
def list_(
    queue: Annotated[str, typer.Argument(help="The work queue, e.g. intake.submissions")],
    limit: Annotated[int | None, typer.Option(help="At most N messages (default: all).")] = None,
    offset: Annotated[int, typer.Option(help="Skip the first K messages.")] = 0,
    json_: Json = False,
) -> None:
    """Every dead letter of QUEUE's DLQ: id, original key, when and the real error."""
    with _broker_errors():
        rows = list_dead_letters(_url(), queue, limit=limit, offset=offset)
    if json_:
        print_json(rows)
        return
    table(
        f"Dead letters of {dlq_name(queue)}",
        ["message_id", "routing key", "when", "error"],
        [
            (
                r["message_id"],
                f"{r['exchange']}/{r['routing_key']}" if r["routing_key"] is not None else "?",
                r["when"],
                r["reason"],
            )
            for r in rows
        ],
    )


@app.command("show")
def show(queue: str, message_id: str, json_: Json = False) -> None:
    """Headers and body of one dead letter."""
    with _broker_errors():
        found = show_dead_letter(_url(), queue, message_id)
    if not found:
        fail(f"no message {message_id!r} in {dlq_name(queue)}", 2)
    if json_:
        print_json(found[0] if len(found) == 1 else found)
        return
    for d in found:
        table(
            f"{d['message_id']} in {dlq_name(queue)}",
            ["", ""],
            [
                ("type", d["type"]),
                ("original", f"{d['exchange']}/{d['routing_key']}"),
                ("when", d["when"]),
                ("error", d["reason"]),
                *((k, json.dumps(v, default=str)) for k, v in d["properties"].items()),
                *((f"header {k}", json.dumps(v, default=str)) for k, v in d["headers"].items()),
            ],
        )
        typer.echo(json.dumps(d["body"], indent=2, ensure_ascii=False, default=str))


def _which(message_id: str | None, all_: bool) -> str | None:
    if (message_id is None) == (not all_):
        fail("name one MESSAGE_ID or --all", 2)
    return message_id


@app.command("replay")
def replay_cmd(
    queue: str,
    message_id: Annotated[str | None, typer.Argument()] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every dead letter of QUEUE.")] = False,
    json_: Json = False,
) -> None:
    """Republish to the original exchange and key (same message id, confirmed), then
    remove from the DLQ. Exit 1 if any could not be replayed (it stays in the DLQ)."""
    wanted = _which(message_id, all_)
    with _broker_errors():
        outcomes = replay(_url(), queue, wanted)
    if wanted is not None and not outcomes:
        fail(f"no message {wanted!r} in {dlq_name(queue)}", 2)
    if json_:
        print_json(outcomes)
    else:
        table(
            f"Replayed from {dlq_name(queue)}",
            ["message_id", "to", "replayed"],
            [
                (
                    o["message_id"],
                    f"{o.get('exchange')}/{o.get('routing_key')}",
                    "yes" if o["replayed"] else f"no: {o['why']}",
                )
                for o in outcomes
            ],
        )
    if not all(o["replayed"] for o in outcomes):
        raise typer.Exit(1)


@app.command("purge")
def purge_cmd(
    queue: str,
    message_id: Annotated[str | None, typer.Argument()] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every dead letter of QUEUE.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete them.")] = False,
    json_: Json = False,
) -> None:
    """Delete dead letters for good (needs --yes)."""
    wanted = _which(message_id, all_)
    if not yes:
        fail("purging deletes messages for good: add --yes", 2)
    with _broker_errors():
        removed = purge(_url(), queue, wanted)
    if wanted is not None and not removed:
        fail(f"no message {wanted!r} in {dlq_name(queue)}", 2)
    if json_:
        print_json({"queue": dlq_name(queue), "purged": removed})
        return
    typer.echo(f"purged {len(removed)} message(s) from {dlq_name(queue)}")
