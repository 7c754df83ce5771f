"""Keeps the local platform's processes running: starts what is not running, restarts
what dies, with backoff and a limit, and records it all where ``devstack status`` reads it.

One supervisor per data directory (``.data/pids/supervisor.pid``). Every half second it
looks at each process:

- not running and never started: started (a process already running from an earlier
  run, found by its pid file and command line, is adopted, not started twice);
- died: restarted after a backoff (``DEVSTACK_RESTART_BACKOFF_S``, doubling up to
  ``DEVSTACK_RESTART_BACKOFF_MAX_S``); after ``DEVSTACK_RESTART_LIMIT`` restarts within
  ``DEVSTACK_RESTART_WINDOW_S`` it gives up on that process (state ``failed``) and logs
  why; a process that exits 2 (a configuration it refuses to run with) is not restarted;
- ``SIGHUP`` (what ``devstack start`` sends when a supervisor already runs): failed
  processes are tried again, with their restart counts kept;
- ``SIGTERM``/``SIGINT``: every process is stopped (SIGTERM, then SIGKILL after 20 s),
  last started first, and the supervisor exits.

The state of each process (state, pid, restarts, last exit, since when) is written to
``.data/supervisor.json`` on every change.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("devstack.supervisor")

EXIT_REFUSED_CONFIG = 2  # common.runtime.serve: a configuration a service will not run with


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass(frozen=True)
class Policy:
    backoff_s: float = 1.0
    backoff_max_s: float = 30.0
    limit: int = 5
    window_s: float = 300.0
    stop_timeout_s: float = 20.0

    @classmethod
    def from_env(cls) -> Policy:
        return cls(
            backoff_s=_env_float("DEVSTACK_RESTART_BACKOFF_S", cls.backoff_s),
            backoff_max_s=_env_float("DEVSTACK_RESTART_BACKOFF_MAX_S", cls.backoff_max_s),
            limit=int(_env_float("DEVSTACK_RESTART_LIMIT", cls.limit)),
            window_s=_env_float("DEVSTACK_RESTART_WINDOW_S", cls.window_s),
        )


@dataclass
class Status:
    """What ``devstack status`` shows for one process."""

    name: str
    state: str = "stopped"  # starting | running | backoff | failed | stopped
    pid: int | None = None
    restarts: int = 0
    last_exit: int | None = None
    since: float = field(default_factory=time.time)
    next_start_at: float | None = None
    reason: str = ""


@dataclass
class _Child:
    argv: list[str]
    port: int | None
    status: Status
    popen: subprocess.Popen[bytes] | None = None
    recent: deque[float] = field(default_factory=deque)  # monotonic times of restarts
    next_start: float = 0.0  # monotonic


def pid_alive(pid: int, argv: list[str] | None = None) -> bool:
    """True if ``pid`` runs (and, given ``argv``, runs that command: pids are reused)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    if argv is None:
        return True
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: trust the signal
    if ") Z " in stat:  # a zombie: dead, not yet reaped
        return False
    return [a.decode() for a in cmdline if a][-len(argv) + 1 :] == argv[1:]


