"""What every engine shares: operation counts, partial documents, single restores."""

from __future__ import annotations

from typing import Any

from common.bus import Outgoing
from common.storage import documents as dm


class Engine:
    """Base of the engines; each implements `_find`, `find_fields` and `restore_many`."""

    operations: dict[str, int]

    def _count(self, op: str) -> None:
        self.operations[op] = self.operations.get(op, 0) + 1

    def find(
        self,
        cls: type,
        where: dict[str, Any] | None = None,
        *,
        order_by: str = "id",
        limit: int | None = None,
        only: list[str] | None = None,
    ) -> list[Any]:
        if only is not None:  # partial documents: only these fields are read and built
            rows = self.find_fields(cls, where, ["id", *only], order_by=order_by, limit=limit)
            return [dm.from_son(cls, row) for row in rows]
        return self._find(cls, where, order_by, limit)

    def _find(
        self, cls: type, where: dict[str, Any] | None, order_by: str, limit: int | None
    ) -> list[Any]:
        raise NotImplementedError

    def find_fields(
        self,
        cls: type,
        where: dict[str, Any] | None,
        fields: list[str],
        *,
        order_by: str = "id",
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        raise NotImplementedError

    def probe_write(self, timeout_s: float) -> None:
        """Engines whose reads and writes fail together (the in-memory store; MongoDB,
        whose reads go to the primary that takes the writes) need no write probe."""

    def restore(self, doc: Any, outbox: list[Outgoing]) -> None:
        """Write ``doc`` as it is (its revision too) with ``outbox`` pending: a copy."""
        self.restore_many([(doc, outbox)])

    def restore_many(self, items: list[tuple[Any, list[Outgoing]]]) -> None:
        raise NotImplementedError
