"""What ``make run`` shows in the terminal, and where everything else goes.

The terminal gets what a person needs: where the logs are, the status, the demo, how to
stop, and real problems (warnings and errors, from the supervisor or a library). Every
log line, the libraries' chatter included (pika's INFO about each connection, say), goes
to ``<data>/logs/supervisor.log``; each service logs to its own ``<data>/logs/<name>.log``
(devstack/supervisor.py redirects it there).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TERMINAL_FORMAT = "%(levelname)s %(name)s: %(message)s"


def route_logs(data: Path, *, terminal_level: int = logging.WARNING) -> Path:
    """Send every log line to ``<data>/logs/supervisor.log`` and only those at
    ``terminal_level`` or above to the terminal (stderr). Returns the log file."""
    logs = data / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    path = logs / "supervisor.log"
    to_file = logging.FileHandler(path, encoding="utf-8")
    to_file.setFormatter(logging.Formatter(FILE_FORMAT))
    to_terminal = logging.StreamHandler(sys.stderr)
    to_terminal.setLevel(terminal_level)
    to_terminal.setFormatter(logging.Formatter(TERMINAL_FORMAT))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
        old.close()
    root.addHandler(to_file)
    root.addHandler(to_terminal)
    root.setLevel(logging.INFO)
    return path
