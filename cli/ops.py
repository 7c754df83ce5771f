"""``complaints ops ...``: what operators watch: queues, dead letters, health."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import dlq
from cli.output import fail, print_json, table
from ops.queues import queue_stats

app = typer.Typer(help="Operate the platform: queues, dead letters, health.", no_args_is_help=True)


@app.command()
def queues(json_: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Depth and consumers of every queue (and dead-letter queue)."""
    import pika

    from common.settings import PlatformSettings

    try:
        rows = queue_stats(PlatformSettings().amqp_url)
    except pika.exceptions.AMQPConnectionError as exc:
        fail(f"cannot reach RabbitMQ: {exc!r}", 3)
    if json_:
        print_json(rows)
        return
    table(
        "Queues",
        ["queue", "messages", "consumers"],
        [
            (
                r["queue"],
                "absent" if r["messages"] is None else r["messages"],
                "" if r["consumers"] is None else r["consumers"],
            )
            for r in rows
        ],
    )


# `ops dlq list|show|replay|purge` (and `ops dlq QUEUE`, the earlier form of `list`).
app.add_typer(dlq.app, name="dlq")


@app.command()
def health(json_: Annotated[bool, typer.Option("--json")] = False) -> None:
    """gRPC health and metrics of every service, the broker, every queue and its DLQ, and the
    referrals that went to a fallback desk. Exit 0 when all is well, 1 otherwise (the
    problems are listed; a referral that failed even at the desk is one)."""
    from cli.health import check_all, print_letters, print_undeliverable

    report = check_all()
    if json_:
        print_json(report)
    else:
        table(
            "Services",
            ["service", "gRPC", "address", "metrics", "ok"],
            [
                (
                    s["service"],
                    s["grpc"],
                    s["grpc_address"],
                    f"{s['metrics']} {s['metrics_url'] or ''}".strip(),
                    "yes" if s["ok"] else "NO",
                )
                for s in report["services"]
            ],
        )
        broker = report["broker"]
        typer.echo(
            "Broker: reachable"
            if broker["reachable"]
            else f"Broker: UNREACHABLE ({broker['detail']})"
        )
        if report["queues"]:
            table(
                "Queues",
                ["queue", "messages", "consumers", "dead letters", "ok"],
                [
                    (
                        q["queue"],
                        "absent" if q["messages"] is None else q["messages"],
                        q["consumers"],
                        "absent" if q["dlq_messages"] is None else q["dlq_messages"],
                        "yes" if q["ok"] else "NO",
                    )
                    for q in report["queues"]
                ],
            )
        referrals = report["referrals"]
        if not referrals["readable"]:
            typer.echo(f"Unaddressed referrals: not checked ({referrals['detail']})")
        elif not referrals["referrals"]:
            typer.echo("Unaddressed referrals: none")
        else:
            typer.echo(
                f"Unaddressed referrals: {len(referrals['referrals'])} went to a fallback desk "
                "(or failed): correct the case or the address directory"
            )
            table(
                "Unaddressed referrals (most recent first)",
                ["case", "to", "urgency", "intended", "why", "desk", "status"],
                [
                    (
                        r["case_ref"],
                        r["recipient"],
                        r["urgency"],
                        r["intended"],
                        r["reason"],
                        r["desk"],
                        r["status"] if r["status"] != "failed" else "FAILED",
                    )
                    for r in referrals["referrals"]
                ],
            )
        print_undeliverable(referrals)
        print_letters(report["letters"])
        if report["healthy"]:
            typer.echo("healthy")
        else:
            typer.echo(f"UNHEALTHY: {len(report['problems'])} problem(s)")
            for problem in report["problems"]:
                typer.echo(f"  - {problem}")
    if not report["healthy"]:
        raise typer.Exit(1)
