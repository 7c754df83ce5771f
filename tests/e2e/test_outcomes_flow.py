"""What the complainant wants, what they got, what was learned, end to end over the running
platform as the CLI types it (issue 19): an HMIP formal complaint with its outcome sought
(seed 001 "what you expect should happen as a result of your complaint"), the outcome
agreed, a finding on each point (seed 002 "a clear response to each of their points"),
remedies with a financial one approved only by a role allowed its amount (seed 003 "the
level of financial payments that can be approved"), commitments reminded before and when
they fall due, to the owner at their own address when the directory knows them (seed 004
"ensuring that commitments given in responses ... are implemented"), a case refused
closure until a reason is recorded, a learning record (seed 004 "should prompt
learnings"), then the commitments and learning reports as CSV and as documents (PDF and
HTML) whose text and charts are read back."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.e2e.casework import Officer
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, to
from tests.support.grpc_client import wait_until
from tests.support.pdf import figures

pytestmark = pytest.mark.e2e

RECEIVED = date(2026, 11, 2)  # Mon 2 Nov 2026
IO = "Dr Alys Morgan"
SOUGHT = "An apology and a corrected inspection report"


def complaint() -> dict[str, Any]:
    return {
        "partner_ref": f"HMIP-{uuid.uuid4().hex[:10]}",
        "procedure": "hmip",
        "nation": "wales",
        "received_at": "2026-11-02T09:05:00+00:00",
        "incident_date": "2026-10-26",
        "channel": "email",
        "complainant": {"name": "Nia Evans", "contact": "nia.evans@example.org"},
        "subject": "Errors in the youth justice inspection report",
        "outcome_sought": SOUGHT,
        "aspects": [
            {
                "kind": "service-delivery",
                "text": "The report misquotes our case records.",
                "outcome_sought": "The report corrected.",
            },
            {
                "kind": "service-delivery",
                "text": "Our comments on the draft were ignored.",
                "outcome_sought": "An explanation.",
            },
        ],
        "location": {"local_authority": "Cardiff"},
    }


class Desk:
    """``complaints outcomes`` and ``complaints report`` as a given user and role."""

    def __init__(self, officer: Officer, monkeypatch: pytest.MonkeyPatch) -> None:
        self.officer, self.mp = officer, monkeypatch
        self.as_("central-casework", "central-team")

    def as_(self, user: str, role: str) -> None:
        self.mp.setenv("COMPLAINTS_USER", user)
        self.mp.setenv("COMPLAINTS_ROLE", role)

    async def ok(self, *args: str) -> str:
        result = await self.officer.invoke(*args)
        assert result.exit_code == 0, (args, result.output)
        return str(result.output)

    async def refused(self, *args: str) -> str:
        result = await self.officer.invoke(*args)
        assert result.exit_code != 0, (args, result.output)
        return str(result.output)

    async def outcomes(self, ref: str) -> dict[str, Any]:
        return json.loads(await self.ok("outcomes", "show", ref, "--json"))  # type: ignore[no-any-return]

    async def outcomes_when(self, ref: str, test: Any) -> dict[str, Any]:
        async def probe() -> dict[str, Any] | None:
            got = await self.outcomes(ref)
            return got if test(got) else None

        return await wait_until(probe, timeout=45.0)  # type: ignore[no-any-return]


def tables(text: str) -> dict[str, list[dict[str, str]]]:
    """The CSV of a report: each table (after its ``# title`` line) as dicts."""
    out: dict[str, list[dict[str, str]]] = {}
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        title = lines[0][2:] if lines[0].startswith("# ") else ""
        body = lines[1:] if title else lines
        out[title] = list(csv.DictReader(io.StringIO("\n".join(body))))
    return out


def document(path: Path) -> tuple[str, list[str]]:
    """A report's PDF: its text (table cells wrap: whitespace as single spaces) and its
    charts' text alternatives."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split()), figures(reader)


def remedy(record: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in record["remedies"] if r["id"] == rid)


async def test_outcome_sought_to_closure_with_findings_remedies_commitments_learning(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    officer = Officer(stack, monkeypatch)
    officer.on(RECEIVED)
    desk = Desk(officer, monkeypatch)
    post = Post(stack)
    reference = await submit(stack, "hmip", complaint())
    ref = f"{reference}/1"

    # The outcome sought reaches the file and the acknowledgement confirms it.
    await officer.show_when(ref, lambda c: c.get("status") == "acknowledged")
    record = await desk.outcomes(ref)
    assert record["outcome_sought"] == SOUGHT
    assert [(p["id"], p["outcome_sought"]) for p in record["points"]] == [
        ("P1", "The report corrected."),
        ("P2", "An explanation."),
    ]
    (ack,) = await post.collect(RECEIVED, to("nia.evans", "acknowledgement"))
    told = "You told us what you would like to happen as a result of your complaint"
    assert f"{told}: {SOUGHT}." in ack

    # Wed 4 Nov: an officer, and the outcome agreed with the complainant and amended.
    await post.next_day(officer, date(2026, 11, 4))
    await officer.case("assign", ref, IO)
    agreed = "A corrected report and an apology from the lead inspector"
    await desk.ok("outcomes", "agree", ref, "--outcome-sought", agreed, "--agreed")
    await desk.ok("outcomes", "point", ref, "--point", "P2", "--outcome-sought",
                  "An explanation of how comments are considered.")  # fmt: skip
    record = await desk.outcomes(ref)
    assert record["outcome_sought"] == agreed and record["outcome_agreed"]
    assert record["agreed_on"] == "2026-11-04"

    # Tue 10 Nov: the officer's findings, point by point, and the remedies.
    await post.next_day(officer, date(2026, 11, 10))
    desk.as_(IO, "investigating-officer")
    await desk.ok("outcomes", "finding", ref, "--point", "P1", "--finding", "upheld",
                  "--reason", "Three quotations did not match the case records")  # fmt: skip
    await desk.ok("outcomes", "finding", ref, "--point", "P2", "--finding", "not-upheld",
                  "--reason", "Every comment was answered in the comments log")  # fmt: skip
    bad = await desk.refused("outcomes", "finding", ref, "--point", "P3", "--finding", "upheld",
                             "--reason", "x")  # fmt: skip
    assert "point" in bad and "P3" in bad, bad
    await desk.ok("outcomes", "remedy", ref, "--type", "apology", "--point", "P1",
                  "--description", "A written apology from the lead inspector",
                  "--owner", IO, "--due", "2026-11-20")  # fmt: skip
    await desk.ok("outcomes", "remedy", ref, "--type", "financial", "--point", "P1",
                  "--description", "The cost of re-printing the corrected report",
                  "--owner", "Finance team", "--due", "2026-11-27", "--amount", "400",
                  "--reason", "Copies were sent to the board with the errors")  # fmt: skip
    await desk.ok("outcomes", "remedy", ref, "--type", "practical-action",
                  "--description", "Brief inspectors on quoting case records",
                  "--owner", "Training lead", "--due", "2026-11-16")  # fmt: skip
    record = await desk.outcomes(ref)
    assert remedy(record, "R2")["status"] == "awaiting-approval"
    # The officer may approve up to £250: the refusal names the limit and who may.
    refused = await desk.refused("outcomes", "approve", ref, "--remedy", "R2")
    assert "FAILED_PRECONDITION" in refused and "up to £250.00" in refused, refused
    assert "central-team" in refused, refused
    desk.as_("central-casework", "central-team")
    await desk.ok("outcomes", "approve", ref, "--remedy", "R2")
    record = await desk.outcomes(ref)
    r2 = remedy(record, "R2")
    assert (r2["status"], r2["approved_role"], r2["amount"]) == ("open", "central-team", "400.00")

    # The remedies amended and cancelled before the response (seed 003 "appropriate remedies
    # can be provided at any stage"): the payment raised above its approval waits for a new
    # one; the apology brought forward; an explanation the complainant declined, cancelled.
    desk.as_(IO, "investigating-officer")
    await desk.ok("outcomes", "amend", ref, "--remedy", "R2", "--amount", "450",
                  "--reason", "Postage of the corrected copies added")  # fmt: skip
    r2 = remedy(await desk.outcomes(ref), "R2")
    assert (r2["status"], r2["amount"], r2["approved_amount"]) == (
        "awaiting-approval", "450.00", "400.00",
    )  # fmt: skip
    refused = await desk.refused("outcomes", "approve", ref, "--remedy", "R2")
    assert "up to £250.00" in refused and "central-team" in refused, refused
    await desk.ok("outcomes", "amend", ref, "--remedy", "R1", "--due", "2026-11-19",
                  "--description", "A written apology signed by the lead inspector",
                  "--reason", "The lead inspector is away from 20 November")  # fmt: skip
    await desk.ok("outcomes", "remedy", ref, "--type", "explanation", "--point", "P2",
                  "--description", "A meeting to explain how comments are considered",
                  "--owner", IO, "--due", "2026-11-25")  # fmt: skip
    await desk.ok("outcomes", "cancel", ref, "--remedy", "R4", "--reason",
                  "Ms Evans declined a meeting")  # fmt: skip
    desk.as_("central-casework", "central-team")
    await desk.ok("outcomes", "approve", ref, "--remedy", "R2")
    record = await desk.outcomes(ref)
    r1, r2, r4 = (remedy(record, x) for x in ("R1", "R2", "R4"))
    assert (r2["status"], r2["approved_amount"], len(r2["amendments"])) == ("open", "450.00", 1)
    assert (r1["due"], len(r1["amendments"])) == ("2026-11-19", 1)
    assert "(The lead inspector is away from 20 November)" in r1["amendments"][0]
    assert (r4["status"], r4["cancel_reason"]) == ("cancelled", "Ms Evans declined a meeting")
    shown = await desk.ok("outcomes", "show", ref)
    assert "cancelled: Ms Evans declined" in shown and "Remedies amended" in shown, shown

    # The response answers each point and gives the remedies.
    await officer.case("conclude", ref, "--summary", "Errors confirmed")
    await officer.case("respond", ref, "--outcome", "partly", "--summary",
                       "The report was wrong in part")  # fmt: skip
    got = await post.collect(officer.day, to("nia.evans", "our response"))
    (reply,) = [x for x in got if "nia.evans" in x.to]
    assert "Our answer to each point of your complaint:" in reply
    assert ("- The report misquotes our case records.: upheld. Three quotations did not match "
            "the case records") in reply  # fmt: skip
    assert "- Our comments on the draft were ignored.: not upheld." in reply
    assert (
        "A payment of £450.00: The cost of re-printing the corrected report, by 27 November 2026"
    ) in reply
    assert "An apology: A written apology signed by the lead inspector, by 19 November" in reply
    assert "A meeting to explain" not in reply and "£400.00" not in reply  # cancelled; amended
    assert_no_passed_dates([reply])

    # Fri 13 Nov: R3 falls due on Mon 16 Nov: its owner's team is reminded (3 days before).
    await post.next_day(officer, date(2026, 11, 13))
    record = await desk.outcomes_when(ref, lambda r: remedy(r, "R3")["reminders"])
    assert remedy(record, "R3")["reminders"] == ["before 2026-11-13"]
    got = await post.collect(officer.day, lambda x: "commitment R3" in x.subject)
    (before,) = [x for x in got if "commitment R3" in x.subject]
    assert before.subject.startswith(
        "Reminder: commitment R3 (practical-action, owned by Training lead) due 16 November 2026"
    )

    # Tue 17 Nov: R3 is overdue: reminded again; the file and the report say so.
    await post.next_day(officer, date(2026, 11, 17))
    record = await desk.outcomes_when(ref, lambda r: len(remedy(r, "R3")["reminders"]) == 2)
    assert remedy(record, "R3")["reminders"] == ["before 2026-11-13", "due 2026-11-17"]
    assert remedy(record, "R3")["overdue"]
    got = await post.collect(
        officer.day,
        lambda x: "Deadline missed: commitment R3" in x.subject,
        lambda x: "commitment R1" in x.subject and "alys.morgan" in x.to,
        lambda x: "commitment R1" in x.subject and "alys" not in x.to,
    )
    (late,) = [x for x in got if "Deadline missed: commitment R3" in x.subject]
    assert "was due on 16 November 2026 and has been missed" in late
    # R3's owner has no entry in the address directory: the team is told so, to pass it on.
    assert ("The owner named, Training lead, could not be addressed directly (no entry for "
            "officer:training-lead in the address directory)") in late  # fmt: skip
    # R1 (due Thu 19 Nov, amended) is within 3 days: its owner is reminded at her own address (her
    # officer: entry, as a manager's compliment notice), the owning team copied.
    r1 = [x for x in post.letters if "commitment R1" in x.subject]
    (mine,) = [x for x in r1 if "alys.morgan@hmip.example.gov.uk" in x.to]
    assert mine.subject.startswith(
        "Reminder: commitment R1 (apology, owned by Dr Alys Morgan) due 19 November 2026"
    )
    assert "You are named as the owner of this commitment; the owning team has a copy." in mine
    (copy,) = [x for x in r1 if x is not mine]
    assert "this reminder went to Dr Alys Morgan, the commitment's owner" in copy
    case = await officer.show(ref)
    assert any(h["type"] == "outcome.commitment-reminder" and "overdue since 2026-11-16"
               in h["summary"] for h in case["history"])  # fmt: skip

    # R1 done; closing as resolved with R3 overdue needs a reason, and the refusal names it.
    await desk.ok("outcomes", "done", ref, "--remedy", "R1", "--note", "Apology sent 17 Nov")
    refused = await officer.refused("close", ref)
    assert "commitment overdue: R3 practical-action" in refused, refused
    await officer.case("close", ref, "--reason", "Briefing booked for 3 December; followed up")
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert case["history"][-1]["summary"].startswith("Closed on 2026-11-17")

    # On closure: what was learned.
    await desk.ok("outcomes", "learning", ref, "--root-cause", "record-keeping",
                  "--lesson", "Quotations from case records are not checked before publication",
                  "--service-change", "A second reader checks every quotation",
                  "--owner", "Head of Inspection Quality", "--status", "in-progress")  # fmt: skip
    record = await desk.outcomes(ref)
    assert [(x["id"], x["root_cause"], x["status"]) for x in record["learning"]] == [
        ("L1", "record-keeping", "in-progress")
    ]
    shown = await officer.case("show", ref)  # the file as people read it shows them too
    for title in ("Points of complaint", "Remedies and commitments", "Learning"):
        assert title in shown, shown
    history = [h["type"] for h in (await officer.show(ref))["history"]]
    for kind in ("outcome.outcome-agreed", "outcome.point-set", "outcome.finding-recorded",
                 "outcome.remedy-added", "outcome.remedy-approved", "outcome.commitment-done",
                 "outcome.remedy-amended", "outcome.remedy-cancelled",
                 "outcome.learning-recorded"):  # fmt: skip
        assert kind in history, kind

    # The reports, as CSV.
    report = tables(await desk.ok("report", "commitments", "--procedure", "hmip", "--csv"))
    mine = {r["remedy"]: r for r in report[""] if r["case"] == ref}  # one table: no title
    assert set(mine) == {"R2", "R3"}  # R1 done, R4 cancelled
    assert (mine["R3"]["state"], mine["R3"]["days overdue"], mine["R3"]["owner"]) == (
        "overdue", "1", "Training lead",
    )  # fmt: skip
    assert mine["R3"]["reminders"] == "before 2026-11-13; due 2026-11-17"
    assert (mine["R2"]["state"], mine["R2"]["amount"], mine["R2"]["due"]) == (
        "outstanding", "450.00", "2026-11-27",
    )  # fmt: skip
    learning = tables(await desk.ok("report", "learning", "--from", "2026-11-17", "--to",
                                    "2026-11-17", "--procedure", "hmip", "--csv"))  # fmt: skip
    rows = [r for r in learning["Learning"] if r["case"] == ref]
    assert [(r["id"], r["root cause"], r["owner"], r["recorded on"]) for r in rows] == [
        ("L1", "record-keeping", "Head of Inspection Quality", "2026-11-17")
    ]
    themes = {r["root cause"]: r for r in learning["Themes by root cause"]}
    assert int(themes["record-keeping"]["records"]) >= 1
    earlier = tables(await desk.ok("report", "learning", "--to", "2026-11-16", "--csv"))
    assert not [r for r in earlier["Learning"] if r["case"] == ref]

    # The same reports as documents to publish: PDF/UA and HTML, with their charts.
    pdf, html = tmp_path / "commitments.pdf", tmp_path / "commitments.html"
    await desk.ok("report", "commitments", "--procedure", "hmip", "--document", str(pdf),
                  "--html", str(html))  # fmt: skip
    text, charts = document(pdf)
    for words in ("Commitments outstanding on 2026-11-17", f"{ref} hmip R3", f"{ref} hmip R2",
                  "Training lead", "Finance team", "450.00", "Brief inspectors on quoting",
                  "Seed 004: commitments given in responses"):  # fmt: skip
        assert words in text, (words, text)
    assert any(c.startswith("Bar chart, Commitments.") for c in charts), charts
    assert any(f"{ref} / hmip / R3: days overdue 1" in c for c in charts), charts
    assert any(f"{ref} / hmip / R2: days overdue 0, amount 450" in c for c in charts), charts
    page = html.read_text()
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,', page)) == len(charts) == 1
    assert "Training lead" in page and '<html lang="en-GB">' in page

    pdf = tmp_path / "learning.pdf"
    await desk.ok("report", "learning", "--from", "2026-11-17", "--to", "2026-11-17",
                  "--procedure", "hmip", "--document", str(pdf))  # fmt: skip
    text, charts = document(pdf)
    for words in ("Learning from complaints, 2026-11-17 to 2026-11-17", "Themes by root cause",
                  ref, "Head of Inspection Quality", "record-keeping"):  # fmt: skip
        assert words in text, (words, text)
    # The learning list has no numbers; its themes are charted (records and done by cause).
    assert len(charts) == 1 and charts[0].startswith("Bar chart, Themes by root cause."), charts
    assert re.search(r"record-keeping: records \d+, done \d+", charts[0]), charts
