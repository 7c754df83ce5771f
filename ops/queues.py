"""The broker and every work queue of the topology (common.bus.QUEUES) with its
dead-letter queue: present, at least one consumer, no dead letters waiting (dead letters
wait for an operator: ``complaints ops dlq list``)."""

from __future__ import annotations

from typing import Any


def queue_stats(amqp_url: str) -> list[dict]:
    """Depth and consumers of every queue of the topology and its DLQ (passive declares)."""
    import pika
    from pika.exceptions import ChannelClosedByBroker

    conn = pika.BlockingConnection(pika.URLParameters(amqp_url))
    rows = []
    try:
        from common.bus import QUEUES  # the broker stack: only for commands that use it

        for spec in QUEUES:
            for name in (spec.name, spec.dlq):
                ch = conn.channel()
                try:
                    ok = ch.queue_declare(name, passive=True).method
                    rows.append(
                        {
                            "queue": name,
                            "messages": ok.message_count,
                            "consumers": ok.consumer_count,
                        }
                    )
                    ch.close()
                except ChannelClosedByBroker:
                    rows.append({"queue": name, "messages": None, "consumers": None})
    finally:
        conn.close()
    return rows


def check_broker(amqp_url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The broker and, if reachable, every work queue with its DLQ."""
    import pika

    try:
        stats = {r["queue"]: r for r in queue_stats(amqp_url)}
    except pika.exceptions.AMQPError as exc:
        return {"reachable": False, "detail": repr(exc), "ok": False}, []
    from common.bus import QUEUES

    queues = []
    for spec in QUEUES:
        work, dead = stats[spec.name], stats[spec.dlq]
        problems = []
        if work["messages"] is None:
            problems.append(f"{spec.name}: queue absent")
        elif not work["consumers"]:
            problems.append(f"{spec.name}: no consumer")
        if dead["messages"] is None:
            problems.append(f"{spec.dlq}: queue absent")
        elif dead["messages"]:
            problems.append(f"{spec.dlq}: {dead['messages']} dead letter(s)")
        queues.append(
            {
                "queue": spec.name,
                "messages": work["messages"],
                "consumers": work["consumers"],
                "dlq_messages": dead["messages"],
                "ok": not problems,
                "problems": problems,
            }
        )
    return {"reachable": True, "detail": "", "ok": True}, queues
