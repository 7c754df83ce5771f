"""``complaints ops dlq list|show|replay|purge`` against the real broker (own vhost)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pika
import pytest
from typer.testing import CliRunner

from cli.main import app

pytestmark = pytest.mark.integration

QUEUE, DLQ = "routing.complaints", "routing.complaints.dlq"
EXCHANGE, KEY = "complaints", "complaint.received"
runner = CliRunner()


def declare(ch: Any, delivery_limit: int = 1) -> None:
    """The queue as common.bus declares it: quorum, delivery limit, DLQ via complaints.dlx."""
    ch.exchange_declare(EXCHANGE, "topic", durable=True)
    ch.exchange_declare("complaints.dlx", "direct", durable=True)
    ch.queue_declare(DLQ, durable=True, arguments={"x-queue-type": "quorum"})
    ch.queue_bind(DLQ, "complaints.dlx", QUEUE)
    ch.queue_declare(
        QUEUE,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": delivery_limit,
            "x-dead-letter-exchange": "complaints.dlx",
            "x-dead-letter-routing-key": QUEUE,
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        },
    )
    ch.queue_bind(QUEUE, EXCHANGE, KEY)


@pytest.fixture
def broker(vhost_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("PLATFORM_AMQP_URL", vhost_url)
    conn = pika.BlockingConnection(pika.URLParameters(vhost_url))
    ch = conn.channel()
    ch.confirm_delivery()
    declare(ch)
    yield ch
    conn.close()


def reject_into_dlq(ch: Any, message_id: str, body: dict[str, Any] | None = None) -> None:
    """What common.consumer.dead_letter publishes for a message that broke its contract."""
    errors = [{"field": "reference", "rule": "required", "message": "a reference is required"}]
    ch.basic_publish(
        "complaints.dlx",
        QUEUE,
        json.dumps(body or {"n": message_id}).encode(),
        pika.BasicProperties(
            message_id=message_id,
            type=KEY,
            content_type="application/json",
            delivery_mode=2,
            timestamp=1_780_000_000,
            headers={
                "schema_version": 1,
                "x-rejection": json.dumps(errors),
                "x-original-routing-key": KEY,
                "x-original-exchange": EXCHANGE,
            },
        ),
    )


def depth(ch: Any, queue: str, expect: int | None = None) -> int:
    """Messages ready in ``queue``; with ``expect``, waits (up to 5 s) for that figure: a
    quorum queue takes back the messages of a closed channel a moment later."""
    deadline = time.monotonic() + 5
    while True:
        n = ch.queue_declare(queue, passive=True).method.message_count
        if expect is None or n == expect or time.monotonic() > deadline:
            return n
        time.sleep(0.05)


def drain(ch: Any, queue: str) -> list[tuple[Any, Any, bytes]]:
    got = []
    while True:
        method, props, body = ch.basic_get(queue, auto_ack=True)
        if method is None:
            return got
        got.append((method, props, body))


def ops(*args: str) -> Any:
    return runner.invoke(app, ["ops", "dlq", *args])


def listed(*args: str) -> list[dict[str, Any]]:
    result = ops("list", QUEUE, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_list_shows_every_rejected_message_with_its_fields_and_rules_and_loses_none(
    broker: Any,
) -> None:
    for i in range(25):  # more than the old default of 20
        reject_into_dlq(broker, f"m-{i:02}")
    rows = listed()  # in order of when, then message id (all were rejected at once)
    assert [r["message_id"] for r in rows] == [f"m-{i:02}" for i in range(25)]
    assert rows[0]["source"] == "rejected"
    assert rows[0]["exchange"] == EXCHANGE and rows[0]["routing_key"] == KEY
    assert rows[0]["errors"] == [
        {"field": "reference", "rule": "required", "message": "a reference is required"}
    ]
    assert "reference: a reference is required (required)" in rows[0]["reason"]
    assert rows[0]["when"].startswith("2026-05-28")
    # Paged, and reading took nothing away.
    assert [r["message_id"] for r in listed("--limit", "2", "--offset", "3")] == ["m-03", "m-04"]
    assert depth(broker, DLQ, 25) == 25
    table = ops("list", QUEUE)
    assert table.exit_code == 0 and "m-24" in table.output and "required" in table.output
    # The command's earlier form still lists.
    legacy = runner.invoke(app, ["ops", "dlq", QUEUE, "--json"])
    assert legacy.exit_code == 0, legacy.output
    assert len(json.loads(legacy.output)) == 25


def test_show_prints_headers_and_body(broker: Any) -> None:
    reject_into_dlq(broker, "m-1", {"reference": None, "partner": "ashgrove"})
    shown = ops("show", QUEUE, "m-1", "--json")
    assert shown.exit_code == 0, shown.output
    doc = json.loads(shown.output)
    assert doc["body"] == {"reference": None, "partner": "ashgrove"}
    assert doc["headers"]["x-original-routing-key"] == KEY
    assert json.loads(doc["headers"]["x-rejection"])[0]["rule"] == "required"
    assert ops("show", QUEUE, "nope").exit_code == 2
    assert depth(broker, DLQ, 1) == 1


def test_replay_republishes_once_to_the_original_exchange_and_key_then_empties_the_dlq(
    broker: Any,
) -> None:
    tap = broker.queue_declare("", exclusive=True).method.queue  # everything on the key
    broker.queue_bind(tap, EXCHANGE, KEY)
    reject_into_dlq(broker, "m-1", {"n": 1})
    reject_into_dlq(broker, "m-2", {"n": 2})

    one = ops("replay", QUEUE, "m-1")
    assert one.exit_code == 0, one.output
    assert depth(broker, DLQ, 1) == 1  # only m-1 left
    heard = drain(broker, tap)
    assert [(m.routing_key, m.exchange, p.message_id) for m, p, _ in heard] == [
        (KEY, EXCHANGE, "m-1")
    ]
    _, props, body = heard[0]
    assert json.loads(body) == {"n": 1}
    assert props.delivery_mode == 2
    assert "x-rejection" not in props.headers and props.headers["x-replayed-from"] == DLQ
    assert props.headers["schema_version"] == 1

    everything = ops("replay", QUEUE, "--all", "--json")
    assert everything.exit_code == 0, everything.output
    assert json.loads(everything.output) == [
        {"message_id": "m-2", "exchange": EXCHANGE, "routing_key": KEY, "replayed": True}
    ]
    assert depth(broker, DLQ, 0) == 0
    assert [p.message_id for _, p, _ in drain(broker, tap)] == ["m-2"]
    # The work queue received each exactly once.
    assert [p.message_id for _, p, _ in drain(broker, QUEUE)] == ["m-1", "m-2"]


def test_a_replay_no_queue_would_receive_stays_in_the_dlq(broker: Any) -> None:
    broker.queue_unbind(QUEUE, EXCHANGE, KEY)
    reject_into_dlq(broker, "m-1")
    result = ops("replay", QUEUE, "m-1", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)[0]["replayed"] is False
    assert depth(broker, DLQ, 1) == 1


def test_a_message_dead_lettered_by_the_broker_shows_x_death_and_replays(broker: Any) -> None:
    broker.basic_publish(
        EXCHANGE,
        KEY,
        b'{"n": 1}',
        pika.BasicProperties(message_id="crash-1", delivery_mode=2),
    )
    deadline = time.monotonic() + 20
    while depth(broker, DLQ) == 0:  # fail it past the delivery limit, as a crashing consumer
        assert time.monotonic() < deadline, "never dead-lettered"
        method, _, _ = broker.basic_get(QUEUE, auto_ack=False)
        if method is not None:
            broker.basic_nack(method.delivery_tag, requeue=True)
        else:
            time.sleep(0.05)
    [row] = listed()
    assert row["message_id"] == "crash-1"
    assert row["source"] == "broker"
    assert row["death"]["reason"] == "delivery_limit"
    assert row["death"]["queue"] == QUEUE
    assert row["death"]["count"] >= 1
    assert (row["exchange"], row["routing_key"]) == (EXCHANGE, KEY)
    assert row["when"]
    assert "delivery_limit" in ops("list", QUEUE).output

    assert ops("replay", QUEUE, "crash-1").exit_code == 0
    assert depth(broker, DLQ, 0) == 0
    [(method, props, _)] = drain(broker, QUEUE)
    assert (method.routing_key, props.message_id) == (KEY, "crash-1")
    assert "x-death" not in (props.headers or {})


def test_purge_needs_yes_and_drops_one_or_all(broker: Any) -> None:
    for i in range(3):
        reject_into_dlq(broker, f"m-{i}")
    assert ops("purge", QUEUE, "m-1").exit_code == 2
    assert ops("purge", QUEUE, "--yes").exit_code == 2  # neither an id nor --all
    assert depth(broker, DLQ, 3) == 3
    assert ops("purge", QUEUE, "m-1", "--yes").exit_code == 0
    assert [r["message_id"] for r in listed()] == ["m-0", "m-2"]
    purged = ops("purge", QUEUE, "--all", "--yes", "--json")
    assert purged.exit_code == 0, purged.output
    assert sorted(json.loads(purged.output)["purged"]) == ["m-0", "m-2"]
    assert depth(broker, DLQ, 0) == 0
    assert depth(broker, QUEUE, 0) == 0  # purged, not replayed


def test_an_unknown_queue_is_a_clear_error(broker: Any) -> None:
    result = ops("list", "nope.queue")
    assert result.exit_code == 2
    assert "nope.queue.dlq" in result.output
