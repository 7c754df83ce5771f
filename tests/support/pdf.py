"""Reading a PDF letter back, as a test checks one: its pages, text and tagging."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class ReadBack:
    pages: int
    text: str  # every page's text, in order, whitespace collapsed
    page_texts: list[str]
    tagged: bool  # a structure tree and MarkInfo /Marked true (PDF/UA)
    language: str
    title: str


def read_pdf(data: bytes) -> ReadBack:
    reader = PdfReader(io.BytesIO(data))
    page_texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    return ReadBack(
        pages=len(reader.pages),
        text=" ".join(page_texts),
        page_texts=page_texts,
        tagged="/StructTreeRoot" in root and bool(mark and mark.get("/Marked")),
        language=str(root.get("/Lang", "")),
        title=str((reader.metadata or {}).get("/Title", "")),
    )
