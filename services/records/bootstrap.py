"""Wires the records service: its store (`rt.store`), the event queue, CaseService and
ReportService over gRPC."""

from __future__ import annotations

from common.bus import queue_spec
from common.clock import Clock
from common.outbox import OutboxRelay
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from common.storage import Store
from common.workdays import calendar_for
from complaints.v1 import cases_pb2, cases_pb2_grpc, reports_pb2, reports_pb2_grpc
from services.records.adapters.audit import AuditLog
from services.records.adapters.documents import DOCUMENTS
from services.records.casework import CaseWork
from services.records.config import RecordsSettings
from services.records.dataprotection import DataProtection
from services.records.entrypoints.amqp import event_consumer
from services.records.entrypoints.grpc_api import CaseServicer
from services.records.entrypoints.grpc_reports import ReportServicer
from services.records.handlers import RecordsHandlers
from services.records.queries import Queries
from services.records.reporting import Reports


def servicers(
    *, store: Store, clock: Clock, relay: OutboxRelay, settings: RecordsSettings
) -> tuple[CaseServicer, ReportServicer]:
    """CaseService and ReportService over ``store`` (also used by the benchmark)."""
    audit = AuditLog(store=store, clock=clock)
    casework = CaseWork(
        store=store, clock=clock, relay=relay, audit=audit, calendar_for=calendar_for
    )
    cases = CaseServicer(
        queries=Queries(store=store, audit=audit),
        casework=casework,
        dataprotection=DataProtection(
            store=store, settings=settings, casework=casework, audit=audit, clock=clock
        ),
        clock=clock,
    )
    reports = Reports(store=store, calendar_for=calendar_for)
    return cases, ReportServicer(reports=reports, clock=clock)


def register(cases: CaseServicer, reports: ReportServicer):  # type: ignore[no-untyped-def]
    """The gRPC registration of both services; returns their full names."""

    def add(server):  # type: ignore[no-untyped-def]
        cases_pb2_grpc.add_CaseServiceServicer_to_server(cases, server)
        reports_pb2_grpc.add_ReportServiceServicer_to_server(reports, server)
        return [
            cases_pb2.DESCRIPTOR.services_by_name["CaseService"].full_name,
            reports_pb2.DESCRIPTOR.services_by_name["ReportService"].full_name,
        ]

    return add


def build(
    platform: PlatformSettings | None = None, settings: RecordsSettings | None = None
) -> ServiceRuntime:
    """The records service: its documents, event queue and gRPC services on one runtime."""
    platform = platform or PlatformSettings()
    settings = settings or RecordsSettings()
    rt = ServiceRuntime("records", platform, documents=DOCUMENTS)
    handlers = RecordsHandlers(
        store=rt.store,
        clock=rt.clock,
        relay=rt.relay,
        calendar_for=calendar_for,
        auto_acknowledge=settings.auto_acknowledge,
    )
    cases, reports = servicers(store=rt.store, clock=rt.clock, relay=rt.relay, settings=settings)
    rt.queues.append((queue_spec("records.events"), event_consumer(handlers)))

    rt.grpc_register, rt.grpc_port = register(cases, reports), settings.grpc_port
    rt.case_facts, rt.on_denied = cases.case_facts, cases.on_denied
    return rt
