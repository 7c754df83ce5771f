"""Wires the routing service."""

from __future__ import annotations

from functools import cache

from common.bus import queue_spec
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from common.workdays import calendar_for
from procedures import load_all
from services.routing.adapters.documents import RoutingRecord
from services.routing.config import RoutingSettings
from services.routing.entrypoints.amqp import received_consumer
from services.routing.handlers import RoutingHandlers


def build(
    platform: PlatformSettings | None = None, settings: RoutingSettings | None = None
) -> ServiceRuntime:
    platform = platform or PlatformSettings()
    settings = settings or RoutingSettings()
    load_all()  # an inconsistent procedure file stops the service here, with its reasons
    rt = ServiceRuntime("routing", platform)
    rt.documents.append(RoutingRecord)
    handlers = RoutingHandlers(clock=rt.clock, relay=rt.relay, calendar_for=cache(calendar_for))
    rt.queues.append((queue_spec("routing.complaints"), received_consumer(handlers)))
    rt.grpc_port = settings.grpc_port
    return rt
