"""Every query the notifications service makes, each on a declared index (the test
tests/notifications/unit/test_notifications_query_plans.py checks each one's plan)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from common.storage import Store

SWEEP_BATCH = 500
LISTED = 500


class Query(NamedTuple):
    """One `Store.find`: document class, filter, order, page size."""

    cls: type
    where: dict[str, Any]
    order_by: str = "id"
    limit: int | None = None

    def run(self, store: Store) -> list[Any]:
        return store.find(self.cls, self.where, order_by=self.order_by, limit=self.limit)


def due_query(now: datetime) -> Query:
    """Strands with a letter to send by ``now``, soonest first (the delivery sweep)."""
    from services.notifications.adapters.documents import NotificationCase

    return Query(
        NotificationCase, {"next_attempt_at__lte": now}, order_by="next_attempt_at",
        limit=SWEEP_BATCH,
    )  # fmt: skip


def reference_query(reference: str) -> Query:
    """Every strand of a complaint reference, in strand order."""
    from services.notifications.adapters.documents import NotificationCase

    return Query(NotificationCase, {"reference": reference}, order_by="id")


def print_queue_query(*, queue: str = "", status: str = "", reference: str = "") -> Query:
    """Paper letters in the print queue, on one index: a complaint's (``reference``), an
    establishment's (``queue``), those in one ``status``, or, with none of these, those
    not yet handed over. Further filters are applied to what the index gives."""
    from services.notifications.adapters.documents import PrintJob

    if reference:
        return Query(PrintJob, {"reference": reference.split("/")[0]}, limit=LISTED)
    if queue:
        return Query(PrintJob, {"queue": queue}, limit=LISTED)
    if status:
        return Query(PrintJob, {"status": status}, limit=LISTED)
    return Query(PrintJob, {"status__in": ["queued", "printed"]}, order_by="status", limit=LISTED)
