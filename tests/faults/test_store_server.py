"""The MongoDB engine's store server paused (SIGSTOP for PAUSE_S, then SIGCONT: a frozen
or partitioned database) while complaints keep arriving. The store is the embedded
MongoDB-protocol server (common/store_server.py, mongoeco) in memory, as a process of its
own; killing it would lose its memory, and its SQLite-backed mode commits too slowly for
the suite (docs/storage.md), so a store killed is covered on SQLite by test_processes.py.

The count: each complaint ends with exactly one case and one acknowledgement letter."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT
from tests.faults.conftest import own_vhost, running_stack, settings
from tests.support.faults import FaultStack, Tally, partner
from tests.support.infra import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

PER_S = 5.0
PAUSE_S = 5.0


@pytest.fixture
def store_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    log = tmp_path / "store.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "common.store_server", "--memory", "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while "store listening" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield proc, f"mongodb://127.0.0.1:{port}/?directConnection=true"
    finally:
        proc.send_signal(signal.SIGCONT)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def mongo_stack(
    store_process: tuple[subprocess.Popen[bytes], str], amqp_url: str, tmp_path: Path
) -> Iterator[FaultStack]:
    with own_vhost(amqp_url) as url:
        yield from running_stack(settings(url, store_process[1], tmp_path), tmp_path)


async def test_the_store_server_paused_mid_flow_loses_and_doubles_nothing(
    mongo_stack: FaultStack, store_process: tuple[subprocess.Popen[bytes], str]
) -> None:
    proc, _ = store_process
    tally = Tally()
    async with partner(mongo_stack, tally) as p:
        feeding = p.stream(PER_S)
        await tally.answered(5, timeout=60)
        proc.send_signal(signal.SIGSTOP)
        try:
            # The pause itself: what intake committed before it is answered within the
            # first second, then nothing.
            await asyncio.sleep(1.0)
            before = tally.answered_count()
            await asyncio.sleep(PAUSE_S - 1.0)
            during = tally.answered_count() - before
        finally:
            proc.send_signal(signal.SIGCONT)
        assert during == 0, f"{during} complaints answered while the store was stopped"
        await feeding.stop(after=10)
        await tally.settled(mongo_stack, timeout=180)
        await tally.assert_each_once(mongo_stack)
