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

import mongoengine as me
from pymongo import DESCENDING

from common.workdays import BankHolidaysFile, Calendar, calendar_for
from services.deadlines.adapters.documents import ALIAS


class CalendarOverride(me.Document):
    meta = {"db_alias": ALIAS, "collection": "calendar_overrides"}

    id = me.IntField(primary_key=True)  # the version
    content = me.StringField(required=True)  # the file as imported (JSON text)
    sha256 = me.StringField(required=True)
    imported_at = me.DateTimeField(required=True)
    imported_by = me.StringField(default="")
    summary = me.DictField()


def summarise(data: dict[str, Any]) -> dict[str, int]:
    parsed = BankHolidaysFile.model_validate(data)
    return {name: len(division.events) for name, division in parsed.root.items()}


def import_override(data: dict[str, Any], *, at: datetime, by: str) -> CalendarOverride:
    """Store ``data`` as the next version (validated first); the same file twice is one
    version. Blocking: call through `run_sync`."""
    summary = summarise(data)
    content = json.dumps(data, sort_keys=True)
    sha = hashlib.sha256(content.encode()).hexdigest()
    latest = CalendarOverride.objects.order_by("-id").first()
    if latest is not None and latest.sha256 == sha:
        return latest
    version = (latest.id if latest else 0) + 1
    doc = CalendarOverride(
        id=version, content=content, sha256=sha, imported_at=at, imported_by=by, summary=summary
    )
    doc.save(force_insert=True)  # a concurrent import of another file fails, not overwrites
    return doc


class CalendarBook:
    """Hands out calendars with the override in force; `refresh` picks up a new import."""

    def __init__(self, fallback_file: Path | None = None):
        self._fallback = json.loads(fallback_file.read_text()) if fallback_file else None
        self.version = 0
        self._overrides: dict[str, Any] | None = self._fallback

    def refresh(self) -> None:
        """Look for a newer imported version (one small indexed read). Blocking."""
        doc = CalendarOverride._get_collection().find_one(
            {}, {"_id": 1, "content": 1}, sort=[("_id", DESCENDING)]
        )
        if doc and doc["_id"] != self.version:
            self.version, self._overrides = doc["_id"], json.loads(doc["content"])
            self._cached.cache_clear()

    def get(self, name: str) -> Calendar:
        return self._cached(name)

    @cache  # noqa: B019 - one book per process; cleared on a new version
    def _cached(self, name: str) -> Calendar:
        return calendar_for(name, self._overrides)
