"""``make run``'s terminal shows the demo and real problems; every log line, libraries'
chatter included, goes to ``.data/logs/supervisor.log``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.terminal import route_logs


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_library_chatter_goes_to_the_log_file_and_problems_to_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    log_file = route_logs(tmp_path / "data")
    assert log_file == tmp_path / "data" / "logs" / "supervisor.log"

    logging.getLogger("pika.adapters.blocking_connection").info("Created channel=1")
    logging.getLogger("devstack.supervisor").info("intake: started (pid 42)")
    logging.getLogger("devstack.supervisor").warning("intake exited with code 1; restarting")
    logging.getLogger("pika.connection").error("Connection refused")

    terminal = capsys.readouterr()
    assert terminal.out == ""
    assert terminal.err.splitlines() == [
        "WARNING devstack.supervisor: intake exited with code 1; restarting",
        "ERROR pika.connection: Connection refused",
    ]
    written = log_file.read_text()
    for line in ("Created channel=1", "intake: started (pid 42)", "restarting", "refused"):
        assert line in written
