"""``complaints ops health``: is every part of the platform up?

- each of the five services: its gRPC health (the standard ``grpc.health.v1`` service
  every server runs, common.grpc_server): ``SERVING``, ``NOT_SERVING`` or
  ``unreachable``, at ``127.0.0.1:<SERVICE>_GRPC_PORT`` (else ``COMPLAINTS_<SERVICE>_ADDR``,
  the address the other commands use, else the default port 50051-50055); and its
  Prometheus endpoint (common.metrics: ``<SERVICE>_METRICS_PORT``, else
  ``PLATFORM_METRICS_PORT_BASE`` + 1..5; ``off`` when turned off, not a problem);
- the broker (``PLATFORM_AMQP_URL``);
- each work queue: present, at least one consumer, and an empty dead-letter queue (dead
  letters wait for an operator: ``complaints ops dlq list``);
- unaddressed referrals: referral letters whose recipient could not be worked out and that
  went to the fallback desk of their procedure and nation (listed, the most recent first,
  for an operator to correct the case or the address directory), or failed even that (a
  problem until resent). Read from the notifications store (``NOTIFICATIONS_STORE_URL``,
  else ``PLATFORM_STORE_URL``) through the store contract, one indexed query.

All is well (exit 0) only when every check passes; otherwise exit 1 with the problems
listed. Checks run in parallel with short timeouts, so a platform that is down answers fast.
"""

from __future__ import annotations

import os
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.settings import PlatformSettings

# The services and their default gRPC ports (services/<name>/config.py ``grpc_port``).
SERVICES: dict[str, int] = {
    "intake": 50051,
    "routing": 50052,
    "deadlines": 50053,
    "notifications": 50054,
    "records": 50055,
}
TIMEOUT_S = 2.0
# Unaddressed referrals listed at most (the most recent first).
UNADDRESSED_SHOWN = 20
# Strands with a referral at a fallback desk, most recent first: on the index of
# ``NotificationCase.unaddressed_at``.
UNADDRESSED_WHERE = {"unaddressed_at__ne": None}
UNADDRESSED_ORDER = "-unaddressed_at"


def grpc_address(service: str) -> str:
    port = os.environ.get(f"{service.upper()}_GRPC_PORT")
    if port:
        return f"127.0.0.1:{int(port)}"
    return os.environ.get(f"COMPLAINTS_{service.upper()}_ADDR") or (
        f"127.0.0.1:{SERVICES[service]}"
    )


def grpc_health(address: str, timeout_s: float = TIMEOUT_S) -> tuple[str, str]:
    """``(status, detail)``: SERVING, NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN or unreachable."""
    with grpc.insecure_channel(address) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=timeout_s
            )
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                return "unreachable", str(exc.details())  # type: ignore[attr-defined]
            return code.name, str(exc.details())  # type: ignore[attr-defined]
    return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status), ""


def metrics_url(service: str, settings: PlatformSettings) -> str | None:
    from common.metrics import metrics_port

    port = metrics_port(service, settings.metrics_port_base)
    if port is None:
        return None
    host = settings.metrics_host
    host = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 - a listen address
    return f"http://{host}:{port}/metrics"


