"""The whole platform as separate processes, talking only through RabbitMQ, the store and
gRPC, exactly as in production; plus an SMTP sink that keeps the letters."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import pytest

from common.settings import PlatformSettings
from devstack import smtp_sink
from tests.support.bus import listen, publish
from tests.support.infra import free_port, set_day

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "routing", "deadlines", "notifications", "records")


@dataclass
class Stack:
    platform: PlatformSettings
    workdir: Path
    smtp_port: int
    ports: dict[str, int] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def env(self, name: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "PLATFORM_AMQP_URL": self.platform.amqp_url,
                "PLATFORM_STORE_URL": self.platform.store_url,
                "PLATFORM_DB_PREFIX": self.platform.db_prefix,
                "PLATFORM_CLOCK_FILE": str(self.platform.clock_file),
                "PLATFORM_DELIVERY_LIMIT": str(self.platform.delivery_limit),
                "PLATFORM_METRICS_PORT_BASE": str(self.platform.metrics_port_base),
                "PLATFORM_LOG_JSON": "false",
                "DEADLINES_SWEEP_INTERVAL_S": "0.5",
                "RECORDS_COMMITMENT_SWEEP_S": "0.5",
                "NOTIFICATIONS_SMTP_PORT": str(self.smtp_port),
                "NOTIFICATIONS_RETRY_BASE_S": "0.5",
                "PYTHONUNBUFFERED": "1",
            }
        )
        for svc, port in self.ports.items():
            env[f"{svc.upper()}_GRPC_PORT"] = str(port)
        return env

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def launch(self, name: str) -> int:
        """Start the service's process; returns where its new log lines begin."""
        log = self.log(name)
        offset = log.stat().st_size if log.exists() else 0
        with open(log, "ab") as out:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{name}"],
                cwd=ROOT,
                env=self.env(name),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return offset

    def wait_started(self, name: str, offset: int, timeout: float) -> None:
        """Until the service logs that it started (ready), or fail with its log."""
        log = self.log(name)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = log.read_bytes()[offset:].decode(errors="replace")
            if f"{name} started" in text:
                return
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited:\n{text[-3000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"{name} did not start:\n{log.read_text()[-3000:]}")

    def start(self, name: str, timeout: float = 60.0) -> None:
        self.wait_started(name, self.launch(name), timeout)

    def start_all(self, names: tuple[str, ...], timeout: float = 90.0) -> None:
        """Start ``names`` at once (faster than one by one on two cores), wait for each."""
        offsets = {name: self.launch(name) for name in names}
        for name in names:
            self.wait_started(name, offsets[name], timeout)

    def kill(self, name: str) -> None:
        """SIGKILL: no clean shutdown, as a crash would leave it."""
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()

    def addr(self, name: str) -> str:
        return f"127.0.0.1:{self.ports[name]}"

    def mail(self) -> list[EmailMessage]:
        files = sorted((self.workdir / "mail").glob("*.eml"))
        return [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]  # type: ignore[misc]


async def submit(stack: Stack, partner: str, body: dict[str, Any]) -> str:
    """Publish ``body`` as ``partner`` would; the reference of the accepted reply."""
    async with listen(stack.platform.amqp_url, "partners", f"{partner}.*") as replies:
        await publish(stack.platform.amqp_url, "intake", f"submit.{partner}", body)
        await replies.wait_for(lambda m: m)
    assert replies.messages[0].routing_key == f"{partner}.accepted", replies.messages[0].body
    return str(replies.messages[0].body["reference"])


S = TypeVar("S", bound=Stack)


@contextmanager
def running(
    platform: PlatformSettings, workdir: Path, kind: type[S] = Stack  # type: ignore[assignment]
) -> Iterator[S]:
    """The five services of ``platform`` and an SMTP sink, started and then stopped."""
    sink = smtp_sink.start(workdir / "mail", port=free_port())
    s = kind(platform, workdir, smtp_port=sink.port, ports={n: free_port() for n in SERVICES})
    try:
        s.start_all(SERVICES)
        yield s
    finally:
        s.stop_all()
        sink.stop()
        if os.environ.get("E2E_SHOW_LOGS"):
            for name in SERVICES:
                print(f"==== {name}\n{s.log(name).read_text()[-4000:]}")


# The day the test submissions are received (tests.support.submissions): the platform
# starts on it, so no letter is asked to promise a date already past in real time.
RECEIVED_DAY = date(2026, 11, 2)


@pytest.fixture
def stack(platform: PlatformSettings, tmp_path: Path) -> Iterator[Stack]:
    set_day(platform.clock_file, RECEIVED_DAY)
    with running(platform, tmp_path) as s:
        yield s
