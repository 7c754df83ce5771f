"""Report use cases: load the case files each report covers (one indexed `find` on the
period), hand the few fields it needs to the pure domain.

Reading for a report is not a read of any one case file: the rows carry no personal data
(procedure, stage, owner, dates, outcomes), so reports are not entered in access logs;
who ran which report is logged by the servicer like any other call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import procedures
from common.storage import Store, run_sync
from common.workdays import Calendar
from services.records.adapters.documents import CaseFile, ComplaintFile
from services.records.domain import alternatives_report as alt
from services.records.domain import annual
from services.records.domain.kpi import KpiRow, StageRow, kpis, stage_rows
from services.records.domain.outcomes import CaseOutcomes

# What the reports read of each file, as stored (`Store.find_fields`): building typed
# documents for thousands of files would cost more than the query.
STAGE_FIELDS = ["procedure", "owner", "calendar", "stages"]
SUMMARY_FIELDS = [*STAGE_FIELDS, "received_on", "category", "aspects", "complainant",
                  "confidential", "outcomes", "reach"]  # fmt: skip
ALTERNATIVE_FIELDS = ["id", "procedure", "received_on", "alternatives", "eligibility",
                      "complainant"]  # fmt: skip
COMPLAINT_FIELDS = [
    "id", "procedure", "received_at", "excluded", "representation_type", "handling",
]  # fmt: skip


def _day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value


class Reports:
    """Loads report rows from the store for the pure report functions."""

    def __init__(self, *, store: Store, calendar_for: Callable[[str], Calendar]):
        self._store, self._calendar_for = store, calendar_for

    async def kpi(
        self,
        *,
        procedure: str = "",
        stage: str = "",
        owner: str = "",
        group_by: tuple[str, ...] = ("procedure", "stage"),
        period: str = "quarter",
        start: date | None = None,
        end: date | None = None,
        as_of: date,
    ) -> list[KpiRow]:
        """KPIs over the stages started between ``start`` and ``end`` (inclusive)."""
        query = kpi_query(procedure, start, end)

        def load() -> list[StageRow]:
            docs = self._store.find_fields(CaseFile, query, STAGE_FIELDS)
            rows = [r for d in docs for r in stage_rows(d)]
            return [
                r
                for r in rows
                if (not start or r.started_on >= start)
                and (not end or r.started_on <= end)
                and (not stage or r.stage == stage)
                and (not owner or r.owner == owner)
            ]

        rows = await run_sync(load)
        return kpis(
            rows, group_by=group_by, period=period, as_of=as_of, calendar_for=self._calendar_for
        )

    async def hmip_annual(self, year: int) -> annual.Report:
        """HMIP complaints received and upheld in ``year``."""
        complaints = await self._complaints("hmip", year, year)
        cases = await self._cases("hmip", year, year)
        return annual.hmip_annual(year, complaints, cases, _stages("hmip"))

    async def children_annual(self, year: int) -> annual.Report:
        """The children's annual report for ``year`` (with the year before, for trends),
        with the alternatives used and who complained (seed 004)."""
        cases = await self._cases("children", year - 1, year)
        report = annual.children_annual(year, cases, _stages("children"))
        files = [f for f in await self._records("children", year) if f.received_on.year == year]
        extra = [
            alt.mediation_table(files),
            alt.referrals_table(files),
            *alt.eligibility_tables(files),
        ]
        return annual.Report(report.title, [*report.tables, *extra], report.notes)

    async def alternatives(self, year: int, procedure: str, as_of: date) -> annual.Report:
        """Mediation / ADR, early referrals and healthcare escalation tasks in ``year``."""
        files = await self._records(procedure, year)
        return alt.alternatives_report(year, procedure, files, as_of)

    async def _records(self, procedure: str, year: int) -> list[alt.FileRecords]:
        def load() -> list[alt.FileRecords]:
            query = cases_query(procedure, year, year)
            if not procedure:
                query.pop("procedure")
            docs = self._store.find_fields(CaseFile, query, ALTERNATIVE_FIELDS)
            return [
                alt.FileRecords(
                    ref=d["_id"],
                    procedure=d.get("procedure") or "",
                    received_on=_day(d["received_on"]),  # type: ignore[arg-type]
                    alternatives=tuple(d.get("alternatives") or ()),
                    eligibility=dict(d.get("eligibility") or {}),
                    submitted_by=_submitted_by(d.get("complainant") or {}),
                )
                for d in docs
                if d.get("received_on")
            ]

        return await run_sync(load)

    async def representations(self, year: int, quarter: int) -> annual.Report:
        """Compliments and representations recorded in ``year`` (one quarter, or all)."""
        complaints = await self._complaints("children", year, year, representations=True)
        return annual.representations(year, quarter, complaints)

    async def _cases(self, procedure: str, first: int, last: int) -> list[annual.CaseSummary]:
        def load() -> list[annual.CaseSummary]:
            query = cases_query(procedure, first, last)
            docs = self._store.find_fields(CaseFile, query, SUMMARY_FIELDS)
            return [_summary(d) for d in docs if d.get("received_on")]

        return await run_sync(load)

    async def _complaints(
        self, procedure: str, first: int, last: int, *, representations: bool = False
    ) -> list[annual.ComplaintSummary]:
        query = complaints_query(procedure, first, last, representations=representations)

        def load() -> list[annual.ComplaintSummary]:
            docs = self._store.find_fields(ComplaintFile, query, COMPLAINT_FIELDS)
            return [
                annual.ComplaintSummary(
                    reference=d["_id"],
                    procedure=d.get("procedure") or "",
                    received_on=d["received_at"].date(),
                    excluded=d.get("excluded") or "",
                    representation_type=d.get("representation_type") or "",
                    handled=tuple(k for k, v in (d.get("handling") or {}).items() if v),
                )
                for d in docs
                if d.get("received_at")
            ]

        return await run_sync(load)


def kpi_query(procedure: str, start: date | None, end: date | None) -> dict[str, Any]:
    """Cases with a stage started in the period (the rows are filtered again after: the
    two bounds may be met by two different stages of one case)."""
    query: dict[str, Any] = {"procedure": procedure} if procedure else {}
    if start:
        query["stages__started_on__gte"] = start.isoformat()
    if end:
        query["stages__started_on__lte"] = end.isoformat()
    return query


def cases_query(procedure: str, first: int, last: int) -> dict[str, Any]:
    """Case files of ``procedure`` received in the years ``first`` to ``last``."""
    return {
        "procedure": procedure,
        "received_on__gte": date(first, 1, 1),
        "received_on__lte": date(last, 12, 31),
    }


def complaints_query(
    procedure: str, first: int, last: int, *, representations: bool = False
) -> dict[str, Any]:
    """Complaint files of ``procedure`` received in the years ``first`` to ``last``."""
    query: dict[str, Any] = {
        "procedure": procedure,
        "received_at__gte": datetime(first, 1, 1, tzinfo=UTC),
        "received_at__lt": datetime(last + 1, 1, 1, tzinfo=UTC),
    }
    if representations:
        query["representation_type__ne"] = None
    return query


def _summary(doc: dict[str, Any]) -> annual.CaseSummary:
    return annual.CaseSummary(
        procedure=doc.get("procedure") or "",
        received_on=_day(doc["received_on"]),  # type: ignore[arg-type]
        category=doc.get("category") or "",
        aspect_kinds=tuple(str(a.get("kind", "other")) for a in doc.get("aspects") or []),
        by_child=bool((doc.get("complainant") or {}).get("is_child")),
        confidential=bool(doc.get("confidential")),
        stages=tuple(stage_rows(doc)),
        outcomes=CaseOutcomes.model_validate(doc.get("outcomes") or {}),
        feedback=tuple(
            str(f.get("satisfaction") or "not said")
            for f in (doc.get("reach") or {}).get("feedback", [])
        ),
    )


def _submitted_by(complainant: dict[str, Any]) -> str:
    """Who the submission says complains (no names): the child, or a representative."""
    if complainant.get("is_child"):
        return "the child"
    kind = (complainant.get("represented_by") or {}).get("kind")
    return f"by a representative: {kind}" if kind else ""


def _stages(procedure: str) -> list[str]:
    return [s.name for s in procedures.get(procedure).stages]
