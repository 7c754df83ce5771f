"""``python -m devstack up|start|stop|demo`` (see devstack/stack.py)."""

from __future__ import annotations

import signal
import sys
import threading

from devstack import stack


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "up"
    if command == "start":
        stack.start(foreground=False)
        print("platform running in the background; `make down` stops it")
    elif command == "stop":
        stack.stop()
    elif command == "demo":
        from devstack.demo import run_demo

        return run_demo()
    elif command == "up":
        children = stack.start(foreground=True)
        done = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: done.set())
        try:
            if "--demo" in argv:
                from devstack.demo import run_demo

                run_demo()
            print("platform running; Ctrl-C stops everything")
            done.wait()
        finally:
            print("stopping...")
            stack.terminate(children)
            stack.stop()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
