"""gRPC entrypoint: ReportService (KPIs, HMIP and children's annual reports, quarterly
compliments and representations). Who ran which report is in the service's logs."""

from __future__ import annotations

import logging

import grpc

from common.access.policy import can_report
from common.clock import Clock, today
from common.grpc_server import Denied, current_caller, maps_errors
from complaints.v1 import reports_pb2, reports_pb2_grpc
from services.records.domain.annual import Report
from services.records.domain.kpi import GROUPS, PERIODS
from services.records.entrypoints.requests import Fields
from services.records.handlers.reporting import Reports

log = logging.getLogger(__name__)
type Ctx = grpc.aio.ServicerContext


def report_message(report: Report) -> reports_pb2.Report:
    msg = reports_pb2.Report(title=report.title, notes=report.notes)
    for table in report.tables:
        t = msg.tables.add(title=table.title, columns=table.columns)
        for row in table.rows:
            t.rows.add(cells=row)
    return msg


class ReportServicer(reports_pb2_grpc.ReportServiceServicer):
    def __init__(self, *, reports: Reports, clock: Clock):
        self._reports, self._clock = reports, clock

    def _allow(self, procedure: str, what: str) -> None:
        caller = current_caller()
        allowed, why = can_report(caller, procedure)
        log.info("report %s for %s (%s): %s", what, caller.sub, caller.role, allowed or why)
        if not allowed:
            raise Denied(why)

    @maps_errors
    async def Kpi(self, request: reports_pb2.KpiRequest, context: Ctx) -> reports_pb2.KpiReply:  # noqa: N802
        f = Fields(request)
        group_by = tuple(request.group_by) or ("procedure", "stage")
        for g in group_by:
            if g not in GROUPS:
                f._bad("group_by", "enum", f"{g!r} is not one of {', '.join(GROUPS)}")
        period = request.period or "quarter"
        if period not in PERIODS:
            f._bad("period", "enum", f"{period!r} is not one of {', '.join(PERIODS)}")
        start, end = f.day("from"), f.day("to")
        as_of = f.day("as_of") or today(self._clock)
        if start and end and end < start:
            f._bad("to", "range", "to must not be before from")
        f.done()
        self._allow(request.procedure, "kpi")
        rows = await self._reports.kpi(
            procedure=request.procedure,
            stage=request.stage,
            owner=request.owner,
            group_by=group_by,
            period=period,
            start=start,
            end=end,
            as_of=as_of,
        )
        return reports_pb2.KpiReply(
            rows=[reports_pb2.KpiRow(**r.as_dict()) for r in rows],
            group_by=list(group_by),
            as_of=as_of.isoformat(),
        )

    def _year(self, request: reports_pb2.AnnualRequest | reports_pb2.QuarterRequest) -> int:
        f = Fields(request)
        if not 2000 <= request.year <= 2100:
            f._bad("year", "range", "give the year, e.g. 2026")
        if isinstance(request, reports_pb2.QuarterRequest) and not 0 <= request.quarter <= 4:
            f._bad("quarter", "range", "1..4, or 0 for the whole year")
        f.done()
        return request.year

    @maps_errors
    async def HmipAnnual(  # noqa: N802
        self, request: reports_pb2.AnnualRequest, context: Ctx
    ) -> reports_pb2.Report:
        year = self._year(request)
        self._allow("hmip", "hmip-annual")
        return report_message(await self._reports.hmip_annual(year))

    @maps_errors
    async def ChildrenAnnual(  # noqa: N802
        self, request: reports_pb2.AnnualRequest, context: Ctx
    ) -> reports_pb2.Report:
        year = self._year(request)
        self._allow("children", "children-annual")
        return report_message(await self._reports.children_annual(year))

    @maps_errors
    async def Representations(  # noqa: N802
        self, request: reports_pb2.QuarterRequest, context: Ctx
    ) -> reports_pb2.Report:
        year = self._year(request)
        self._allow("children", "representations")
        return report_message(await self._reports.representations(year, request.quarter))

    @maps_errors
    async def Alternatives(  # noqa: N802
        self, request: reports_pb2.AlternativesRequest, context: Ctx
    ) -> reports_pb2.Report:
        f = Fields(request)
        if not 2000 <= request.year <= 2100:
            f._bad("year", "range", "give the year, e.g. 2026")
        as_of = f.day("as_of") or today(self._clock)
        f.done()
        self._allow(request.procedure, "alternatives")
        report = await self._reports.alternatives(request.year, request.procedure, as_of)
        return report_message(report)