class Supervisor:
    def __init__(
        self,
        procs: list[Any],  # devstack.stack.Proc
        *,
        env: dict[str, str],
        cwd: Path,
        data: Path,
        policy: Policy | None = None,
        on_change: Callable[[dict[str, Status]], None] | None = None,
    ) -> None:
        self.env, self.cwd, self.data = env, cwd, data
        self.policy = policy or Policy.from_env()
        self.children = {p.name: _Child(list(p.argv), p.port, Status(p.name)) for p in procs}
        self._stop = threading.Event()
        self._retry_failed = threading.Event()
        self._lock = threading.Lock()
        self._on_change = on_change
        (data / "logs").mkdir(parents=True, exist_ok=True)
        (data / "pids").mkdir(parents=True, exist_ok=True)

    # -- paths ---------------------------------------------------------------------------

    def pidfile(self, name: str) -> Path:
        return self.data / "pids" / f"{name}.pid"

    def logfile(self, name: str) -> Path:
        return self.data / "logs" / f"{name}.log"

    @property
    def statefile(self) -> Path:
        return self.data / "supervisor.json"

    # -- the loop ------------------------------------------------------------------------

    def run(self, tick_s: float = 0.5) -> None:
        """Supervise until `stop` (or SIGTERM in the main thread); then stop everything."""
        log.info(
            "supervising %s (restart backoff %.1f-%.0f s, at most %d restarts in %.0f s)",
            ", ".join(self.children),
            self.policy.backoff_s,
            self.policy.backoff_max_s,
            self.policy.limit,
            self.policy.window_s,
        )
        try:
            while not self._stop.is_set():
                self.tick()
                self._stop.wait(tick_s)
        finally:
            self.shutdown()

    def stop(self) -> None:
        self._stop.set()

    def retry_failed(self) -> None:
        self._retry_failed.set()

    def tick(self) -> None:
        with self._lock:
            now = time.monotonic()
            if self._retry_failed.is_set():
                self._retry_failed.clear()
                for child in self.children.values():
                    if child.status.state == "failed":
                        log.info("%s: trying again (asked to start)", child.status.name)
                        child.recent.clear()
                        child.next_start = now
                        self._set(child, "backoff", reason="asked to start")
            for child in self.children.values():
                st = child.status.state
                if st in ("running", "starting"):
                    if not self._alive(child):
                        self._died(child, now)
                elif st == "stopped":
                    self._first_start(child)
                elif st == "backoff" and now >= child.next_start:
                    self._spawn(child)

    def _alive(self, child: _Child) -> bool:
        if child.popen is not None:
            return child.popen.poll() is None
        pid = child.status.pid
        return pid is not None and pid_alive(pid, child.argv)

    def _first_start(self, child: _Child) -> None:
        name = child.status.name
        pidfile = self.pidfile(name)
        if pidfile.exists():
            try:
                pid = int(pidfile.read_text())
            except ValueError:
                pid = 0
            if pid and pid_alive(pid, child.argv):
                log.info("%s: already running (pid %d); adopted, not started again", name, pid)
                child.status.pid = pid
                self._set(child, "running", reason="adopted")
                return
        self._spawn(child)

    def _spawn(self, child: _Child) -> None:
        name = child.status.name
        with open(self.logfile(name), "ab") as out:
            child.popen = subprocess.Popen(
                child.argv,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # Its own session: a Ctrl-C in the terminal reaches the supervisor only,
                # which stops every process in order instead of seeing them all "die".
                start_new_session=True,
            )
        child.status.pid = child.popen.pid
        self.pidfile(name).write_text(str(child.popen.pid))
        if child.status.restarts or child.status.last_exit is not None:
            log.info("%s: restarted (pid %d, restart %d)", name, child.popen.pid,
                     child.status.restarts)  # fmt: skip
        else:
            log.info("%s: started (pid %d), log %s", name, child.popen.pid, self.logfile(name))
        self._set(child, "running", reason="")

    def _died(self, child: _Child, now: float) -> None:
        name = child.status.name
        code = child.popen.returncode if child.popen is not None else None
        child.popen = None
        child.status.last_exit = code
        child.status.pid = None
        self.pidfile(name).unlink(missing_ok=True)
        how = _describe_exit(code)
        if code == EXIT_REFUSED_CONFIG:
            log.error(
                "%s %s: it refuses its configuration, so it is not restarted; fix it (see %s)"
                " and run `make up`",
                name,
                how,
                self.logfile(name),
            )
            self._set(child, "failed", reason=f"{how}: configuration refused")
            return
        while child.recent and now - child.recent[0] > self.policy.window_s:
            child.recent.popleft()
        if len(child.recent) >= self.policy.limit:
            log.error(
                "%s %s; gave up after %d restarts in %.0f s (see %s); `make up` tries again",
                name,
                how,
                len(child.recent),
                self.policy.window_s,
                self.logfile(name),
            )
            self._set(child, "failed", reason=f"{how}; restart limit reached")
            return
        wait = min(self.policy.backoff_max_s, self.policy.backoff_s * 2 ** len(child.recent))
        child.recent.append(now)
        child.status.restarts += 1
        child.next_start = now + wait
        log.warning(
            "%s %s; restarting in %.1f s (restart %d, %d in the last %.0f s; log %s)",
            name,
            how,
            wait,
            child.status.restarts,
            len(child.recent),
            self.policy.window_s,
            self.logfile(name),
        )
        self._set(child, "backoff", reason=how, next_start_at=time.time() + wait)

    def shutdown(self) -> None:
        """Stop every process, last started first: SIGTERM, then SIGKILL after a while."""
        with self._lock:
            live = [c for c in reversed(self.children.values()) if c.status.pid]
            for child in live:
                if self._alive(child):
                    _signal(child.status.pid, signal.SIGTERM)
            deadline = time.monotonic() + self.policy.stop_timeout_s
            for child in live:
                while self._alive(child) and time.monotonic() < deadline:
                    time.sleep(0.1)
                if self._alive(child):
                    log.warning("%s: did not stop in time; killed", child.status.name)
                    _signal(child.status.pid, signal.SIGKILL)
                    if child.popen is not None:
                        child.popen.wait(timeout=10)
                log.info("%s: stopped", child.status.name)
            for child in self.children.values():
                self.pidfile(child.status.name).unlink(missing_ok=True)
                child.popen, child.status.pid = None, None
                self._set(child, "stopped", reason="supervisor stopped")

    # -- state -----------------------------------------------------------------------------

    def _set(self, child: _Child, state: str, *, reason: str, next_start_at: float | None = None):  # type: ignore[no-untyped-def]
        child.status.state, child.status.reason = state, reason
        child.status.since, child.status.next_start_at = time.time(), next_start_at
        self.write_state()

    def statuses(self) -> dict[str, Status]:
        return {name: child.status for name, child in self.children.items()}

    def write_state(self) -> None:
        doc = {
            "supervisor_pid": os.getpid(),
            "updated": time.time(),
            "processes": [asdict(c.status) for c in self.children.values()],
        }
        tmp = self.statefile.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, indent=1))
        tmp.replace(self.statefile)
        if self._on_change is not None:
            self._on_change(self.statuses())


def read_state(data: Path) -> dict[str, Any] | None:
    """What the supervisor of ``data`` last wrote (None: never ran there)."""
    try:
        return json.loads((data / "supervisor.json").read_text())
    except (OSError, ValueError):
        return None


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "exited"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def _signal(pid: int | None, sig: int) -> None:
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
