"""Copy one service's store to another engine: every document as it is (revision,
processed ids, pending outbox), and its reference counters.

Documents go in key order, a page at a time, each written whole and atomically; a copy
that stops part-way is resumed by running it again: it goes on after the last key the
destination already has. Stop the service first, so that nothing changes under the copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from common.storage.contract import Store
from common.storage.documents import has_outbox, norm

PAGE = 500


@dataclass
class CopyReport:
    documents: dict[str, int] = field(default_factory=dict)
    outbox_messages: int = 0
    counters: dict[str, int] = field(default_factory=dict)


def copy_store(
    src: Store,
    dst: Store,
    documents: list[type],
    *,
    progress: Callable[[type, int, int], None] | None = None,
) -> CopyReport:
    """Copy ``documents`` from ``src`` to ``dst``; ``progress(cls, done, total)``."""
    report = CopyReport()
    for cls in documents:
        total = src.count(cls)
        pending = (
            {norm(k) for k in src.pending_outboxes(cls, datetime.now(UTC))}
            if (has_outbox(cls))
            else set()
        )
        last = dst.find(cls, order_by="-id", limit=1)
        after: Any = last[0].pk if last else None
        done = dst.count(cls)
        while True:
            page = src.find(cls, {"id__gt": after} if after is not None else {}, order_by="id",
                            limit=PAGE)  # fmt: skip
            if not page:
                break
            batch = []
            for doc in page:
                outbox = src.outbox_of(cls, doc.pk) if norm(doc.pk) in pending else []
                report.outbox_messages += len(outbox)
                batch.append((doc, outbox))
            dst.restore_many(batch)
            after = page[-1].pk
            done += len(page)
            if progress is not None:
                progress(cls, min(done, total), total)
        report.documents[cls.__name__] = total
    for series, seq in src.counters().items():
        dst.restore_counter(series, seq)
        report.counters[series] = seq
    return report
