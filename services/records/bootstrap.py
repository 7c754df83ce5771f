"""Wires the records service."""

from __future__ import annotations

from common.bus import queue_spec
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from complaints.v1 import cases_pb2, cases_pb2_grpc
from services.records.adapters.documents import CaseFile, ComplaintFile
from services.records.config import RecordsSettings
from services.records.entrypoints.amqp import event_consumer
from services.records.entrypoints.grpc_api import CaseServicer
from services.records.handlers import RecordsHandlers


def build(
    platform: PlatformSettings | None = None, settings: RecordsSettings | None = None
) -> ServiceRuntime:
    platform = platform or PlatformSettings()
    settings = settings or RecordsSettings()
    rt = ServiceRuntime("records", platform)
    rt.documents += [CaseFile, ComplaintFile]
    handlers = RecordsHandlers(clock=rt.clock, relay=rt.relay)
    rt.queues.append((queue_spec("records.events"), event_consumer(handlers)))

    def register(server):  # type: ignore[no-untyped-def]
        cases_pb2_grpc.add_CaseServiceServicer_to_server(
            CaseServicer(handlers), server
        )
        return [cases_pb2.DESCRIPTOR.services_by_name["CaseService"].full_name]

    rt.grpc_register, rt.grpc_port = register, settings.grpc_port
    return rt
