"""Wires the intake service: the one place its adapters are chosen."""

from __future__ import annotations

from common.bus import queue_spec
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from complaints.v1 import intake_pb2, intake_pb2_grpc
from services.intake.adapters.documents import DOCUMENTS
from services.intake.config import IntakeSettings
from services.intake.entrypoints.amqp import submission_consumer
from services.intake.entrypoints.grpc_api import IntakeServicer
from services.intake.handlers import IntakeHandlers


def known_procedures() -> set[str]:
    """Procedures a partner may submit to (the procedure files define them)."""
    try:
        from procedures import load_all
    except ImportError:  # before the procedure library is installed
        return {"dso", "hmip", "spso", "children"}
    return {name for name, proc in load_all().items() if getattr(proc, "submittable", True)}


def build(
    platform: PlatformSettings | None = None, settings: IntakeSettings | None = None
) -> ServiceRuntime:
    platform = platform or PlatformSettings()
    settings = settings or IntakeSettings()
    rt = ServiceRuntime("intake", platform, documents=DOCUMENTS)
    handlers = IntakeHandlers(
        store=rt.store,
        clock=rt.clock,
        relay=rt.relay,
        known_procedures=known_procedures(),
        refuse_near_misses=platform.mode == "production",
        require_user_id=platform.mode == "production",
    )
    rt.queues.append((queue_spec("intake.submissions"), submission_consumer(handlers)))

    def register(server):  # type: ignore[no-untyped-def]
        intake_pb2_grpc.add_IntakeServiceServicer_to_server(IntakeServicer(handlers), server)
        return [intake_pb2.DESCRIPTOR.services_by_name["IntakeService"].full_name]

    rt.grpc_register, rt.grpc_port = register, settings.grpc_port
    return rt
