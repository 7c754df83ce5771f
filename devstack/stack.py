"""Runs the whole platform on one machine: SMTP sink and the five services, each
keeping its state in its own SQLite file under .data/ (no store server).

``STORE=mongo`` runs the same platform on a MongoDB-protocol server instead: the
embedded mongoeco server (``common.store_server``) unless ``PLATFORM_STORE_URL`` already
names a MongoDB; see docs/storage.md for when a deployment should move.

``python -m devstack up``      start in the foreground, supervised (Ctrl-C stops everything)
``python -m devstack start``   start what is not running, under a supervisor in the
                               background that restarts what dies (devstack/supervisor.py)
``python -m devstack status``  each process: state, pid, restarts, last exit, health
``python -m devstack stop``    stop the supervisor and everything it runs
``python -m devstack demo``    submit the example complaints and show what happened

The web console (services/console, docs/console.md) runs beside them on
http://127.0.0.1:8080/ (``CONSOLE_PORT``).

``DEVSTACK_SERVICES=intake,routing`` runs only some services. Logs are in .data/logs/,
pids in .data/pids/, the supervisor's record in .data/supervisor.json.

RabbitMQ itself is started by ``scripts/ensure_rabbitmq.sh`` (called by ``make``), which
also creates the platform's vhost (``complaints``, the path of ``PLATFORM_AMQP_URL``).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from devstack.supervisor import Supervisor

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("PLATFORM_DATA_DIR", ROOT / ".data"))
SERVICES = ("intake", "routing", "deadlines", "notifications", "records")
STORE_PORT = int(os.environ.get("PLATFORM_STORE_PORT", "27027"))
SMTP_PORT = int(os.environ.get("NOTIFICATIONS_SMTP_PORT", "2525"))
# The web console (services/console): pages over the services' gRPC APIs.
CONSOLE_PORT = int(os.environ.get("CONSOLE_PORT", "8080"))


@dataclass
class Proc:
    name: str
    argv: list[str]
    port: int | None = None


def shown(path: Path) -> str:
    """``path`` as a person would type it here: relative to the checkout when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


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
    procs.append(Proc("console", [py, "-m", "services.console"], CONSOLE_PORT))
    return procs


def console_address() -> str:
    """Where a person opens the console (docs/console.md)."""
    return f"http://127.0.0.1:{CONSOLE_PORT}/"


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
    env.setdefault("CONSOLE_PORT", str(CONSOLE_PORT))
    # Local development over plain http on 127.0.0.1: no Secure flag on the session cookie.
    env.setdefault("CONSOLE_SECURE_COOKIES", "false")
    return env


def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on port {port} after {timeout:.0f} s")


# -- the supervisor ------------------------------------------------------------------------

SUPERVISOR_ARGV = ["-m", "devstack", "supervise"]
DEFAULT_GRPC_PORTS = {
    "intake": 50051,
    "routing": 50052,
    "deadlines": 50053,
    "notifications": 50054,
    "records": 50055,
}


def selected(procs: list[Proc]) -> list[Proc]:
    """``DEVSTACK_SERVICES=intake,routing`` runs only those services (and the store and
    SMTP sink; ``console`` names the web console); unset, all five and the console."""
    only = os.environ.get("DEVSTACK_SERVICES", "").strip()
    if not only:
        return procs
    names = {n.strip() for n in only.split(",") if n.strip()}
    unknown = names - set(SERVICES) - {"console"}
    if unknown:
        raise SystemExit(f"DEVSTACK_SERVICES names unknown services: {', '.join(sorted(unknown))}")
    # The console runs only when named too (it needs the services it shows).
    return [p for p in procs if p.name not in (*SERVICES, "console") or p.name in names]


def supervisor_pidfile() -> Path:
    return DATA / "pids" / "supervisor.pid"


def supervisor_pid() -> int | None:
    """The pid of this data directory's running supervisor (``devstack supervise``, or
    ``devstack up`` in the foreground), if one runs."""
    from devstack.supervisor import pid_alive

    try:
        pid = int(supervisor_pidfile().read_text())
    except (OSError, ValueError):
        return None
    if not pid_alive(pid):
        return None
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return pid  # no /proc: trust the pid file
    args = [a.decode(errors="replace") for a in argv]
    is_ours = "devstack" in args and ("supervise" in args or "up" in args)
    return pid if is_ours else None


def make_supervisor() -> Supervisor:
    from devstack.supervisor import Supervisor

    return Supervisor(selected(processes()), env=environment(), cwd=ROOT, data=DATA)


