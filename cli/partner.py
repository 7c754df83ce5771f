"""``complaints submit FILE``: publish a submission over AMQP exactly as a partner does."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.output import fail, print_json, table


def publish_submission(
    amqp_url: str,
    partner: str,
    body: dict[str, Any],
    *,
    wait_s: float = 15.0,
    message_id: str | None = None,
) -> dict[str, Any] | None:
    """Publish persistently with confirms; wait for the platform's reply to the partner."""
    import pika

    conn = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        ch = conn.channel()
        ch.exchange_declare("partners", "topic", durable=True)
        ch.exchange_declare("intake", "topic", durable=True)
        reply_q = ch.queue_declare("", exclusive=True).method.queue
        ch.queue_bind(reply_q, "partners", routing_key=f"{partner}.*")
        ch.confirm_delivery()
        ch.basic_publish(
            "intake",
            f"submit.{partner}",
            json.dumps(body).encode(),
            pika.BasicProperties(
                message_id=message_id or uuid.uuid4().hex,
                content_type="application/json",
                delivery_mode=2,
                type="submission",
                headers={"schema_version": 1},
            ),
            mandatory=True,
        )
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            method, props, payload = ch.basic_get(reply_q, auto_ack=True)
            if method is not None:
                reply = json.loads(payload)
                if reply.get("partner_ref") == body.get("partner_ref"):
                    return {"status": method.routing_key.split(".", 1)[1], **reply}
            conn.sleep(0.1)
        return None
    finally:
        conn.close()


def submit(
    file: Annotated[Path, typer.Argument(exists=True, readable=True, help="Submission JSON")],
    partner: Annotated[
        str, typer.Option(help="partner id (the routing key submit.<partner>)")
    ] = "demo",
    json_: Annotated[bool, typer.Option("--json")] = False,
    check: Annotated[bool, typer.Option(help="validate locally before sending")] = True,
) -> None:
    """Submit a complaint as partner PARTNER and print the platform's reply."""
    from common.contracts import Submission
    from common.settings import PlatformSettings

    try:
        body = json.loads(file.read_text())
    except ValueError as exc:
        fail(f"{file}: not JSON: {exc}")
    if check:
        from pydantic import ValidationError

        from common.contracts.events import field_errors

        try:
            Submission.model_validate(body)
        except ValidationError as exc:
            errors = [e.model_dump() for e in field_errors(exc)]
            if json_:
                print_json({"status": "rejected", "sent": False, "errors": errors})
            else:
                _refusal(f"Rejected by the local check ({file}; not sent)", errors)
            raise typer.Exit(1) from None
    reply = publish_submission(PlatformSettings().amqp_url, partner, body)
    if reply is None:
        fail("no reply from intake within 15 s (is the platform running? `make up`)", 3)
    if json_:
        print_json(reply)
    elif reply["status"] == "accepted":
        typer.echo(
            f"accepted: {reply['reference']}" + (" (duplicate)" if reply.get("duplicate") else "")
        )
        for ignored in reply.get("ignored_fields") or []:
            maybe = ignored.get("did_you_mean")
            hint = f" (did you mean {maybe}?)" if maybe else ""
            typer.echo(f"  ignored field: {ignored['field']}{hint}")
    else:
        _refusal("Rejected", reply.get("errors", []))
        raise typer.Exit(1)


def _refusal(title: str, errors: list[dict[str, Any]]) -> None:
    """Every reason a submission was refused: the field, the rule it broke, in words (the
    same table for the local check and for intake's reply)."""
    table(
        title, ["field", "rule", "message"], [(e["field"], e["rule"], e["message"]) for e in errors]
    )
