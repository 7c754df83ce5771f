"""The results file (JSON) and the table printed at the end; the machine and versions."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.pipeline.milestones import MILESTONES, Tracker, rate, ratio, summarise

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("faststream", "aio-pika", "pika", "mongoengine", "pymongo", "mongoeco", "grpcio")
INCOMPLETE_LISTED = 50


def _first_line(path: str, prefix: str) -> str | None:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _run(argv: list[str], timeout: float = 10.0) -> str | None:
    if not shutil.which(argv[0]):
        return None
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def machine(rabbitmq_version: str | None) -> dict[str, Any]:
    """CPU, memory, OS and the versions that shape the figures."""
    mem_kb = _first_line("/proc/meminfo", "MemTotal")
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    commit = _run(["git", "rev-parse", "--short", "HEAD"])
    return {
        "cpu": _first_line("/proc/cpuinfo", "model name") or platform.processor() or None,
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem_kb.split()[0]) / 2**20, 1) if mem_kb else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        # The broker's own answer on connecting (AMQP server properties); no management API.
        "rabbitmq": rabbitmq_version or _run(["rabbitmqctl", "version"]),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
        "commit": commit,
        "uncommitted_changes": bool(_run(["git", "status", "--porcelain"])),
    }


def result(
    *,
    tracker: Tracker,
    options: dict[str, Any],
    published: dict[str, Any],
    store: dict[str, Any],
    ceiling: dict[str, Any] | None,
    machine_info: dict[str, Any],
    prefilled: int,
    started_at: str,
    waited_s: float,
    timed_out: bool,
) -> dict[str, Any]:
    """Everything the run measured, in the shape bench/README.md documents."""
    complaints = list(tracker.complaints.values())
    completed = [c for c in complaints if c.completed]
    window = tracker.window()
    pipeline_end = window[1] if window else None
    ours_in_window = [
        (t, size) for t, size in tracker.ours if pipeline_end is None or t <= pipeline_end
    ]
    sent = published.get("count", 0)
    moved = sent + len(ours_in_window)
    pipeline_msgs_per_s = rate(moved, window) if completed else None
    ceiling_rate = (ceiling or {}).get("msgs_per_s")
    incomplete = [c for c in complaints if not c.completed]
    return {
        "benchmark": "pipeline",
        "started_at": started_at,
        "options": options,
        "prefilled": prefilled,
        "complaints": {
            "published": sent,
            "publish_failed": published.get("failed", 0),
            "accepted": tracker.count("accepted"),
            "completed": len(completed),
            "incomplete": len(incomplete),
            "timed_out": timed_out,
            "waited_s": waited_s,
            "incomplete_examples": [
                {"partner_ref": c.partner_ref, "reference": c.reference, "status": c.status()}
                for c in incomplete[:INCOMPLETE_LISTED]
            ],
        },
        "elapsed_s": (window[1] - window[0]) if window else None,
        "complaints_per_s": rate(len(completed), window),
        "publish": {
            "msgs_per_s": rate(sent, (published["first_at"], published["last_at"]))
            if published.get("first_at") is not None and published.get("last_at") is not None
            else None,
            "max_schedule_lag_s": published.get("max_lag_s"),
            "mean_body_bytes": published["body_bytes"] / sent if sent else None,
        },
        "latency_s": {m: summarise(tracker.latencies(m)) for m in MILESTONES},
        "messages": {
            "seen": tracker.seen,
            "ours": len(tracker.ours),
            "per_complaint": tracker.seen / sent if sent else None,
            "ours_per_complaint": len(tracker.ours) / sent if sent else None,
            "by_routing_key": dict(sorted(tracker.by_key.items())),
            "pipeline_msgs_per_s": pipeline_msgs_per_s,
        },
        "store": store,
        "broker_ceiling": ceiling,
        "ratio": ratio(pipeline_msgs_per_s, ceiling_rate),
        "machine": machine_info,
    }


def rounded(value: Any, digits: int = 4) -> Any:
    """Floats to ``digits`` decimals, all the way down (times are seconds: 0.1 ms)."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v, digits) for v in value]
    return value


def write(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rounded(data), indent=2, default=str) + "\n")


def _s(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def show(data: dict[str, Any], console: Console, path: Path) -> None:
    """The figures as people read them."""
    table = Table(title="Latency after publish (s)", title_justify="left")
    for col in ("milestone", "n", "p50", "p95", "p99", "max"):
        table.add_column(col, justify="left" if col == "milestone" else "right")
    for name, s in data["latency_s"].items():
        table.add_row(name, _s(s["count"]), _s(s["p50"]), _s(s["p95"]), _s(s["p99"]), _s(s["max"]))
    console.print(table)
    c, m, st = data["complaints"], data["messages"], data["store"]
    ceiling = data["broker_ceiling"] or {}
    summary = Table(title="Pipeline", title_justify="left", show_header=False)
    summary.add_column("figure")
    summary.add_column("value", justify="right")
    rows = [
        ("complaints published / completed", f"{c['published']} / {c['completed']}"),
        ("complaints/s (first publish -> last acknowledged)", _s(data["complaints_per_s"])),
        ("elapsed s", _s(data["elapsed_s"], 1)),
        (
            "messages on the bus per complaint (all / ours)",
            f"{_s(m['per_complaint'], 1)} / {_s(m['ours_per_complaint'], 1)}",
        ),
        ("pipeline messages/s", _s(m["pipeline_msgs_per_s"], 1)),
        ("store operations per complaint", _s(st["operations_per_complaint"], 1)),
        ("store operations per handled message", _s(st["operations_per_handled_message"], 2)),
        ("broker ceiling msgs/s (quorum, confirms)", _s(ceiling.get("msgs_per_s"), 0)),
        ("ratio pipeline / ceiling", _s(data["ratio"], 4)),
        ("prefilled cases", _s(data["prefilled"])),
    ]
    for row in rows:
        summary.add_row(*row)
    console.print(summary)
    for note in st.get("notes", []):
        console.print(f"[yellow]note:[/yellow] {note}")
    if c["incomplete"]:
        console.print(
            f"[yellow]{c['incomplete']} complaint(s) not acknowledged"
            f"{' within the timeout' if c['timed_out'] else ''}[/yellow], e.g. "
            + "; ".join(f"{x['partner_ref']} {x['status']}" for x in c["incomplete_examples"][:3])
        )
    console.print(f"results written to {path}")
