"""``complaints partners add|list|remove``: one fenced-in RabbitMQ user per partner.

    complaints partners add acme-housing [--vhost complaints] [--password-file acme.pw]
    complaints partners list
    complaints partners remove acme-housing --yes

A cluster operator runs these where ``rabbitmqctl`` reaches the cluster (a broker node,
or a host with the cluster's Erlang cookie); ``rabbitmqctl`` must be on ``PATH`` or set
``RABBITMQCTL``. The partner's reply queue is declared over AMQP as the admin user of
``PLATFORM_AMQP_URL``, on the platform's vhost: the one that URL names (``complaints``
by default), or ``--vhost``.

For a partner NAME on the vhost, ``add`` creates:

* user NAME tagged ``complaints-partner`` (so ``list`` finds partners and ``remove``
  touches nothing else), with the given or a generated password (printed once; the
  password reaches ``rabbitmqctl`` on stdin, never on its command line);
* permissions configure ``^$`` (declares nothing), write ``^intake$`` (publishes only to
  the intake exchange), read ``^partners\\.NAME$`` (consumes only its reply queue);
* topic permissions on exchange ``intake``: write ``^submit\\.NAME$``, read ``^$``;
* the durable quorum queue ``partners.NAME`` bound to the ``partners`` exchange (topic,
  durable, as ``common.bus`` declares it) with key ``NAME.*``.

The equivalent management HTTP API calls, for clusters operated that way:

* ``PUT /api/users/NAME`` ``{"password": ..., "tags": "complaints-partner"}``
* ``PUT /api/permissions/VHOST/NAME``
  ``{"configure": "^$", "write": "^intake$", "read": "^partners\\\\.NAME$"}``
* ``PUT /api/topic-permissions/VHOST/NAME``
  ``{"exchange": "intake", "write": "^submit\\\\.NAME$", "read": "^$"}``
* ``PUT /api/queues/VHOST/partners.NAME`` ``{"durable": true, "arguments":
  {"x-queue-type": "quorum"}}`` and ``POST /api/bindings/VHOST/e/partners/q/partners.NAME``
  ``{"routing_key": "NAME.*"}``
* ``GET /api/users`` (filter on the tag) for ``list``; ``DELETE /api/users/NAME`` for
  ``remove``.

``remove`` deletes the user only (its connections are closed by the broker); the reply
queue ``partners.NAME`` stays with any replies not yet read — delete it with
``rabbitmqctl delete_queue -p VHOST partners.NAME`` once it is no longer wanted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Annotated

import typer

from cli.output import fail, print_json, table

app = typer.Typer(help="Partners' broker users: fenced in to their own keys.", no_args_is_help=True)

TAG = "complaints-partner"
# Partner ids as the platform spells them (``submit.<partner>``, ``<partner>.<event>``).
NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
INTAKE_EXCHANGE, PARTNERS_EXCHANGE = "intake", "partners"  # common.bus (not imported: slow)


def valid_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        fail(
            f"NAME {name!r}: a partner name is lowercase letters, digits and hyphens "
            "(not starting or ending with a hyphen, at most 63 characters)",
            2,
        )
    return name


def permissions(name: str) -> dict[str, str]:
    """The least permissions for partner ``name`` (regexes, as rabbitmqctl takes them)."""
    n = re.escape(name)
    return {
        "configure": "^$",
        "write": f"^{INTAKE_EXCHANGE}$",
        "read": rf"^partners\.{n}$",
        "topic_write": rf"^submit\.{n}$",
        "topic_read": "^$",
    }


def _ctl_exe() -> str:
    exe = os.environ.get("RABBITMQCTL") or shutil.which("rabbitmqctl")
    if not exe:
        fail(
            "rabbitmqctl not found: run this where rabbitmqctl reaches the cluster "
            "(or set RABBITMQCTL to its path)",
            3,
        )
    return exe


def ctl(*args: str, stdin: str | None = None) -> str:
    """Run ``rabbitmqctl -q ARGS``; a failure ends the command with rabbitmqctl's words."""
    try:
        done = subprocess.run(
            [_ctl_exe(), "-q", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        fail(f"rabbitmqctl {args[0]}: no answer within 60 s", 3)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().removeprefix("Error:").strip()
        fail(f"rabbitmqctl {args[0]}: {detail or f'exit status {done.returncode}'}", 3)
    return done.stdout


def partner_users() -> list[dict[str, object]]:
    import json

    users = json.loads(ctl("list_users", "--formatter", "json") or "[]")
    found = []
    for user in users:
        tags = user.get("tags") or []
        if isinstance(tags, str):  # older brokers print "[a, b]" or "a b"
            tags = re.findall(r"[^\s\[\],]+", tags)
        if TAG in tags:
            found.append({"name": user["user"], "tags": list(tags)})
    return sorted(found, key=lambda u: str(u["name"]))


def admin_url(vhost: str) -> str:
    """``PLATFORM_AMQP_URL`` with its vhost replaced by ``vhost``."""
    from urllib.parse import quote, urlsplit, urlunsplit

    from common.settings import PlatformSettings

    url = urlsplit(PlatformSettings().amqp_url)
    return urlunsplit(url._replace(path="/" + quote(vhost, safe="")))


def declare_reply_queue(amqp_url: str, name: str) -> None:
    """The partner's reply queue, bound to ``partners`` with ``NAME.*`` (idempotent)."""
    import pika
    from pika.exceptions import AMQPError

    try:
        conn = pika.BlockingConnection(pika.URLParameters(amqp_url))
    except AMQPError as exc:
        fail(f"the broker is not reachable as the admin user ({exc!r})", 3)
    try:
        ch = conn.channel()
        ch.exchange_declare(PARTNERS_EXCHANGE, "topic", durable=True)
        queue = f"partners.{name}"
        ch.queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
        ch.queue_bind(queue, PARTNERS_EXCHANGE, f"{name}.*")
    except AMQPError as exc:
        fail(f"declaring queue partners.{name}: {exc!r}", 3)
    finally:
        if conn.is_open:
            conn.close()


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="the partner id (lowercase, digits, hyphens)")],
    vhost: Annotated[
        str | None,
        typer.Option(help="the platform's vhost; default: the one PLATFORM_AMQP_URL names"),
    ] = None,
    password_file: Annotated[
        Path | None,
        typer.Option(help="read the password from this file; default: generate one"),
    ] = None,
    json_: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create partner NAME's user, least permissions and reply queue."""
    import secrets

    valid_name(name)
    if vhost is None:
        from common.settings import PlatformSettings

        vhost = PlatformSettings().amqp_vhost
    if password_file is not None:
        try:
            password = password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            fail(f"--password-file {str(password_file)!r}: {exc.strerror or exc}", 2)
        if not password:
            fail(f"--password-file {str(password_file)!r}: the file is empty", 2)
        generated = False
    else:
        password, generated = secrets.token_urlsafe(24), True
    if name in _all_users():
        fail(f"NAME {name!r}: a broker user of that name exists already", 2)
    declare_reply_queue(admin_url(vhost), name)
    perms = permissions(name)
    ctl("add_user", name, stdin=password + "\n")
    ctl("set_user_tags", name, TAG)
    ctl("set_permissions", "-p", vhost, name, perms["configure"], perms["write"], perms["read"])
    ctl(
        "set_topic_permissions",
        "-p",
        vhost,
        name,
        INTAKE_EXCHANGE,
        perms["topic_write"],
        perms["topic_read"],
    )
    result = {
        "partner": name,
        "vhost": vhost,
        "queue": f"partners.{name}",
        "permissions": perms,
        "password": password if generated else None,
    }
    if json_:
        print_json(result)
        return
    typer.echo(f"partner {name} added on vhost {vhost}: reply queue partners.{name}")
    if generated:
        typer.echo(f"password (shown once, store it now): {password}")


def _all_users() -> set[str]:
    import json

    return {u["user"] for u in json.loads(ctl("list_users", "--formatter", "json") or "[]")}


@app.command("list")
def list_(json_: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Partner users (tagged ``complaints-partner``)."""
    users = partner_users()
    if json_:
        print_json(users)
        return
    table("Partners", ("name", "tags"), ((u["name"], ", ".join(u["tags"])) for u in users))  # type: ignore[arg-type]


@app.command()
def remove(
    name: Annotated[str, typer.Argument(help="the partner id")],
    yes: Annotated[bool, typer.Option("--yes", help="really delete the user")] = False,
) -> None:
    """Delete partner NAME's user (its reply queue stays)."""
    valid_name(name)
    if not any(u["name"] == name for u in partner_users()):
        fail(f"NAME {name!r}: no partner user of that name (tagged {TAG})", 2)
    if not yes and not typer.confirm(f"Delete partner user {name}?", default=False):
        fail("not deleted (pass --yes to delete)", 1)
    ctl("delete_user", name)
    typer.echo(f"partner user {name} deleted; queue partners.{name} kept")
