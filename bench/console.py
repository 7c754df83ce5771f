"""Benchmark (not a test): the console's page timings with many cases,
``python -m bench console --cases 100000``.

1. A platform of its own: stores (SQLite) in a fresh directory, a fresh RabbitMQ vhost
   (``rabbitmqctl``; the broker of ``make run``), its clock file.
2. ``--cases`` complaints written into those stores by `bench.prefill` (copies of the
   examples, as years of use would leave them: case files, clocks, letters, routing).
3. The five services and the console started as processes, as the devstack starts them.
4. A person of the central team signs in (the development sign-in) and the pages are
   fetched over HTTP as a browser would (HTML only): the caseload's first page with and
   without filters, a page from the middle, and the case page of cases picked at random
   from the caseload (each case page: GetFile, GetClocks, ListNotifications and
   RoutingService.Explain through gRPC, and the template).

Writes ``bench/results/console.json`` (or ``--out``): p50, p95 and p99 per page, with
the machine and the versions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "routing", "deadlines", "notifications", "records")
LINK = re.compile(r'href="/case/([A-Z]+-\d{4}-\d{6}/\d+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSIONS = ("starlette", "uvicorn", "jinja2", "grpcio", "protobuf")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rabbitmqctl(*args: str) -> None:
    exe = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
    subprocess.run([exe, "-q", *args], check=True, capture_output=True, timeout=60)


def pct(samples: list[float], p: float) -> float:
    """The nearest-rank percentile, in milliseconds."""
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000, 1)


def wait_for(probe: Any, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


def start(env: dict[str, str], workdir: Path) -> dict[str, subprocess.Popen]:
    """The five services and the console; returns once each answers."""
    from ops.services import grpc_health

    procs = {}
    for name in (*SERVICES, "console"):
        module = f"services.{name}"
        with open(workdir / f"{name}.log", "ab") as log:
            procs[name] = subprocess.Popen(
                [sys.executable, "-m", module], cwd=ROOT, env=env, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
    for name in SERVICES:
        address = f"127.0.0.1:{env[f'{name.upper()}_GRPC_PORT']}"
        wait_for(lambda a=address: grpc_health(a, 1.0)[0] == "SERVING", name)
    return procs


def timed(client: Any, url: str, shown: list[int]) -> float:
    """Seconds to GET ``url``; the cases the page links to are added to ``shown``."""
    t = time.perf_counter()
    reply = client.get(url)
    took = time.perf_counter() - t
    if reply.status_code != 200:
        raise RuntimeError(f"GET {url}: HTTP {reply.status_code}\n{reply.text[-2000:]}")
    shown.append(len(set(LINK.findall(reply.text))))
    return took


def measure(base: str, samples: int, seed: int) -> tuple[list[dict[str, Any]], int]:
    import httpx

    rng = random.Random(seed)
    rows = []
    with httpx.Client(base_url=base, timeout=60, follow_redirects=True) as client:
        page = client.get("/signin")
        token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
        data = {"csrf_token": token, "role": "central-team", "name": "Bench"}
        client.post("/signin", data=data).raise_for_status()
        first = client.get("/cases")
        first.raise_for_status()
        # Cases to open: from the caseload's pages under several filters.
        refs: set[str] = set(LINK.findall(first.text))
        for query in ("procedure=dso", "procedure=children", "status=closed", "status=acknowledged",
                      "procedure=spso", "procedure=hmip"):  # fmt: skip
            refs |= set(LINK.findall(client.get(f"/cases?{query}").text))
        middle = sorted(refs)[len(refs) // 2]
        pages = [
            ("caseload, first page, no filter", "/cases"),
            ("caseload, procedure=dso", "/cases?procedure=dso"),
            ("caseload, status=acknowledged", "/cases?status=acknowledged"),
            ("caseload, due before 2026-12-31", "/cases?due_before=2026-12-31"),
            ("caseload, a page from the middle", f"/cases?page={middle}"),
        ]
        for label, url in pages:
            shown: list[int] = []
            times = [timed(client, url, shown) for _ in range(samples)]
            rows.append(_row(label, times) | {"cases_listed": max(shown)})
        picks = [rng.choice(sorted(refs)) for _ in range(samples)]
        times = [timed(client, f"/case/{ref}", []) for ref in picks]
        rows.append(_row(f"case page ({len(set(picks))} cases at random)", times))
    return rows, len(refs)


def _row(label: str, times: list[float]) -> dict[str, Any]:
    return {"page": label, "samples": len(times), "p50_ms": pct(times, 50),
            "p95_ms": pct(times, 95), "p99_ms": pct(times, 99)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench console", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/console.json")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="console-bench-"))
    vhost = f"bench-console-{uuid.uuid4().hex[:8]}"
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    ports = {name: free_port() for name in SERVICES}
    console_port = free_port()
    env = dict(os.environ) | {
        "PLATFORM_AMQP_URL": f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
        "PLATFORM_STORE_URL": f"sqlite:///{workdir}/{{service}}.db",
        "PLATFORM_CLOCK_FILE": str(workdir / "clock.json"),
        "PLATFORM_METRICS_PORT_BASE": "0",
        "PLATFORM_LOG_JSON": "false",
        "PLATFORM_LOG_LEVEL": "WARNING",
        "CONSOLE_PORT": str(console_port),
        "CONSOLE_SECURE_COOKIES": "false",
        "PYTHONPATH": str(ROOT),
        **{f"{name.upper()}_GRPC_PORT": str(port) for name, port in ports.items()},
    }
    procs: dict[str, subprocess.Popen] = {}
    try:
        os.environ.update(env)  # bench.prefill writes into the stores the settings name
        from bench.prefill import load

        t = time.perf_counter()
        load(args.cases, seed=args.seed)
        prefill_s = time.perf_counter() - t
        procs = start(env, workdir)
        base = f"http://127.0.0.1:{console_port}"
        wait_for(lambda: _answers(f"{base}/healthz"), "console")
        rows, seen = measure(base, args.samples, args.seed)
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            proc.wait(timeout=30)
        rabbitmqctl("delete_vhost", vhost)
    result = {
        "benchmark": "console",
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": f"python -m bench console --cases {args.cases} --samples {args.samples}",
        "cases": args.cases,
        "prefill_s": round(prefill_s, 1),
        "cases_picked_from": seen,
        "how": "HTTP GET of the HTML as a signed-in central-team person (httpx, one client, "
        "one request at a time); the console and the five services as separate processes "
        "on SQLite stores, as the devstack runs them",
        "pages": rows,
        "machine": _machine(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=1) as reply:  # noqa: S310 - local http
            return reply.status == 200
    except OSError:
        return False


def _machine() -> dict[str, Any]:
    from bench.pipeline.report import machine

    info = machine(None)
    for name in VERSIONS:
        try:
            info["packages"][name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info["packages"][name] = None
    return info


if __name__ == "__main__":
    sys.exit(main())
