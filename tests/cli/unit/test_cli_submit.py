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


def test_received_now_moves_a_dated_example_to_today_keeping_the_incident_gap(sent) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, date, datetime

    example = json.loads((EXAMPLE / "hmip-staff-conduct.json").read_text())
    gap = date.fromisoformat(example["received_at"][:10]) - date.fromisoformat(
        example["incident_date"]
    )
    result = runner.invoke(
        app, ["submit", str(EXAMPLE / "hmip-staff-conduct.json"), "--partner", "hmip",
              "--received-now"],
    )  # fmt: skip
    (body,) = sent
    received = datetime.fromisoformat(body["received_at"])
    assert abs((datetime.now(UTC) - received).total_seconds()) < 60, body["received_at"]
    assert received.date() - date.fromisoformat(body["incident_date"]) == gap
    assert result.exit_code == 1  # the stand-in intake above refuses every body


def test_received_now_without_a_date_to_move_names_the_field(tmp_path: Path, sent) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "undated.json"
    path.write_text(json.dumps({"procedure": "hmip"}))
    result = runner.invoke(app, ["submit", str(path), "--received-now"])
    assert result.exit_code != 0 and "received_at" in result.output, result.output
    assert sent == []


def test_a_vhost_the_broker_refuses_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import pika.exceptions

    def refused(*_: Any, **__: Any) -> None:
        raise pika.exceptions.ProbableAccessDeniedError("vhost nope not found")

    monkeypatch.setattr(partner, "publish_submission", refused)
    monkeypatch.setenv("PLATFORM_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/nope")
    result = runner.invoke(app, ["submit", str(EXAMPLE / "hmip-staff-conduct.json")])
    assert result.exit_code == 3, result.output
    assert "vhost 'nope'" in result.output and "ensure_rabbitmq.sh" in result.output
    assert "Traceback" not in result.output
