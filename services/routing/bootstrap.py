"""Wires the routing service."""

from __future__ import annotations

from functools import cache

from common.bus import queue_spec
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from common.workdays import calendar_for
from complaints.v1 import routing_pb2, routing_pb2_grpc
from procedures import load_all
from services.routing.adapters.documents import DOCUMENTS
from services.routing.config import RoutingSettings
from services.routing.entrypoints.amqp import received_consumer
from services.routing.entrypoints.grpc_api import RoutingServicer
from services.routing.handlers import RoutingHandlers


def build(
    platform: PlatformSettings | None = None, settings: RoutingSettings | None = None
) -> ServiceRuntime:
    platform = platform or PlatformSettings()
    settings = settings or RoutingSettings()
    load_all()  # an inconsistent procedure file stops the service here, with its reasons
    rt = ServiceRuntime("routing", platform, documents=DOCUMENTS)
    handlers = RoutingHandlers(
        store=rt.store, clock=rt.clock, relay=rt.relay, calendar_for=cache(calendar_for)
    )
    rt.queues.append((queue_spec("routing.complaints"), received_consumer(handlers)))

    def register(server):  # type: ignore[no-untyped-def]
        routing_pb2_grpc.add_RoutingServiceServicer_to_server(RoutingServicer(handlers), server)
        return [routing_pb2.DESCRIPTOR.services_by_name["RoutingService"].full_name]

    rt.grpc_register, rt.grpc_port = register, settings.grpc_port
    rt.case_facts = handlers.case_facts
    return rt
