"""Letters as accessible PDF, with WeasyPrint (HTML and CSS to PDF).

Every PDF is tagged to PDF/UA-1 (``pdf_variant="pdf/ua-1"``: structure tree, document
language, title in the metadata), so a screen reader reads it in order. Each page carries
the letter's reference and date at the top and "Page N of M" at the foot; the date is the
day the letter is sent, from the running clock, never a date passed in from elsewhere.
The large-print variant sets the text at 18 point (RNIB's clear print guidance asks for
16 to 18) with wider line spacing, left-aligned and unjustified, in a sans-serif face
and no italics.

WeasyPrint needs Pango (Debian ``libpango-1.0-0`` and ``libpangoft2-1.0-0``:
``scripts/ensure_pdf.sh`` installs them) and a font (``fonts-dejavu-core``).
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from datetime import date

from services.notifications.domain.letters import RenderedLetter

PDF_VARIANT = "pdf/ua-1"
SIZES = {False: (11.5, 1.45), True: (18.0, 1.6)}  # point size, line height


@dataclass(frozen=True)
class PdfLetter:
    """A rendered PDF: its bytes, page count and sha256."""

    data: bytes
    pages: int
    large_print: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def filename(self) -> str:
        return f"letter-{'large-print-' if self.large_print else ''}{self.sha256[:12]}.pdf"


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def letter_html(
    rendered: RenderedLetter,
    *,
    reference: str,
    dated: date,
    recipient: list[str],
    large_print: bool = False,
    language: str = "en",
) -> str:
    """The letter as one HTML page (what WeasyPrint lays out)."""
    size, leading = SIZES[large_print]
    esc = html.escape
    head = esc(f"{reference} · {_day(dated)}")
    paragraphs = "\n".join(
        f"<p>{'<br>'.join(esc(line) for line in block.splitlines())}</p>"
        for block in rendered.body.strip().split("\n\n")
        if block.strip()
    )
    to = "<br>".join(esc(line) for line in recipient if line.strip())
    return f"""<!doctype html>
<html lang="{esc(language)}"><head><meta charset="utf-8">
<title>{esc(rendered.subject)}</title>
<meta name="description" content="{esc(reference)}">
<style>
@page {{
  size: A4; margin: 22mm 20mm 24mm 20mm;
  @top-right {{ content: "{head}"; font: {max(size - 2, 9):.1f}pt "DejaVu Sans", sans-serif; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages);
                    font: {max(size - 2, 9):.1f}pt "DejaVu Sans", sans-serif; }}
}}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: {size}pt;
        line-height: {leading}; text-align: left; color: #000; }}
h1 {{ font-size: {size + 3}pt; margin: 0 0 0.8em 0; }}
.to {{ margin: 0 0 1.2em 0; font-style: normal; }}
.meta {{ margin: 0 0 1.2em 0; }}
p {{ margin: 0 0 0.8em 0; orphans: 3; widows: 3; }}
</style></head>
<body>
<address class="to">{to}</address>
<p class="meta">Our reference: {esc(reference)}<br>Date: {esc(_day(dated))}</p>
<h1>{esc(rendered.subject)}</h1>
{paragraphs}
</body></html>"""


def render_pdf(
    rendered: RenderedLetter,
    *,
    reference: str,
    dated: date,
    recipient: list[str],
    large_print: bool = False,
    language: str = "en",
) -> PdfLetter:
    """The letter as a tagged PDF (PDF/UA-1); blocking (run it in a worker thread)."""
    from weasyprint import HTML

    document = HTML(
        string=letter_html(
            rendered,
            reference=reference,
            dated=dated,
            recipient=recipient,
            large_print=large_print,
            language=language,
        )
    ).render()
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert data is not None
    return PdfLetter(data=data, pages=len(document.pages), large_print=large_print)
