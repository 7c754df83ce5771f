"""Benchmark (not a test): ListCases latency and the quarterly KPI report with many cases,
``python -m bench.records_listcases --cases 100000``.

1. Loads ``--cases`` case files, shaped exactly as the records service stores them
   (``CaseFile.to_mongo()``: routing, stage records, clocks, history), into a fresh
   SQLite-backed mongoeco store, the platform's local default. The load uses mongoeco's
   embedded API with ``insert_many`` batches: over the wire protocol, mongoeco's inserts
   slow down as the collection grows (see the results file), which would make the load,
   not the queries, the subject of the benchmark.
2. Serves that file over the wire as `common.store_server` does, lets mongoengine build
   the service's indexes, and starts CaseService and ReportService over gRPC with the
   service's own wiring (`services.records.bootstrap.servicers`).
3. Times ListCases through gRPC (auth, access check, the access-log write, protobuf) for
   the common filters, and the quarterly KPI report; writes a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform as host
import random
import subprocess
import sys
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


def case_document(i: int, rng: random.Random) -> dict[str, Any]:
    """One stored case file, made by the service's own document class: received over two
    years, most closed, one stage record, four history entries (about 15 kB stored)."""
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
        officer=f"officer-{i % 200}", stages=[record], seq=3, rev=4,
        closed_on=received + timedelta(days=45) if status == "closed" else None,
    ).to_mongo().to_dict()
# fmt: on


def load(path: Path, n: int, batch: int) -> float:
    """Insert ``n`` case files with insert_many through mongoeco's embedded API; seconds."""
    from mongoeco import MongoClient
    from mongoeco.engines.sqlite import SQLiteEngine

    from services.records.adapters.documents import CaseFile

    rng, client = random.Random(7), MongoClient(SQLiteEngine(str(path)))
    cases = client["bench_records"]["cases"]
    for spec in CaseFile._meta["index_specs"]:  # the service's indexes, kept up while loading
        cases.create_index(spec["fields"])
    started = time.perf_counter()
    for first in range(0, n, batch):
        cases.insert_many([case_document(i, rng) for i in range(first, min(n, first + batch))])
        if (first // batch) % 10 == 0:
            print(f"  loaded {first + batch:,} in {time.perf_counter() - started:.0f}s", flush=True)
    client.close()
    return time.perf_counter() - started


async def _count(call, field: str) -> str:  # type: ignore[no-untyped-def]
    return str(len(getattr(await call, field)))


def pct(samples: list[float], p: float) -> float:
    """The nearest-rank percentile (with 30 samples, p99 is the slowest call)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def measure(url: str, samples: int) -> tuple[list[tuple[str, ...]], list[str]]:
    """Start the gRPC services over the store at ``url`` and time the calls."""
    from common import store
    from common.auth import Role, issue
    from common.clock import SystemClock
    from common.grpc_server import AuthInterceptor, start_server
    from complaints.v1 import cases_pb2, cases_pb2_grpc, reports_pb2, reports_pb2_grpc
    from services.records.adapters.documents import AccessRecord, CaseFile, ComplaintFile
    from services.records.bootstrap import register, servicers
    from services.records.config import RecordsSettings

    notes = []
    store.connect(alias="records", url=url, db="bench_records")
    t = time.perf_counter()
    await store.run_sync(store.ensure_indexes, [CaseFile, ComplaintFile, AccessRecord])
    notes.append(f"mongoengine built the service's indexes in {time.perf_counter() - t:.1f} s")
    cases, reports = servicers(clock=SystemClock(), relay=None, settings=RecordsSettings())  # type: ignore[arg-type]
    server, port = await start_server(
        0, register(cases, reports), interceptors=[AuthInterceptor("bench")]
    )
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    meta = (("authorization", f"Bearer {issue('bench', 'bench', Role.CENTRAL_TEAM)}"),)
    stub = cases_pb2_grpc.CaseServiceStub(channel)
    report_stub = reports_pb2_grpc.ReportServiceStub(channel)
    middle = f"DSO-2025-{50_000:06d}"
    # fmt: off
    filters: list[tuple[str, dict[str, Any]]] = [
        ("no filter, first page of 50", {}),
        ("procedure=dso", {"procedure": "dso"}),
        ("status=open", {"status": "open"}),
        ("procedure=children, status=investigating",
         {"procedure": "children", "status": "investigating"}),
        ("owner=psu", {"owner": "psu"}),
        ("stage=service_delivery, breached", {"stage": "service_delivery", "breached_only": True}),
        ("due before 2025-06-01", {"due_before": "2025-06-01"}),
        ("officer=officer-7 (a caseload)", {"officer": "officer-7"}),
        ("procedure=dso, page from the middle", {"procedure": "dso", "page_token": middle}),
    ]
    # fmt: on
    rows: list[tuple[str, ...]] = []

    async def timed(label: str, call, n: int) -> None:  # type: ignore[no-untyped-def]
        times, count = [], ""
        for _ in range(n):
            t = time.perf_counter()
            count = await call()
            times.append(time.perf_counter() - t)
        p50, p99 = (f"{pct(times, p) * 1000:.0f}" for p in (50, 99))
        rows.append((label, count, p50, p99, str(n)))

    for label, kwargs in filters:
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
    await channel.close()
    await server.stop(None)
    return rows, notes


def wire_insert_rate(n: int = 1000, batch: int = 500) -> list[str]:
    """insert_many over the wire into an empty store, to show why the load bypasses it."""
    from pymongo import MongoClient

    proc, url, _ = serve(Path(tempfile.mkdtemp()) / "wire.db")
    cases: Any = MongoClient(url, directConnection=True)["w"]["cases"]
    rng, out = random.Random(1), []
    for first in range(0, n, batch):
        docs = [case_document(i, rng) for i in range(first, first + batch)]
        t = time.perf_counter()
        cases.insert_many(docs)
        rate = batch / (time.perf_counter() - t)
        out.append(f"docs {first + 1:,}-{first + batch:,}: {rate:.0f}/s")
    if proc.stdin:
        proc.stdin.close()
    proc.wait(timeout=60)
    return out


# The store in its own process, as `make run` has it; opening a large SQLite file takes
# longer than `common.store_server`'s 30 s start-up limit, hence this small launcher.
SERVE = """
import sys, threading
from pathlib import Path
from common.store_server import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
store._thread.start()
print(store._ready.result(timeout=3600), flush=True)
sys.stdin.read()
store.stop()
"""


def serve(path: Path) -> tuple[subprocess.Popen[str], str, float]:
    """Start the store server on ``path``; its URL and how long it took to open."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    url = (proc.stdout.readline() if proc.stdout else "").strip()
    if not url.startswith("mongodb://"):
        raise RuntimeError(f"the store did not start: {url!r}")
    return proc, url, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--store", type=Path, help="reuse a store file loaded before")
    parser.add_argument("--out", type=Path, default=Path("bench/results/records_listcases.md"))
    args = parser.parse_args()

    path = args.store or Path(tempfile.mkdtemp(prefix="records-bench-")) / "store.db"
    load_s = None if args.store else load(path, args.cases, args.batch)
    proc, url, open_s = serve(path)
    print(f"store {path} ({path.stat().st_size / 1e6:.0f} MB) open in {open_s:.0f}s", flush=True)
    try:
        rows, notes = asyncio.run(measure(url, args.samples))
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=120)
    notes.insert(0, f"opening the {args.cases:,}-case store file took {open_s:.0f} s")
    write(args, path, load_s, rows, notes, wire_insert_rate())


