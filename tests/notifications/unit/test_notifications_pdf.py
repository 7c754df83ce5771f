"""Issue 18: paper letters as accessible PDF (WeasyPrint), read back with pypdf: tagged
(PDF/UA-1), the letter's own reference and date on every page, "Page N of M", and a
large-print variant set larger (so the same letter runs to more pages)."""

from __future__ import annotations

from datetime import date

from services.notifications.adapters.pdf import render_pdf
from services.notifications.domain.letters import RenderedLetter, content_sha256
from tests.support.pdf import read_pdf

SUBJECT = "Your complaint DSO-2026-000123 has been received"
BODY = (
    "Dear Amal Haddad,\n\nThank you for your complaint about your property.\n\n"
    + "We will look into each point you raised and write to you again. " * 12
    + "\n\nYours sincerely,\nDS Complaints\n"
)
LETTER = RenderedLetter(subject=SUBJECT, body=BODY, sha256=content_sha256(SUBJECT, BODY))
TO = ["Amal Haddad", "Reference AB123", "By hand: the complaints clerk, Ashgrove IRC"]


def _pdf(large: bool):  # type: ignore[no-untyped-def]
    return render_pdf(
        LETTER, reference="DSO-2026-000123", dated=date(2026, 12, 7), recipient=TO,
        large_print=large,
    )  # fmt: skip


def test_a_standard_letter_reads_back_tagged_with_its_reference_date_and_pages() -> None:
    pdf = _pdf(False)
    back = read_pdf(pdf.data)
    assert back.pages == pdf.pages == 1
    assert back.tagged and back.language == "en" and back.title == SUBJECT
    assert "Our reference: DSO-2026-000123" in back.text
    assert "Date: 7 December 2026" in back.text
    assert "By hand: the complaints clerk, Ashgrove IRC" in back.text
    assert "Thank you for your complaint about your property." in back.text
    assert back.page_texts[-1].endswith("Page 1 of 1")
    assert back.body_size == 11.5


def test_the_large_print_variant_is_larger_and_numbers_every_page() -> None:
    standard, large = _pdf(False), _pdf(True)
    back = read_pdf(large.data)
    assert large.large_print and back.tagged and back.body_size == 18.0
    assert back.pages == large.pages > standard.pages
    for n, text in enumerate(back.page_texts, start=1):
        assert "DSO-2026-000123 · 7 December 2026" in text  # the running head
        assert text.endswith(f"Page {n} of {back.pages}")
    assert "Yours sincerely, DS Complaints" in back.text
