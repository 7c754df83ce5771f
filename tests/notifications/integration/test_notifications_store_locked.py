"""Health tells the truth about a store that cannot be written: another process holds the
notifications SQLite file locked (``BEGIN EXCLUSIVE``; reads still answer, WAL) and gRPC
health turns NOT_SERVING within seconds, then SERVING once the lock goes; events that
arrived meanwhile are handled after it, each letter sent once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from devstack import smtp_sink
from ops.services import grpc_health
from services.notifications.bootstrap import build
from services.notifications.config import NotificationsSettings
from tests.notifications.integration.test_notifications_delivery import mail, send
from tests.support.events import lifecycle, routed
from tests.support.faults import locked
from tests.support.grpc_client import wait_until
from tests.support.infra import free_port

pytestmark = pytest.mark.integration

PROBE_S = 0.5
NOT_SERVING_WITHIN_S = 5.0  # probe interval + the write probe's 2 s wait + a margin
SERVING_WITHIN_S = 5.0


async def _until(port: int, status: str, bound: float) -> float:
    began = time.monotonic()
    while time.monotonic() - began < bound:
        if (await asyncio.to_thread(grpc_health, f"127.0.0.1:{port}", 1.0))[0] == status:
            return time.monotonic() - began
        await asyncio.sleep(0.1)
    raise AssertionError(f"health not {status} within {bound} s")


async def test_a_locked_store_is_not_serving_then_serving_and_nothing_is_lost_or_doubled(
    platform,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    url = platform.store_url_for("notifications")
    if not url.startswith("sqlite:///"):
        pytest.skip(f"a lock on a SQLite file; this platform's store is {url}")
    db = Path(url.removeprefix("sqlite:///"))
    platform = platform.model_copy(
        update={"store_probe_s": PROBE_S, "retry_initial_s": 0.2, "retry_max_s": 0.5}
    )
    sink = smtp_sink.start(tmp_path / "mail", port=free_port())
    rt = build(
        platform,
        NotificationsSettings(grpc_port=0, smtp_port=sink.port, sweep_interval_s=0.2),
    )
    await rt.start()
    try:
        port = rt.bound_grpc_port
        assert (await asyncio.to_thread(grpc_health, f"127.0.0.1:{port}"))[0] == "SERVING"
        cases = [routed("dso") for _ in range(3)]
        with locked(db, 30):
            assert rt.store.outbox_backlog() >= 0  # reads still answer
            took_down = await _until(port, "NOT_SERVING", NOT_SERVING_WITHIN_S)
            for case in cases:  # they wait for the store
                await send(platform, case)
                await send(platform, lifecycle(case, "acknowledged", target_date="2026-11-30"))
            await asyncio.sleep(1.0)
            assert not list((tmp_path / "mail").glob("*.eml")), "written while locked"
        took_up = await _until(port, "SERVING", SERVING_WITHIN_S)
        print(
            f"NOT_SERVING {took_down:.1f} s after the lock, SERVING {took_up:.1f} s after it went"
        )

        async def all_sent():  # type: ignore[no-untyped-def]
            rows = [r for c in cases for _, r in await rt.handlers.letters_of(c.case_ref)]
            return rows if len(rows) == 6 and all(r.status == "sent" for r in rows) else None

        rows = await wait_until(all_sent, timeout=30)
        await asyncio.sleep(1.0)
    finally:
        await rt.stop()
        sink.stop()
    keys = [str(m["X-Notification-Key"]) for m in mail(tmp_path / "mail")]
    assert sorted(keys) == sorted(r.key for r in rows)  # each letter once
