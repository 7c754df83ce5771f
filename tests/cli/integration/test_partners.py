"""``complaints partners add|list|remove``: each partner fenced in to its own keys.

Against the local broker through ``rabbitmqctl`` in a vhost of this test's own (users
are cluster-wide, so their names carry a per-run suffix and are deleted afterwards).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pika
import pytest
from pika.exceptions import AMQPConnectionError, ChannelClosedByBroker
from typer.testing import CliRunner

from cli.main import app
from tests.support import infra

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        shutil.which("rabbitmqctl") is None and not Path("/usr/sbin/rabbitmqctl").exists(),
        reason="rabbitmqctl is not installed here",
    ),
]

runner = CliRunner()
ACCESS_REFUSED = 403


@dataclass
class Broker:
    vhost: str
    admin_url: str

    def url(self, user: str, password: str) -> str:
        return (
            f"amqp://{quote(user, safe='')}:{quote(password, safe='')}@127.0.0.1:5672/"
            f"{quote(self.vhost, safe='')}"
        )


def _users() -> set[str]:
    exe = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    out = subprocess.run(
        [exe, "-q", "list_users", "--formatter", "json"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return {u["user"] for u in json.loads(out)}


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Broker]:
    """Own vhost with the platform's exchanges and intake's queue, as common.bus has them."""
    if shutil.which("rabbitmqctl") is None:  # infra._ctl falls back to /usr/sbin too
        monkeypatch.setenv("RABBITMQCTL", "/usr/sbin/rabbitmqctl")
    with infra.local_vhost() as url:
        vhost = unquote(url.rsplit("/", 1)[1])
        monkeypatch.setenv("PLATFORM_AMQP_URL", url)
        conn = pika.BlockingConnection(pika.URLParameters(url))
        ch = conn.channel()
        for exchange in ("intake", "complaints", "partners"):
            ch.exchange_declare(exchange, "topic", durable=True)
        ch.queue_declare("intake.submissions", durable=True, arguments={"x-queue-type": "quorum"})
        ch.queue_bind("intake.submissions", "intake", "submit.*")
        conn.close()
        before = _users()
        try:
            yield Broker(vhost=vhost, admin_url=url)
        finally:
            for user in _users() - before:
                infra._ctl("delete_user", user)


def partner_channel(url: str) -> tuple[Any, Any]:
    conn = pika.BlockingConnection(pika.URLParameters(url))
    ch = conn.channel()
    ch.confirm_delivery()
    return conn, ch


def refused(action: Any) -> int:
    """The reply code the broker closed the channel with while doing ``action``."""
    with pytest.raises(ChannelClosedByBroker) as closed:
        action()
    return int(closed.value.reply_code)


def test_partners_are_fenced_in_to_their_own_keys_and_queue(broker: Broker, tmp_path: Path) -> None:
    suffix = uuid.uuid4().hex[:6]
    alpha, beta = f"alpha-{suffix}", f"beta-{suffix}"

    added = runner.invoke(app, ["partners", "add", alpha, "--vhost", broker.vhost])
    assert added.exit_code == 0, added.output
    shown = re.search(r"password \(shown once[^)]*\): (\S+)", added.output)
    assert shown, added.output
    alpha_password = shown.group(1)
    beta_file = tmp_path / "beta.pw"
    beta_file.write_text("beta-secret-" + suffix + "\n")
    # Without --vhost: the vhost PLATFORM_AMQP_URL names (the platform's own).
    added = runner.invoke(app, ["partners", "add", beta, "--password-file", str(beta_file)])
    assert added.exit_code == 0, added.output
    assert "password" not in added.output  # a given password is never printed
    assert f"on vhost {broker.vhost}:" in added.output

    listed = runner.invoke(app, ["partners", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    names = {u["name"] for u in json.loads(listed.output)}
    assert {alpha, beta} <= names
    assert "guest" not in names

    # beta's own password works and beta can read its own queue.
    conn, ch = partner_channel(broker.url(beta, "beta-secret-" + suffix))
    ch.queue_declare(f"partners.{beta}", passive=True)
    conn.close()

    # alpha publishes its own submissions (confirmed, and they reach intake's queue) ...
    conn, ch = partner_channel(broker.url(alpha, alpha_password))
    ch.basic_publish("intake", f"submit.{alpha}", b'{"n": 1}')
    conn.close()
    admin = pika.BlockingConnection(pika.URLParameters(broker.admin_url))
    ach = admin.channel()
    method, _, body = ach.basic_get("intake.submissions", auto_ack=True)
    assert method is not None and method.routing_key == f"submit.{alpha}"
    assert body == b'{"n": 1}'

    # ... but not in beta's name,
    conn, ch = partner_channel(broker.url(alpha, alpha_password))
    assert refused(lambda: ch.basic_publish("intake", f"submit.{beta}", b"{}")) == ACCESS_REFUSED
    # nor onto the platform's domain events,
    ch = conn.channel()
    ch.confirm_delivery()
    code = refused(lambda: ch.basic_publish("complaints", "complaint.received", b"{}"))
    assert code == ACCESS_REFUSED
    # nor declare anything,
    ch = conn.channel()
    assert refused(lambda: ch.queue_declare(f"mine-{suffix}")) == ACCESS_REFUSED
    # nor read beta's replies,
    ch = conn.channel()
    assert refused(lambda: ch.basic_get(f"partners.{beta}")) == ACCESS_REFUSED
    ch = conn.channel()
    refused_consume = refused(
        lambda: (ch.basic_consume(f"partners.{beta}", lambda *a: None), conn.process_data_events(1))
    )
    assert refused_consume == ACCESS_REFUSED
    assert not admin.is_closed and ach.queue_declare(f"partners.{beta}", passive=True)
    # nothing of alpha's reached intake's queue in another name
    assert ach.basic_get("intake.submissions", auto_ack=True)[0] is None

    # alpha's replies come to its own queue (and only its own), and alpha consumes them.
    ach.confirm_delivery()
    ach.basic_publish("partners", f"{alpha}.accepted", b'{"reply": "alpha"}')
    ach.basic_publish("partners", f"{beta}.accepted", b'{"reply": "beta"}')
    ch = conn.channel()
    got: list[bytes] = []

    def on_message(channel: Any, method: Any, _props: Any, body: bytes) -> None:
        got.append(body)
        channel.basic_ack(method.delivery_tag)

    ch.basic_consume(f"partners.{alpha}", on_message)
    for _ in range(50):
        if got:
            break
        conn.process_data_events(time_limit=0.1)
    assert got == [b'{"reply": "alpha"}']
    conn.close()
    assert ach.queue_declare(f"partners.{beta}", passive=True).method.message_count == 1
    admin.close()

    # remove asks first, refuses non-partners, then deletes the user.
    declined = runner.invoke(app, ["partners", "remove", alpha], input="n\n")
    assert declined.exit_code != 0
    assert alpha in _users()
    not_partner = runner.invoke(app, ["partners", "remove", "guest", "--yes"])
    assert not_partner.exit_code == 2 and "guest" in _users()
    removed = runner.invoke(app, ["partners", "remove", alpha, "--yes"])
    assert removed.exit_code == 0, removed.output
    assert alpha not in _users()
    with pytest.raises(AMQPConnectionError):
        pika.BlockingConnection(pika.URLParameters(broker.url(alpha, alpha_password)))
    listed = runner.invoke(app, ["partners", "list", "--json"])
    assert {u["name"] for u in json.loads(listed.output)} & {alpha, beta} == {beta}


@pytest.mark.parametrize("bad", ["Alpha", "alpha_1", "-alpha", "alpha.beta", "a" * 64, ""])
def test_a_partner_name_outside_the_platform_naming_is_refused(bad: str) -> None:
    result = runner.invoke(app, ["partners", "add", "--", bad])
    assert result.exit_code == 2
    assert "NAME" in result.output and "lowercase" in result.output


def test_adding_an_existing_user_is_refused(broker: Broker) -> None:
    result = runner.invoke(app, ["partners", "add", "guest", "--vhost", broker.vhost])
    assert result.exit_code == 2, result.output
    assert "exists already" in result.output
