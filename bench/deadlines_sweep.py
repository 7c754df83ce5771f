"""Benchmark: how long a timer sweep takes with many open clocks, few or many of them due.

``python -m bench.deadlines_sweep [--strands 100000] [--mongo-url URL]``

Two measurements, written to ``bench/results/deadlines_sweep.md``:

1. **Platform** — the sweep's own work with the store taken out: 100,000 open clocks held
   in an index by next firing day (as MongoDB holds them), the due ones found by a range
   scan and ticked, facts turned into events. This is the cost the platform adds.
2. **With the store** — the real `DeadlineHandlers.sweep` against a MongoDB-protocol store
   (the embedded mongoeco server by default, or ``--mongo-url``): strands seeded with one
   open clock each, K of them due, the sweep run until nothing is due. Publishing is
   counted, not sent (the broker's cost is RabbitMQ's, measured elsewhere). mongoeco's own
   ceiling at that size (inserts, reads and writes by ``_id``) is reported beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import platform as host
import statistics
import time
from datetime import UTC, date, datetime
from pathlib import Path

from common.timescales import Timescale, Unit
from common.workdays import calendar_for
from services.deadlines.domain.clocks import start_clock
from services.deadlines.domain.events import next_fire_on, to_messages

RESULTS = Path(__file__).parent / "results" / "deadlines_sweep.md"
CAL = calendar_for("england-and-wales")
TODAY = date(2026, 12, 1)


def _clock(n: int, due_now: bool):  # type: ignore[no-untyped-def]
    start = date(2026, 10, 1) if due_now else date(2027, 6, 1)
    return start_clock("response", CAL, start, Timescale(amount=20, unit=Unit.WORKING_DAYS))[0]


def platform_only(total: int, due: int) -> dict[str, float]:
    """Domain-only sweep: index range scan + tick + event building, no store."""
    clocks = [_clock(i, i < due) for i in range(total)]
    index = sorted((next_fire_on([c], 2), i) for i, c in enumerate(clocks))
    keys = [k for k, _ in index]
    started = time.perf_counter()
    hits = index[: bisect.bisect_right(keys, TODAY)]
    found = time.perf_counter() - started
    events = 0
    for _, i in hits:
        ticked, facts = clocks[i].tick(TODAY, 2)
        clocks[i] = ticked
        for fact in facts:
            events += len(
                to_messages(
                    fact,
                    reference=f"R{i}",
                    strand=1,
                    procedure="dso",
                    stage="service_delivery",
                    now=datetime.now(UTC),
                )
            )
    total_s = time.perf_counter() - started
    assert events == due, (events, due)
    return {"find_ms": found * 1000, "sweep_s": total_s, "per_timer_ms": total_s * 1000 / due}


async def with_store(url: str, strands: int, due: int, seed: bool) -> dict[str, float]:
    from pymongo import MongoClient

    from common import store
    from common.bus import Outgoing
    from common.clock import FixedClock
    from common.outbox import OutboxRelay
    from services.deadlines.adapters.codec import encode
    from services.deadlines.adapters.documents import StrandClocks
    from services.deadlines.handlers import DeadlineHandlers

    db = "bench_deadlines"
    client = MongoClient(url)
    col = client[db]["clocks"]
    figures: dict[str, float] = {}
    if seed:
        col.drop()
        started = time.perf_counter()
        batch = []
        for n in range(strands):
            c = _clock(n, n < due)
            batch.append(
                {
                    "_id": f"B-{n:07d}/1",
                    "reference": f"B-{n:07d}",
                    "strand": 1,
                    "procedure": "dso",
                    "stage": "service_delivery",
                    "calendar": CAL.name,
                    "clocks": {"response": encode(c)},
                    "archived": [],
                    "rev": 1,
                    "processed": [],
                    "outbox": [],
                    "outbox_pending": False,
                    "next_fire_on": datetime.combine(next_fire_on([c], 2), datetime.min.time()),
                }
            )
            if len(batch) == 500:
                col.insert_many(batch)
                batch = []
        if batch:
            col.insert_many(batch)
        figures["seed_docs_per_s"] = strands / (time.perf_counter() - started)
    store.connect(alias="deadlines", url=url, db=db)
    StrandClocks.ensure_indexes()
    ids = [f"B-{n:07d}/1" for n in range(0, strands, max(1, strands // 200))]
    started = time.perf_counter()
    for i in ids:
        col.find_one({"_id": i})
    figures["store_find_by_id_per_s"] = len(ids) / (time.perf_counter() - started)

    class Counting:
        sent = 0

        async def publish(self, msg: Outgoing) -> None:
            Counting.sent += 1

    relay = OutboxRelay(Counting(), [StrandClocks])  # type: ignore[arg-type]
    clock = FixedClock(datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC))
    handlers = DeadlineHandlers(clock=clock, relay=relay, calendar_for=lambda name: CAL)
    started = time.perf_counter()
    while await handlers.sweep():
        pass
    figures["sweep_s"] = time.perf_counter() - started
    figures["events"] = Counting.sent
    figures["per_timer_ms"] = figures["sweep_s"] * 1000 / max(1, due)
    client.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--total", type=int, default=100_000, help="open clocks (platform)")
    parser.add_argument(
        "--strands",
        type=int,
        default=3_000,
        help="open clocks in the store run (mongoeco slows as it grows)",
    )
    parser.add_argument("--mongo-url", default="", help="a real MongoDB; default: mongoeco")
    args = parser.parse_args()
    lines = [
        f"# Timer sweep benchmark ({datetime.now(UTC):%Y-%m-%d})",
        "",
        f"Machine: {host.machine()}, {host.python_implementation()} "
        f"{host.python_version()}, {__import__('os').cpu_count()} cores.",
        "",
    ]
    lines += [
        "## Platform (store taken out)",
        "",
        f"{args.total:,} open clocks, indexed by next firing day.",
        "",
        "| due | find due (ms) | sweep (s) | per timer (ms) |",
        "|---|---|---|---|",
    ]
    for due in (100, 10_000):
        runs = [platform_only(args.total, due) for _ in range(3)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        lines.append(
            f"| {due:,} | {med['find_ms']:.2f} | {med['sweep_s']:.3f} | {med['per_timer_ms']:.3f} |"
        )
        print(lines[-1], flush=True)
    url, server = args.mongo_url, None
    if not url:
        from common.store_server import EmbeddedStore

        server = EmbeddedStore(None)
        url = server.start()
    store_name = "MongoDB at --mongo-url" if args.mongo_url else "mongoeco 4.11 (memory engine)"
    lines += [
        "",
        f"## With the store: {store_name}",
        "",
        f"{args.strands:,} strands with one open clock each, K due; the real "
        "`DeadlineHandlers.sweep` until nothing is due.",
        "",
        "| due (K) | sweep (s) | per timer (ms) | events | store: find by _id /s | "
        "store: seed docs /s |",
        "|---|---|---|---|---|---|",
    ]
    for due in (100, min(10_000, args.strands // 2)):
        f = asyncio.run(with_store(url, args.strands, due, seed=True))
        lines.append(
            f"| {due:,} | {f['sweep_s']:.2f} | {f['per_timer_ms']:.1f} | "
            f"{int(f['events']):,} | {f['store_find_by_id_per_s']:.0f} | "
            f"{f.get('seed_docs_per_s', 0):.0f} |"
        )
        print(lines[-1], flush=True)
    if server:
        server.stop()
    lines += [
        "",
        "The sweep reads only the strands due (an index range scan on "
        "`next_fire_on`), so its cost follows K, not the number of open clocks; each "
        "due strand costs one read, one revision-guarded write and the relay's "
        "claim and clear. On mongoeco every one of those is a round trip through "
        "its Python engine, which bounds the figure; real MongoDB does them in well "
        "under a millisecond.",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
