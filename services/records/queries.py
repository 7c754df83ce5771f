"""Records use cases for reads: one case, a page of cases, the whole file, who saw it.
Every read of a case is in its access log, and so is every refused attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from common.access.policy import CaseFacts, can_read, can_see_access_log
from common.auth import Caller, Role
from common.storage import Store, run_sync
from services.records.adapters.audit import DENIED, AuditLog
from services.records.adapters.documents import AccessRecord, CaseFile, ComplaintFile
from services.records.handlers.casework import NoSuchCase, NotAllowed, load_case

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9999, 12, 31)
# What a page of ListCases shows and checks of each case (`case_message(full=False)`, the
# access check, the allowed actions): the rest of each file is not read.
LIST_FIELDS = [
    "reference", "strand", "strands_total", "procedure", "stage", "category", "owner",
    "status", "nation", "received_on", "subject", "confidential", "partner_id", "opened_at",
    "breached", "next_due", "officer", "clocks", "complainant", "closed_on", "merged_into",
    "data_protection", "letters",
]  # fmt: skip


@dataclass(frozen=True)
class CaseFilter:
    """ListCases' filters; empty ones do not filter. Each field is a declared index of
    `CaseFile` (the store refuses any other)."""

    procedure: str = ""
    stage: str = ""
    owner: str = ""
    status: str = ""
    officer: str = ""
    due_before: date | None = None
    breached_only: bool = False
    received_from: date | None = None
    received_to: date | None = None

    def query(self) -> dict[str, Any]:
        """The store query: equality on the named fields, ranges on the dates.

        A date range is always closed (the open end at the first or last day there is):
        the same cases, but SQLite then reads the range from the date's index instead of
        walking every case in reference order to test its date (a scan that is slowest
        when few cases match, as in "due before Friday").
        """
        query: dict[str, Any] = {
            name: getattr(self, name)
            for name in ("procedure", "stage", "owner", "status", "officer")
            if getattr(self, name)
        }
        if self.due_before:
            query["next_due__gte"] = FIRST_DAY
            query["next_due__lt"] = self.due_before
        if self.breached_only:
            query["breached"] = True
        if self.received_from or self.received_to:
            query["received_on__gte"] = self.received_from or FIRST_DAY
            query["received_on__lte"] = self.received_to or LAST_DAY
        return query


class Queries:
    """Reads of case files, each entered in the access log."""

    def __init__(self, *, store: Store, audit: AuditLog):
        self._store, self._audit = store, audit

    async def readable_case(self, caller: Caller, ref: str, action: str) -> CaseFile:
        """The case, if ``caller`` may read it; the attempt is logged either way."""
        doc = await load_case(self._store, ref)
        if doc is None:
            raise NoSuchCase(f"no case {ref!r}")
        allowed, why = can_read(caller, CaseFacts.of(doc))
        if not allowed:
            await self._audit.record(caller, [doc.id], action, DENIED, why)
            raise NotAllowed(why)
        await self._audit.record(caller, [doc.id], action)
        return doc

    async def list_cases(
        self, caller: Caller, where: CaseFilter, *, page_size: int = 50, after: str = ""
    ) -> tuple[list[CaseFile], str]:
        """One page of the cases ``caller`` may read, in reference order (stable paging:
        the token is the last reference the page covered). One `find`: an index on one of
        the filters (with the key, so a page is a range in reference order), the engine
        filtering the others."""
        size = max(1, min(page_size or 50, 500))
        query = list_query(caller, where, after)
        docs = await run_sync(
            lambda: self._store.find(
                CaseFile, query, order_by="id", limit=size + 1, only=LIST_FIELDS
            )
        )
        token = docs[size - 1].id if len(docs) > size else ""
        visible = [d for d in docs[:size] if can_read(caller, CaseFacts.of(d))[0]]
        await self._audit.record(caller, [d.id for d in visible], "list-cases")
        return visible, token

    async def case_facts(self, ref: str) -> list[CaseFacts]:
        """What the gate decides on: the facts of the case ``ref`` names (a complaint
        reference names its first strand, as every read here does)."""
        doc = await load_case(self._store, ref)
        return [] if doc is None else [CaseFacts.of(doc)]

    async def audit_denied(self, caller: Caller, method: str, refs: list[str], why: str) -> None:
        """File a call the gate refused in the access log of each case it named (a
        complaint reference is filed under the strand it names, as reads are)."""
        ids = []
        for ref in refs:
            doc = await load_case(self._store, ref)
            ids.append(doc.id if doc is not None else ref)
        await self._audit.denied(caller, method, ids, why)

    async def complaint(self, reference: str) -> ComplaintFile | None:
        return await run_sync(self._store.get, ComplaintFile, reference)

    async def access_log(self, caller: Caller, ref: str) -> list[AccessRecord]:
        """Who read or changed the case, allowed or not (auditors, central team)."""
        doc = await load_case(self._store, ref)
        if doc is None:
            raise NoSuchCase(f"no case {ref!r}")
        allowed, why = can_see_access_log(caller)
        if not allowed:
            await self._audit.record(caller, [doc.id], "access-log", DENIED, why)
            raise NotAllowed(why)
        await self._audit.record(caller, [doc.id], "access-log")
        return await self._audit.of_case(doc.id)

    async def log_of(self, ref: str) -> list[AccessRecord]:
        """The access log of a case the caller was already allowed to read."""
        return await self._audit.of_case(ref)


def list_query(caller: Caller, where: CaseFilter, after: str = "") -> dict[str, Any]:
    """The `find` filter of one ListCases page for ``caller``."""
    query = where.query()
    # Those who see only their own cases get pages of them, not of everyone's.
    if caller.role is Role.INVESTIGATING_OFFICER:
        query["officer"] = caller.sub
    elif caller.role is Role.PARTNER:
        query["partner_id"] = caller.partner or ""
    if after:
        query["id__gt"] = after
    return query
