"""``complaints route explain --file``: the offline dry run, through typer's CliRunner.

The example submissions in ``examples/submissions/`` are received Mon 2 Mar 2026; every run
decides as on Tue 3 Mar 2026.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import cli.route
from cli.route import app
from tests.routing.unit.factories import submission_dict, weekday_calendar_for

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "submissions"
TODAY = ["--today", "2026-03-03"]
runner = CliRunner()


@pytest.fixture
def weekdays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.route, "load_calendar_for", lambda: weekday_calendar_for)


def explain(*args: str) -> Any:
    return runner.invoke(app, ["explain", *args], env={"COLUMNS": "250"})


def write(tmp_path: Path, body: Any) -> str:
    path = tmp_path / "submission.json"
    path.write_text(body if isinstance(body, str) else json.dumps(body))
    return str(path)


def test_scottish_cross_cutting_dso_as_json(weekdays: None) -> None:
    result = explain("--file", str(EXAMPLES / "dso-scotland-cross-cutting.json"), "--json", *TODAY)
    assert result.exit_code == 0, result.output
    decision = json.loads(result.output)
    assert [
        (s["stage"], s["category"], s["owner"], [a["index"] for a in s["aspects"]], s["minimal"])
        for s in decision["strands"]
    ] == [
        ("service_delivery", "service-delivery", "ds-complaints", [1], False),
        ("healthcare_devolved", "healthcare", "healthcare-manager", [0], True),
    ]
    assert decision["exclusion"] is None
    assert "cross_cutting" in {r["rule"] for r in decision["rules"]}


def test_tables_show_strands_referrals_and_the_reasons(weekdays: None) -> None:
    result = explain("--file", str(EXAMPLES / "children-childrens-home.json"), *TODAY)
    assert result.exit_code == 0, result.output
    out = result.output
    for text in (
        "Strands",
        "childrens-home",
        "team-manager",
        "provider_referral",
        "Referrals",
        "registered provider (Brightwater Children's Homes)",
        "2026-03-09",
        "Why",
        "childrens_complaints_officer",
        'seed 004 "Complaints by children"',
    ):
        assert text in out, text


def test_exclusion_is_shown_with_its_rule(weekdays: None, tmp_path: Path) -> None:
    body = submission_dict("hmip", incident_date="2026-02-23", third_party=True)
    result = explain("--file", write(tmp_path, body), *TODAY)
    assert result.exit_code == 0, result.output
    assert "Not dealt with" in result.output
    assert "third_party" in result.output and "whole complaint" in result.output
    assert "where to go instead" in result.output
    assert "organisation that was" in " ".join(result.output.split())  # the signpost


def test_refused_submission_names_field_and_rule(weekdays: None, tmp_path: Path) -> None:
    body = submission_dict("hmip", incident_date="2026-02-23", nation="scotland")
    result = explain("--file", write(tmp_path, body), "--json", *TODAY)
    assert result.exit_code == 1
    (error,) = json.loads(result.output)["refused"]
    assert (error["field"], error["rule"]) == ("nation", "nation-served")


def test_invalid_submission_is_exit_2_with_the_field(weekdays: None, tmp_path: Path) -> None:
    body = submission_dict("dso")
    del body["aspects"]
    result = explain("--file", write(tmp_path, body), *TODAY)
    assert result.exit_code == 2
    assert "not a valid Submission" in result.output and "aspects" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--file", "missing.json"], "cannot read missing.json"),
        (["--file", "{path}", "--today", "3/3/2026"], "'3/3/2026' is not a date"),
        ([], "give a reference, or --file SUBMISSION.json"),
    ],
)
def test_bad_arguments(tmp_path: Path, args: list[str], message: str) -> None:
    path = write(tmp_path, submission_dict("dso"))
    result = explain(*[a.replace("{path}", path) for a in args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())


def test_file_that_is_not_an_object(tmp_path: Path) -> None:
    result = explain("--file", write(tmp_path, "[1, 2]"), *TODAY)
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("name", "procedure", "owners", "clocks"),
    [
        (
            "dso-scotland-cross-cutting.json",
            "dso",
            ["ds-complaints", "healthcare-manager"],
            [["response"], ["response"]],
        ),
        (
            "hmip-staff-conduct.json",
            "hmip",
            ["investigating-officer"],
            [["acknowledgement", "investigation", "reply", "officer_comments"]],
        ),
        (
            "spso-complex-care-at-home.json",
            "spso",
            ["investigator"],
            [["acknowledgement", "response"]],
        ),
        (
            "children-childrens-home.json",
            "children",
            ["team-manager"],
            [["acknowledgement", "response", "provider_referral", "provider_split"]],
        ),
        ("code-officers-named.json", "dso", ["supplier"], [["response", "officer_comments"]]),
    ],
)
def test_every_example_routes_with_the_real_calendars(
    name: str, procedure: str, owners: list[str], clocks: list[list[str]]
) -> None:
    result = explain("--file", str(EXAMPLES / name), "--json", *TODAY)
    assert result.exit_code == 0, result.output
    decision = json.loads(result.output)
    assert decision["procedure"] == procedure
    assert [s["owner"] for s in decision["strands"]] == owners
    assert [s["clocks"] for s in decision["strands"]] == clocks


def test_the_tables_say_who_is_told_with_the_rule_kind_letter_when_and_data(
    weekdays: None,
) -> None:
    """Issue 18: route explain names every recipient notifications will write to."""
    result = explain("--file", str(EXAMPLES / "dso-scotland-cross-cutting.json"), *TODAY)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Who is told (notifications writes to exactly these)" in out
    for text in ("healthcare_notice_ds_complaints", "ds_complaints", "healthcare_copy",
                 "minimal", "local_healthcare_manager", "on case.referred", "correspondence"):
        assert text in out, text
