"""Fill the platform's stores with N realistic complaints, as years of use would.

``python -m bench prefill --cases 100000`` (or ``python -m bench pipeline --prefill N``).

1. Templates: each example submission in ``examples/submissions`` goes through the
   whole platform in one process (`devstack.inprocess`: the five services' own code on
   in-memory stores) until it is routed, its clocks set, its letters sent and its case
   acknowledged; every document each service then keeps for it is captured.
2. Copies: the N complaints are copies of those templates under new references and
   partner references, moved back in time by a random number of days (up to three
   years), every date and time in them moved with it. They are past complaints: their
   timers (``next_fire_on``, ``next_attempt_at``) are cleared, so the running platform
   does not start firing three years of reminders.
3. They are written into each service's own store (``PLATFORM_STORE_URL``, the same
   stores the running platform uses) a page at a time with ``Store.restore_many``, and
   the reference counters are moved past the numbers used, so a live complaint never
   gets a number a copy has.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bson import ObjectId

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"
TIMERS = ("next_fire_on", "next_attempt_at")
PAGE = 2000
ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
REFERENCE = re.compile(r"^([A-Z]+)-(\d{4})-(\d{6})$")


Template = dict[str, list[tuple[type, dict[str, Any]]]]  # service -> [(class, son)]


async def make_templates() -> list[tuple[str, str, Template]]:
    """(reference, partner_ref, documents by service) for each example submission."""
    from devstack.inprocess import InProcessPlatform

    platform = InProcessPlatform()
    seen: set[tuple[str, str, Any]] = set()
    out = []
    for path in sorted(EXAMPLES.glob("*.json")):
        body = json.loads(path.read_text())
        # As if it came in today: every date in it moves by the same number of days.
        sent = datetime.fromisoformat(body["received_at"])
        body = transform(body, [], -(datetime.now(UTC) - sent).days)
        body["partner_ref"] = f"TPL-{uuid.uuid4().hex[:12]}"
        body.pop("submitted_with", None)
        await platform.submit("bench-prefill", body)
        await platform.settle()
        docs: Template = {}
        reference = ""
        for name, rt in platform.runtimes.items():
            for cls in rt.documents:
                for doc in rt.store.find(cls, order_by="id"):
                    key = (name, cls.__name__, doc.pk)
                    if key in seen:
                        continue
                    seen.add(key)
                    son = doc.to_mongo().to_dict()
                    docs.setdefault(name, []).append((cls, son))
                    if name == "intake" and cls.__name__ == "SubmissionRecord":
                        reference = son["reference"]
        if not reference:
            refused = platform.bus.refused[-1:] or "no reply"
            raise RuntimeError(f"template {path.name} was not accepted: {refused}")
        out.append((reference, body["partner_ref"], docs))
    return out


def _shift_text(text: str, days: int) -> str:
    def shift(m: re.Match[str]) -> str:
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return m[0]
        return (d - timedelta(days=days)).isoformat()

    return ISO_DAY.sub(shift, text)


def transform(value: Any, subs: list[tuple[str, str]], days: int) -> Any:
    """``value`` with every reference substituted and every date moved ``days`` back."""
    if isinstance(value, str):
        for old, new in subs:
            if old in value:
                value = value.replace(old, new)
        return _shift_text(value, days) if ISO_DAY.search(value) else value
    if isinstance(value, datetime):
        return value - timedelta(days=days)
    if isinstance(value, dict):
        return {k: transform(v, subs, days) for k, v in value.items()}
    if isinstance(value, list):
        return [transform(v, subs, days) for v in value]
    if isinstance(value, ObjectId):
        return ObjectId()
    return value


def load(n: int, *, seed: int = 2026, quiet: bool = False) -> int:
    """Write ``n`` copied complaints into the platform's stores; returns ``n``."""
    from cli.store import service_documents
    from common.settings import PlatformSettings
    from common.storage import open_store

    rng = random.Random(seed)
    started = time.perf_counter()
    templates = asyncio.run(make_templates())
    platform = PlatformSettings()
    stores = {
        name: open_store(
            platform.store_url_for(name), service_documents(name), service=name,
            db=f"{platform.db_prefix}{name}",
        )
        for name in ("intake", "routing", "deadlines", "notifications", "records")
    }  # fmt: skip
    numbers = dict(stores["intake"].counters())
    batches: dict[str, list[tuple[Any, list[Any]]]] = {name: [] for name in stores}
    written = 0

    def flush(force: bool = False) -> None:
        nonlocal written
        for name, batch in batches.items():
            if batch and (force or len(batch) >= PAGE):
                stores[name].restore_many(batch)
                written += len(batch)
                batch.clear()

    for i in range(n):
        reference, partner_ref, docs = templates[i % len(templates)]
        days = rng.randint(30, 3 * 365)
        prefix, year, _ = REFERENCE.match(reference).groups()  # type: ignore[union-attr]
        new_year = (datetime.now(UTC) - timedelta(days=days)).year
        series = f"{prefix}-{new_year}"
        numbers[series] = numbers.get(series, 0) + 1
        new_ref = f"{series}-{numbers[series]:06d}"
        subs = [(reference, new_ref), (partner_ref, f"PF-{i:07d}-{rng.getrandbits(32):08x}")]
        for name, items in docs.items():
            for cls, son in items:
                copy = transform(son, subs, days)
                for timer in TIMERS:
                    if timer in copy:
                        copy[timer] = None
                batches[name].append((cls._from_son(copy), []))
        if (i + 1) % 1000 == 0:
            flush()
            if not quiet:
                rate = (i + 1) / (time.perf_counter() - started)
                print(f"  prefill: {i + 1:,} of {n:,} complaints ({rate:,.0f}/s)", flush=True)
    flush(force=True)
    for series, seq in numbers.items():
        stores["intake"].restore_counter(series, seq)
    for store in stores.values():
        store.close()
    if not quiet:
        took = time.perf_counter() - started
        print(f"  prefill: {n:,} complaints, {written:,} documents in {took:,.0f} s")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench prefill", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--cases", type=int, default=100_000, help="complaints to add (100,000)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.cases <= 0:
        parser.error("--cases must be at least 1")
    load(args.cases, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
