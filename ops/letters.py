"""Letters that did not go, from the notifications store with one indexed query each: per
case, letters pending for longer than ``COMPLAINTS_LETTERS_PENDING_AFTER_S`` (default
900 s: 15 minutes) and letters failed, each with its reason and the ``complaints letters
resend`` to run once the cause is fixed; each case with one is a problem."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from common.settings import PlatformSettings
from ops.store import open_notifications

# Letters pending longer than this are stuck (seconds; COMPLAINTS_LETTERS_PENDING_AFTER_S).
PENDING_AFTER_S = 900.0
# Strands with stuck or failed letters read at most, each kind.
LETTERS_SHOWN = 50
# On the indexes of ``NotificationCase.pending_since`` and ``failed_at``: the longest
# waiting first, the latest failure first.
FAILED_WHERE = {"failed_at__ne": None}
FAILED_ORDER = "-failed_at"
STUCK_ORDER = "pending_since"


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


def letter_problems(rows: list[dict[str, Any]], after_s: float) -> list[str]:
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


def check_letters(settings: PlatformSettings, now: datetime | None = None) -> dict[str, Any]:
    """Letters stuck pending or failed, from the notifications store; each case a problem."""
    from common.clock import clock_from

    after_s = pending_after_s()
    now = now or clock_from(settings.clock_file).now()
    empty = {"pending_after_s": after_s, "letters": []}
    try:
        store, why = open_notifications(settings)
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
        "problems": letter_problems(rows, after_s),
    }