def metrics_reachable(url: str, timeout_s: float = TIMEOUT_S) -> tuple[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as reply:  # noqa: S310 - http only
            return ("ok", "") if reply.status == 200 else ("unreachable", f"HTTP {reply.status}")
    except OSError as exc:
        return "unreachable", str(getattr(exc, "reason", exc))


def check_service(service: str, settings: PlatformSettings) -> dict[str, Any]:
    address = grpc_address(service)
    status, detail = grpc_health(address)
    url = metrics_url(service, settings)
    metrics, metrics_detail = ("off", "") if url is None else metrics_reachable(url)
    problems = []
    if status != "SERVING":
        why = f" ({detail})" if detail else ""
        problems.append(f"{service}: gRPC {status} at {address}{why}")
    if metrics == "unreachable":
        problems.append(f"{service}: metrics unreachable at {url} ({metrics_detail})")
    return {
        "service": service,
        "grpc_address": address,
        "grpc": status,
        "metrics_url": url,
        "metrics": metrics,
        "ok": not problems,
        "problems": problems,
    }


def check_broker(amqp_url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The broker and, if reachable, every work queue with its DLQ."""
    import pika

    from cli.ops import queue_stats

    try:
        stats = {r["queue"]: r for r in queue_stats(amqp_url)}
    except pika.exceptions.AMQPError as exc:
        return {"reachable": False, "detail": repr(exc), "ok": False}, []
    from common.bus import QUEUES

    queues = []
    for spec in QUEUES:
        work, dead = stats[spec.name], stats[spec.dlq]
        problems = []
        if work["messages"] is None:
            problems.append(f"{spec.name}: queue absent")
        elif not work["consumers"]:
            problems.append(f"{spec.name}: no consumer")
        if dead["messages"] is None:
            problems.append(f"{spec.dlq}: queue absent")
        elif dead["messages"]:
            problems.append(f"{spec.dlq}: {dead['messages']} dead letter(s)")
        queues.append(
            {
                "queue": spec.name,
                "messages": work["messages"],
                "consumers": work["consumers"],
                "dlq_messages": dead["messages"],
                "ok": not problems,
                "problems": problems,
            }
        )
    return {"reachable": True, "detail": "", "ok": True}, queues


def unaddressed_referrals(store: Any, limit: int = UNADDRESSED_SHOWN) -> list[dict[str, Any]]:
    """The referral letters that went to a fallback desk (or failed even that), the most
    recent strand first, from a notifications store."""
    from services.notifications.adapters.documents import NotificationCase

    docs = store.find(NotificationCase, UNADDRESSED_WHERE, order_by=UNADDRESSED_ORDER, limit=limit)
    rows = []
    for doc in docs:
        for r in doc.letters:
            desk = r.get("fallback")
            if not desk:
                continue
            rows.append(
                {
                    "case_ref": doc.id,
                    "at": doc.unaddressed_at.isoformat() if doc.unaddressed_at else "",
                    "recipient": desk["recipient"],
                    "intended": desk["intended"],
                    "reason": desk["reason"],
                    "urgency": desk["urgency"],
                    "desk": desk["desk"],
                    "status": r["status"],
                    "key": r["key"],
                }
            )
    return rows[:limit]


def check_referrals(settings: PlatformSettings) -> dict[str, Any]:
    """Unaddressed referrals from the notifications store; any still failed is a problem."""
    from common.storage import open_store
    from services.notifications.adapters.documents import DOCUMENTS

    url = settings.store_url_for("notifications")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///").format(service="notifications"))
        if not path.exists():  # never create a store by looking at it
            return {"readable": False, "detail": f"no notifications store at {path}",
                    "referrals": [], "problems": []}  # fmt: skip
    try:
        store = open_store(url, DOCUMENTS, service="notifications")
        try:
            rows = unaddressed_referrals(store)
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - reported, like an unreachable service
        detail = f"{type(exc).__name__}: {exc}"
        return {"readable": False, "detail": detail, "referrals": [],
                "problems": [f"unaddressed referrals: cannot read the notifications store "
                             f"({detail})"]}  # fmt: skip
    problems = [
        f"referral {r['case_ref']} to {r['recipient']} ({r['urgency']}) FAILED: no recipient "
        f"({r['reason']}) and the fallback desk {r['desk']} was not reached; fix the address "
        f"directory, then `complaints letters resend {r['case_ref']} {r['key']}`"
        for r in rows
        if r["status"] == "failed"
    ]
    return {"readable": True, "detail": "", "referrals": rows, "problems": problems}


def check_all(settings: PlatformSettings | None = None) -> dict[str, Any]:
    settings = settings or PlatformSettings()
    with ThreadPoolExecutor(max_workers=len(SERVICES) + 2) as pool:
        broker_future = pool.submit(check_broker, settings.amqp_url)
        referrals_future = pool.submit(check_referrals, settings)
        services = list(pool.map(lambda s: check_service(s, settings), SERVICES))
        broker, queues = broker_future.result()
        referrals = referrals_future.result()
    problems = [p for s in services for p in s["problems"]]
    if not broker["reachable"]:
        problems.append(f"broker unreachable: {broker['detail']}")
    problems += [p for q in queues for p in q["problems"]]
    problems += referrals["problems"]
    return {
        "healthy": not problems,
        "services": services,
        "broker": broker,
        "queues": queues,
        "referrals": referrals,
        "problems": problems,
    }
