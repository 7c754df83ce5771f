"""Alternatives to the formal route and reports to publish, end to end over the running
platform as an officer types them at the CLI:

- a children's complaint: mediation accepted with the clock stopped by agreement (the
  case suspended, reason "mediation"), broken down and the clock running again later;
  who may complain, the lead authority, a freeze and a court case recorded; stage 2
  upheld, then an early referral to the Ombudsman with the agreed written statement
  (seeds 003, 004); the children's annual report as CSV, HTML and PDF, its text and
  charts read back;
- a Scottish healthcare strand: DS Complaints' escalation task with an owner (seed 000),
  in the alternatives report.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from tests.e2e.casework import Officer, clock_state
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, dates_in, to
from tests.e2e.test_casework_children import children_complaint
from tests.support.pdf import figures as tagged_figures
from tests.support.submissions import dso_scotland_cross_cutting

pytestmark = pytest.mark.e2e
IP = ("--independent-person", "Pat Lee", "--attest", "not-employee",
      "--attest", "not-spouse-of-employee-or-member",
      "--attest", "not-employed-in-last-three-years")  # fmt: skip


async def upheld_at_stage_two(officer: Officer, ref: str) -> None:
    """A children's complaint answered at stage 1 (11 Nov), escalated (12 Nov), investigated
    with an Independent Person and adjudicated upheld on Tue 17 Nov: where an early referral
    to the Ombudsman may be made."""
    officer.on(date(2026, 11, 11))
    await officer.case("respond", ref, "--outcome", "not-upheld", "--summary", "Care plan")
    officer.on(date(2026, 11, 12))
    await officer.case("escalate", ref, "--reason", "Nobody met me")
    await officer.show_when(ref, lambda c: c.get("stage") == "investigation")
    await officer.case("assign", ref, "Sam Okafor", *IP)
    await officer.case("agree-statement", ref, "--statement", "Contact cut",
                       "--desired-outcome", "Weekly family time")  # fmt: skip
    officer.on(date(2026, 11, 13))
    await officer.case("draft-report", ref, "--document", "Draft v1")
    officer.on(date(2026, 11, 16))
    await officer.case("final-report", ref, "--adjudicating-officer", "Ruth Bailey")
    officer.on(date(2026, 11, 17))
    await officer.case("adjudicate", ref, "--adjudicating-officer", "Ruth Bailey",
                       "--outcome", "upheld", "--summary", "Contact restored weekly")  # fmt: skip


async def _report(officer: Officer, *args: str) -> str:
    result = await officer.invoke("report", *args)
    assert result.exit_code == 0, (args, result.output)
    return str(result.output)


async def test_mediation_early_referral_and_the_annual_report_as_a_document(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    officer, post = Officer(stack, monkeypatch), Post(stack)
    reference = await submit(stack, "westshire", children_complaint())
    ref = f"{reference}/1"
    case = await officer.show_when(
        ref, lambda c: c.get("status") == "acknowledged" and clock_state(c, "response")[0]
    )
    assert clock_state(case, "response") == ("2026-11-16", "running")

    # Tue 3 Nov: mediation offered and accepted; the parent agrees the clock stops meanwhile.
    officer.on(date(2026, 11, 3))
    out = await officer.case("mediation", ref, "offer", "--mediator", "Dorset Mediation")
    assert "case.mediation-offered" in out
    out = await officer.case("mediation", ref, "accept", "--pause-clock")
    assert "case.suspended" in out and "case.mediation-accepted" in out
    case = await officer.show_when(ref, lambda c: clock_state(c, "response")[1] == "stopped")
    assert case["status"] == "suspended"
    # Tue 10 Nov: it broke down; the clock runs again, 5 working days later than before,
    # and the complainant may go on (seed 003: never prevented from escalating).
    officer.on(date(2026, 11, 10))
    out = await officer.case("mediation", ref, "outcome", "--outcome", "broken-down")
    assert "case.resumed" in out
    case = await officer.show_when(ref, lambda c: clock_state(c, "response")[1] == "running")
    assert clock_state(case, "response")[0] == "2026-11-23"
    assert case["status"] == "acknowledged"

    # Who may complain, the lead authority, a freeze, a court case (seed 004).
    refused = await officer.refused("eligibility", ref, "looked-after-child")
    assert "on_behalf_of" in refused and "qualifying individual" in refused
    await officer.case("eligibility", ref, "parent-or-parental-responsibility")
    await officer.case("lead-authority", ref, "--authority", "Westshire Council",
                       "--authority", "Eastshire Council",
                       "--ordinarily-resident", "Westshire Council")  # fmt: skip
    await officer.case("freeze", ref, "request", "--decision", "Move to a placement in Poole")
    refused = await officer.refused("freeze", ref, "decide", "--freeze-id", "F1", "--granted")
    assert "consultation with the appropriate senior manager" in refused
    await officer.case("freeze", ref, "decide", "--freeze-id", "F1", "--granted",
                       "--consulted", "Head of Children's and Families Service")  # fmt: skip
    await officer.case("concurrent", ref, "--kind", "court", "--reference", "WS26C00191")
    # Seed 004: "The complainant should be informed that the complaints procedure cannot
    # overturn a Court decision": a letter follows.
    got = await post.collect(officer.day, to("d.okoro", "cannot overturn a decision of the court"))
    (court,) = [x for x in got if "cannot overturn" in x]
    assert "approach the court" in court
    # The date it states is the running clock's, moved on by the mediation's pause.
    assert dates_in(court.text) == [date(2026, 11, 23)]

    # Stage 1 answered, stage 2 upheld: then the early referral, agreed and in writing.
    await upheld_at_stage_two(officer, ref)
    officer.on(date(2026, 11, 18))
    statement = "Family time was cut to monthly without a review meeting."
    safeguards = ("--safeguard", "robust-report", "--safeguard", "complete-adjudication",
                  "--safeguard", "all-upheld", "--safeguard", "action-plan")  # fmt: skip
    refused = await officer.refused(
        "refer-ombudsman-early", ref, "--statement", statement, *safeguards
    )
    assert "complainant_agreed" in refused and "the complainant agrees" in refused
    out = await officer.case("refer-ombudsman-early", ref, "--statement", statement,
                             "--complainant-agreed", *safeguards)  # fmt: skip
    assert "case.referred-to-ombudsman" in out
    case = await officer.show(ref)
    kinds = [(a["type"], a.get("outcome") or a.get("status", "")) for a in
             json.loads(case["alternatives_json"])]  # fmt: skip
    assert kinds == [("mediation", "broken-down"), ("early-referral", "")]
    assert json.loads(case["eligibility_json"])["lead_authority"]["lead"] == "Westshire Council"
    shown = await officer.case("show", ref)
    assert "Alternatives" in shown and "early-referral" in shown and "freeze F1" in shown

    # The children's annual report: CSV, HTML and PDF with its charts.
    csv_text = await _report(officer, "children-annual", "2026", "--csv")
    assert "# Mediation and alternative dispute resolution" in csv_text
    assert "mediation,1,1,1,0,0,0,1,0" in csv_text
    assert f"{ref},2026-11-18" in csv_text
    assert "parent-or-parental-responsibility,1" in csv_text
    pdf, html = tmp_path / "annual.pdf", tmp_path / "annual.html"
    await _report(officer, "children-annual", "2026", "--document", str(pdf), "--html", str(html))
    page = html.read_text()
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,', page)) >= 8
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for words in ("Children's social care complaints: annual report 2026",
                  "Timeliness by stage", "Early referrals to the Ombudsman", ref,
                  "Who complained", "freeze granted 1", "concurrent court 1"):  # fmt: skip
        assert words in text, words
    figures = tagged_figures(reader)
    assert any(f.startswith("Bar chart, Outcomes by stage") for f in figures), figures
    assert any(f.startswith("Bar chart, Timeliness by stage (shares)") for f in figures)
    assert any("broken-down 1" in f for f in figures)


async def test_the_scottish_healthcare_escalation_is_a_task_with_an_owner(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    officer = Officer(stack, monkeypatch)
    reference = await submit(stack, "glenmoor", dso_scotland_cross_cutting())
    health = f"{reference}/2"
    case = await officer.show_when(health, lambda c: clock_state(c, "response")[0])
    assert case["stage"] == "healthcare_devolved"
    refused = await officer.refused("healthcare-escalation", health, "open", "--owner", "Dee")
    assert "not allowed when" in refused  # after the healthcare manager's reply only
    officer.on(date(2026, 11, 20))
    await officer.case("respond", health, "--outcome", "not-upheld", "--summary", "Clinical")
    refused = await officer.refused("healthcare-escalation", f"{reference}/1", "open")
    assert "devolved healthcare" in refused or "not allowed when" in refused
    out = await officer.case("healthcare-escalation", health, "open",
                             "--owner", "Dee Scott", "--due", "2026-12-04")  # fmt: skip
    assert "case.healthcare-escalation-opened" in out
    officer.on(date(2026, 12, 7))
    csv_text = await _report(officer, "alternatives", "2026", "--procedure", "dso", "--csv")
    assert (
        f"{health},Scottish Public Services Ombudsman (SPSO),Dee Scott,2026-12-04,overdue"
        in csv_text
    )
    await officer.case("healthcare-escalation", health, "done", "--note", "Sent to SPSO")
    doc = tmp_path / "alternatives.pdf"
    await _report(officer, "alternatives", "2026", "--procedure", "dso", "--document", str(doc))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(doc)).pages)
    assert "Healthcare escalation tasks (DS Complaints)" in text and "done" in text
    case = await officer.show(health)
    (task,) = json.loads(case["alternatives_json"])
    assert (task["owner"], task["status"], task["done_on"]) == ("Dee Scott", "done", "2026-12-07")