def supervise() -> int:
    """``devstack supervise``: run the supervisor in this process until SIGTERM/SIGINT."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s supervisor: %(message)s"
    )
    if supervisor_pid() not in (None, os.getpid()):
        print(f"a supervisor already runs for {DATA} (pid {supervisor_pid()})")
        return 1
    sup = make_supervisor()
    supervisor_pidfile().write_text(str(os.getpid()))
    signal.signal(signal.SIGTERM, lambda *_: sup.stop())
    signal.signal(signal.SIGINT, lambda *_: sup.stop())
    signal.signal(signal.SIGHUP, lambda *_: sup.retry_failed())
    try:
        sup.run()
    finally:
        supervisor_pidfile().unlink(missing_ok=True)
    return 0


def start(timeout: float = 120.0) -> int:
    """``make up``: a supervisor in the background that starts what is not running (if
    one runs already, it is asked to start again what it gave up on); then wait until
    every service says SERVING and print the status. 0 when all are ready."""
    (DATA / "logs").mkdir(parents=True, exist_ok=True)
    (DATA / "pids").mkdir(parents=True, exist_ok=True)
    pid = supervisor_pid()
    if pid is not None:
        os.kill(pid, signal.SIGHUP)
        print(f"  supervisor already running (pid {pid}): asked it to start what is not running")
    else:
        with open(DATA / "logs" / "supervisor.log", "ab") as log:
            child = subprocess.Popen(
                [sys.executable, *SUPERVISOR_ARGV],
                cwd=ROOT,
                env=environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # outlives this command; `make down` stops it
            )
        print(f"  started supervisor pid {child.pid}  log {DATA / 'logs' / 'supervisor.log'}")
    ready = wait_ready(timeout)
    print_status()
    print(f"console: {console_address()} (development sign-in; docs/console.md)")
    if not ready:
        print(f"not every service is ready after {timeout:.0f} s: see `python -m devstack status`")
        return 1
    return 0


def grpc_port(name: str) -> int:
    return int(os.environ.get(f"{name.upper()}_GRPC_PORT") or DEFAULT_GRPC_PORTS[name])


def health(name: str, timeout: float = 1.0) -> str:
    """A service's gRPC health: SERVING, NOT_SERVING or unreachable."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{grpc_port(name)}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=timeout
            )
        except grpc.RpcError:
            return "unreachable"
    return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_ready(timeout: float = 120.0) -> bool:
    """Until every selected process is ready (services SERVING, the others listening)."""
    deadline = time.monotonic() + timeout
    procs = selected(processes())
    while time.monotonic() < deadline:
        if all(_ready(p) for p in procs):
            return True
        time.sleep(0.5)
    return False


def _ready(proc: Proc) -> bool:
    if proc.name in SERVICES:
        return health(proc.name) == "SERVING"
    return proc.port is None or port_open(proc.port)


def print_status() -> int:
    """``devstack status``: each process's state, pid, restarts and health. Exit code 0
    when every one runs and every service is SERVING."""
    from rich.table import Table

    from cli.output import console
    from devstack.supervisor import read_state

    state = read_state(DATA)
    sup = supervisor_pid()
    known = {p["name"]: p for p in (state or {}).get("processes", [])}
    table = Table(title=f"platform in {DATA}")
    for col in ("process", "state", "pid", "restarts", "last exit", "since", "health"):
        table.add_column(col)
    healthy = sup is not None
    for proc in selected(processes()):
        st = known.get(proc.name, {})
        state_now = st.get("state", "not supervised") if sup is not None else "no supervisor"
        if proc.name in SERVICES:
            ready = health(proc.name)
        else:
            ready = "listening" if proc.port is None or port_open(proc.port) else "unreachable"
        healthy = healthy and state_now == "running" and ready in ("SERVING", "listening")
        since = st.get("since")
        table.add_row(
            proc.name,
            state_now + (f" ({st['reason']})" if st.get("reason") else ""),
            str(st.get("pid") or "-"),
            str(st.get("restarts", 0)),
            "-" if st.get("last_exit") is None else str(st["last_exit"]),
            time.strftime("%H:%M:%S", time.localtime(since)) if since else "-",
            ready,
        )
    console.print(table)
    print(f"supervisor: {'pid ' + str(sup) if sup else 'not running (`make up` starts it)'}")
    return 0 if healthy else 1


def stop(timeout: float = 60.0) -> None:
    """``make down``: stop the supervisor, which stops every process; then anything a
    pid file still names (an older run's processes)."""
    pid = supervisor_pid()
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while supervisor_pid() is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        print(f"  stopped supervisor (pid {pid}) and its processes")
    pids = sorted((DATA / "pids").glob("*.pid")) if (DATA / "pids").exists() else []
    for pidfile in reversed(pids):
        try:
            os.kill(int(pidfile.read_text()), signal.SIGTERM)
            print(f"  stopped {pidfile.stem}")
        except (ProcessLookupError, ValueError):
            pass
        pidfile.unlink(missing_ok=True)
