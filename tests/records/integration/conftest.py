"""The records service in-process over the real broker and store, fed events on the
``complaints`` exchange as routing and intake publish them, called over gRPC."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from services.deadlines.bootstrap import build as build_deadlines
from services.deadlines.config import DeadlinesSettings
from services.records.bootstrap import build
from services.records.config import RecordsSettings
from tests.records.integration.harness import Api

# The platform's time during these tests: every command below is dated before it.
NOW = datetime(2027, 6, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
async def records(platform) -> AsyncIterator[Api]:  # type: ignore[no-untyped-def]
    offset = (NOW - datetime.now(UTC)).total_seconds()
    platform.clock_file.write_text(json.dumps({"offset_seconds": offset}))
    # The deadlines service beside it: the due dates the file shows are its own. Its timer
    # sweep stays idle here (no reminders or breaches at the platform's "now").
    deadlines = build_deadlines(platform, DeadlinesSettings(grpc_port=0, sweep_interval_s=3600))
    await deadlines.start()
    rt = build(platform, RecordsSettings(grpc_port=0, auto_acknowledge=False))
    await rt.start()
    api = Api(platform, rt)
    try:
        yield api
    finally:
        await api.close()
        await rt.stop()
        await deadlines.stop()
