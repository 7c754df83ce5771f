"""Any report's tables as a document to publish: HTML with a chart per table that has
numbers (counts and shares drawn apart), and a PDF/UA whose text and figures are read back
(pypdf), as a reader or a screen reader would."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from common.reports import DocTable, Document, render_html, render_pdf
from common.reports.charts import charts_for, series

TIMELINESS = DocTable(
    "Timeliness by stage",
    ["stage", "acknowledged in time", "answered in time", "answered", "change"],
    [["local_resolution", "75%", "50%", "8", "+2"], ["investigation", "-", "100%", "2", "-1"]],
)
NUMBERS = DocTable("Numbers", ["", "number"], [["complaints received", "12"]])
WORDS = DocTable("Referrals", ["case", "ombudsman"], [["CHI-2026-000001/1", "LGSCO"]])
DOC = Document(
    "Children's social care complaints: annual report 2026",
    [NUMBERS, TIMELINESS, WORDS, DocTable("Nothing", ["a", "b"], [])],
    notes="seed 004: 'numbers, types, outcomes and trends of complaints'",
)


def test_numbers_and_shares_are_series_and_the_rest_labels() -> None:
    labels, counts, shares = series(TIMELINESS.columns, TIMELINESS.rows)
    assert (labels, counts, shares) == ([0, 4], [3], [1, 2])  # "+2" is no count
    assert series(WORDS.columns, WORDS.rows) == ([0, 1], [], [])


def test_a_chart_names_every_value_in_its_text_alternative() -> None:
    counts, shares = charts_for(TIMELINESS.title, TIMELINESS.columns, TIMELINESS.rows)
    assert shares.title == "Timeliness by stage (shares)"
    assert "local_resolution / +2: acknowledged in time 75%, answered in time 50%" in shares.alt
    assert counts.svg.lstrip().startswith("<?xml") and "<svg" in counts.svg
    assert ">local_resolution / +2<" in counts.svg or "local_resolution" in counts.svg


def test_html_embeds_one_svg_image_per_chart_and_every_table() -> None:
    html = render_html(DOC)
    images = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', html)
    assert len(images) == 3  # numbers; timeliness counts and shares; none for words or empty
    assert html.count("<table>") == 3
    assert "Nothing recorded for this period." in html
    assert '<html lang="en-GB">' in html


def _figures(reader: pypdf.PdfReader) -> list[str]:
    found: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_the_pdf_reads_back_its_text_and_tagged_figures() -> None:
    pytest.importorskip("weasyprint")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(DOC)))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Children's social care complaints: annual report 2026" in text
    assert "numbers, types, outcomes and trends of complaints" in text
    assert "complaints received 12" in text  # the table
    assert "Figure: Timeliness by stage (shares)" in text
    figures = _figures(reader)
    assert len(figures) == 3 and all(f.startswith("Bar chart") for f in figures)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)


def test_a_row_is_named_by_its_first_three_label_columns() -> None:
    columns = ["case", "procedure", "remedy", "owner", "description", "days overdue"]
    rows = [["X-1/1", "hmip", "R3", "Training lead", "Brief inspectors", "1"]]
    (chart,) = charts_for("Commitments", columns, rows)
    assert "X-1/1 / hmip / R3: days overdue 1" in chart.alt
    assert "Training lead" not in chart.alt and "Brief inspectors" not in chart.alt
