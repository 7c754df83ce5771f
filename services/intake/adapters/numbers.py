"""Reference numbers, taken from the store a block at a time.

A complaint's reference is ``<PREFIX>-<year>-<number>``; numbers are never given twice
(the store's counter is atomic, and shared by every replica). Taking a block of them in
one round trip keeps a submission at three store operations (get, commit, clear); the
price is a gap when a process stops with part of its block unused, which a reference
series may have anyway.
"""

from __future__ import annotations

import threading

from common.storage import Store

BLOCK = 20


class ReferenceNumbers:
    def __init__(self, store: Store, block: int = BLOCK):
        self._store, self._block = store, block
        self._free: dict[str, tuple[int, int]] = {}  # series -> (next, last)
        self._lock = threading.Lock()

    def take(self, series: str) -> int:
        """The next number of ``series`` (blocking: call from a worker thread)."""
        with self._lock:
            nxt, last = self._free.get(series, (1, 0))
            if nxt > last:
                nxt = self._store.next_number(series, count=self._block)
                last = nxt + self._block - 1
            self._free[series] = (nxt + 1, last)
            return nxt
