"""``python -m devstack up|start|status|stop|supervise|demo`` (see devstack/stack.py)."""

from __future__ import annotations

import os
import signal
import sys
import threading

from devstack import stack
from devstack.terminal import route_logs


def up(with_demo: bool) -> int:
    """The platform in the foreground, supervised, until Ctrl-C."""
    if stack.supervisor_pid() is not None:
        print("the platform already runs in the background (`make down` stops it); using it")
        code = stack.start()
        if with_demo and code == 0:
            from devstack.demo import run_demo

            return run_demo()
        return code
    log_file = route_logs(stack.DATA)
    logs = f"{stack.shown(log_file.parent)}/"
    sup = stack.make_supervisor()
    names = ", ".join(p.name for p in stack.selected(stack.processes()))
    print(f"starting {names}; logs in {logs} (one per service, and {log_file.name})")
    runner = threading.Thread(target=sup.run, name="supervisor", daemon=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    signal.signal(signal.SIGHUP, lambda *_: sup.retry_failed())  # `make up` elsewhere
    stack.supervisor_pidfile().parent.mkdir(parents=True, exist_ok=True)
    stack.supervisor_pidfile().write_text(str(os.getpid()))
    runner.start()
    try:
        if not stack.wait_ready():
            print(f"not every service became ready; see {logs} and the status below")
        stack.print_status()
        if with_demo:
            from devstack.demo import run_demo

            run_demo()
        print(f"console: {stack.console_address()} (development sign-in; docs/console.md)")
        print(f"platform running; Ctrl-C stops everything (logs in {logs})")
        done.wait()
    finally:
        print("stopping...")
        sup.stop()
        runner.join(timeout=60)
        stack.supervisor_pidfile().unlink(missing_ok=True)
        print("stopped")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "up"
    if command == "start":
        code = stack.start()
        print("platform running in the background, supervised; `make down` stops it")
        return code
    if command == "stop":
        stack.stop()
    elif command == "status":
        return stack.print_status()
    elif command == "supervise":
        return stack.supervise()
    elif command == "demo":
        from devstack.demo import run_demo

        return run_demo()
    elif command == "up":
        return up("--demo" in argv)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
