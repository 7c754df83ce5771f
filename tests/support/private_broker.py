"""A RabbitMQ broker of a test's own, for fault tests that stop, start and kill it.

Stopping the shared broker at 127.0.0.1:5672 would break every other test running on this
machine, so fault tests use this instead:

* where a Docker engine is reachable, testcontainers' ``RabbitMqContainer`` with its AMQP
  port bound to a fixed free host port (so the URL survives a kill and restart);
* otherwise a second local node started from the Debian ``rabbitmq-server`` scripts,
  configured only through rabbitmq-server's environment variables: its own node name
  (``rabbit-faults-<uuid>@localhost``), AMQP and distribution ports, Erlang cookie, and
  data, log, pid, config and enabled-plugins files under a temporary directory (no
  plugins, so no management or Prometheus listener to clash with anyone's).

Interface (the same either way)::

    broker.url          # amqp://guest:guest@127.0.0.1:<port>/<vhost>
    broker.stop_app()   # rabbitmqctl stop_app: connections drop, the port refuses
    broker.start_app()  # rabbitmqctl start_app (or boots the node again after kill())
    broker.kill()       # SIGKILL the node: no clean close, as a crash would leave it
    broker.wait_ready() # until the AMQP port accepts connections

Use in a conftest or test module::

    from tests.support.private_broker import private_broker, private_broker_node  # noqa: F401

``private_broker`` (per test) hands out a fresh vhost on a node shared by the session
(``private_broker_node``) and leaves the node running afterwards, whatever the test did.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import pytest

from tests.support.infra import docker_available, free_port

RABBIT_BIN = Path(os.environ.get("TEST_RABBITMQ_BIN", "/usr/lib/rabbitmq/bin"))
BOOT_TIMEOUT_S = 90.0


class Broker(Protocol):
    """What fault tests may do with a private broker."""

    @property
    def url(self) -> str: ...

    def stop_app(self) -> None: ...

    def start_app(self) -> None: ...

    def kill(self) -> None: ...

    def wait_ready(self, timeout: float = BOOT_TIMEOUT_S) -> None: ...


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _amqp_ok(url: str) -> bool:
    """True once the broker accepts an AMQP login (a listening port alone is not enough:
    the listener opens before the vhosts and users are loaded)."""
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


class LocalNode:
    """A second RabbitMQ node on this machine, every file of it under ``base``."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.name = f"rabbit-faults-{uuid.uuid4().hex[:12]}"
        self.nodename = f"{self.name}@localhost"
        self.port = free_port()
        self.dist_port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None
        (base / "mnesia").mkdir(parents=True, exist_ok=True)
        (base / "log").mkdir(exist_ok=True)
        cookie = base / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(16).upper())
        cookie.chmod(0o400)
        (base / "enabled_plugins").write_text("[].\n")
        (base / "rabbitmq-env.conf").write_text("")  # not /etc/rabbitmq's (its NODENAME)
        (base / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\n"
            "log.console = false\n"
            "log.file.level = info\n"
        )

    @property
    def root_url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "HOME": str(self.base),  # the Erlang cookie, for the node and rabbitmqctl
                "RABBITMQ_NODENAME": self.nodename,
                "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
                "RABBITMQ_NODE_PORT": str(self.port),
                "RABBITMQ_DIST_PORT": str(self.dist_port),
                "RABBITMQ_CONF_ENV_FILE": str(self.base / "rabbitmq-env.conf"),
                "RABBITMQ_CONFIG_FILE": str(self.base / "rabbitmq.conf"),
                "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.base / "advanced.config"),
                "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.base / "enabled_plugins"),
                "RABBITMQ_ENABLED_PLUGINS": "",
                "RABBITMQ_MNESIA_BASE": str(self.base / "mnesia"),
                "RABBITMQ_LOG_BASE": str(self.base / "log"),
                "RABBITMQ_PID_FILE": str(self.base / "rabbit.pid"),
                "RABBITMQ_SERVER_START_ARGS": "",
                "ERL_EPMD_ADDRESS": "127.0.0.1",
                "ERL_FLAGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            }
        )
        return env

    # -- the node's life --------------------------------------------------------------

    def boot(self) -> None:
        """Start the Erlang node (and the RabbitMQ app in it); wait until AMQP answers."""
        if self._proc is not None and self._proc.poll() is None:
            return
        out = open(self.base / "log" / "console.log", "ab")  # noqa: SIM115 (lives with the node)
        self._proc = subprocess.Popen(
            [str(RABBIT_BIN / "rabbitmq-server")],
            cwd=self.base,
            env=self.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: kill() reaches every child
        )
        out.close()
        self._watch(self._proc.pid)
        self.wait_ready()

    @staticmethod
    def _watch(pgid: int) -> None:
        """Kill the node if this test process dies without cleaning up (a timeout, a
        SIGKILL): a forgotten node would hold its ports and memory for good."""
        subprocess.Popen(
            [
                "sh",
                "-c",
                f"while kill -0 {os.getpid()} 2>/dev/null && kill -0 -{pgid} 2>/dev/null;"
                f" do sleep 1; done; kill -KILL -{pgid} 2>/dev/null",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = BOOT_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"private RabbitMQ node exited:\n{self.console_tail()}")
            if _port_open(self.port) and _amqp_ok(self.root_url + "/"):
                return
            time.sleep(0.2)
        raise TimeoutError(f"private RabbitMQ node not ready in {timeout}s:\n{self.console_tail()}")

    def console_tail(self, chars: int = 3000) -> str:
        parts = []
        for f in sorted((self.base / "log").glob("*.log")):
            parts.append(f"--- {f.name}\n{f.read_text(errors='replace')[-chars:]}")
        return "\n".join(parts)

    def ctl(self, *args: str, timeout: float = 60.0) -> str:
        done = subprocess.run(
            [str(RABBIT_BIN / "rabbitmqctl"), "-q", "-n", self.nodename, *args],
            env=self.env(),
            cwd=self.base,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} failed: {done.stderr}{done.stdout}")
        return done.stdout

    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop_app(self) -> None:
        self.ctl("stop_app")
        deadline = time.monotonic() + 30
        while _port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)

    def start_app(self) -> None:
        if not self.running():
            self.boot()
            return
        self.ctl("start_app")
        self.wait_ready()

    def kill(self) -> None:
        if self._proc is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)
        self._proc.wait(timeout=30)
        self._proc = None
        deadline = time.monotonic() + 10
        while _port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)

    def shutdown(self) -> None:
        """Stop the node for good (clean first, SIGKILL if it lingers)."""
        if not self.running():
            return
        try:
            self.ctl("stop", timeout=30)
            assert self._proc is not None
            self._proc.wait(timeout=30)
        except Exception:
            pass
        self.kill()

    # -- vhosts -----------------------------------------------------------------------

    def add_vhost(self, vhost: str) -> None:
        self.ctl("add_vhost", vhost)
        self.ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")

    def delete_vhost(self, vhost: str) -> None:
        self.ctl("delete_vhost", vhost)


