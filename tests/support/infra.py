"""Real RabbitMQ and a real MongoDB-protocol store for tests, the same code either way.

The broker: with ``TEST_BROKER=container`` and a Docker engine that answers, a RabbitMQ
container made by testcontainers from this repository's own image
(deploy/images/rabbitmq, built by scripts/images.sh), on the host's network with ports, an
Erlang port mapper and a node name of its own. Otherwise (the default, or when no engine
answers) the local RabbitMQ. Either way each use gets a fresh vhost, deleted afterwards.
The store server: the embedded mongoeco server in memory, or ``mongo:7`` where the engine
has or can pull it (no MongoDB server package exists in Debian). Only the URLs differ.

What was used, and why not a container when one was asked for, is kept in
:data:`SESSION_REPORT` for the test run's summary (tests/conftest.py).
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from common.settings import PlatformSettings

# No reaper container: it would need a registry. Each session removes what it started.
os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")

ROOT = Path(__file__).resolve().parents[2]
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


SESSION_REPORT: list[str] = []
"""Lines for the test run's summary: which broker and store server served the session."""


def report_line(line: str) -> None:
    if line not in SESSION_REPORT:
        SESSION_REPORT.append(line)


def container_broker_wanted() -> bool:
    """``TEST_BROKER=container`` asks for a RabbitMQ container (``make test-containers``)."""
    return os.environ.get("TEST_BROKER", "local").strip().lower() == "container"


@functools.cache
def docker_engine() -> tuple[bool, str]:
    """Whether a Docker engine answers, and where (or why not). Looks at DOCKER_HOST, then
    the engine scripts/docker_engine.sh starts under .data/, then the default socket."""
    if reason := os.environ.get("TEST_DOCKER_UNAVAILABLE"):
        return False, reason
    if os.environ.get("TEST_NO_DOCKER"):
        return False, "TEST_NO_DOCKER is set"
    private = ROOT / ".data" / "docker-engine" / "docker.sock"
    if not os.environ.get("DOCKER_HOST") and private.exists():
        os.environ["DOCKER_HOST"] = f"unix://{private}"  # for testcontainers too
    where = os.environ.get("DOCKER_HOST", "the default socket")
    try:
        import docker

        docker.from_env(timeout=5).ping()
    except Exception as exc:
        return False, f"no Docker engine answers at {where} ({type(exc).__name__})"
    return True, where


def docker_available() -> bool:
    """True when this session's broker is a container (asked for, and an engine answers)."""
    return container_broker_wanted() and docker_engine()[0]


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    with socket.socket() as s:  # nothing on the wildcard address either (e.g. 25672)
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def free_port_block(count: int, low: int = 20000, high: int = 32000) -> list[int]:
    """``count`` consecutive free TCP ports below the kernel's ephemeral range (so no
    client socket takes one meanwhile), for a server on the host's network."""
    for _ in range(200):
        first = random.randrange(low, high - count)
        block = list(range(first, first + count))
        if all(_bindable(p) for p in block):
            return block
    raise RuntimeError(f"no {count} consecutive free ports in {low}-{high}")


def _amqp_ok(url: str) -> bool:
    """True once the broker accepts an AMQP login (the port opens before users load)."""
    import pika

    try:
        params = pika.URLParameters(url)
        params.socket_timeout = 2
        params.blocked_connection_timeout = 2
        params.connection_attempts = 1
        pika.BlockingConnection(params).close()
        return True
    except Exception:
        return False


def image(name: str) -> str:
    """The tag of one of this repository's images (base, rabbitmq, platform), built by
    scripts/images.sh if the engine does not have it yet (minutes the first time)."""
    script = ROOT / "scripts" / "images.sh"
    tag = subprocess.run(
        [str(script), "tag", name], check=True, capture_output=True, text=True, timeout=60
    ).stdout.strip()
    import docker

    client = docker.from_env(timeout=10)
    try:
        client.images.get(tag)
        return tag
    except docker.errors.ImageNotFound:
        pass
    finally:
        client.close()
    done = subprocess.run(
        [str(script), "build", name], capture_output=True, text=True, timeout=1800
    )
    if done.returncode != 0:
        raise RuntimeError(f"scripts/images.sh build {name} failed:\n{done.stderr[-3000:]}")
    return tag


