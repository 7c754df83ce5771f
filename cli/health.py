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
  else ``PLATFORM_STORE_URL``) through the store contract, one indexed query;
- undeliverable letters: letters to a person (the complainant, their representative) no
  channel could reach (no email, no postal address, no establishment on the case), sent to
  the fallback desk instead (``notification.undeliverable``): listed from the same query,
  for an operator to record how to reach the person; one failed even at the desk is a
  problem;
- letters that did not go: per case, letters pending for longer than
  ``COMPLAINTS_LETTERS_PENDING_AFTER_S`` (default 900 s: 15 minutes) and letters failed
  (each with its reason and the ``complaints letters resend`` to run once the cause is
  fixed); each a problem. Read from the same store, one indexed query each.

All is well (exit 0) only when every check passes; otherwise exit 1 with the problems
listed. Checks run in parallel with short timeouts, so a platform that is down answers fast.
"""

from __future__ import annotations

import os
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
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
# Letters pending longer than this are stuck (seconds; COMPLAINTS_LETTERS_PENDING_AFTER_S).
PENDING_AFTER_S = 900.0
# Strands with stuck or failed letters read at most, each kind.
LETTERS_SHOWN = 50
# On the indexes of ``NotificationCase.pending_since`` and ``failed_at``: the longest
# waiting first, the latest failure first.
FAILED_WHERE = {"failed_at__ne": None}
FAILED_ORDER = "-failed_at"
STUCK_ORDER = "pending_since"
# The persons whose letters go by their own details (a letter at the desk for want of any
# channel to them is undeliverable, not an unaddressed referral).
PERSONS = ("complainant", "representative")


def stuck_where(cutoff: datetime) -> dict[str, Any]:
    """Strands with a letter pending since ``cutoff`` or earlier."""
    return {"pending_since__lte": cutoff}


def pending_after_s() -> float:
    """The threshold: ``COMPLAINTS_LETTERS_PENDING_AFTER_S``, else 15 minutes."""
    raw = os.environ.get("COMPLAINTS_LETTERS_PENDING_AFTER_S", "")
    try:
        value = float(raw) if raw else PENDING_AFTER_S
    except ValueError:
        raise ValueError(
            f"COMPLAINTS_LETTERS_PENDING_AFTER_S: {raw!r} is not a number of seconds"
        ) from None
    if value <= 0:
        raise ValueError(f"COMPLAINTS_LETTERS_PENDING_AFTER_S: {raw!r} must be above 0")
    return value


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
                    "kind": "undeliverable"
                    if desk["intended"] in PERSONS or desk.get("what")
                    else "referral",
                    "case_ref": doc.id,
                    "at": doc.unaddressed_at.isoformat() if doc.unaddressed_at else "",
                    "recipient": desk["recipient"],
                    "intended": desk["intended"],
                    "reason": desk["reason"],
                    "urgency": desk.get("urgency") or "",
                    "desk": desk["desk"],
                    "status": r["status"],
                    "key": r["key"],
                }
            )
    return rows[:limit]


def letters_not_gone(
    store: Any, now: datetime, after_s: float, limit: int = LETTERS_SHOWN
) -> list[dict[str, Any]]:
    """Letters pending since ``after_s`` seconds before ``now`` or longer (the longest
    waiting first), then failed letters (the latest first), from a notifications store.
    Referrals at a fallback desk are left to `unaddressed_referrals`."""
    from services.notifications.adapters.documents import NotificationCase
    from services.notifications.domain import delivery

    cutoff = now - timedelta(seconds=after_s)
    stuck = store.find(NotificationCase, stuck_where(cutoff), order_by=STUCK_ORDER, limit=limit)
    failed = store.find(NotificationCase, FAILED_WHERE, order_by=FAILED_ORDER, limit=limit)
    rows = []
    for doc, status in [*((d, delivery.PENDING) for d in stuck),
                        *((d, delivery.FAILED) for d in failed)]:  # fmt: skip
        for r in doc.letters:
            if r["status"] != status or r.get("fallback"):
                continue
            since = delivery.at(
                (r.get("pending_since") if status == delivery.PENDING else r.get("failed_at"))
                or r["next_attempt_at"]
            )
            if status == delivery.PENDING and since > cutoff:
                continue
            rows.append(
                {
                    "case_ref": doc.id,
                    "key": r["key"],
                    "template": r.get("template", ""),
                    "recipient": r.get("recipient", ""),
                    "status": status,
                    "since": since.isoformat(),
                    "attempts": int(r.get("attempts", 0)),
                    "error": r.get("last_error") or "",
                }
            )
    return rows


def _letter_problems(rows: list[dict[str, Any]], after_s: float) -> list[str]:
    """One problem per case, naming each letter and what to run."""
    by_case: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_case.setdefault(r["case_ref"], []).append(r)
    problems = []
    for case_ref, letters in by_case.items():
        parts = []
        for r in letters:
            why = f": {r['error']}" if r["error"] else ""
            if r["status"] == "failed":
                parts.append(
                    f"{r['template']} to {r['recipient']} FAILED after {r['attempts']} "
                    f"attempt(s){why} (fix it, then `complaints letters resend {case_ref} "
                    f"{r['key']}`)"
                )
            else:
                parts.append(
                    f"{r['template']} to {r['recipient']} pending since {r['since']} "
                    f"(over {after_s / 60:g} min, {r['attempts']} attempt(s){why})"
                )
        problems.append(f"letters of {case_ref}: " + "; ".join(parts))
    return problems


def _open_notifications(settings: PlatformSettings) -> tuple[Any, str]:
    """The notifications store, or None and why not (never created by looking at it)."""
    from common.storage import open_store
    from services.notifications.adapters.documents import DOCUMENTS

    url = settings.store_url_for("notifications")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///").format(service="notifications"))
        if not path.exists():
            return None, f"no notifications store at {path}"
    db = f"{settings.db_prefix}notifications"  # the database the service itself uses
    return open_store(url, DOCUMENTS, service="notifications", db=db), ""


def check_letters(settings: PlatformSettings, now: datetime | None = None) -> dict[str, Any]:
    """Letters stuck pending or failed, from the notifications store; each case a problem."""
    from common.clock import clock_from

    after_s = pending_after_s()
    now = now or clock_from(settings.clock_file).now()
    empty = {"pending_after_s": after_s, "letters": []}
    try:
        store, why = _open_notifications(settings)
        if store is None:
            return {"readable": False, "detail": why, **empty, "problems": []}
        try:
            rows = letters_not_gone(store, now, after_s)
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - reported, like an unreachable service
        detail = f"{type(exc).__name__}: {exc}"
        problem = f"letters: cannot read the notifications store ({detail})"
        return {"readable": False, "detail": detail, **empty, "problems": [problem]}
    return {
        "readable": True,
        "detail": "",
        "pending_after_s": after_s,
        "letters": rows,
        "problems": _letter_problems(rows, after_s),
    }


def check_referrals(settings: PlatformSettings) -> dict[str, Any]:
    """Unaddressed referrals from the notifications store; any still failed is a problem."""
    try:
        store, why = _open_notifications(settings)
        if store is None:
            return {"readable": False, "detail": why, "referrals": [], "undeliverable": [],
                    "problems": []}  # fmt: skip
        try:
            rows = unaddressed_referrals(store)
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - reported, like an unreachable service
        detail = f"{type(exc).__name__}: {exc}"
        return {"readable": False, "detail": detail, "referrals": [], "undeliverable": [],
                "problems": [f"unaddressed referrals: cannot read the notifications store "
                             f"({detail})"]}  # fmt: skip
    referrals = [r for r in rows if r["kind"] == "referral"]
    undeliverable = [r for r in rows if r["kind"] == "undeliverable"]
    problems = [
        f"referral {r['case_ref']} to {r['recipient']} ({r['urgency']}) FAILED: no recipient "
        f"({r['reason']}) and the fallback desk {r['desk']} was not reached; fix the address "
        f"directory, then `complaints letters resend {r['case_ref']} {r['key']}`"
        for r in referrals
        if r["status"] == "failed"
    ]
    problems += [
        f"letter {r['case_ref']} to the {r['recipient']} FAILED: undeliverable ({r['reason']}) "
        f"and the fallback desk {r['desk']} was not reached; fix the address directory, then "
        f"`complaints letters resend {r['case_ref']} {r['key']}`"
        for r in undeliverable
        if r["status"] == "failed"
    ]
    return {"readable": True, "detail": "", "referrals": referrals,
            "undeliverable": undeliverable, "problems": problems}  # fmt: skip


def check_all(settings: PlatformSettings | None = None) -> dict[str, Any]:
    settings = settings or PlatformSettings()
    with ThreadPoolExecutor(max_workers=len(SERVICES) + 3) as pool:
        broker_future = pool.submit(check_broker, settings.amqp_url)
        referrals_future = pool.submit(check_referrals, settings)
        letters_future = pool.submit(check_letters, settings)
        services = list(pool.map(lambda s: check_service(s, settings), SERVICES))
        broker, queues = broker_future.result()
        referrals = referrals_future.result()
        letters = letters_future.result()
    problems = [p for s in services for p in s["problems"]]
    if not broker["reachable"]:
        problems.append(f"broker unreachable: {broker['detail']}")
    problems += [p for q in queues for p in q["problems"]]
    problems += referrals["problems"]
    problems += letters["problems"]
    return {
        "healthy": not problems,
        "services": services,
        "broker": broker,
        "queues": queues,
        "referrals": referrals,
        "letters": letters,
        "problems": problems,
    }


def print_letters(letters: dict[str, Any]) -> None:
    """The letters part of `complaints ops health`, for people."""
    import typer

    from cli.output import table

    after = f"{letters['pending_after_s'] / 60:g} min"
    if not letters["readable"]:
        typer.echo(f"Letters: not checked ({letters['detail']})")
    elif not letters["letters"]:
        typer.echo(f"Letters: none failed, none pending over {after}")
    else:
        table(
            f"Letters failed or pending over {after} (resend with `complaints letters resend "
            "CASE KEY` once the cause is fixed)",
            ["case", "template", "to", "status", "since", "tries", "key", "error"],
            [
                (
                    r["case_ref"],
                    r["template"],
                    r["recipient"],
                    "FAILED" if r["status"] == "failed" else "PENDING",
                    r["since"],
                    r["attempts"],
                    r["key"],
                    r["error"][:80],
                )
                for r in letters["letters"]
            ],
        )


def print_undeliverable(referrals: dict[str, Any]) -> None:
    """The undeliverable letters part of `complaints ops health`, for people."""
    import typer

    from cli.output import table

    rows = referrals.get("undeliverable") or []
    if not referrals["readable"]:
        return  # said with the referrals
    if not rows:
        typer.echo("Undeliverable letters: none")
        return
    typer.echo(
        f"Undeliverable letters: {len(rows)} went to a fallback desk because no channel "
        "could reach the person: record an email, a postal address or the establishment"
    )
    table(
        "Undeliverable letters (most recent first)",
        ["case", "to", "why", "desk", "status", "key"],
        [
            (
                r["case_ref"],
                r["recipient"],
                r["reason"],
                r["desk"],
                r["status"] if r["status"] != "failed" else "FAILED",
                r["key"],
            )
            for r in rows
        ],
    )
