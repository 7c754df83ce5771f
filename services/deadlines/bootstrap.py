"""Wires the deadlines service."""

from __future__ import annotations

from common.bus import queue_spec
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from common.storage import run_sync
from complaints.v1 import deadlines_pb2, deadlines_pb2_grpc
from services.deadlines.adapters.calendars import CalendarBook
from services.deadlines.adapters.documents import DOCUMENTS
from services.deadlines.config import DeadlinesSettings
from services.deadlines.entrypoints.amqp import case_consumer
from services.deadlines.entrypoints.grpc_api import DeadlineServicer
from services.deadlines.gauges import TimerGauges
from services.deadlines.handlers import DeadlineHandlers
from services.deadlines.queries import ClockQueries


def build(
    platform: PlatformSettings | None = None, settings: DeadlinesSettings | None = None
) -> ServiceRuntime:
    platform = platform or PlatformSettings()
    settings = settings or DeadlinesSettings()
    rt = ServiceRuntime("deadlines", platform, documents=DOCUMENTS)
    book = CalendarBook(rt.store, settings.bank_holidays_file)
    book.refresh()  # the version in force before the first message is counted with it
    handlers = DeadlineHandlers(
        store=rt.store,
        clock=rt.clock,
        relay=rt.relay,
        calendar_for=book.get,
        lead_working_days=settings.approaching_lead_working_days,
        reminder_at=settings.reminder_at,
    )
    rt.queues.append((queue_spec("deadlines.cases"), case_consumer(handlers)))
    # The sweep is one indexed read when nothing is due; calendar versions imported
    # through another replica are looked for on a slower timer of their own.
    rt.every(settings.sweep_interval_s, handlers.sweep, "timer sweep")
    # Timers due and not yet fired, read when Prometheus scrapes (0 while sweeps keep up).
    TimerGauges(rt.store, rt.clock).register(rt.metrics)
    rt.every(
        settings.calendar_refresh_s,
        lambda: run_sync(book.refresh),
        "calendar refresh",
        first_after=True,
    )
    rt.handlers = handlers  # type: ignore[attr-defined]
    rt.book = book  # type: ignore[attr-defined]

    queries = ClockQueries(rt.store, book.get)
    rt.case_facts = queries.case_facts

    def register(server):  # type: ignore[no-untyped-def]
        deadlines_pb2_grpc.add_DeadlineServiceServicer_to_server(
            DeadlineServicer(rt.store, queries, book, rt.clock), server
        )
        return [deadlines_pb2.DESCRIPTOR.services_by_name["DeadlineService"].full_name]

    rt.grpc_register, rt.grpc_port = register, settings.grpc_port
    return rt
