"""``complaints ops dlq ...``: browse, show, replay and purge dead letters.

The commands over `ops.dead_letters` (how a dead-letter queue is read without
losing any message, and how a replay is confirmed before the message leaves the DLQ) and
`ops.dead_letter` (why a message is there: its consumer's ``x-rejection`` or the
broker's ``x-death``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from typer.core import TyperGroup

from cli.output import fail, print_json, table
from ops.dead_letters import dlq_name, list_dead_letters, purge, replay, show_dead_letter


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
