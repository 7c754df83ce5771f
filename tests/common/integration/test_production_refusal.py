"""A service started in production mode with development settings refuses, naming why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_a_service_refuses_to_start_in_production_with_development_settings() -> None:
    env = dict(os.environ, PLATFORM_MODE="production", PLATFORM_LOG_JSON="false")
    env.pop("PLATFORM_AUTH_SECRET", None)
    env["PLATFORM_AMQP_URL"] = "amqp://guest:guest@127.0.0.1:5672/"
    run = subprocess.run(
        [sys.executable, "-m", "services.routing"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    out = run.stdout + run.stderr
    assert run.returncode == 2, out[-2000:]
    for reason in ("PLATFORM_AUTH_SECRET", "amqps", "guest"):
        assert reason in out
