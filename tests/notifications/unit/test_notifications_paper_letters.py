"""Issue 18, on the handlers with fakes: a person without email gets every letter on paper
(by hand through the establishment's clerk, or by post), as an accessible PDF in the print
queue; large print asked for gives a large-print PDF (attached to an email too); braille
and translations are raised to the desk as tasks, a translation with its due date; and a
person no channel reaches has the letter sent to the fallback desk, loudly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from common.contracts.events import NotificationHandedOver
from services.notifications.adapters.documents import PrintJob
from services.notifications.domain.errors import PrintQueueRefusal
from tests.notifications.unit.test_notifications_handlers import Rig
from tests.support.events import lifecycle, routed
from tests.support.pdf import read_pdf

DETAINED = {"name": "Amal Haddad", "detained_person_ref": "AB123"}
ADDRESS = {"lines": ["12 High Street", "Westshire"], "postcode": "WS1 2AB"}


async def _acknowledged(rig: Rig, complainant: dict, **fields) -> tuple[str, dict]:  # type: ignore[type-arg, no-untyped-def]
    case = routed("dso", complainant=complainant, **fields)
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    letters = await rig.letters(case.case_ref)
    return case.case_ref, letters


def _sent(rig: Rig, key: str) -> list[dict]:  # type: ignore[type-arg]
    return [m.body for m in rig.publisher.sent if m.routing_key == key]


async def test_a_detained_person_without_email_gets_the_letter_by_hand_as_a_pdf() -> None:
    rig = Rig()
    case_ref, letters = await _acknowledged(rig, DETAINED)
    ack = letters["acknowledgement:complainant"]
    assert ack["status"] == "sent" and ack["route"] == "hand"
    assert ack["channel"] == "print-queue" and ack["address"] == "print queue: Ashgrove IRC"
    assert ack["provided"].startswith("PDF, 1 page, no email; by hand through the complaints")
    assert not [s for s in rig.channel.sent if "Amal" in s[0]]  # no email was attempted
    [job] = await rig.handlers.print_queue.list(queue="Ashgrove IRC")
    assert (job.id, job.case_ref, job.status, job.route) == (ack["key"], case_ref, "queued", "hand")
    back = read_pdf(job.pdf)
    assert back.tagged and back.pages == job.pages == 1
    assert "Amal Haddad" in back.text and "Reference AB123" in back.text
    assert "Date: 2 November 2026" in back.text  # the running clock's day, not a passed one
    [sent] = _sent(rig, "notification.sent")[-1:]
    assert sent["channel"] == "print-queue" and "by hand" in sent["provided"]


async def test_the_clerks_hand_over_is_an_event_for_the_case_file_once() -> None:
    rig = Rig()
    _, letters = await _acknowledged(rig, DETAINED)
    key = letters["acknowledgement:complainant"]["key"]
    queue = rig.handlers.print_queue
    assert (await queue.mark_printed(key, by="clerk")).status == "printed"
    rig.clock.advance(timedelta(days=1))
    with pytest.raises(PrintQueueRefusal, match="in the future") as refused:
        await queue.hand_over(key, on=date(2026, 11, 4), by="clerk")
    assert refused.value.field == "on"
    with pytest.raises(PrintQueueRefusal, match="before the letter was queued"):
        await queue.hand_over(key, on=date(2026, 11, 1), by="clerk")
    job = await queue.hand_over(key, on=date(2026, 11, 2), by="clerk")
    assert (job.status, job.handed_over_on) == ("handed-over", "2026-11-02")
    again = await queue.hand_over(key, on=date(2026, 11, 2), by="clerk")  # a retried call
    assert again.status == "handed-over"
    [event] = _sent(rig, "notification.handed-over")
    handed = NotificationHandedOver.model_validate(event)
    assert (handed.handed_over_on, handed.establishment, handed.template) == (
        date(2026, 11, 2), "Ashgrove IRC", "acknowledgement",
    )  # fmt: skip
    with pytest.raises(PrintQueueRefusal, match="handed over on 2026-11-02 already"):
        await queue.hand_over(key, on=date(2026, 11, 3), by="clerk")
    assert [j.id for j in await queue.list()] == []  # nothing left to do
    assert [j.id for j in await queue.list(status="handed-over")] == [key]


async def test_a_redelivered_event_queues_no_second_letter() -> None:
    rig = Rig()
    case = routed("dso", complainant=DETAINED)
    await rig.event(case, "m-routed")
    ack = lifecycle(case, "acknowledged", target_date="2026-11-30")
    await rig.event(ack, "m-ack")
    await rig.event(ack, "m-ack")
    assert len(rig.store.find(PrintJob, {"queue": "Ashgrove IRC"})) == 1


async def test_post_without_notify_goes_to_the_print_queue_with_the_address() -> None:
    rig = Rig()
    _, letters = await _acknowledged(rig, {"name": "Amal Haddad", "address": ADDRESS})
    ack = letters["acknowledgement:complainant"]
    assert (ack["route"], ack["channel"]) == ("post", "print-queue")
    [job] = await rig.handlers.print_queue.list(status="queued")
    assert "12 High Street Westshire WS1 2AB" in read_pdf(job.pdf).text


async def test_large_print_is_a_large_print_pdf_on_paper_and_attached_to_email() -> None:
    rig = Rig()
    needs = {"formats": ["large-print"]}
    _, letters = await _acknowledged(rig, {**DETAINED, "needs": needs})
    ack = letters["acknowledgement:complainant"]
    assert ack["provided"].startswith("large-print PDF")
    [job] = await rig.handlers.print_queue.list()
    assert job.large_print and read_pdf(job.pdf).tagged

    rig2 = Rig()
    attached: list = []  # type: ignore[type-arg]
    real = rig2.channel.send

    async def keep(address, rendered, *, reference=None):  # type: ignore[no-untyped-def]
        attached.extend(rendered.attachments)
        return await real(address, rendered, reference=reference)

    rig2.channel.send = keep  # type: ignore[method-assign]
    person = {"name": "Amal Haddad", "contact": "amal@example.org", "needs": needs}
    _, letters = await _acknowledged(rig2, person)
    ack = letters["acknowledgement:complainant"]
    assert ack["route"] == "email" and ack["provided"].startswith("email with a large-print PDF")
    [pdf] = attached
    assert pdf.media_type == "application/pdf" and read_pdf(pdf.data).pages >= 1


async def test_braille_and_a_translation_are_tasks_for_the_desk_with_a_due_date() -> None:
    rig = Rig()
    needs = {"formats": ["braille"], "language": "pl"}
    _, letters = await _acknowledged(rig, {**DETAINED, "needs": needs})
    ack = letters["acknowledgement:complainant"]
    assert [t["kind"] for t in ack["tasks"]] == ["braille", "translation"]
    translation = ack["tasks"][1]
    # the 10th working day after Monday 2 November 2026 (England and Wales)
    assert translation["due"] == date(2026, 11, 16) and translation["language"] == "pl"
    desk_letters = [r for k, r in letters.items() if k.startswith("format-request:")]
    assert {r["address_key"] for r in desk_letters} == {"desk:dso-england"}
    raised = _sent(rig, "notification.task-raised")
    assert [(e["task"], e["due"]) for e in raised] == [
        ("braille", None),
        ("translation", "2026-11-16"),
    ]
    desk_mail = [s for s in rig.channel.sent if s[1].startswith("[Format request]")]
    assert len(desk_mail) == 2  # the desk is told, by email, once per task


async def test_a_person_no_channel_reaches_has_the_letter_sent_to_the_desk() -> None:
    rig = Rig()
    case = routed("dso", complainant={"name": "Amal Haddad", "contact": "01234 567890"},
                  location={})  # fmt: skip
    await rig.event(case, "m-routed")
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    ack = (await rig.letters(case.case_ref))["acknowledgement:complainant"]
    assert ack["status"] == "sent" and ack["route"] == "desk"
    assert ack["fallback"]["desk"] == "desk:dso-england"
    [(email, _, _)] = [s for s in rig.channel.sent if s[1].startswith("[Undeliverable]")]
    assert email == "dso.duty.england@example.gov.uk"
    [alert] = _sent(rig, "notification.undeliverable")
    assert "no email address, no postal address and no establishment" in alert["reason"]


async def test_the_readmes_pictures_of_a_paper_letter(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The acknowledgement to a detained person, standard and large print, as the clerk
    prints it: page 1 of each drawn to PNG with poppler's pdftoppm. With
    LETTER_SCREENSHOTS_DIR=docs/screenshots the pictures are written there (the README's);
    without it, or without pdftoppm, only the PDFs are checked."""
    import os
    import shutil
    import subprocess
    from pathlib import Path

    out = Path(os.environ.get("LETTER_SCREENSHOTS_DIR") or tmp_path)
    for name, needs in (
        ("letter-standard", {}),
        ("letter-large-print", {"formats": ["large-print"]}),
    ):
        rig = Rig()
        await _acknowledged(rig, {**DETAINED, "needs": needs}, reference="DSO-2026-000123")
        [job] = await rig.handlers.print_queue.list()
        back = read_pdf(job.pdf)
        assert back.tagged and back.body_size == (18.0 if needs else 11.5)
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(job.pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                 str(out / name)],
                check=True,
            )  # fmt: skip
            assert (out / f"{name}.png").stat().st_size > 1000
