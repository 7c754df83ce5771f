"""``complaints case stages REF``: the case's place in its stage machine, from GetCase and
the procedure data, with the clocks each next step would start dated on the case's
nation's calendar. GetCase is faked; the dates are worked by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import cli.stages
from cli.main import app
from complaints.v1 import cases_pb2 as pb


def fake_case(monkeypatch: pytest.MonkeyPatch, **fields: Any) -> None:
    case = pb.Case(**fields)
    monkeypatch.setattr(cli.stages, "call", lambda method, request, what: case)


def stages(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["case", "stages", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_dso_local_resolution_shows_the_formal_complaints_date_in_scotland(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_case(monkeypatch, case_ref="DSO-2026-000001/1", procedure="dso",
              stage="local_resolution", status="responded", nation="scotland",
              allowed_actions=["escalate", "close"])  # fmt: skip
    found = stages("DSO-2026-000001/1", "--on", "2026-11-26")
    (step,) = found["next_steps"]
    assert (step["fact"], step["to"], step["by"]) == ("escalated", "service_delivery",
                                                      "complainant")  # fmt: skip
    assert step["letters"] == ["update", "acknowledgement"]
    # 20 wd from Thu 26 Nov 2026 in Scotland, skipping St Andrew's Day (Mon 30 Nov) and
    # 25 and 28 Dec: Tue 29 Dec 2026.
    assert [(c["clock"], c["due"]) for c in step["starts"]] == [("response", "2026-12-29")]
    assert found["allowed_actions"] == ["escalate", "close"]


def test_children_stage2_shows_what_the_review_panel_would_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_case(monkeypatch, case_ref="CSC-2027-000001/1", procedure="children",
              stage="investigation", status="responded", nation="england")  # fmt: skip
    found = stages("CSC-2027-000001/1", "--on", "2027-03-01")
    asked, requested = found["next_steps"]
    assert (asked["fact"], requested["fact"]) == ("escalated", "panel-requested")
    assert asked["starts"] == requested["starts"]
    step = asked
    starts = {c["clock"]: c["due"] for c in step["starts"]}
    # Convened within 30 wd of Mon 1 Mar 2027 over Easter: Wed 14 Apr; papers wait for the
    # panel's date; report at the latest 5 wd after: Wed 21 Apr; the Director 15 wd after,
    # over the early May bank holiday: Thu 13 May 2027.
    assert starts == {"convene": "2027-04-14", "panel_papers": None,
                      "panel_report": "2027-04-21", "director_response": "2027-05-13"}  # fmt: skip


def test_a_closed_case_has_no_next_step(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_case(monkeypatch, case_ref="HMIP-2026-000001/1", procedure="hmip",
              stage="formal_complaint", status="closed", nation="england")  # fmt: skip
    found = stages("HMIP-2026-000001/1")
    assert found["next_steps"] == [] and found["in_stage"] == {}


def test_within_the_panel_stage_each_fact_says_what_it_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_case(monkeypatch, case_ref="CSC-2027-000001/1", procedure="children",
              stage="review_panel", status="escalated", nation="england")  # fmt: skip
    found = stages("CSC-2027-000001/1")
    assert found["in_stage"]["panel-held"] == [
        "finishes convene",
        "finishes panel_papers",
        "counts panel_report again from its day",
    ]
    assert "escalated" not in found["in_stage"]  # the request window ran at stage 2
    assert found["next_steps"] == []
    assert found["external"] == "Local Government and Social Care Ombudsman"


def test_a_bad_date_is_refused_naming_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_case(monkeypatch, case_ref="X/1", procedure="hmip", stage="formal_complaint",
              status="open", nation="england")  # fmt: skip
    result = CliRunner().invoke(app, ["case", "stages", "X/1", "--on", "1 March"])
    assert result.exit_code == 1 and "--on" in result.output


def test_children_stage1_unanswered_shows_when_the_complainant_may_ask(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = pb.Case(case_ref="CSC-2026-000001/1", procedure="children", stage="local_resolution",
                   status="acknowledged", nation="england", received_on="2026-11-02")  # fmt: skip
    case.stages.add(stage="local_resolution", started_on="2026-11-02")
    monkeypatch.setattr(cli.stages, "call", lambda method, request, what: case)
    # 20 wd from Mon 2 Nov 2026 end Mon 30 Nov: the right opens Tue 1 Dec.
    assert stages("CSC-2026-000001/1")["may_ask_from"] == "2026-12-01"
    case.stages[-1].responded_on = "2026-11-16"
    assert stages("CSC-2026-000001/1")["may_ask_from"] is None


def test_without_on_the_next_steps_are_dated_from_the_platforms_day(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from datetime import date

    from tests.support.infra import set_day

    clock_file = tmp_path / "clock"
    set_day(clock_file, date(2026, 11, 24))  # the platform's day, not the machine's
    monkeypatch.setenv("PLATFORM_CLOCK_FILE", str(clock_file))
    fake_case(monkeypatch, case_ref="SPSO-2026-000001/1", procedure="spso",
              stage="frontline_response", status="responded", nation="scotland",
              allowed_actions=["escalate", "close"])  # fmt: skip
    (step,) = stages("SPSO-2026-000001/1")["next_steps"]
    # From Tue 24 Nov 2026 in Scotland: 3 wd -> Fri 27 Nov; 20 wd -> 25-27 Nov (3),
    # [Mon 30 Nov St Andrew's Day], 1-4 Dec (7), 7-11 (12), 14-18 (17), 21-23 (20).
    assert {c["clock"]: c["due"] for c in step["starts"]} == {
        "acknowledgement": "2026-11-27",
        "response": "2026-12-23",
    }
