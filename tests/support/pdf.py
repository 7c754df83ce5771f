"""Reading a PDF letter back, as a test checks one: its pages, text and tagging."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pypdf
from pypdf import PdfReader


@dataclass(frozen=True)
class ReadBack:
    pages: int
    text: str  # every page's text, in order, whitespace collapsed
    page_texts: list[str]
    tagged: bool  # a structure tree and MarkInfo /Marked true (PDF/UA)
    language: str
    title: str
    body_size: float  # the point size most of the text is set in


def read_pdf(data: bytes) -> ReadBack:
    reader = PdfReader(io.BytesIO(data))
    sizes: Counter[float] = Counter()

    def size(text: str, cm: Any, tm: Any, font: Any, font_size: float) -> None:
        if text.strip():
            sizes[round(font_size * tm[0] * (cm[0] or 1), 1)] += len(text)

    page_texts = [" ".join((p.extract_text(visitor_text=size) or "").split()) for p in reader.pages]
    root = reader.trailer["/Root"]
    mark = root.get("/MarkInfo")
    return ReadBack(
        pages=len(reader.pages),
        text=" ".join(page_texts),
        page_texts=page_texts,
        tagged="/StructTreeRoot" in root and bool(mark and mark.get("/Marked")),
        language=str(root.get("/Lang", "")),
        title=str((reader.metadata or {}).get("/Title", "")),
        body_size=sizes.most_common(1)[0][0] if sizes else 0.0,
    )


def figures(reader: pypdf.PdfReader) -> list[str]:
    """The tagged figures' text alternatives (PDF/UA structure tree): one per chart."""
    found: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found