KEEP = "<!-- written by hand below: kept when the benchmark rewrites the numbers above -->"


def write(args, path, load_s, rows, notes, wire) -> None:  # type: ignore[no-untyped-def]
    import mongoeco

    lines = [
        "# Records: ListCases and the quarterly KPI report with many cases",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m bench.records_listcases"
        f" --cases {args.cases} --samples {args.samples}`.",
        "",
        f"- Machine: {_machine()}, Python {host.python_version()}",
        f"- Store: mongoeco {mongoeco.__version__} (SQLite engine) in its own process, over "
        f"the MongoDB wire protocol on the same machine, {path.stat().st_size / 1e6:.0f} MB file",
        f"- Cases: {args.cases:,} case files" + _loaded(args, load_s),
        "- Calls: through gRPC with a bearer token, the access check and the access-log write "
        "that every ListCases makes (one record per page)",
        "",
        "| call | cases returned | p50 ms | p99 ms | samples |",
        "|---|---|---|---|---|",
        *[f"| {' | '.join(r)} |" for r in rows],
        "",
        "Notes:",
        *[f"- {n}" for n in notes],
        "- insert_many over the wire into an empty store (why the load bypasses it): "
        + "; ".join(wire),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    kept = args.out.read_text().partition(KEEP)[2] if args.out.exists() else ""
    args.out.write_text("\n".join(lines) + (f"\n\n{KEEP}{kept}" if kept else "\n"))
    print("\n".join(lines))


def _loaded(args, load_s: float | None) -> str:  # type: ignore[no-untyped-def]
    if not load_s:
        return " (a store loaded before)"
    rate = args.cases / load_s
    return f", loaded in {load_s:.0f} s ({rate:.0f}/s), insert_many of {args.batch} (embedded)"


def _machine() -> str:
    info = Path("/proc/cpuinfo").read_text() + Path("/proc/meminfo").read_text()
    lines = info.splitlines()
    cpu = next((x.split(":", 1)[1].strip() for x in lines if x.startswith("model name")), "cpu")
    mem = next(int(x.split()[1]) for x in lines if x.startswith("MemTotal"))
    return f"{cpu} x{os.cpu_count()}, {mem / 1e6:.0f} GB RAM, {host.system()} {host.release()}"


if __name__ == "__main__":
    main()
