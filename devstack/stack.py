"""Runs the whole platform on one machine: SMTP sink and the five services, each
keeping its state in its own SQLite file under .data/ (no store server).

``STORE=mongo`` runs the same platform on a MongoDB-protocol server instead: the
embedded mongoeco server (``common.store_server``) unless ``PLATFORM_STORE_URL`` already
names a MongoDB; see docs/storage.md for when a deployment should move.

``python -m devstack up``     start in the foreground (Ctrl-C stops everything)
``python -m devstack start``  start in the background (pids in .data/pids)
``python -m devstack stop``   stop what ``start`` started
``python -m devstack demo``   submit the example complaints and show what happened

RabbitMQ itself is started by ``scripts/ensure_rabbitmq.sh`` (called by ``make``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("PLATFORM_DATA_DIR", ROOT / ".data"))
SERVICES = ("intake", "routing", "deadlines", "notifications", "records")
STORE_PORT = int(os.environ.get("PLATFORM_STORE_PORT", "27027"))
SMTP_PORT = int(os.environ.get("NOTIFICATIONS_SMTP_PORT", "2525"))


@dataclass
class Proc:
    name: str
    argv: list[str]
    port: int | None = None


def mongo_mode() -> bool:
    return os.environ.get("STORE", "sqlite").lower() == "mongo"


def processes() -> list[Proc]:
    py = sys.executable
    procs = []
    if mongo_mode() and not os.environ.get("PLATFORM_STORE_URL", "").startswith("mongodb"):
        procs.append(
            Proc(
                "store",
                [
                    py,
                    "-m",
                    "common.store_server",
                    "--path",
                    str(DATA / "store.db"),
                    "--port",
                    str(STORE_PORT),
                ],
                STORE_PORT,
            )
        )
    procs += [
        Proc(
            "smtp",
            [py, "-m", "devstack.smtp_sink", "--port", str(SMTP_PORT), "--dir", str(DATA / "mail")],
            SMTP_PORT,
        ),
    ]
    procs += [Proc(name, [py, "-m", f"services.{name}"]) for name in SERVICES]
    return procs


def environment() -> dict[str, str]:
    env = dict(os.environ)
    if mongo_mode():
        env.setdefault(
            "PLATFORM_STORE_URL", f"mongodb://127.0.0.1:{STORE_PORT}/?directConnection=true"
        )
    else:
        env.setdefault("PLATFORM_STORE_URL", f"sqlite:///{DATA}/{{service}}.db")
    env.setdefault("PLATFORM_CLOCK_FILE", str(DATA / "clock.json"))
    env.setdefault("NOTIFICATIONS_SMTP_PORT", str(SMTP_PORT))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on port {port} after {timeout:.0f} s")


def start(*, foreground: bool) -> list[subprocess.Popen]:
    (DATA / "logs").mkdir(parents=True, exist_ok=True)
    (DATA / "pids").mkdir(parents=True, exist_ok=True)
    env, running = environment(), []
    for proc in processes():
        log = open(DATA / "logs" / f"{proc.name}.log", "ab")  # noqa: SIM115 - child keeps it
        child = subprocess.Popen(
            proc.argv,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=not foreground,
        )
        (DATA / "pids" / f"{proc.name}.pid").write_text(str(child.pid))
        running.append(child)
        if proc.port:
            wait_port(proc.port)
        print(f"  started {proc.name:<14} pid {child.pid}  log .data/logs/{proc.name}.log")
    wait_port(50055)  # records' gRPC: the last service to start is ready
    return running


def stop() -> None:
    pids = sorted((DATA / "pids").glob("*.pid")) if (DATA / "pids").exists() else []
    for pidfile in reversed(pids):
        try:
            os.kill(int(pidfile.read_text()), signal.SIGTERM)
            print(f"  stopped {pidfile.stem}")
        except (ProcessLookupError, ValueError):
            pass
        pidfile.unlink(missing_ok=True)


def terminate(children: list[subprocess.Popen]) -> None:
    for child in reversed(children):
        child.send_signal(signal.SIGTERM)
    for child in reversed(children):
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
