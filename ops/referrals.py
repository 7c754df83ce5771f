"""Unaddressed referrals and undeliverable letters, from the notifications store with one
indexed query.

- unaddressed referrals: referral letters whose recipient could not be worked out and that
  went to the fallback desk of their procedure and nation (listed, the most recent first,
  for an operator to correct the case or the address directory), or failed even that (a
  problem until resent);
- undeliverable letters: letters to a person (the complainant, their representative) no
  channel could reach (no email, no postal address, no establishment on the case), sent to
  the fallback desk instead (``notification.undeliverable``), for an operator to record how
  to reach the person; one failed even at the desk is a problem.
"""

from __future__ import annotations

from typing import Any

from common.settings import PlatformSettings
from ops.store import open_notifications

# Unaddressed referrals listed at most (the most recent first).
UNADDRESSED_SHOWN = 20
# Strands with a referral at a fallback desk, most recent first: on the index of
# ``NotificationCase.unaddressed_at``.
UNADDRESSED_WHERE = {"unaddressed_at__ne": None}
UNADDRESSED_ORDER = "-unaddressed_at"
# The persons whose letters go by their own details (a letter at the desk for want of any
# channel to them is undeliverable, not an unaddressed referral).
PERSONS = ("complainant", "representative")


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


def check_referrals(settings: PlatformSettings) -> dict[str, Any]:
    """Unaddressed referrals from the notifications store; any still failed is a problem."""
    try:
        store, why = open_notifications(settings)
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
