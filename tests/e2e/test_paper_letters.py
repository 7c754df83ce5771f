"""Paper letters end to end over the running platform (issue 18), through the CLI.

A detained person at Ashgrove IRC with no email address complains (seed 000 expects the
detained person to be answered in writing; seed 004: "ensuring the complainant is kept
informed at all stages"). Every letter to them is rendered as an accessible PDF into the
print queue of Ashgrove IRC; the centre's complaints clerk (its partner account) lists
the queue, downloads each PDF, marks it printed and handed over with the day, and the
hand-over is in the case file. A second detained person asked for large print (seed 004:
"large print, translation or in other formats"): their letter is a large-print PDF. Every
PDF is read back with pypdf: text, page count, point size, tagging."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from common.auth import issue
from tests.e2e.casework import Officer
from tests.e2e.conftest import Stack, submit
from tests.support.grpc_client import wait_until
from tests.support.pdf import read_pdf
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e

ASHGROVE = "Ashgrove IRC"


class Clerk:
    """Ashgrove IRC's complaints clerk at the CLI, signed in as the centre's partner."""

    def __init__(self, officer: Officer, monkeypatch: pytest.MonkeyPatch, tmp: Path) -> None:
        self.officer, self.monkeypatch, self.tmp = officer, monkeypatch, tmp
        self.token = issue(officer.stack.platform.auth_secret, "clerk.ashgrove", "partner",
                           partner="ashgrove")  # fmt: skip

    async def run(self, *args: str) -> str:
        self.monkeypatch.setenv("COMPLAINTS_TOKEN", self.token)
        try:
            result = await self.officer.invoke("letters", "print-queue", *args)
        finally:
            self.monkeypatch.delenv("COMPLAINTS_TOKEN")
        assert result.exit_code == 0, (args, result.output)
        return str(result.output)

    async def queue(self, **options: str) -> list[dict[str, Any]]:
        args = [f"--{k.replace('_', '-')}={v}" for k, v in options.items()]
        return json.loads(await self.run(*args, "--json"))  # type: ignore[no-any-return]

    async def waiting(self, reference: str, templates: set[str]) -> list[dict[str, Any]]:
        """The queue's letters of ``reference`` once those of ``templates`` are all in."""

        async def probe() -> list[dict[str, Any]] | None:
            jobs = await self.queue(reference=reference)
            return jobs if templates <= {j["template"] for j in jobs} else None

        return await wait_until(probe, timeout=60)  # type: ignore[no-any-return]

    async def download(self, job: dict[str, Any]) -> bytes:
        path = self.tmp / f"{job['key']}.pdf"
        await self.run("download", job["case_ref"], job["key"], "--out", str(path))
        return path.read_bytes()


