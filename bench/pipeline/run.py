"""``python -m bench pipeline``: options, then preflight, prefill, drive, wait, measure."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.pipeline import ceiling, metrics, report
from bench.pipeline.drive import (
    DEFAULT_SUBMISSION,
    ROOT,
    PlatformNotRunning,
    Tap,
    default_partner,
    load_template,
    masked,
    preflight,
    publish,
)
from bench.pipeline.milestones import Tracker

RESULTS = ROOT / "bench" / "results" / "pipeline.json"
DEFAULT_BURST = 2000
MIN_CEILING_MESSAGES = 5000
MIN_TIMEOUT_S, TIMEOUT_PER_COMPLAINT_S = 600.0, 2.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench pipeline",
        description="Drive the running platform (`make up`) as a partner and measure "
        "latency per milestone, throughput, bus and store work, against the broker's ceiling.",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--burst",
        type=int,
        metavar="N",
        help=f"publish N complaints as fast as confirms allow (default {DEFAULT_BURST})",
    )
    mode.add_argument(
        "--rate",
        type=float,
        metavar="R",
        help="offer R complaints per second, on schedule, for --duration seconds",
    )
    p.add_argument("--duration", type=float, metavar="S", help="seconds of --rate (default 60)")
    p.add_argument(
        "--partner",
        help="submit as this partner (default: the demo's for the "
        "submission's procedure, probation-north for hmip)",
    )
    p.add_argument(
        "--submission",
        type=Path,
        default=DEFAULT_SUBMISSION,
        help="the complaint to send (default examples/submissions/"
        "hmip-staff-conduct.json); each copy gets its own partner_ref",
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help="after the last publish, wait at most S seconds for every complaint "
        f"to be acknowledged (default {MIN_TIMEOUT_S:g}, or {TIMEOUT_PER_COMPLAINT_S:g} s "
        "per complaint if that is longer)",
    )
    p.add_argument(
        "--inflight",
        type=int,
        default=64,
        metavar="K",
        help="publisher confirms outstanding at once (default 64)",
    )
    p.add_argument(
        "--settle",
        type=float,
        default=3.0,
        metavar="S",
        help="after the wait, until the bus is quiet for S seconds (default 3)",
    )
    p.add_argument(
        "--prefill",
        type=int,
        default=0,
        metavar="N",
        help="first load N cases with bench.prefill.load(N) (bench/prefill.py)",
    )
    p.add_argument(
        "--ceiling-messages",
        type=int,
        metavar="N",
        help="messages for the broker ceiling (default: as many as the pipeline "
        f"moved, at least {MIN_CEILING_MESSAGES}; 0 skips it)",
    )
    p.add_argument("--amqp-url", help="the broker (default PLATFORM_AMQP_URL or local guest)")
    p.add_argument(
        "--metrics-host",
        default="127.0.0.1",
        help="where the services' /metrics listen (ports 9101-9105)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=RESULTS,
        help="results file (default bench/results/pipeline.json)",
    )
    args = p.parse_args(argv)
    if args.duration is not None and args.rate is None:
        p.error("--duration goes with --rate")
    if args.rate is not None:
        args.duration = 60.0 if args.duration is None else args.duration
        if args.rate <= 0 or args.duration <= 0:
            p.error("--rate and --duration must be positive")
        args.count = max(1, round(args.rate * args.duration))
    else:
        args.count = DEFAULT_BURST if args.burst is None else args.burst
        if args.count <= 0:
            p.error("--burst must be positive")
    if args.timeout is None:
        args.timeout = max(MIN_TIMEOUT_S, TIMEOUT_PER_COMPLAINT_S * args.count)
    if args.inflight <= 0 or args.timeout < 0:
        p.error("--inflight must be positive and --timeout not negative")
    return args


class NoPrefill(RuntimeError):
    """--prefill was asked for but there is no bench/prefill.py yet."""


def prefill(n: int) -> int:
    """Load n cases through bench.prefill.load(n); how many the store then holds from it."""
    if n <= 0:
        return 0
    try:
        module = importlib.import_module("bench.prefill")
    except ModuleNotFoundError as exc:
        if exc.name != "bench.prefill":
            raise
        raise NoPrefill(
            "--prefill needs bench/prefill.py with load(n), which does not exist yet; "
            "run without --prefill"
        ) from exc
    loaded = module.load(n)
    if inspect.isawaitable(loaded):
        loaded = asyncio.run(loaded)  # type: ignore[arg-type]
    return loaded if isinstance(loaded, int) and not isinstance(loaded, bool) else n


async def _progress(tracker: Tracker, total: int, console: Console, every_s: float = 5.0) -> None:
    started = time.monotonic()
    while True:
        await asyncio.sleep(every_s)
        console.print(
            f"  {time.monotonic() - started:6.0f} s  published {len(tracker.complaints)}/{total}"
            f"  accepted {tracker.count('accepted')}  routed {tracker.count('routed')}"
            f"  acknowledged {tracker.count('acknowledged')}  bus messages {tracker.seen}"
        )


async def _wait(tracker: Tracker, tap: Tap, timeout_s: float) -> tuple[float, bool]:
    """Until every complaint is settled or the timeout; (seconds waited, timed out)."""
    started = time.monotonic()
    while not tracker.all_settled():
        if time.monotonic() - started >= timeout_s:
            return time.monotonic() - started, True
        if not tap.alive:
            raise PlatformNotRunning("lost the connection to RabbitMQ while waiting")
        await asyncio.sleep(0.2)
    return time.monotonic() - started, False


async def _quiet(tracker: Tracker, quiet_s: float) -> None:
    """Until nothing was heard for quiet_s (the trailing events of the last complaints)."""
    give_up = time.monotonic() + max(10.0, 5 * quiet_s)
    while time.monotonic() < give_up:
        if time.monotonic() - (tracker.last_heard or 0.0) >= quiet_s:
            return
        await asyncio.sleep(0.1)


async def measure(
    args: argparse.Namespace, url: str, state: dict[str, Any], prefilled: int, console: Console
) -> dict[str, Any]:
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    run_id = uuid.uuid4().hex[:8]
    template = load_template(args.submission)
    partner = args.partner or default_partner(template.get("procedure", ""))
    tracker = Tracker()
    tap = Tap(url, tracker, run_id)
    await tap.start()
    ticker = asyncio.create_task(_progress(tracker, args.count, console))
    try:
        before = await asyncio.to_thread(metrics.scrape_all, args.metrics_host)
        mode = f"{args.rate}/s for {args.duration:g} s" if args.rate else "burst"
        console.print(f"publishing {args.count} complaints as {partner} ({mode}), run {run_id}")
        sent = await publish(
            url,
            tracker,
            partner=partner,
            template=template,
            run_id=run_id,
            count=args.count,
            rate=args.rate,
            inflight=args.inflight,
        )
        waited, timed_out = await _wait(tracker, tap, args.timeout)
        if not timed_out:  # the last complaints' trailing events (records filing letters)
            await _quiet(tracker, args.settle)
        after = await asyncio.to_thread(metrics.scrape_all, args.metrics_host)
    finally:
        ticker.cancel()
        await tap.stop()
    moved = sent.count + len(tracker.ours)
    sizes = sent.body_bytes + sum(size for _, size in tracker.ours)
    n = args.ceiling_messages
    n = max(MIN_CEILING_MESSAGES, moved) if n is None else n
    ceiling_figures: dict[str, Any] | None = None
    if n > 0:
        console.print(f"broker ceiling: {n} messages of {sizes // max(moved, 1)} bytes")
        try:
            ceiling_figures = await ceiling.measure(url, n, sizes // max(moved, 1))
        except Exception as exc:  # noqa: BLE001 - reported, the pipeline figures stand
            ceiling_figures = {"msgs_per_s": None, "error": f"{exc.__class__.__name__}: {exc}"}
    options = {
        "mode": "rate" if args.rate else "burst",
        "burst": None if args.rate else args.count,
        "rate": args.rate,
        "duration_s": args.duration,
        "complaints": args.count,
        "partner": partner,
        "submission": str(args.submission.resolve().relative_to(ROOT))
        if args.submission.resolve().is_relative_to(ROOT)
        else str(args.submission),
        "timeout_s": args.timeout,
        "inflight": args.inflight,
        "settle_s": args.settle,
        "prefill": args.prefill,
        "ceiling_messages": n,
        "amqp_url": masked(url),
        "run_id": run_id,
    }
    data = report.result(
        tracker=tracker,
        options=options,
        published=vars(sent),
        store=metrics.store_figures(before, after, sent.count),
        ceiling=ceiling_figures,
        machine_info=report.machine(state.get("rabbitmq_version")),
        prefilled=prefilled,
        started_at=started_at,
        waited_s=waited,
        timed_out=timed_out,
    )
    data["platform"] = {"queues_before": state.get("queues")}
    return data


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 160)
    if not args.submission.is_file():
        console.print(f"[red]no submission file {args.submission}[/red]")
        return 2
    from common.settings import PlatformSettings

    url = args.amqp_url or PlatformSettings().amqp_url
    try:
        state = asyncio.run(preflight(url))
    except PlatformNotRunning as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    backlog = {q: s["messages"] for q, s in state["queues"].items() if s["messages"]}
    if backlog:
        console.print(f"[yellow]queues not empty before the run (figures skewed): {backlog}")
    try:
        prefilled = prefill(args.prefill)
    except NoPrefill as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    try:
        data = asyncio.run(measure(args, url, state, prefilled, console))
    except PlatformNotRunning as exc:
        console.print(f"[red]{exc}[/red]")
        return 2
    report.write(data, args.out)
    report.show(data, console, args.out)
    return 0 if data["complaints"]["incomplete"] == 0 else 1
