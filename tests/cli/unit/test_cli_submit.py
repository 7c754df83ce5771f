"""``complaints submit``: a submission that breaks the contract is refused before it is
sent, with the same table of field, rule and message as intake's own rejection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import partner
from cli.main import app

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "submissions"
runner = CliRunner()


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    body = json.loads((EXAMPLE / "hmip-staff-conduct.json").read_text())
    body["nation"] = "atlantis"
    del body["subject"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(body))
    return path


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What reached the broker; intake answers as it does for this body."""
    bodies: list[dict[str, Any]] = []

    def publish(amqp_url: str, partner_id: str, body: dict[str, Any], **_: Any) -> dict[str, Any]:
        bodies.append(body)
        return {
            "status": "rejected",
            "partner_ref": body.get("partner_ref"),
            "errors": [
                {"field": "nation", "rule": "enum", "message": "Input should be 'england', "
                 "'wales', 'scotland' or 'northern-ireland'"},
                {"field": "subject", "rule": "missing", "message": "Field required"},
            ],
        }  # fmt: skip

    monkeypatch.setattr(partner, "publish_submission", publish)
    return bodies


def rows(output: str) -> list[tuple[str, ...]]:
    """The (field, rule) of each row of the refusal table."""
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in output.splitlines()]
    return [(c[0], c[1]) for c in cells if len(c) == 3 and c[0] and c[0] != "field"]


def test_the_local_check_refuses_with_the_table_and_sends_nothing(bad_file, sent) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["submit", str(bad_file), "--partner", "probation-north"])
    assert result.exit_code == 1, result.output
    assert sent == []
    assert "Rejected by the local check" in result.output and "not sent" in result.output
    assert rows(result.output) == [("nation", "enum"), ("subject", "missing")]
    assert "validation error" not in result.output  # no raw pydantic text


def test_the_local_check_and_intake_print_the_same_refusal(bad_file, sent) -> None:  # type: ignore[no-untyped-def]
    local = runner.invoke(app, ["submit", str(bad_file)])
    remote = runner.invoke(app, ["submit", str(bad_file), "--no-check"])
    assert remote.exit_code == local.exit_code == 1
    assert len(sent) == 1
    assert rows(remote.output) == rows(local.output) == [("nation", "enum"), ("subject", "missing")]


def test_the_local_check_refusal_as_json(bad_file, sent) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["submit", str(bad_file), "--json"])
    assert result.exit_code == 1
    reply = json.loads(result.output)
    assert reply["status"] == "rejected" and reply["sent"] is False
    assert [(e["field"], e["rule"]) for e in reply["errors"]] == [
        ("nation", "enum"),
        ("subject", "missing"),
    ]
    assert sent == []