async def test_a_detained_person_without_email_gets_every_letter_on_paper_by_hand(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    officer = Officer(stack, monkeypatch)
    clerk = Clerk(officer, monkeypatch, tmp_path)
    body = dso_service_delivery(
        complainant={"name": "Amal Haddad", "detained_person_ref": "HO-448812"}
    )
    reference = await submit(stack, "ashgrove", body)
    ref = f"{reference}/1"

    # Receipt, Mon 2 Nov: acknowledged on the day; the acknowledgement is queued on paper.
    await officer.show_when(ref, lambda c: c.get("status") == "acknowledged")
    # Wed 4 Nov: an officer is assigned (the update letter); Fri 27 Nov: the response.
    await clerk.waiting(reference, {"acknowledgement"})
    officer.on(date(2026, 11, 4))
    await officer.case("assign", ref, "Morven Reid")
    await clerk.waiting(reference, {"acknowledgement", "update"})
    officer.on(date(2026, 11, 27))
    await officer.case("quality-assure", ref, "--by", "Ewan Fraser")
    await officer.case("respond", ref, "--outcome", "upheld", "--summary", "Bag found and returned")
    jobs = await clerk.waiting(reference, {"acknowledgement", "update", "decision"})
    assert {j["queue"] for j in jobs} == {ASHGROVE}
    assert {j["route"] for j in jobs} == {"hand"}

    # No letter to her went by email, nor failed: each went to the print queue.
    letters = json.loads(await officer.case("letters", ref, "--json"))
    mine = [n for n in letters if n["recipient"] == "complainant"]
    assert {n["template"] for n in mine} == {"acknowledgement", "update", "decision"}
    assert {(n["status"], n["channel"], n["route"]) for n in mine} == {
        ("sent", "print-queue", "hand")
    }
    assert not [m for m in stack.mail() if "amal" in str(m["To"]).lower()]

    # The clerk prints each and hands it over; the PDFs read back as the letters.
    for job in sorted(jobs, key=lambda j: j["queued_at"]):
        pdf = read_pdf(await clerk.download(job))
        assert pdf.tagged and pdf.pages == job["pages"] >= 1
        assert "Amal Haddad" in pdf.text and "Reference HO-448812" in pdf.text
        assert f"Our reference: {reference}" in pdf.text
        assert pdf.page_texts[-1].endswith(f"Page {pdf.pages} of {pdf.pages}")
        assert pdf.body_size < 14  # standard print
        await clerk.run("printed", job["case_ref"], job["key"])
    decision = next(j for j in jobs if j["template"] == "decision")
    decision_pdf = read_pdf(await clerk.download(decision))
    assert "Date: 27 November 2026" in decision_pdf.text  # the day it was sent
    for job in jobs:
        await clerk.run("handed-over", job["case_ref"], job["key"], "--on", "2026-11-27")
    assert all(j["case_ref"] != ref for j in await clerk.queue())  # nothing of hers waits

    # The case file records each hand-over, with its day.
    case = await officer.show_when(
        ref,
        lambda c: sum(h["type"] == "notification.handed-over" for h in c["history"]) == 3,
    )
    handed = [h["summary"] for h in case["history"] if h["type"] == "notification.handed-over"]
    assert all("on 2026-11-27 by the complaints clerk of Ashgrove IRC" in s for s in handed)
    sent = [h["summary"] for h in case["history"] if h["type"] == "notification.sent"]
    assert any("PDF, 1 page" in s and "by hand" in s for s in sent), sent


async def test_a_large_print_request_produces_a_large_print_pdf(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    officer = Officer(stack, monkeypatch)
    clerk = Clerk(officer, monkeypatch, tmp_path)
    body = dso_service_delivery(
        complainant={"name": "Joseph Okafor", "detained_person_ref": "HO-501177",
                     "needs": {"formats": ["large-print"]}},
    )  # fmt: skip
    reference = await submit(stack, "ashgrove", body)
    [job] = await clerk.waiting(reference, {"acknowledgement"})
    assert job["large_print"] is True
    pdf = read_pdf(await clerk.download(job))
    assert pdf.tagged and pdf.body_size >= 16  # RNIB clear print: 16 to 18 point
    assert "Joseph Okafor" in pdf.text and pdf.pages == job["pages"]
    case = await officer.show_when(
        f"{reference}/1",
        lambda c: any("large-print PDF" in h["summary"] for h in c["history"]),
    )
    assert case["status"] == "acknowledged"


async def test_a_friend_who_gave_only_a_postal_address_gets_a_large_print_pdf(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A representative (a friend with the complainant's authority) who gave only a postal
    address and asked for large print: their copy of each letter goes through the channel
    choice (post, here by the print queue), never failing for want of an email address."""
    officer = Officer(stack, monkeypatch)
    clerk = Clerk(officer, monkeypatch, tmp_path)
    friend = {
        "kind": "friend", "name": "Grace Mensah", "authorised": True,
        "address": {"lines": ["7 Orchard Row", "Westshire"], "postcode": "WS3 1AA"},
        "needs": {"formats": ["large-print"]},
    }  # fmt: skip
    body = dso_service_delivery(
        complainant={"name": "Tomas Novak", "contact": "tomas.novak@example.org",
                     "represented_by": friend},
    )  # fmt: skip
    reference = await submit(stack, "ashgrove", body)
    [job] = await clerk.waiting(reference, {"acknowledgement"})
    assert (job["route"], job["recipient"], job["large_print"]) == ("post", "representative", True)
    pdf = read_pdf(await clerk.download(job))
    assert pdf.tagged and pdf.body_size >= 16
    assert "Grace Mensah" in pdf.text and "7 Orchard Row Westshire WS3 1AA" in pdf.text
    letters = json.loads(await officer.case("letters", f"{reference}/1", "--json"))
    theirs = [n for n in letters if n["recipient"] == "representative"]
    assert {(n["status"], n["route"]) for n in theirs} == {("sent", "post")}, theirs
    assert [m for m in stack.mail() if "tomas.novak" in str(m["To"])], "the complainant by email"


async def test_the_desk_is_reminded_when_a_translation_falls_due_even_after_a_restart(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter to a person who reads Polish: the translation is a task for the desk, due
    10 working days later (Mon 16 Nov from Mon 2 Nov); the desk is reminded that morning,
    not before, once, though notifications was killed and started again in between."""
    officer, reference, desk_mail = await polish_reader(stack, monkeypatch)

    async def requested() -> Any:
        return desk_mail("[Format request]") or None

    [request] = await wait_until(requested, timeout=60)
    assert "by 2026-11-16" in request.get_content()

    stack.kill("notifications")
    stack.start("notifications")
    officer.on(date(2026, 11, 13))  # the Friday before: nothing yet
    await asyncio.sleep(3)
    assert desk_mail("[Due today]") == []

    officer.on(date(2026, 11, 16))

    async def reminded() -> Any:
        return desk_mail("[Due today]") or None

    [reminder] = await wait_until(reminded, timeout=60)
    text = reminder.get_content()
    assert "is due today, 2026-11-16" in text and "Marek Nowak" in text
    await asyncio.sleep(3)
    assert len(desk_mail("[Due today]")) == 1


async def polish_reader(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> tuple[Officer, str, Callable[[str], list[Any]]]:
    """Mon 2 Nov: a DSO complaint from a person who reads Polish; the officer, its reference
    and the desk's mail about it whose subject starts with a prefix."""
    officer = Officer(stack, monkeypatch)
    officer.on(date(2026, 11, 2))
    desk = "dso.duty.england@example.gov.uk"
    body = dso_service_delivery(
        complainant={"name": "Marek Nowak", "contact": "marek.nowak@example.org",
                     "needs": {"language": "pl"}},
    )  # fmt: skip
    reference = await submit(stack, "ashgrove", body)

    def desk_mail(prefix: str) -> list[Any]:
        return [
            m for m in stack.mail()
            if desk in m["To"] and m["Subject"].startswith(prefix) and reference in m["Subject"]
        ]  # fmt: skip

    return officer, reference, desk_mail
