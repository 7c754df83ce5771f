"""``scripts/ensure_rabbitmq.sh`` sets the broker up for the platform, on a broker that
already runs as on one it starts: the platform's vhost (from ``PLATFORM_AMQP_URL``)
created with its user's permissions, idempotently, and bodies over 16 MiB refused by the
broker itself, while one over intake's own 4 MiB limit still reaches intake's queue (so
intake can answer it with a clear rejection).

Against the local broker, on a vhost of this test's own (deleted afterwards)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pika
import pytest
from pika.exceptions import ChannelClosedByBroker

from tests.support import infra

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024
PRECONDITION_FAILED = 406

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        shutil.which("rabbitmqctl") is None and not Path("/usr/sbin/rabbitmqctl").exists(),
        reason="rabbitmqctl is not installed here",
    ),
]


def ensure(amqp_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLATFORM_AMQP_URL": amqp_url}
    return subprocess.run(
        [ROOT / "scripts" / "ensure_rabbitmq.sh"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )


def vhosts() -> set[str]:
    exe = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    out = subprocess.run([exe, "-s", "list_vhosts", "name"], capture_output=True, text=True,
                         check=True, timeout=60)  # fmt: skip
    return set(out.stdout.split())


@pytest.fixture
def set_up() -> Iterator[str]:
    """The URL of a vhost the script created (and it, deleted afterwards)."""
    vhost = f"test-setup-{uuid.uuid4().hex[:10]}"
    url = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    assert vhost not in vhosts()
    try:
        first = ensure(url)
        assert first.returncode == 0, first.stderr
        assert f"created the platform's vhost '{vhost}'" in first.stderr
        yield url
    finally:
        if vhost in vhosts():
            infra._ctl("delete_vhost", vhost)


def test_the_vhost_is_created_once_and_its_user_may_use_it(set_up: str) -> None:
    again = ensure(set_up)
    assert again.returncode == 0, again.stderr
    assert "created" not in again.stderr  # there already: nothing to do
    conn = pika.BlockingConnection(pika.URLParameters(set_up))
    ch = conn.channel()
    ch.exchange_declare("intake", "topic", durable=True)
    conn.close()


def test_the_broker_refuses_a_body_over_16_mib_and_passes_one_over_4_mib(set_up: str) -> None:
    conn = pika.BlockingConnection(pika.URLParameters(set_up))
    ch = conn.channel()
    ch.exchange_declare("intake", "topic", durable=True)
    ch.queue_declare("intake.submissions", durable=True, arguments={"x-queue-type": "quorum"})
    ch.queue_bind("intake.submissions", "intake", "submit.*")
    ch.confirm_delivery()

    five = b"{" + b" " * (5 * MiB - 2) + b"}"
    ch.basic_publish("intake", "submit.acme", five, mandatory=True)
    method, _, body = ch.basic_get("intake.submissions", auto_ack=True)
    assert method is not None and len(body) == len(five)

    with pytest.raises(ChannelClosedByBroker) as refused:
        ch.basic_publish("intake", "submit.acme", b" " * (20 * MiB), mandatory=True)
    assert refused.value.reply_code == PRECONDITION_FAILED
    assert "max size 16777216" in refused.value.reply_text
    ch = conn.channel()
    assert ch.queue_declare("intake.submissions", passive=True).method.message_count == 0
    conn.close()
