"""The access log: one append-only record per access, written before the answer goes out."""

from __future__ import annotations

from collections.abc import Iterable

from common.auth import Caller
from common.clock import Clock
from common.store import run_sync
from services.records.adapters.documents import AccessRecord

ALLOWED, DENIED, REFUSED, INVALID = "allowed", "denied", "refused", "invalid"


class AuditLog:
    """Writes and reads `AccessRecord`s; every call blocks, so it runs in a worker thread."""

    def __init__(self, clock: Clock):
        self._clock = clock

    async def record(
        self,
        caller: Caller,
        refs: Iterable[str],
        action: str,
        outcome: str = ALLOWED,
        detail: str = "",
    ) -> None:
        """Record that ``caller`` did (or tried) ``action`` on ``refs``. Nothing to record
        for an empty list (a list that showed no case)."""
        case_refs = list(refs)
        if not case_refs:
            return
        entry = AccessRecord(
            case_refs=case_refs,
            at=self._clock.now(),
            who=caller.sub,
            role=str(caller.role),
            action=action,
            outcome=outcome,
            detail=detail[:500],
        )
        await run_sync(entry.save)

    async def of_case(self, ref: str, limit: int = 1000) -> list[AccessRecord]:
        """The case's access log, oldest first."""
        return await run_sync(
            lambda: list(AccessRecord.objects(case_refs=ref).order_by("at").limit(limit))
        )
