"""A report as a document: HTML from a Jinja2 template with the charts embedded as SVG
images (each with its text alternative), and a tagged PDF/UA-1 from WeasyPrint."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from common.reports.charts import Chart, charts_for

_ENV = Environment(
    loader=PackageLoader("common.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class DocTable:
    """A titled table of text cells, as every report gives them."""

    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Document:
    """A report: its title, tables and notes (where its duty comes from)."""

    title: str
    tables: list[DocTable]
    notes: str = ""
    subtitle: str = ""
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    charts: bool = True


def _image(chart: Chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()


def render_html(doc: Document) -> str:
    """The document as one self-contained HTML page (charts embedded)."""
    sections = [
        {
            "table": t,
            "charts": [
                {"title": c.title, "src": _image(c), "alt": c.alt}
                for c in (charts_for(t.title, t.columns, t.rows) if doc.charts else [])
            ],
        }
        for t in doc.tables
    ]
    return _ENV.get_template("report.html.j2").render(
        doc=doc, sections=sections, generated=doc.generated_at.strftime("%d %B %Y %H:%M UTC")
    )


def render_pdf(doc: Document, html: str | None = None) -> bytes:
    """The document as a tagged, accessible PDF (PDF/UA-1)."""
    from weasyprint import HTML  # imported when used: it loads Pango

    return HTML(string=html or render_html(doc)).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def write(doc: Document, path: str | Path, *, html: bool | None = None) -> Path:
    """Write ``doc`` to ``path``: HTML if ``html`` (default: for ``.html``/``.htm``), PDF
    otherwise."""
    target = Path(path)
    page = render_html(doc)
    if html is None:
        html = target.suffix.lower() in (".html", ".htm")
    if html:
        target.write_text(page, encoding="utf-8")
    else:
        target.write_bytes(render_pdf(doc, page))
    return target
