"""The access log: one append-only record per access, written before the answer goes out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from common.auth import Caller
from common.clock import Clock
from common.storage import Store, run_sync
from services.records.adapters.documents import AccessRecord

ALLOWED, DENIED, REFUSED, INVALID = "allowed", "denied", "refused", "invalid"


class AuditLog:
    """Writes and reads `AccessRecord`s through the store (`Store.insert`: never changed)."""

    def __init__(self, *, store: Store, clock: Clock):
        self._store, self._clock = store, clock

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
        await run_sync(self._store.insert, entry)

    async def denied(self, caller: Caller, method: str, refs: list[str], why: str) -> None:
        """File a call the gate refused (``/complaints.v1.CaseService/GetCase`` is filed
        as ``get-case``, as records names its own reads)."""
        name = method.rsplit("/", 1)[-1]
        action = re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()
        await self.record(caller, refs, action, DENIED, why)

    async def of_case(self, ref: str, limit: int = 1000) -> list[AccessRecord]:
        """The case's access log, oldest first."""
        return await run_sync(self.of_cases_now, [ref], limit)

    def of_cases_now(self, refs: list[str], limit: int | None = None) -> list[AccessRecord]:
        """The access log of any of ``refs``, oldest first (blocking: call via `run_sync`)."""
        if not refs:
            return []
        where = {"case_refs": refs[0]} if len(refs) == 1 else {"case_refs__in": refs}
        return self._store.find(AccessRecord, where, order_by="at", limit=limit)
