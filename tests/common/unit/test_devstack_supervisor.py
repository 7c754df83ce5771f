"""The devstack supervisor with stand-in processes (a Python that sleeps or exits)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devstack.stack import Proc
from devstack.supervisor import Policy, Supervisor, pid_alive, read_state

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)", "sleeper"]


def until(check: Callable[[], bool], sup: Supervisor, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sup.tick()
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met")


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Callable[..., Supervisor]]:
    made: list[Supervisor] = []

    def build(*procs: Proc, **policy: float) -> Supervisor:
        fast = {"backoff_s": 0.05, "backoff_max_s": 0.2, "limit": 2, "window_s": 60, **policy}
        sup = Supervisor(
            list(procs), env=dict(os.environ), cwd=tmp_path, data=tmp_path / "data",
            policy=Policy(stop_timeout_s=5, **fast),  # type: ignore[arg-type]
        )  # fmt: skip
        made.append(sup)
        return sup

    yield build
    for sup in made:
        sup.shutdown()


def test_starts_each_process_and_restarts_one_that_dies_then_gives_up(make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sup = make(Proc("a", SLEEPER))
    sup.tick()
    first = sup.statuses()["a"].pid
    assert first and pid_alive(first) and sup.statuses()["a"].state == "running"
    assert (tmp_path / "data" / "pids" / "a.pid").read_text() == str(first)

    os.kill(first, signal.SIGKILL)
    until(lambda: sup.statuses()["a"].state == "backoff", sup)
    assert sup.statuses()["a"].last_exit == -signal.SIGKILL
    until(lambda: sup.statuses()["a"].state == "running", sup)
    assert sup.statuses()["a"].restarts == 1 and sup.statuses()["a"].pid != first

    second = sup.statuses()["a"].pid
    os.kill(second, signal.SIGKILL)
    until(lambda: sup.statuses()["a"].pid not in (None, second), sup)
    assert sup.statuses()["a"].restarts == 2
    os.kill(sup.statuses()["a"].pid, signal.SIGKILL)  # a third death: the limit is 2
    until(lambda: sup.statuses()["a"].state == "failed", sup)
    assert "restart limit" in sup.statuses()["a"].reason
    recorded = read_state(tmp_path / "data")
    assert recorded and recorded["processes"][0]["state"] == "failed"
    assert recorded["processes"][0]["restarts"] == 2

    sup.retry_failed()  # `make up` when the supervisor runs
    until(lambda: sup.statuses()["a"].state == "running", sup)


def test_a_process_refusing_its_configuration_is_not_restarted(make) -> None:  # type: ignore[no-untyped-def]
    sup = make(Proc("bad", [sys.executable, "-c", "raise SystemExit(2)"]))
    sup.tick()
    until(lambda: sup.statuses()["bad"].state == "failed", sup)
    assert sup.statuses()["bad"].restarts == 0
    assert "configuration refused" in sup.statuses()["bad"].reason


def test_a_process_already_running_is_adopted_not_started_twice(make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    already = subprocess.Popen(SLEEPER)
    try:
        deadline = time.monotonic() + 10
        while not pid_alive(already.pid, SLEEPER) and time.monotonic() < deadline:
            time.sleep(0.02)  # until the child has exec'd: before, it looks like pytest
        (tmp_path / "data" / "pids").mkdir(parents=True)
        (tmp_path / "data" / "pids" / "a.pid").write_text(str(already.pid))
        sup = make(Proc("a", SLEEPER))
        sup.tick()
        assert sup.statuses()["a"].pid == already.pid
        assert sup.statuses()["a"].reason == "adopted"

        already.kill()  # an adopted process that dies is restarted like any other
        already.wait()
        until(lambda: sup.statuses()["a"].pid not in (None, already.pid), sup)
        assert sup.statuses()["a"].restarts == 1
    finally:
        already.kill()


def test_a_stale_pid_file_is_not_mistaken_for_the_process(make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "data" / "pids").mkdir(parents=True)
    (tmp_path / "data" / "pids" / "a.pid").write_text(str(os.getpid()))  # another command
    sup = make(Proc("a", SLEEPER))
    sup.tick()
    assert sup.statuses()["a"].pid != os.getpid()
    assert sup.statuses()["a"].reason == ""


def test_shutdown_stops_everything_and_clears_the_pid_files(make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sup = make(Proc("a", SLEEPER), Proc("b", SLEEPER))
    sup.tick()
    pids = [s.pid for s in sup.statuses().values()]
    sup.shutdown()
    assert all(not pid_alive(pid) for pid in pids if pid)
    assert not list((tmp_path / "data" / "pids").glob("*.pid"))
    assert {s.state for s in sup.statuses().values()} == {"stopped"}
