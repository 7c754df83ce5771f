"""The ``complaints`` CLI against an in-process records service: a child's complaint worked
from stage 1 to stage 3 entirely through the CLI, refusals in words, reports as CSV, data
protection commands. The CLI is synchronous, so it runs in a worker thread."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.records.integration.harness import Api

pytestmark = pytest.mark.integration


class Cli:
    def __init__(self, api: Api):
        self.env = {
            "COMPLAINTS_RECORDS_ADDR": f"127.0.0.1:{api.rt.bound_grpc_port}",
            "PLATFORM_AUTH_SECRET": api.platform.auth_secret,
            "COMPLAINTS_USER": "casey",
            "COMPLAINTS_ROLE": "central-team",
            "COLUMNS": "200",
        }

    async def __call__(self, *args: str, code: int = 0, role: str = "central-team"):  # type: ignore[no-untyped-def]
        runner = CliRunner()
        env = {**self.env, "COMPLAINTS_ROLE": role}
        result = await asyncio.to_thread(runner.invoke, app, list(args), env=env)
        assert result.exit_code == code, (args, result.output)
        result.text = " ".join(result.output.split())  # rich wraps long lines
        return result


async def test_childrens_complaint_through_all_three_stages_by_cli(records) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(records)
    ref = await records.receive_and_route(
        "children", "local_resolution", received=date(2027, 5, 3), child=True, confidential=True
    )
    out = await cli("case", "respond", ref, "--outcome", "partly", "--summary", "x", code=2)
    assert "FAILED_PRECONDITION" in out.text and "must be acknowledged" in out.text
    assert "Allowed now: acknowledge, assign-officer" in out.text
    out = await cli("case", "ack", ref, "--on", "2027-05-05")
    assert f"{ref} acknowledged at local_resolution: case.acknowledged" in out.text
    assert "allowed now: assign-officer, respond" in out.text
    await cli("case", "assign", ref, "tm-jones", "--on", "2027-05-05")
    out = await cli("case", "extend", ref, "--to", "2027-06-30", "--reason", "advocate",
                    "--on", "2027-05-10", code=2)  # fmt: skip
    assert "may be extended to at most 20 working days" in out.text
    out = await cli("case", "extend", ref, "--to", "2027-05-28", "--reason", "advocate", code=2)
    assert "a letter would give the complainant a date already passed" in out.text  # today 30 Jun
    await cli("case", "extend", ref, "--to", "2027-05-28", "--reason", "advocate being engaged",
              "--on", "2027-05-10")  # fmt: skip
    await cli("case", "respond", ref, "--outcome", "partly", "--summary", "Visits resume",
              "--on", "2027-05-20")  # fmt: skip
    out = await cli("case", "escalate", ref, "--on", "2027-06-01", "--json")
    assert json.loads(out.output)["case"]["stage"] == "investigation"
    out = await cli("case", "assign", ref, "io-khan", code=2)
    assert "INVALID_ARGUMENT: independent_person" in out.text
    await cli("case", "assign", ref, "io-khan", "--independent-person", "Pat Lee", "--attest",
              "not-employee", "--attest", "not-spouse-of-employee-or-member", "--attest",
              "not-employed-in-last-three-years")  # fmt: skip
    await cli("case", "comments", ref, "--officer", "Officer Grey", "--on", "2027-06-02")
    await cli("case", "comments-received", ref, "Accepts visits were missed")
    await cli("case", "add", ref, "evidence", "Contact logs May 2027", "--location",
              "case system, contact tab")  # fmt: skip
    await cli("case", "respond", ref, "--outcome", "upheld", "--summary", "Adjudication",
              "--action", "Review contact plan", "--on", "2027-06-25")  # fmt: skip
    await cli("case", "escalate", ref, "--on", "2027-06-28")
    await cli("case", "respond", ref, "--outcome", "not-upheld", "--summary", "Panel",
              "--on", "2027-06-29")  # fmt: skip
    out = await cli("case", "escalate", ref, code=2)
    assert "Local Government and Social Care Ombudsman" in out.text
    await cli("case", "close", ref)

    out = await cli("case", "file", ref)
    for words in ("local_resolution", "investigation", "review_panel", "Contact logs May 2027",
                  "Review contact plan", "case.escalated", "casey"):  # fmt: skip
        assert words in out.text, words
    data = json.loads((await cli("case", "file", ref, "--json")).output)
    assert [s["outcome"] for s in data["case"]["stages"]] == ["partly", "upheld", "not-upheld"]
    assert data["case"]["status"] == "closed"
    denied = await cli("case", "show", ref, role="operator", code=2)
    assert "PERMISSION_DENIED" in denied.text
    log = await cli("case", "access-log", ref, role="auditor")
    assert "denied" in log.text and "operator" in log.text


async def test_reports_and_data_protection_by_cli(records) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(records)
    ref = await records.receive_and_route(
        "dso", "service_delivery", received=date(2020, 3, 2), contact="amal@example.org"
    )
    await cli("case", "assign", ref, "olu", "--on", "2020-03-03")
    await cli("case", "quality-assure", ref, "--by", "Centre Manager", "--on", "2020-03-20")
    await cli("case", "respond", ref, "--outcome", "upheld", "--summary", "Returned",
              "--on", "2020-03-20")  # fmt: skip
    await cli("case", "close", ref, "--on", "2020-04-01")

    out = await cli("report", "kpi", "--procedure", "dso", "--by", "procedure", "--by",
                    "period", "--period", "year", "--csv")  # fmt: skip
    lines = out.output.strip().splitlines()
    assert lines[0].startswith("procedure,period,stages,ack in time,answered in time")
    assert lines[1].startswith("dso,2020,1,")
    out = await cli("report", "children-annual", "2027")
    assert "Children's social care complaints: annual report 2027" in out.text
    await cli("report", "kpi", "--by", "colour", code=2)

    out = await cli("records", "expire", "--dry-run")
    assert "dry run" in out.text and ref in out.text and "anonymise" in out.text
    out = await cli("records", "export-subject", "--contact", "amal@example.org")
    exported = json.loads(out.output)
    assert exported["cases"][0]["id"] == ref
    out = await cli("records", "expire", "--json")
    assert json.loads(out.output)["files"][0]["done"] is True
    shown = json.loads((await cli("case", "show", ref, "--json")).output)
    assert shown["data_protection"] == "anonymised" and shown["subject"] == "[redacted]"
