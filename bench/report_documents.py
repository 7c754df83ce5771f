"""Benchmark (not a test): a report rendered as a document at realistic volumes,
``python -m bench report_documents --cases 5000``.

1. Commits ``--cases`` children's case files for each of two years (the annual report
   reads the year before for its trends) into a fresh SQLite store, shaped as records
   stores them, a quarter with mediation, some with an early referral, who may complain,
   freezes and concurrent procedures.
2. Times the annual report use case (`services.records.handlers.reporting.Reports`), then the
   document: HTML with its charts (Jinja2, matplotlib SVG) and the PDF/UA (WeasyPrint),
   as ``complaints report children-annual YEAR --document`` makes them.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.records_listcases import case_document

STAGES = ["local_resolution", "investigation", "review_panel"]
BASES = ["parent-or-parental-responsibility", "looked-after-child", "child-in-need",
         "foster-carer", "care-leaver", "sufficient-interest"]  # fmt: skip


def children_file(i: int, year: int, rng: random.Random) -> Any:
    doc = case_document(i, rng)
    received = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    doc.id, doc.reference = f"CHI-{year}-{i:06d}/1", f"CHI-{year}-{i:06d}"
    doc.procedure, doc.received_on, doc.category = "children", received, "social-care"
    depth = rng.choices([1, 2, 3], weights=[80, 15, 5])[0]
    base = dict(doc.stages[0])
    doc.stages = [
        {**base, "stage": s, "started_on": (received + timedelta(days=30 * k)).isoformat()}
        for k, s in enumerate(STAGES[:depth])
    ]
    doc.stage = STAGES[depth - 1]
    alternatives: list[dict[str, Any]] = []
    if rng.random() < 0.25:
        outcome = rng.choice(["resolved", "partly-resolved", "broken-down", "withdrawn", None])
        alternatives.append({"type": "mediation", "id": "M1", "method": "mediation",
                             "status": "concluded" if outcome else "declined",
                             "clock_paused": rng.random() < 0.5, "outcome": outcome})
    if depth >= 2 and rng.random() < 0.1:
        alternatives.append({"type": "early-referral", "id": "O1",
                             "referred_on": received.isoformat(),
                             "ombudsman": "Local Government and Social Care Ombudsman",
                             "safeguards": ["robust-report", "complete-adjudication"]})
    doc.alternatives = alternatives
    doc.eligibility = {
        "qualifying": {"basis": rng.choice(BASES)},
        "freezes": [{"status": "granted"}] if rng.random() < 0.03 else [],
        "concurrent": [{"kind": rng.choice(["court", "safeguarding", "grievance"])}]
        if rng.random() < 0.05 else [],
    }  # fmt: skip
    return doc


async def run(cases: int, year: int, out: Path) -> dict[str, float]:
    from common.reports import DocTable, Document, render_html, render_pdf
    from common.storage import open_store
    from common.workdays import calendar_for
    from services.records.adapters.documents import DOCUMENTS
    from services.records.handlers.reporting import Reports

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/records.db", DOCUMENTS, service="records")
        rng = random.Random(11)
        started = time.perf_counter()
        for y in (year - 1, year):
            for i in range(cases):
                store.commit(children_file(i, y, rng), message_id=None, emit=[])
        loaded = time.perf_counter() - started
        reports = Reports(store=store, calendar_for=calendar_for)
        t0 = time.perf_counter()
        report = await reports.children_annual(year)
        t1 = time.perf_counter()
        doc = Document(report.title, [DocTable(t.title, t.columns, t.rows)
                                      for t in report.tables], report.notes)  # fmt: skip
        html = render_html(doc)
        t2 = time.perf_counter()
        pdf = render_pdf(doc, html)
        t3 = time.perf_counter()
        (out / "children-annual.html").write_text(html)
        (out / "children-annual.pdf").write_bytes(pdf)
    return {"load_s": loaded, "report_s": t1 - t0, "html_s": t2 - t1, "pdf_s": t3 - t2,
            "tables": len(report.tables), "pdf_kb": len(pdf) / 1024}  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench report_documents")
    parser.add_argument("--cases", type=int, default=5000, help="case files per year")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--out", default=".", help="where the HTML and PDF are written")
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.cases, args.year, Path(args.out)))
    print(f"{args.cases:,} children's case files a year, two years")
    for key, value in result.items():
        print(f"  {key}: {value:.2f}")
    return 0
