"""Real RabbitMQ and a real MongoDB-protocol store for tests, the same code either way.

With a reachable Docker engine: testcontainers' RabbitMQ and MongoDB containers.
Without one: the local RabbitMQ (a fresh vhost per use, deleted afterwards) and an
embedded mongoeco server in memory. Only the URLs differ.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from common.settings import PlatformSettings

LOCAL_AMQP = os.environ.get("TEST_LOCAL_AMQP", "amqp://guest:guest@127.0.0.1:5672")


def platform_settings(
    amqp_url: str, store_url: str, workdir: Path, prefix: str = "t"
) -> PlatformSettings:
    """Settings of one isolated platform under test: own vhost (in ``amqp_url``), own
    stores, own clock file; a low delivery limit, no metrics ports."""
    return PlatformSettings(
        amqp_url=amqp_url,
        store_url=store_url,
        db_prefix=f"{prefix}{uuid.uuid4().hex[:8]}_",
        clock_file=workdir / "clock.json",
        delivery_limit=3,
        metrics_port_base=0,
        log_json=False,
    )


def free_port() -> int:
    """A TCP port nothing listens on now, for a server a test starts."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def set_day(clock_file: Path, day: date) -> None:
    """Move the platform's clock (every process reading ``clock_file``) to noon on ``day``."""
    from common.clock import FileClock

    clock = FileClock(clock_file)
    clock.move(datetime(day.year, day.month, day.day, 12, tzinfo=UTC) - clock.now())


def docker_available() -> bool:
    if os.environ.get("TEST_NO_DOCKER"):
        return False
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


def _ctl(*args: str) -> None:
    exe = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    subprocess.run([exe, "-q", *args], check=True, capture_output=True, timeout=60)


@contextmanager
def local_vhost() -> Iterator[str]:
    """A fresh vhost on the local broker, removed afterwards (runs never meet)."""
    vhost = f"test-{uuid.uuid4().hex[:12]}"
    _ctl("add_vhost", vhost)
    try:
        _ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"{LOCAL_AMQP}/{quote(vhost, safe='')}"
    finally:
        _ctl("delete_vhost", vhost)


@contextmanager
def rabbitmq() -> Iterator[str]:
    if docker_available():
        from testcontainers.rabbitmq import RabbitMqContainer

        with RabbitMqContainer("rabbitmq:3.13") as container:
            params = container.get_connection_params()
            yield (f"amqp://guest:guest@{params.host}:{params.port}/")
        return
    with local_vhost() as url:
        yield url


@contextmanager
def mongo() -> Iterator[str]:
    if docker_available():
        from testcontainers.mongodb import MongoDbContainer

        with MongoDbContainer("mongo:7") as container:
            yield container.get_connection_url()
        return
    from common.store_server import EmbeddedStore

    store = EmbeddedStore(None)
    url = store.start()
    try:
        yield url
    finally:
        store.stop()
