"""``complaints submit FILE``: publish a submission over AMQP exactly as a partner does."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.output import fail, print_json, table


def as_of_now(body: dict[str, Any]) -> dict[str, Any]:
    """Move a submission to today, keeping the gap between incident and receipt (the
    examples are dated; `--received-now` and the demo send them as if received now)."""
    received = datetime.fromisoformat(body["received_at"])
    now = datetime.now(UTC).replace(microsecond=0)
    body["received_at"] = now.isoformat()
    if body.get("incident_date"):
        shift = now.date() - received.date()
        body["incident_date"] = (date.fromisoformat(body["incident_date"]) + shift).isoformat()
    return body


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
    received_now: Annotated[
        bool,
        typer.Option(
            help="send it as received now (the incident date moved by as much): for the "
            "dated examples, whose clocks would otherwise have run out"
        ),
    ] = False,
) -> None:
    """Submit a complaint as partner PARTNER and print the platform's reply."""
    from common.contracts import Submission
    from common.settings import PlatformSettings

    try:
        body = json.loads(file.read_text())
    except ValueError as exc:
        fail(f"{file}: not JSON: {exc}")
    if received_now:
        if not isinstance(body, dict) or not isinstance(body.get("received_at"), str):
            fail(f"{file}: --received-now needs a received_at to move")
        try:
            body = as_of_now(body)
        except ValueError as exc:
            fail(f"{file}: received_at or incident_date is not a date: {exc}")
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
    import pika.exceptions

    settings = PlatformSettings()
    try:
        reply = publish_submission(settings.amqp_url, partner, body)
    except pika.exceptions.ProbableAccessDeniedError:
        fail(
            f"the broker refused the connection to vhost '{settings.amqp_vhost}' (not there, or "
            "not this user's): `scripts/ensure_rabbitmq.sh` (or `make up`) creates it",
            3,
        )
    except pika.exceptions.AMQPError as exc:
        fail(f"cannot reach the broker ({type(exc).__name__}): is RabbitMQ running? `make up`", 3)
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
