"""Benchmark (not a test): ListCases latency and the reports with many cases,
``python -m bench records_listcases --cases 100000``.

1. Commits ``--cases`` case files, shaped as the records service stores them (made by
   its `CaseFile` class: routing, stage record, clocks, history), one `Store.commit`
   each, into a fresh store opened by `common.storage.open_store` (SQLite, the
   platform's default, unless ``--store-url`` names another engine).
2. Starts CaseService and ReportService over gRPC with the service's own wiring
   (`services.records.bootstrap.servicers`) on that store.
3. Times ListCases through gRPC (auth, access check, the access-log insert, protobuf) for
   each filter, the quarterly KPI report and the annual reports; writes a Markdown table
   with the store's query plan of each ListCases filter.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform as host
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc

# fmt: off
STATUSES = [("closed", 55), ("responded", 10), ("investigating", 10), ("acknowledged", 10),
            ("open", 10), ("officer-assigned", 5)]
PROCEDURES = [("dso", "service_delivery", 40), ("children", "local_resolution", 25),
              ("spso", "frontline_response", 25), ("hmip", "formal_complaint", 10)]
OWNERS = ["irc-supplier", "escort-supplier", "psu", "team-manager", "frontline-staff", "io"]


def case_document(i: int, rng: random.Random) -> Any:
    """One case file, made by the service's own document class: received over two years,
    most closed, one stage record, four history entries (about 2.3 kB of BSON)."""
    from services.records.adapters.documents import CaseFile

    pick = lambda table: rng.choices(table, weights=[w[-1] for w in table])[0]  # noqa: E731
    (procedure, stage, _), status = pick(PROCEDURES), pick(STATUSES)[0]
    received = date(2025, 1, 1) + timedelta(days=rng.randrange(730))
    ref, due = f"{procedure[:3].upper()}-{received.year}-{i:06d}", received + timedelta(days=28)
    answered = status in ("closed", "responded")
    day = lambda n: (received + timedelta(days=n)).isoformat()  # noqa: E731
    record = {
        "stage": stage, "owner": rng.choice(OWNERS), "started_on": day(0), "received_on": day(0),
        "ack_due": day(5), "acknowledged_on": day(rng.randrange(1, 8)),
        "response_clock": "response", "response_due": due.isoformat(),
        "responded_on": day(rng.randrange(10, 40)) if answered else None,
        "outcome": rng.choice(["upheld", "partly", "not-upheld"]) if answered else None,
        "extensions": int(rng.random() < 0.1), "breached": rng.random() < 0.15,
    }
    at = datetime(received.year, received.month, received.day, 10, tzinfo=UTC)
    history = [{"at": at, "type": t, "summary": f"{t} for {ref}", "message_id": f"{t}:{ref}",
                "actor": "alice", "data": {"on": day(0), "note": "x" * 60}}
               for t in ("case.routed", "deadline.set", "case.acknowledged", "case.responded")]
    return CaseFile(
        id=f"{ref}/1", reference=ref, strand=1, procedure=procedure, stage=stage,
        category="service-delivery", owner=record["owner"], status=status, nation="england",
        calendar="england-and-wales", received_on=received, subject="Property not returned",
        confidential=procedure == "children" and rng.random() < 0.3, partner_id="yarlswood",
        opened_at=at, complainant={"name": f"Person {i}", "contact": f"p{i}@example.org"},
        aspects=[{"kind": "service-delivery", "text": "My bag was not returned. " * 4}],
        clocks={"response": {"due": due.isoformat(), "status": "running", "explanation": ""}},
        history=history, breached=record["breached"], next_due=None if answered else due,
        officer=f"officer-{i % 200}", stages=[record], seq=3,
        closed_on=received + timedelta(days=45) if status == "closed" else None,
    )
# fmt: on


def load(store: Any, n: int, batch: int) -> float:
    """Commit ``n`` case files through the store contract, one `commit` each; seconds."""
    rng = random.Random(7)
    started = time.perf_counter()
    for i in range(n):
        store.commit(case_document(i, rng), message_id=None, emit=[])
        if (i + 1) % batch == 0 or i + 1 == n:
            print(f"  loaded {i + 1:,} in {time.perf_counter() - started:.0f}s", flush=True)
    return time.perf_counter() - started


async def _count(call, field: str) -> str:  # type: ignore[no-untyped-def]
    return str(len(getattr(await call, field)))


def pct(samples: list[float], p: float) -> float:
    """The nearest-rank percentile (with 30 samples, p99 is the slowest call)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# fmt: off
