"""Intake running in the test's process against the test's own broker vhost and store."""

from __future__ import annotations

import pytest

from services.intake.bootstrap import build
from services.intake.config import IntakeSettings


@pytest.fixture
async def intake(platform):  # type: ignore[no-untyped-def]
    rt = build(platform, IntakeSettings(grpc_port=0))
    await rt.start()
    yield rt
    await rt.stop()