class RabbitContainer:
    """RabbitMQ in a container of this repository's image, on the host's network: AMQP,
    distribution, port mapper and CLI ports of its own (none of the machine broker's) and
    a node name of its own. ``ctl`` runs rabbitmqctl inside it."""

    BOOT_TIMEOUT_S = 120.0

    def __init__(self, image_tag: str) -> None:
        from testcontainers.core.container import DockerContainer

        ports = free_port_block(14)
        self.port, self.dist_port, self.epmd_port = ports[:3]
        self.nodename = f"rabbit-tc-{uuid.uuid4().hex[:10]}@localhost"
        self.image = image_tag
        self.container = (
            DockerContainer(image_tag)
            .with_name(f"complaints-test-rabbitmq-{uuid.uuid4().hex[:8]}")
            .with_kwargs(network_mode="host")
            .with_envs(
                RABBITMQ_NODENAME=self.nodename,
                RABBITMQ_NODE_PORT=str(self.port),
                RABBITMQ_DIST_PORT=str(self.dist_port),
                ERL_EPMD_PORT=str(self.epmd_port),
                RABBITMQ_CTL_DIST_PORT_MIN=str(ports[3]),
                RABBITMQ_CTL_DIST_PORT_MAX=str(ports[-1]),
            )
        )

    @property
    def root_url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}"

    def start(self) -> RabbitContainer:
        self.container.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def running(self) -> bool:
        wrapped = self.container.get_wrapped_container()
        wrapped.reload()
        return wrapped.status == "running"

    def wait_ready(self, timeout: float = BOOT_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _amqp_ok(self.root_url + "/"):
                return
            if not self.running():
                raise RuntimeError(f"RabbitMQ container exited:\n{self.logs()}")
            time.sleep(0.3)
        raise TimeoutError(f"RabbitMQ container not ready in {timeout}s:\n{self.logs()}")

    def logs(self, chars: int = 3000) -> str:
        raw = self.container.get_wrapped_container().logs()
        return raw.decode(errors="replace")[-chars:]

    def ctl(self, *args: str) -> str:
        code, out = self.container.exec(["rabbitmqctl", "-q", *args])
        if code != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} failed: {out.decode()[-2000:]}")
        return out.decode()

    def stop(self) -> None:
        self.container.stop()


def _ctl(*args: str) -> None:
    exe = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    subprocess.run([exe, "-q", *args], check=True, capture_output=True, timeout=60)


@contextmanager
def _vhost_on(ctl: Callable[..., object], root_url: str) -> Iterator[str]:
    vhost = f"test-{uuid.uuid4().hex[:12]}"
    ctl("add_vhost", vhost)
    try:
        ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"{root_url}/{quote(vhost, safe='')}"
    finally:
        ctl("delete_vhost", vhost)


def local_vhost() -> AbstractContextManager[str]:
    """A fresh vhost on the local broker, removed afterwards (runs never meet)."""
    return _vhost_on(_ctl, LOCAL_AMQP)


@dataclass
class Broker:
    """The session's broker: where it is, and fresh vhosts on it for each use."""

    url: str
    """A vhost of the session's own, for session-wide fixtures."""
    vhost: Callable[[], AbstractContextManager[str]]
    """``with broker.vhost() as url``: a fresh vhost, deleted afterwards."""
    container: RabbitContainer | None = None


@contextmanager
def broker() -> Iterator[Broker]:
    """The session's broker: the RabbitMQ container when asked for and possible, else the
    local broker; either way said in :data:`SESSION_REPORT`."""
    if container_broker_wanted():
        ok, where = docker_engine()
        rabbit = None
        if ok:
            try:
                rabbit = RabbitContainer(image("rabbitmq")).start()
            except Exception as exc:
                where = f"the RabbitMQ container did not start: {exc}".splitlines()[0]
        if rabbit is not None:
            report_line(
                f"broker: RabbitMQ container {rabbit.image} (node {rabbit.nodename}, AMQP "
                f"127.0.0.1:{rabbit.port}, host network) on the Docker engine at {where}"
            )
            try:
                with _vhost_on(rabbit.ctl, rabbit.root_url) as url:
                    yield Broker(
                        url, functools.partial(_vhost_on, rabbit.ctl, rabbit.root_url), rabbit
                    )
            finally:
                rabbit.stop()
            return
        report_line(
            "broker: FELL BACK to the local RabbitMQ at "
            f"{LOCAL_AMQP.rsplit('@', 1)[-1]}, not a container, although TEST_BROKER=container "
            f"asked for one: {where}"
        )
    else:
        report_line(
            f"broker: the local RabbitMQ at {LOCAL_AMQP.rsplit('@', 1)[-1]} "
            "(TEST_BROKER=container for a RabbitMQ container)"
        )
    with local_vhost() as url:
        yield Broker(url, local_vhost)


@contextmanager
def rabbitmq() -> Iterator[str]:
    """The session broker's URL (a vhost of its own), for code that wants only that."""
    with broker() as b:
        yield b.url


def _mongo_image_at_hand(tag: str) -> bool:
    import docker

    client = docker.from_env(timeout=10)
    try:
        client.images.get(tag)
        return True
    except docker.errors.ImageNotFound:
        try:
            client.images.pull(tag)
            return True
        except Exception:
            return False
    finally:
        client.close()


@contextmanager
def mongo() -> Iterator[str]:
    """A MongoDB-protocol server: ``mongo:7`` where the engine in use has or can pull it,
    else the embedded mongoeco server (Debian ships no MongoDB server to build one from)."""
    tag = "mongo:7"
    if docker_available() and _mongo_image_at_hand(tag):
        from testcontainers.mongodb import MongoDbContainer

        report_line(f"store server: MongoDB container {tag}")
        with MongoDbContainer(tag) as container:
            yield container.get_connection_url()
        return
    why = "containers not asked for" if not docker_available() else f"no {tag} image at hand"
    report_line(f"store server: the embedded mongoeco server ({why}; see docs/containers.md)")
    from common.store_server import EmbeddedStore

    store = EmbeddedStore(None)
    url = store.start()
    try:
        yield url
    finally:
        store.stop()
