"""A complaints officer at the CLI (``complaints case ...``) against the e2e stack, with
the platform's day moved by the clock file."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.e2e.conftest import Stack
from tests.support.grpc_client import wait_until
from tests.support.infra import set_day


class Officer:
    def __init__(self, stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PLATFORM_AMQP_URL", stack.platform.amqp_url)
        for name in stack.ports:
            monkeypatch.setenv(f"COMPLAINTS_{name.upper()}_ADDR", stack.addr(name))
        self.stack = stack
        self.runner = CliRunner()
        self.day = date(2026, 11, 2)

    def on(self, day: date) -> None:
        """Move the platform's clock to noon on ``day``."""
        self.day = day
        set_day(self.stack.platform.clock_file, day)

    async def invoke(self, *args: str) -> Any:
        return await asyncio.to_thread(self.runner.invoke, app, list(args))

    async def case(self, *args: str) -> str:
        """``complaints case ARGS``, which must succeed; its output."""
        result = await self.invoke("case", *args)
        assert result.exit_code == 0, (args, result.output)
        return str(result.output)

    async def refused(self, *args: str) -> str:
        result = await self.invoke("case", *args)
        assert result.exit_code != 0, (args, result.output)
        return str(result.output)

    async def show(self, ref: str) -> dict[str, Any]:
        return json.loads(await self.case("show", ref, "--json"))  # type: ignore[no-any-return]

    async def show_when(self, ref: str, test: Any, timeout: float = 45.0) -> dict[str, Any]:
        """The case file once ``test(case)`` holds (events reach records asynchronously)."""

        async def probe() -> dict[str, Any] | None:
            result = await self.invoke("case", "show", ref, "--json")
            if result.exit_code != 0:
                return None
            case = json.loads(result.output)
            return case if test(case) else None

        return await wait_until(probe, timeout=timeout)  # type: ignore[no-any-return]


def due(case: dict[str, Any], clock: str) -> str | None:
    """The due date of ``clock`` in a case file (``case show --json``)."""
    found = [c.get("due") for c in case.get("clocks", []) if c.get("name") == clock]
    return found[-1] if found else None


def clock_state(case: dict[str, Any], clock: str) -> tuple[str | None, str | None]:
    found = [
        (c.get("due"), c.get("status")) for c in case.get("clocks", []) if c.get("name") == clock
    ]
    return found[-1] if found else (None, None)
