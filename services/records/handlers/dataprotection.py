"""Data protection use cases: dispose of files past their retention period, and export
everything held about one person (a subject access request) as one JSON document."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from common.access.policy import can_manage_data
from common.auth import Caller
from common.clock import Clock
from common.storage import Store, run_sync
from services.records.adapters.audit import AuditLog
from services.records.adapters.documents import AccessRecord, CaseFile, ComplaintFile
from services.records.config import RecordsSettings
from services.records.domain.commands import EraseOrRedact, RedactMode
from services.records.domain.retention import Expired, expired
from services.records.handlers.casework import CaseWork, NotAllowed

FINISHED = ("closed", "merged")
# How a person is found: the complainant's details as filed on the case and as received.
SUBJECT_KEYS = ("name", "contact", "detained_person_ref")


class DataProtection:
    """Retention runs and subject access exports (the central team only)."""

    def __init__(
        self,
        *,
        store: Store,
        settings: RecordsSettings,
        casework: CaseWork,
        audit: AuditLog,
        clock: Clock,
    ):
        self._store, self._settings = store, settings
        self._casework, self._audit, self._clock = casework, audit, clock

    async def expire(
        self, caller: Caller, *, as_of: date, dry_run: bool, procedure: str = ""
    ) -> list[tuple[Expired, bool]]:
        """Files past retention; unless ``dry_run``, anonymise or erase each (recorded in
        its history and access log like any other change). Returns (file, done)."""
        self._check(caller)
        query = expire_query(as_of, procedure)
        rows = await run_sync(
            lambda: [
                (d.id, d.procedure, d.closed_on, d.data_protection)
                for d in self._store.find(CaseFile, query)
            ]
        )
        due = expired(rows, self._settings.retention, self._settings.retention_default, as_of)
        out = []
        for item in due:
            if not dry_run:
                command = EraseOrRedact(
                    mode=RedactMode(item.action),
                    reason=f"retention: {item.procedure} files are kept until {item.expires_on}",
                )
                await self._casework.run(caller, item.case_ref, command, f"expire:{item.case_ref}")
            out.append((item, not dry_run))
        return out

    async def export_subject(
        self,
        caller: Caller,
        *,
        name: str = "",
        contact: str = "",
        detained_person_ref: str = "",
        reference: str = "",
    ) -> dict[str, Any]:
        """Every complaint, case file and access record about the person, as JSON data."""
        self._check(caller)
        keys = {
            "name": name,
            "contact": contact,
            "detained_person_ref": detained_person_ref,
        }
        wanted = {k: v for k, v in keys.items() if v}
        store = self._store

        def load() -> tuple[list[ComplaintFile], list[CaseFile], list[AccessRecord]]:
            complaints: dict[str, ComplaintFile] = {}
            cases: dict[str, CaseFile] = {}
            for key, value in wanted.items():
                for c in store.find(ComplaintFile, {f"submission__complainant__{key}": value}):
                    complaints[c.id] = c
                for d in store.find(CaseFile, {f"complainant__{key}": value}):
                    cases[d.id] = d
            if reference:
                found = store.get(ComplaintFile, reference)
                if found is not None:
                    complaints[found.id] = found
            refs = set(complaints) | {d.reference for d in cases.values()}
            if refs:
                for d in store.find(CaseFile, {"reference__in": sorted(refs)}):
                    cases[d.id] = d
            log = self._audit.of_cases_now(sorted(cases))
            return list(complaints.values()), list(cases.values()), log

        complaints, cases, log = await run_sync(load)
        await self._audit.record(caller, sorted(d.id for d in cases), "export-subject")
        return {
            "generated_at": self._clock.now().isoformat(),
            "generated_by": caller.sub,
            "request": {**wanted, **({"reference": reference} if reference else {})},
            "complaints": [_plain(c) for c in sorted(complaints, key=lambda c: c.id)],
            "cases": [_plain(d) for d in sorted(cases, key=lambda d: d.id)],
            "access_log": [_plain(a) for a in log],
            "notes": "Check for other people's personal data (officers, third parties) before "
            "release: the law may require it to be withheld or redacted.",
        }

    def _check(self, caller: Caller) -> None:
        allowed, why = can_manage_data(caller)
        if not allowed:
            raise NotAllowed(why)


def expire_query(as_of: date, procedure: str = "") -> dict[str, Any]:
    """Finished files closed on or before ``as_of`` (retention is checked per file after)."""
    query: dict[str, Any] = {"status__in": FINISHED, "closed_on__lte": as_of}
    if procedure:
        query["procedure"] = procedure
    return query


def _plain(doc: Any) -> dict[str, Any]:
    """A document as JSON-ready data (ISO dates), without the outbox plumbing."""
    data = doc.to_mongo().to_dict()
    for key in ("outbox", "outbox_pending", "processed", "rev"):
        data.pop(key, None)
    data["id"] = str(data.pop("_id", ""))
    return json.loads(json.dumps(data, default=_iso))


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