FILTERS: list[tuple[str, dict[str, Any]]] = [
    ("no filter, first page of 50", {}),
    ("procedure=dso", {"procedure": "dso"}),
    ("status=open", {"status": "open"}),
    ("procedure=children, status=investigating",
     {"procedure": "children", "status": "investigating"}),
    ("owner=psu", {"owner": "psu"}),
    ("stage=service_delivery, breached", {"stage": "service_delivery", "breached_only": True}),
    ("due before 2025-06-01", {"due_before": "2025-06-01"}),
    ("due before 2025-02-15 (few match)", {"due_before": "2025-02-15"}),
    ("received in 2025-03", {"received_from": "2025-03-01", "received_to": "2025-03-31"}),
    ("received from 2026-10-01 (open end)", {"received_from": "2026-10-01"}),
    ("officer=officer-7 (a caseload)", {"officer": "officer-7"}),
    ("procedure=dso, page from the middle", {"procedure": "dso", "page_token": "MIDDLE"}),
]
# fmt: on


def plan_of(store: Any, kwargs: dict[str, Any]) -> str:
    """The store's plan for one ListCases filter (SQLite only: `explain`)."""
    from common.auth import Caller, Role
    from services.records.adapters.documents import CaseFile
    from services.records.queries import CaseFilter, list_query

    explain = getattr(store, "explain", None)
    if explain is None:
        return ""
    fields = {k: v for k, v in kwargs.items() if k != "page_token"}
    for key in ("due_before", "received_from", "received_to"):
        if key in fields:
            fields[key] = date.fromisoformat(fields[key])
    where = CaseFilter(**fields)
    caller = Caller(sub="bench", role=Role.CENTRAL_TEAM)
    query = list_query(caller, where, kwargs.get("page_token", ""))
    return "; ".join(explain(CaseFile, query, order_by="id"))


async def measure(
    store: Any, cases_n: int, samples: int
) -> tuple[list[tuple[str, ...]], list[str]]:
    """Start the gRPC services over ``store`` and time the calls."""
    from common.auth import Role, issue
    from common.clock import SystemClock
    from common.grpc_server import AuthInterceptor, start_server
    from complaints.v1 import cases_pb2, cases_pb2_grpc, reports_pb2, reports_pb2_grpc
    from services.records.bootstrap import register, servicers
    from services.records.config import RecordsSettings

    notes = []
    # ListCases and the reports publish nothing: no relay.
    relay: Any = None
    cases, reports = servicers(
        store=store, clock=SystemClock(), relay=relay, settings=RecordsSettings()
    )
    server, port = await start_server(
        0, register(cases, reports), interceptors=[AuthInterceptor("bench")]
    )
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    meta = (("authorization", f"Bearer {issue('bench', 'bench', Role.CENTRAL_TEAM)}"),)
    stub = cases_pb2_grpc.CaseServiceStub(channel)
    report_stub = reports_pb2_grpc.ReportServiceStub(channel)
    middle = f"DSO-2025-{cases_n // 2:06d}"
    rows: list[tuple[str, ...]] = []

    async def timed(label: str, call, n: int) -> None:  # type: ignore[no-untyped-def]
        times, count = [], ""
        for _ in range(n):
            t = time.perf_counter()
            count = await call()
            times.append(time.perf_counter() - t)
        p50, p99 = (f"{pct(times, p) * 1000:.0f}" for p in (50, 99))
        rows.append((label, count, p50, p99, str(n)))

    # The run's first call sets up the channel, the server's worker threads and their
    # store connections: timed on its own, then left out of the filters' figures.
    t = time.perf_counter()
    await stub.ListCases(cases_pb2.ListCasesRequest(page_size=50), metadata=meta, timeout=600)
    cold_ms = (time.perf_counter() - t) * 1000
    notes.append(f"the run's first call (cold: connections set up): {cold_ms:.0f} ms")
    for label, kwargs in FILTERS:
        if kwargs.get("page_token") == "MIDDLE":
            kwargs = {**kwargs, "page_token": middle}
        notes.append(f"plan, {label}: `{plan_of(store, kwargs)}`")
        request = cases_pb2.ListCasesRequest(page_size=50, **kwargs)
        listed = lambda r=request: stub.ListCases(r, metadata=meta, timeout=600)  # noqa: E731
        await timed(label, lambda c=listed: _count(c(), "cases"), samples)
    dates = {"from": "2025-07-01", "to": "2025-09-30", "as_of": "2026-12-31"}
    quarter = reports_pb2.KpiRequest(group_by=["procedure", "stage"], **dates)
    kpi = await report_stub.Kpi(quarter, metadata=meta, timeout=1200)
    stages = sum(r.stages for r in kpi.rows)
    await timed(
        f"KPI report, 2025-Q3 by procedure and stage ({stages:,} stage records)",
        lambda: _count(report_stub.Kpi(quarter, metadata=meta, timeout=1200), "rows"),
        3,
    )
    year = reports_pb2.AnnualRequest(year=2025)
    await timed(
        "HMIP annual report 2025",
        lambda: _count(report_stub.HmipAnnual(year, metadata=meta, timeout=1200), "tables"),
        3,
    )
    await timed(
        "children's annual report 2025 (with 2024)",
        lambda: _count(report_stub.ChildrenAnnual(year, metadata=meta, timeout=1200), "tables"),
        3,
    )
    await channel.close()
    await server.stop(None)
    return rows, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5000, help="report loading progress every N")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--store", type=Path, help="reuse a SQLite store file loaded before")
    parser.add_argument(
        "--store-url", default="", help="another engine's URL (e.g. mongodb://...) to load"
    )
    parser.add_argument("--out", type=Path, default=Path("bench/results/records_listcases.md"))
    args = parser.parse_args()

    from common.storage import open_store
    from services.records.adapters.documents import DOCUMENTS

    path = args.store or Path(tempfile.mkdtemp(prefix="records-bench-")) / "records.db"
    url = args.store_url or f"sqlite:///{path.resolve()}"
    t = time.perf_counter()
    store = open_store(url, DOCUMENTS, service="records", db="bench_records")
    open_s = time.perf_counter() - t
    load_s = None if args.store else load(store, args.cases, args.batch)
    size = f", {path.stat().st_size / 1e6:.0f} MB file" if path.exists() else ""
    print(f"store {url}{size} opened in {open_s:.1f}s", flush=True)
    try:
        rows, notes = asyncio.run(measure(store, args.cases, args.samples))
    finally:
        store.close()
    notes.insert(0, f"opening the store took {open_s:.1f} s")
    write(args, url, size, load_s, rows, notes)


