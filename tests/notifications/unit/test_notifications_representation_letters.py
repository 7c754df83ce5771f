"""Children seed 004, on the handlers with fakes: a representation answered ("The
Directorate will respond to the issues raised and set out what action will be taken") is a
letter to the person with the action, through their channel; a compliment passed on ("the
first line manager ... ensure that the positive sentiments are feedback to the staff
concerned") is a notice to the manager from the address directory, or, without an entry,
to the fallback desk, loudly. Each once, however often its event is heard."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.contracts.events import ComplimentPassedOn, RepresentationAnswered
from tests.notifications.unit.test_notifications_fallback_desk import DeskRig
from tests.support.events import AT
from tests.support.pdf import read_pdf

REF = "CSC-2026-000777"
PERSON = {"name": "Jess Ward", "contact": "jess.ward@example.org", "is_child": True}
ABOUT = dict(reference=REF, procedure="children", nation="england", occurred_at=AT,
             subject="More evening activities", received_on=date(2026, 11, 2),
             location={"local_authority": "Westshire Council"})  # fmt: skip


def answered(person: dict[str, Any] = PERSON, n: int = 1) -> RepresentationAnswered:
    return RepresentationAnswered(
        **ABOUT, key=f"{REF}:answer:{n}", complainant=person,
        summary="We will look at opening hours with the youth service",
        action="A trial of Thursday evenings from January", answered_on=date(2026, 11, 4),
    )  # fmt: skip


def compliment(manager: str = "Dana Price") -> ComplimentPassedOn:
    return ComplimentPassedOn(
        **ABOUT, key=f"{REF}:passed-on:1", complainant={"name": "Jess Ward"},
        compliment="Lee was so kind when I moved in.", staff=["Lee Carter"],
        manager=manager, note="Thank Lee at the team meeting", passed_on=date(2026, 11, 5),
    )  # fmt: skip


async def test_the_answer_goes_to_the_person_with_the_action_once() -> None:
    rig = DeskRig()
    await rig.event(answered(), "m-1")
    await rig.event(answered(), "m-1")  # redelivered
    await rig.event(answered(), "m-2")  # the same answer published again
    [(email, letter)] = rig.mail.sent
    assert email == "jess.ward@example.org"
    assert letter.subject == f"Your views {REF}: our answer"
    assert "What we will do: A trial of Thursday evenings from January" in letter.body
    assert "Dear Jess Ward," in letter.body and "Stage 1" in letter.body
    [sent] = rig.published("notification.sent")
    assert (sent["reference"], sent["strand"], sent["template"]) == (
        REF, None, "representation_answer",
    )  # fmt: skip
    await rig.event(answered(n=2), "m-3")  # a second answer: a second letter
    assert len(rig.mail.sent) == 2


async def test_an_answer_to_a_person_without_email_goes_on_paper_to_them_and_their_friend(
) -> None:  # fmt: skip
    rig = DeskRig()
    friend = {"kind": "friend", "name": "Pat Friend", "authorised": True,
              "address": {"lines": ["7 Orchard Row"], "postcode": "WS3 1AA"},
              "needs": {"formats": ["large-print"]}}  # fmt: skip
    person = {"name": "Jess Ward", "address": {"lines": ["2 Hill Rd"], "postcode": "WS1 1AA"},
              "represented_by": friend}  # fmt: skip
    await rig.event(answered(person), "m-1")
    letters = await rig.letters(REF)
    assert letters["representation_answer:complainant"]["route"] == "post"
    theirs = letters["representation_answer:representative"]
    assert theirs["route"] == "post" and theirs["provided"].startswith("large-print PDF")
    jobs = {j.recipient: j for j in await rig.handlers.print_queue.list()}
    assert set(jobs) == {"complainant", "representative"} and jobs["representative"].large_print
    assert "A trial of Thursday evenings" in read_pdf(jobs["complainant"].pdf).text
    assert rig.mail.sent == []


async def test_a_compliment_is_sent_to_the_manager_from_the_directory() -> None:
    rig = DeskRig()
    await rig.event(compliment(), "m-1")
    [(email, letter)] = rig.mail.sent
    assert email == "dana.price@westshire.example.gov.uk"
    assert "Dear Dana Price," in letter.body and "Lee Carter" in letter.body
    assert "Lee was so kind when I moved in." in letter.body
    assert "feed these positive sentiments back to the staff concerned" in letter.body
    assert rig.published("notification.undeliverable") == []


async def test_a_manager_not_in_the_directory_has_the_notice_sent_to_the_desk_loudly(
    caplog,  # type: ignore[no-untyped-def]
) -> None:
    rig = DeskRig()
    await rig.event(compliment("Robin Unknown"), "m-1")
    [(email, letter)] = rig.mail.sent
    assert email == "safeguarding.duty@westshire.example.gov.uk"  # desk:children-england
    assert letter.subject.startswith("[Compliment notice for the desk]")
    assert "no entry for officer:robin-unknown in the address directory" in letter.body
    [alert] = rig.published("notification.undeliverable")
    assert alert["fallback"] == "desk:children-england" and alert["recipient"] == "manager"
    assert "cannot be addressed" in caplog.text
    record = (await rig.letters(REF))["compliment_notice:manager"]
    assert record["fallback"]["intended"] == "officer:robin-unknown"
