"""The seeds' casework steps through the ``complaints`` CLI against an in-process records
service: a children's complaint through its stage 2 and stage 3 steps (independence refused
in words on the way), and HMIP complaints through step 1 and the investigation's
conclusion to the internal review."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.records.integration.test_records_cli import Cli

pytestmark = pytest.mark.integration

IP_ATTEST = (
    "--attest", "not-employee", "--attest", "not-spouse-of-employee-or-member",
    "--attest", "not-employed-in-last-three-years",
)  # fmt: skip
PANEL_ATTEST = (
    "--attest", "independent-of-authority", "--attest", "not-officer",
    "--attest", "not-spouse-or-civil-partner-of-officer",
)  # fmt: skip


def history(data: dict) -> list[str]:  # type: ignore[type-arg]
    return [h["type"] for h in data["case"]["history"]]


async def test_childrens_stage_2_and_3_steps_by_cli(records) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(records)
    ref = await records.receive_and_route(
        "children", "local_resolution", received=date(2027, 3, 1), officers=("Officer Grey",)
    )
    out = await cli("case", "provider-split", ref, "--authority-part", "social worker visits",
                    "--provider-part", "home bedtimes", "--on", "2027-03-02", code=2)  # fmt: skip
    assert "INVALID_ARGUMENT" in out.text and "provider: name the registered provider" in out.text
    out = await cli("case", "provider-split", ref, "--authority-part", "social worker visits",
                    "--provider-part", "home bedtimes", "--provider", "Brightwater",
                    "--on", "2027-03-02")  # fmt: skip
    assert "case.provider-split-decided" in out.text
    await cli("case", "ack", ref, "--on", "2027-03-02")
    await cli("case", "assign", ref, "Tina Manager", "--on", "2027-03-02")
    await cli("case", "respond", ref, "--outcome", "partly", "--summary", "Stage 1",
              "--on", "2027-03-10")  # fmt: skip
    await cli("case", "escalate", ref, "--on", "2027-03-15")

    # Stage 2: independence, then the investigation's steps in the seed's order.
    out = await cli("case", "assign", ref, "Tina Manager", "--independent-person", "Pat Lee",
                    *IP_ATTEST, code=2)  # fmt: skip
    assert "FAILED_PRECONDITION" in out.text
    assert "Tina Manager: was the investigating officer at stage local_resolution" in out.text
    assert "rule involved-earlier" in out.text and "independent of the Directorate" in out.text
    out = await cli("case", "assign", ref, "officer grey", "--independent-person", "Pat Lee",
                    *IP_ATTEST, code=2)  # fmt: skip
    assert "is named in the complaint (rule named-in-complaint" in out.text
    out = await cli("case", "assign", ref, "Ian Vest", "--independent-person", "Pat Lee", code=2)
    assert "rule attest-not-employed-in-last-three-years" in out.text
    assert "at least three years have elapsed" in out.text
    await cli("case", "assign", ref, "Ian Vest", "--independent-person", "Pat Lee", *IP_ATTEST,
              "--on", "2027-03-16")  # fmt: skip
    out = await cli("case", "draft-report", ref, "--on", "2027-03-17", code=2)
    assert "cannot send-draft-report before agree-statement" in out.text
    out = await cli("case", "agree-statement", ref, "--statement", "Visits were cut",
                    "--desired-outcome", "Weekly visits", "--on", "2027-03-17")  # fmt: skip
    assert "case.statement-agreed" in out.text
    await cli("case", "draft-report", ref, "--document", "Draft v1", "--on", "2027-04-01")
    await cli("case", "final-report", ref, "--adjudicating-officer", "Head of Service",
              "--on", "2027-04-08")  # fmt: skip
    out = await cli("case", "adjudicate", ref, "--adjudicating-officer", "Hana Head",
                    "--outcome", "upheld", "--summary", "Visits restored",
                    "--on", "2027-04-12")  # fmt: skip
    # The adjudication is stage 2's formal response: its decision letter goes with it, and
    # the stage is not answered twice.
    assert f"{ref} responded at investigation: case.adjudicated, case.responded" in out.text
    out = await cli("case", "respond", ref, "--outcome", "upheld", "--summary", "Adjudication",
                    "--on", "2027-04-14", code=2)  # fmt: skip
    assert "not allowed when responded" in out.text

    # Stage 3: the Review Panel, its members checked, then the Director's response.
    await cli("case", "escalate", ref, "--on", "2027-04-20")
    out = await cli("case", "panel-schedule", ref, "--date", "2027-05-20", "--member", "A",
                    "--member", "B", "--member", "C", *PANEL_ATTEST, code=2)  # fmt: skip
    assert "cannot schedule-panel before request-panel" in out.text
    await cli("case", "panel-request", ref, "--on", "2027-04-20")
    out = await cli("case", "panel-schedule", ref, "--date", "2027-05-20", "--member", "Ann Ash",
                    "--member", "Bo Birch", "--member", "Pat Lee", *PANEL_ATTEST,
                    "--on", "2027-04-22", code=2)  # fmt: skip
    assert "Pat Lee: was the Independent Person at stage investigation" in out.text
    assert "three people independent of the local authority" in out.text
    out = await cli("case", "panel-schedule", ref, "--date", "2027-05-20", "--member", "Ann Ash",
                    "--member", "Bo Birch", "--member", "Cy Cedar", "--chair", "Ann Ash",
                    *PANEL_ATTEST, "--on", "2027-04-22", "--json")  # fmt: skip
    assert json.loads(out.output)["events"] == ["case.panel-scheduled"]
    await cli("case", "panel-papers", ref, "--on", "2027-05-05")
    await cli("case", "panel-held", ref, "--on", "2027-05-20")
    await cli("case", "panel-report", ref, "--recommendation", "Apologise",
              "--recommendation", "Review the contact plan", "--on", "2027-05-26")  # fmt: skip
    out = await cli("case", "director-response", ref, "--outcome", "upheld", "--summary",
                    "Recommendations accepted", "--on", "2027-06-10")  # fmt: skip
    assert f"{ref} responded at review_panel: case.director-responded, case.responded" in out.text
    await cli("case", "close", ref, "--on", "2027-06-11")

    data = json.loads((await cli("case", "file", ref, "--json")).output)
    kinds = history(data)
    steps = ("provider-split-decided", "statement-agreed", "draft-report-sent",
             "final-report-sent", "adjudicated", "panel-requested", "panel-scheduled",
             "panel-papers-sent", "panel-held", "panel-reported", "director-responded")  # fmt: skip
    for status in steps:
        assert f"case.{status}" in kinds, status
    by_type = {h["type"]: json.loads(h["data_json"]) for h in data["case"]["history"]}
    scheduled = by_type["case.panel-scheduled"]
    assert scheduled["members"] == ["Ann Ash", "Bo Birch", "Cy Cedar"]
    assert (scheduled["panel_date"], scheduled["on"]) == ("2027-05-20", "2027-04-22")
    papers = by_type["case.panel-papers-sent"]
    assert (papers["panel_date"], papers["on"]) == ("2027-05-20", "2027-05-05")
    assigned = [json.loads(h["data_json"]) for h in data["case"]["history"]
                if h["type"] == "case.officer-assigned"][-1]  # fmt: skip
    assert [n["to"] for n in assigned["notices"]] == ["Head of Service", "team manager"]
    assert [s["outcome"] for s in data["case"]["stages"]] == ["partly", "upheld", "upheld"]
    assert data["case"]["status"] == "closed"


async def test_hmip_step_1_new_evidence_and_the_investigation_conclusion_by_cli(records) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(records)
    step1 = await records.receive_and_route("hmip", "early_resolution", received=date(2027, 6, 1))
    out = await cli("case", "early-resolution", step1, "--outcome", "resolved", "--summary",
                    "Lead inspector explained the rating", "--on", "2027-06-03")  # fmt: skip
    assert f"{step1} responded at early_resolution: case.early-resolution" in out.text
    out = await cli("case", "escalate", step1, "--on", "2027-06-07", code=2)
    assert "record-new-evidence first" in out.text and "provide new evidence" in out.text
    await cli("case", "new-evidence", step1, "Fieldwork notes contradict the finding",
              "--on", "2027-06-07")  # fmt: skip
    out = await cli("case", "escalate", step1, "--on", "2027-06-07", "--json")
    assert json.loads(out.output)["case"]["stage"] == "formal_complaint"

    ref = await records.receive_and_route(
        "hmip", "formal_complaint", received=date(2027, 6, 1), officers=("Officer Smith",)
    )
    out = await cli("case", "panel-request", ref, code=2)
    assert "it belongs to children investigation, children review_panel" in out.text, out.text
    await cli("case", "ack", ref, "--on", "2027-06-02")
    out = await cli("case", "assign", ref, "Officer Smith", code=2)
    assert "no direct connection with the matter" in out.text
    await cli("case", "assign", ref, "Sam Senior", "--on", "2027-06-02")
    out = await cli("case", "conclude", ref, "--summary", "Report accurate", "--on", "2027-06-21")
    assert "case.investigation-concluded" in out.text
    out = await cli("case", "conclude", ref, "--on", "2027-06-22", code=2)
    assert "already concluded on 2027-06-21" in out.text
    await cli("case", "respond", ref, "--outcome", "not-upheld", "--summary", "Reply",
              "--on", "2027-06-23")  # fmt: skip
    await cli("case", "escalate", ref, "--on", "2027-06-25")
    out = await cli("case", "assign", ref, "Sam Senior", code=2)
    assert "not been involved in conducting the investigation" in out.text
    await cli("case", "assign", ref, "Rae Reviewer")

    data = json.loads((await cli("case", "file", ref, "--json")).output)
    concluded = next(
        json.loads(h["data_json"])
        for h in data["case"]["history"]
        if h["type"] == "case.investigation-concluded"
    )
    assert (concluded["on"], concluded["officer"]) == ("2027-06-21", "Sam Senior")


async def test_spso_stage_1_answered_by_phone_by_cli(records) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(records)
    ref = await records.receive_and_route("spso", "frontline_response", received=date(2027, 6, 1))
    out = await cli("case", "oral-response", ref, "--channel", "email", "--outcome", "upheld",
                    "--summary", "Sorry", code=2)  # fmt: skip
    assert "channel: 'email' is not one of face-to-face, phone" in out.text
    out = await cli("case", "oral-response", ref, "--channel", "phone", "--outcome", "upheld",
                    "--summary", "Apologised for the missed call-back",
                    "--on", "2027-06-02")  # fmt: skip
    assert f"{ref} responded at frontline_response: case.oral-response-recorded" in out.text
    assert "case.responded" not in out.text  # no letter unless it is put in writing
    other = await records.receive_and_route("spso", "frontline_response", received=date(2027, 6, 1))
    out = await cli("case", "oral-response", other, "--channel", "face-to-face", "--outcome",
                    "partly", "--summary", "Explained the delay", "--letter", "--json")  # fmt: skip
    assert json.loads(out.output)["events"] == ["case.oral-response-recorded", "case.responded"]
