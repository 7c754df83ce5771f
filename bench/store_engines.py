"""The store engines side by side: the operations every handler makes, at growing sizes.

``python -m bench store_engines [--sizes 1000 10000] [--engines sqlite mongo] [--ops 200]``

For each engine and each collection size N (documents of about 2 KB, like a case file):
fill N, then time ``get`` by key, the handler's compare-and-set ``commit`` with an outbox
message, ``clear_outbox``, an indexed ``find`` (one page of 50) and ``insert``. The
``mongo`` engine runs against mongoeco in process (the MongoDB-protocol emulator this
machine has: pure Python, never the default). Writes ``bench/results/store_engines.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import mongoengine as me

from common.bus import Outgoing
from common.outbox import Aggregate
from common.storage import open_store

RESULTS = Path(__file__).parent / "results" / "store_engines.json"


class BenchCase(Aggregate):
    meta = {"collection": "bench_cases", "indexes": ["procedure", "next_due", "status"]}

    id = me.StringField(primary_key=True)
    procedure = me.StringField()
    status = me.StringField()
    next_due = me.DateField()
    history = me.ListField(me.DictField())


def case(i: int) -> BenchCase:
    return BenchCase(
        id=f"C-{i:07d}",
        procedure=("dso", "hmip", "spso", "children", "code")[i % 5],
        status=("open", "closed")[i % 2],
        next_due=date(2026, 1 + i % 12, 1 + i % 28),
        history=[{"kind": "note", "at": "2026-12-02T10:00:00", "text": "x" * 180}] * 10,
    )


def rate(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    return round(n / (time.perf_counter() - start), 1)


def run(engine: str, size: int, ops: int, mongo_url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db" if engine == "sqlite" else mongo_url
        store = open_store(url, [BenchCase], service=f"bench{size}", db=f"bench_{size}")
        started = time.perf_counter()
        for i in range(size):
            store.commit(case(i), message_id=None, emit=[])
        fill = round(size / (time.perf_counter() - started), 1)
        msg = Outgoing(exchange="complaints", routing_key="x", message_id="", body={"a": 1})

        def commit(i: int) -> None:
            doc = store.get(BenchCase, f"C-{i:07d}")
            doc.status = "acknowledged"
            store.commit(doc, message_id=f"m{i}", emit=[msg.__class__(**{**msg.__dict__,
                         "message_id": f"out{i}"})])  # fmt: skip

        out = {
            "fill_inserts_per_s": fill,
            "get_per_s": rate(ops, lambda i: store.get(BenchCase, f"C-{(i * 7) % size:07d}")),
            "get_and_commit_per_s": rate(ops, commit),
            "clear_outbox_per_s": rate(
                ops, lambda i: store.clear_outbox(BenchCase, f"C-{i:07d}", [f"out{i}"])
            ),
            "find_page_per_s": rate(
                ops, lambda i: store.find(BenchCase, {"procedure": "dso", "status": "open",
                                                      "next_due__lt": date(2026, 6, 1)}, limit=50)
            ),  # fmt: skip
            "insert_per_s": rate(ops, lambda i: store.commit(case(size + i), message_id=None,
                                                            emit=[])),  # fmt: skip
        }
        store.close()
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--engines", nargs="+", default=["sqlite", "mongo"])
    parser.add_argument("--ops", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, dict[str, dict[str, float]]] = {}
    mongo_url, server = "", None
    if "mongo" in args.engines:
        from common.store_server import EmbeddedStore

        server = EmbeddedStore(None)
        mongo_url = server.start()
    try:
        for engine in args.engines:
            for size in args.sizes:
                ops = args.ops if engine == "sqlite" else min(args.ops, 50)
                figures = run(engine, size, ops, mongo_url)
                results.setdefault(engine, {})[str(size)] = figures
                print(engine, size, json.dumps(figures))
    finally:
        if server:
            server.stop()
    import mongoeco  # type: ignore[import-untyped]

    machine = {
        "cpu": platform.processor() or platform.machine(),
        "cores": __import__("os").cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "mongoengine": me.__version__,
        "mongoeco": getattr(mongoeco, "__version__", "?"),
        "os": platform.platform(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"benchmark": "store_engines", "at": datetime.now(UTC)
                                   .isoformat(timespec="seconds"), "machine": machine,
                                   "results": results}, indent=2) + "\n")  # fmt: skip
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
