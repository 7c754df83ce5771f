"""The CLI against the running platform: submit as a partner, read the file, watch queues."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.e2e.conftest import Stack
from tests.support.grpc_client import wait_until
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PLATFORM_AMQP_URL", stack.platform.amqp_url)
    for name in ("intake", "routing", "deadlines", "notifications", "records"):
        monkeypatch.setenv(f"COMPLAINTS_{name.upper()}_ADDR", stack.addr(name))
    return CliRunner()


async def run(cli: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return await asyncio.to_thread(cli.invoke, app, list(args))


async def test_submit_then_case_show_json_prints_the_case_file(cli, stack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "complaint.json"
    file.write_text(json.dumps(dso_service_delivery()))
    submitted = await run(cli, "submit", str(file), "--partner", "ashgrove", "--json")
    assert submitted.exit_code == 0, submitted.output
    reference = json.loads(submitted.output)["reference"]

    async def filed():  # type: ignore[no-untyped-def]
        shown = await run(cli, "case", "show", reference, "--json")
        if shown.exit_code != 0:
            return None
        case = json.loads(shown.output)
        return case if case["clocks"] and case["letters"] else None

    case = await wait_until(filed, timeout=60)
    assert case["case_ref"] == f"{reference}/1"
    assert case["owner"] == "supplier"
    assert {c["name"]: c["due"] for c in case["clocks"]}["response"] == "2026-11-30"
    assert [h["type"] for h in case["history"]][:1] and any(
        h["type"] == "case.routed" for h in case["history"]
    )

    listed = await run(cli, "case", "list", "--procedure", "dso", "--json")
    assert [c["case_ref"] for c in json.loads(listed.output)["cases"]] == [f"{reference}/1"]
    clocks = await run(cli, "case", "clocks", reference, "--json")
    assert clocks.exit_code == 0, clocks.output
    assert "20th working day after Mon 2 Nov 2026" in clocks.output


async def test_a_rejected_submission_lists_its_reasons(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(dso_service_delivery(nation="atlantis")))
    result = await run(cli, "submit", str(file), "--partner", "ashgrove", "--no-check")
    assert result.exit_code == 1
    assert "nation" in result.output and "Rejected" in result.output


async def test_ops_queues_shows_every_queue_with_its_consumer(cli) -> None:  # type: ignore[no-untyped-def]
    result = await run(cli, "ops", "queues", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["queue"]: r for r in json.loads(result.output)}
    for queue in (
        "intake.submissions",
        "routing.complaints",
        "deadlines.cases",
        "notifications.events",
        "records.events",
    ):
        assert rows[queue]["consumers"] == 1
        assert rows[f"{queue}.dlq"]["messages"] == 0


async def test_unknown_case_is_a_clear_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = await run(cli, "case", "show", "DSO-1999-000000")
    assert result.exit_code == 2
    assert "NOT_FOUND" in result.output