class ContainerNode:
    """The same, as a testcontainers RabbitMQ container (where Docker runs)."""

    def __init__(self) -> None:
        from testcontainers.rabbitmq import RabbitMqContainer

        self.port = free_port()
        self.container = RabbitMqContainer("rabbitmq:3.13").with_bind_ports(5672, self.port)

    @property
    def root_url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}"

    def boot(self) -> None:
        self.container.start()
        self.wait_ready()

    def wait_ready(self, timeout: float = BOOT_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _amqp_ok(self.root_url + "/"):
                return
            time.sleep(0.2)
        raise TimeoutError(f"RabbitMQ container not ready in {timeout}s")

    def ctl(self, *args: str, timeout: float = 60.0) -> str:
        code, out = self.container.exec(["rabbitmqctl", "-q", *args])
        if code != 0:
            raise RuntimeError(f"rabbitmqctl {' '.join(args)} failed: {out!r}")
        return out.decode() if isinstance(out, bytes) else str(out)

    def running(self) -> bool:
        wrapped = self.container.get_wrapped_container()
        wrapped.reload()
        return wrapped.status == "running"

    def stop_app(self) -> None:
        self.ctl("stop_app")
        deadline = time.monotonic() + 30
        while _amqp_ok(self.root_url + "/") and time.monotonic() < deadline:
            time.sleep(0.1)

    def start_app(self) -> None:
        if not self.running():
            self.container.get_wrapped_container().start()
        else:
            self.ctl("start_app")
        self.wait_ready()

    def kill(self) -> None:
        self.container.get_wrapped_container().kill()

    def shutdown(self) -> None:
        self.container.stop()

    def add_vhost(self, vhost: str) -> None:
        self.ctl("add_vhost", vhost)
        self.ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")

    def delete_vhost(self, vhost: str) -> None:
        self.ctl("delete_vhost", vhost)


class PrivateBroker:
    """One test's view of a private node: its own vhost, the node's stop/start/kill."""

    def __init__(self, node: LocalNode | ContainerNode, vhost: str) -> None:
        self.node = node
        self.vhost = vhost

    @property
    def url(self) -> str:
        return f"{self.node.root_url}/{quote(self.vhost, safe='')}"

    @property
    def port(self) -> int:
        return self.node.port

    def stop_app(self) -> None:
        """Stop the RabbitMQ application (the Erlang node stays up): every connection is
        closed by the broker and new ones are refused until :meth:`start_app`."""
        self.node.stop_app()

    def start_app(self) -> None:
        """Start the application again (or boot the node again after :meth:`kill`); returns
        once AMQP logins succeed."""
        self.node.start_app()

    def kill(self) -> None:
        """SIGKILL the whole node: sockets die without a close frame."""
        self.node.kill()

    def wait_ready(self, timeout: float = BOOT_TIMEOUT_S) -> None:
        self.node.wait_ready(timeout)

    def ensure_running(self) -> None:
        if not self.node.running() or not _amqp_ok(self.node.root_url + "/"):
            self.node.start_app()


@contextmanager
def private_node() -> Iterator[LocalNode | ContainerNode]:
    """A running private node for the duration of the block, removed afterwards."""
    if docker_available():
        node: LocalNode | ContainerNode = ContainerNode()
        node.boot()
        try:
            yield node
        finally:
            node.shutdown()
        return
    if not (RABBIT_BIN / "rabbitmq-server").exists():
        pytest.skip(f"no rabbitmq-server in {RABBIT_BIN} and no Docker engine")
    base = Path(tempfile.mkdtemp(prefix="rabbit-faults-"))
    local = LocalNode(base)
    try:
        local.boot()
        yield local
    finally:
        local.shutdown()
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def private_vhost(node: LocalNode | ContainerNode) -> Iterator[PrivateBroker]:
    """A fresh vhost on ``node``; the node is left running and the vhost removed after."""
    vhost = f"faults-{uuid.uuid4().hex[:12]}"
    broker = PrivateBroker(node, vhost)
    broker.ensure_running()
    node.add_vhost(vhost)
    try:
        yield broker
    finally:
        broker.ensure_running()
        node.delete_vhost(vhost)


@pytest.fixture(scope="session")
def private_broker_node() -> Iterator[LocalNode | ContainerNode]:
    """One private RabbitMQ node for the session (booting one takes seconds)."""
    with private_node() as node:
        yield node


@pytest.fixture
def private_broker(private_broker_node: LocalNode | ContainerNode) -> Iterator[PrivateBroker]:
    """A broker this test may stop, start and kill: a fresh vhost on the private node."""
    with private_vhost(private_broker_node) as broker:
        yield broker
