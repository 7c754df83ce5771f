"""The CLI starts fast: offline commands import no broker or gRPC stack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli.calendar import app as calendar_app

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("grpc", "pika", "faststream", "pydantic_settings", "google.protobuf")


def test_importing_the_cli_loads_no_broker_or_grpc_stack() -> None:
    code = (
        "import json, sys; import cli.main; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_help_lists_the_commands_without_the_heavy_stack() -> None:
    """What keeps ``complaints --help`` fast is what it does not import (as above);
    its time is machine load, not behaviour, so it is not asserted here."""
    code = (
        "import json, runpy, sys\n"
        "sys.argv = ['complaints', '--help']\n"
        "try:\n"
        "    runpy.run_module('cli.main', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "calendar" in result.stdout and "route" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_calendar_takes_nations_as_submissions_spell_them() -> None:
    runner = CliRunner()
    due = {}
    for nation in ("wales", "england", "england-and-wales"):
        result = runner.invoke(
            calendar_app, ["add", "2026-12-03", "20", "--nation", nation, "--json"]
        )
        assert result.exit_code == 0, result.output
        body = json.loads(result.output)
        assert body["calendar"] == "england-and-wales"
        due[nation] = body["due"]
    assert len(set(due.values())) == 1
    refused = runner.invoke(calendar_app, ["add", "2026-12-03", "20", "--nation", "france"])
    assert refused.exit_code == 2
