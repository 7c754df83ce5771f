"""``complaints calendar add``, run offline through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.calendar import app

runner = CliRunner()


def test_json_gives_the_due_date_and_every_skipped_day() -> None:
    # Scotland, Thu 3 Dec 2026 + 20 working days: Fri 4 (1), 7-11 (2-6), 14-18 (7-11),
    # 21-24 (12-15), skip Fri 25 Dec and Mon 28 Dec, 29-31 (16-18), skip Fri 1 Jan and
    # Mon 4 Jan (2nd January substitute), Tue 5 (19), Wed 6 Jan 2027 (20)
    result = runner.invoke(app, ["add", "2026-12-03", "20", "--nation", "scotland", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    sat_sun = [(f"2026-12-{sat:02}", f"2026-12-{sat + 1:02}") for sat in (5, 12, 19)]
    expected_skipped = [
        {"date": day, "reason": reason}
        for weekend in sat_sun
        for day, reason in zip(weekend, ("Saturday", "Sunday"), strict=True)
    ] + [
        {"date": "2026-12-25", "reason": "Christmas Day"},
        {"date": "2026-12-26", "reason": "Saturday"},
        {"date": "2026-12-27", "reason": "Sunday"},
        {"date": "2026-12-28", "reason": "Boxing Day (substitute day)"},
        {"date": "2027-01-01", "reason": "New Year's Day"},
        {"date": "2027-01-02", "reason": "Saturday"},
        {"date": "2027-01-03", "reason": "Sunday"},
        {"date": "2027-01-04", "reason": "2nd January (substitute day)"},
    ]
    assert body == {
        "due": "2027-01-06",
        "skipped": expected_skipped,
        "start": "2026-12-03",
        "days": 20,
        "calendar": "scotland",
        "explanation": (
            "Wed 6 Jan 2027 is the 20th working day after Thu 3 Dec 2026 in Scotland: skips"
            " Fri 25 Dec (Christmas Day), Mon 28 Dec (Boxing Day (substitute day)),"
            " Fri 1 Jan (New Year's Day), Mon 4 Jan (2nd January (substitute day)) and weekends"
        ),
    }


def test_the_table_shows_the_due_date_and_the_holidays() -> None:
    # Northern Ireland, Fri 10 Jul 2026 + 1: Sat, Sun 12 (Boyne), Mon 13 substitute, Tue 14
    result = runner.invoke(app, ["add", "2026-07-10", "1", "--nation", "northern-ireland"])
    assert result.exit_code == 0, result.output
    assert "Due Tue 14 Jul 2026 (Northern Ireland)" in result.output
    assert "2026-07-13" in result.output
    assert "Battle of the Boyne" in result.output


def test_an_override_file_shifts_the_due_date(tmp_path: Path) -> None:
    overrides = tmp_path / "bank-holidays.json"
    events = [
        {"title": "New Year's Day", "date": "2026-01-01", "notes": "", "bunting": True},
        {"title": "Operator one-off", "date": "2026-10-20", "notes": "", "bunting": False},
    ]
    overrides.write_text(
        json.dumps({"england-and-wales": {"division": "england-and-wales", "events": events}})
    )
    args = ["add", "2026-10-19", "1", "--nation", "england-and-wales", "--json"]
    # Mon 19 Oct 2026 + 1 is Tue 20, or Wed 21 once Tue 20 is a holiday
    assert json.loads(runner.invoke(app, args).output)["due"] == "2026-10-20"
    shifted = json.loads(runner.invoke(app, [*args, "--overrides", str(overrides)]).output)
    assert shifted["due"] == "2026-10-21"
    assert {"date": "2026-10-20", "reason": "Operator one-off"} in shifted["skipped"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["add", "03/12/2026", "5", "--nation", "scotland"], "'DATE'"),
        (["add", "2026-02-30", "5", "--nation", "scotland"], "'DATE'"),
        (["add", "2026-12-03", "-3", "--nation", "scotland"], "'DAYS'"),
        (["add", "2026-12-03", "five", "--nation", "scotland"], "'DAYS'"),
        (["add", "2026-12-03", "5", "--nation", "france"], "'--nation'"),
        (["add", "2026-12-03", "5"], "'--nation'"),
    ],
)
def test_bad_input_exits_non_zero_naming_the_argument(args: list[str], named: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert named in result.output


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[1, 2]",
        '{"wales": {"division": "wales", "events": []}}',
        '{"scotland": {"division": "scotland", "events": [{"title": "x", "date": "2026-13-01"}]}}',
    ],
)
def test_a_bad_override_file_is_refused_naming_the_option(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bank-holidays.json"
    bad.write_text(content)
    result = runner.invoke(
        app, ["add", "2026-12-03", "5", "--nation", "scotland", "--overrides", str(bad)]
    )
    assert result.exit_code != 0
    assert "'--overrides'" in result.output