KEEP = "<!-- written by hand below: kept when the benchmark rewrites the numbers above -->"


def write(args, url, size, load_s, rows, notes) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    engine = url.split(":", 1)[0]
    about = f"SQLite {sqlite3.sqlite_version}" if engine == "sqlite" else engine
    lines = [
        "# Records: ListCases and the reports with many cases",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m bench records_listcases"
        f" --cases {args.cases} --samples {args.samples}`.",
        "",
        f"- Machine: {_machine()}, Python {host.python_version()}",
        f"- Store: the store contract (`common.storage`), {about} in the service's process"
        f" (WAL, synchronous=FULL){size}",
        f"- Cases: {args.cases:,} case files" + _loaded(args, load_s),
        "- Calls: through gRPC with a bearer token, the access check and the access-log insert "
        "that every ListCases makes (one record per page)",
        "",
        "| call | cases returned (reports: rows or tables) | p50 ms | p99 ms | samples |",
        "|---|---|---|---|---|",
        *[f"| {' | '.join(r)} |" for r in rows],
        "",
        "Notes:",
        *[f"- {n}" for n in notes],
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    kept = args.out.read_text().partition(KEEP)[2] if args.out.exists() else ""
    args.out.write_text("\n".join(lines) + (f"\n\n{KEEP}{kept}" if kept else "\n"))
    print("\n".join(lines))


def _loaded(args, load_s: float | None) -> str:  # type: ignore[no-untyped-def]
    if not load_s:
        return " (a store loaded before)"
    rate = args.cases / load_s
    return f", loaded in {load_s:.0f} s ({rate:.0f}/s), one `Store.commit` each"


def _machine() -> str:
    info = Path("/proc/cpuinfo").read_text() + Path("/proc/meminfo").read_text()
    lines = info.splitlines()
    cpu = next((x.split(":", 1)[1].strip() for x in lines if x.startswith("model name")), "cpu")
    mem = next(int(x.split()[1]) for x in lines if x.startswith("MemTotal"))
    return f"{cpu} x{os.cpu_count()}, {mem / 1e6:.0f} GB RAM, {host.system()} {host.release()}"


if __name__ == "__main__":
    main()
