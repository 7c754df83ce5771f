"""The calendars the service counts in: the holidays library plus the operator's override.

An operator imports a gov.uk-format ``bank-holidays.json`` (`complaints calendar import`);
each import is stored as a new numbered version and never changed, so every due date can
be traced to the calendar version it was counted with. The newest version is in force; a
file named in ``DEADLINES_BANK_HOLIDAYS_FILE`` is used when none was imported.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from common.storage import ConcurrencyConflict, Store
from common.workdays import BankHolidaysFile, Calendar, calendar_for
from services.deadlines.adapters.documents import CalendarOverride

__all__ = ["CalendarBook", "CalendarOverride", "import_override", "latest_override", "summarise"]


def summarise(data: dict[str, Any]) -> dict[str, int]:
    parsed = BankHolidaysFile.model_validate(data)
    return {name: len(division.events) for name, division in parsed.root.items()}


def latest_override(store: Store, newer_than: int = 0) -> CalendarOverride | None:
    """The newest imported version, if newer than ``newer_than`` (versions start at 1):
    one read of at most one row on the id index, newest first. Blocking: `run_sync`."""
    found = store.find(CalendarOverride, {"id__gt": newer_than}, order_by="-id", limit=1)
    return found[0] if found else None


def import_override(
    store: Store, data: dict[str, Any], *, at: datetime, by: str, attempts: int = 5
) -> CalendarOverride:
    """Store ``data`` as the next version (validated first); the same file twice is one
    version. Blocking: call through `run_sync`."""
    summary = summarise(data)
    content = json.dumps(data, sort_keys=True)
    sha = hashlib.sha256(content.encode()).hexdigest()
    for _ in range(attempts):
        latest = latest_override(store)
        if latest is not None and latest.sha256 == sha:
            return latest
        version = (latest.id if latest else 0) + 1
        doc = CalendarOverride(
            id=version, content=content, sha256=sha, imported_at=at, imported_by=by, summary=summary
        )
        try:
            store.insert(doc)  # append-only: a concurrent import takes the next number
        except ConcurrencyConflict:
            continue
        return doc
    raise ConcurrencyConflict(f"calendar import: gave up after {attempts} concurrent imports")


class CalendarBook:
    """Hands out calendars with the override in force; `refresh` picks up a new import."""

    def __init__(self, store: Store, fallback_file: Path | None = None):
        self._store = store
        self._fallback = json.loads(fallback_file.read_text()) if fallback_file else None
        self.version = 0
        self._overrides: dict[str, Any] | None = self._fallback

    def refresh(self) -> None:
        """Pick up a newer imported version: one indexed read that finds no row unless
        there is one (``id > version``). Blocking."""
        doc = latest_override(self._store, newer_than=self.version)
        if doc is not None and doc.id != self.version:
            self.version, self._overrides = doc.id, json.loads(doc.content)
            self._cached.cache_clear()

    def get(self, name: str) -> Calendar:
        return self._cached(name)

    @cache  # noqa: B019 - one book per process; cleared on a new version
    def _cached(self, name: str) -> Calendar:
        return calendar_for(name, self._overrides)
