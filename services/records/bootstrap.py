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
from complaints.v1 import (
    cases_pb2,
    cases_pb2_grpc,
    outcomes_pb2,
    outcomes_pb2_grpc,
    reports_pb2,
    reports_pb2_grpc,
)
from services.records.adapters.audit import AuditLog
from services.records.adapters.documents import DOCUMENTS
from services.records.config import RecordsSettings
from services.records.entrypoints.amqp import event_consumer
from services.records.entrypoints.grpc_api import CaseServicer
from services.records.entrypoints.grpc_outcomes import OutcomeServicer
from services.records.entrypoints.grpc_reports import ReportServicer
from services.records.handlers.casework import CaseWork
from services.records.handlers.dataprotection import DataProtection
from services.records.handlers.events import RecordsHandlers
from services.records.handlers.outcomes import OutcomeWork
from services.records.handlers.reporting import Reports
from services.records.queries import Queries


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


def outcome_work(
    *, store: Store, clock: Clock, relay: OutboxRelay, settings: RecordsSettings
) -> OutcomeWork:
    """The outcomes use cases (commands, the commitments sweep, their reports)."""
    return OutcomeWork(
        store=store,
        clock=clock,
        relay=relay,
        audit=AuditLog(store=store, clock=clock),
        limits=settings.remedy_limits,
        remind_days_before=settings.commitment_remind_days,
    )


def register(  # type: ignore[no-untyped-def]
    cases: CaseServicer, reports: ReportServicer, outcomes: OutcomeServicer | None = None
):
    """The gRPC registration of the services; returns their full names."""

    def add(server):  # type: ignore[no-untyped-def]
        cases_pb2_grpc.add_CaseServiceServicer_to_server(cases, server)
        reports_pb2_grpc.add_ReportServiceServicer_to_server(reports, server)
        names = [
            cases_pb2.DESCRIPTOR.services_by_name["CaseService"].full_name,
            reports_pb2.DESCRIPTOR.services_by_name["ReportService"].full_name,
        ]
        if outcomes is not None:
            outcomes_pb2_grpc.add_OutcomeServiceServicer_to_server(outcomes, server)
            names.append(outcomes_pb2.DESCRIPTOR.services_by_name["OutcomeService"].full_name)
        return names

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
    work = outcome_work(store=rt.store, clock=rt.clock, relay=rt.relay, settings=settings)
    rt.every(settings.commitment_sweep_s, work.sweep, "commitments sweep")

    outcomes = OutcomeServicer(work=work, clock=rt.clock)
    rt.grpc_register, rt.grpc_port = register(cases, reports, outcomes), settings.grpc_port
    rt.case_facts, rt.on_denied = cases.case_facts, cases.on_denied
    return rt
