"""Talking to an in-process records service: publish the events other services would,
wait for them to be filed, call CaseService and ReportService as a given role."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any

import grpc

import procedures
from common.auth import Role, issue
from common.contracts.events import CaseRouted, ComplaintReceived, Event
from common.contracts.submission import Submission
from common.runtime import ServiceRuntime
from common.settings import PlatformSettings
from complaints.v1 import cases_pb2, cases_pb2_grpc, reports_pb2_grpc
from tests.support.bus import publish

ROUTED_AT = datetime(2026, 11, 2, 11, 0, tzinfo=UTC)


def submission(
    procedure: str,
    *,
    received: date,
    officers: tuple[str, ...] = (),
    child: bool = False,
    confidential: bool = False,
    contact: str = "",
) -> Submission:
    return Submission.model_validate(
        {
            "partner_ref": f"P-{uuid.uuid4().hex[:10]}",
            "procedure": procedure,
            "nation": "england",
            "received_at": datetime.combine(received, datetime.min.time(), UTC).isoformat(),
            "channel": "letter",
            "complainant": {
                "name": "Jo Brown",
                "contact": contact or f"jo.{uuid.uuid4().hex[:6]}@example.org",
                "is_child": child,
            },
            "subject": "Missed contact visits",
            "aspects": [
                {
                    "kind": "service-delivery",
                    "text": "Visits were cancelled twice.",
                    "officers_named": list(officers),
                }
            ],
            "confidential": confidential,
        }
    )


class Api:
    """One records service under test, its gRPC stubs, and ways to feed it events."""

    def __init__(self, platform: PlatformSettings, rt: ServiceRuntime):
        self.platform, self.rt = platform, rt
        self.channel = grpc.aio.insecure_channel(f"127.0.0.1:{rt.bound_grpc_port}")
        self.cases = cases_pb2_grpc.CaseServiceStub(self.channel)
        self.reports = reports_pb2_grpc.ReportServiceStub(self.channel)

    async def close(self) -> None:
        await self.channel.close()

    def auth(
        self, role: Role = Role.CENTRAL_TEAM, sub: str = "alice", partner: str | None = None
    ) -> tuple[tuple[str, str], ...]:
        token = issue(self.platform.auth_secret, sub, role, partner=partner)
        return (("authorization", f"Bearer {token}"),)

    async def call(
        self,
        rpc: str,
        request: Any,
        role: Role = Role.CENTRAL_TEAM,
        sub: str = "alice",
        partner: str | None = None,
    ) -> Any:
        stub = self.reports if hasattr(self.reports, rpc) else self.cases
        return await getattr(stub, rpc)(request, metadata=self.auth(role, sub, partner), timeout=20)

    async def publish(self, event: Event, message_id: str) -> None:
        body = event.model_dump(mode="json")
        await publish(
            self.platform.amqp_url, "complaints", event.routing_key, body, message_id=message_id
        )

    async def receive_and_route(
        self,
        procedure: str,
        stage: str,
        *,
        received: date,
        owner: str = "",
        category: str = "service-delivery",
        **kwargs: Any,
    ) -> str:
        """Publish complaint.received and case.routed for a new complaint; wait until
        records has filed the strand. Returns its case ref."""
        reference = f"{procedure[:3].upper()}-{received.year}-{uuid.uuid4().int % 10**6:06d}"
        sub = submission(procedure, received=received, **kwargs)
        base = {"reference": reference, "procedure": procedure, "occurred_at": ROUTED_AT}
        await self.publish(
            ComplaintReceived(
                **base, partner_id="dorset", partner_ref=sub.partner_ref, submission=sub
            ),
            f"complaint.received:{reference}",
        )
        routed = CaseRouted(
            **base,
            strand=1,
            stage=stage,
            category=category,
            owner=owner or procedures.get(procedure).stage(stage).owner,
            nation="england",
            calendar="england-and-wales",
            received_on=received,
            subject=sub.subject,
            aspects=[a.model_dump(mode="json") for a in sub.aspects],
            complainant=sub.complainant,
            confidential=sub.confidential,
            partner_id="dorset",
            # as routing names them: the stage's clocks that are not conditional
            clocks=[n for n, c in procedures.get(procedure).stage(stage).clocks.items()
                    if not c.conditional],
        )
        await self.publish(routed, f"case.routed:{reference}/1")
        ref = f"{reference}/1"
        # Filed, and dated by the deadlines service (a stage without a response clock has
        # no date to wait for).
        dated = procedures.response_clock(procedure, stage) is None
        await self.wait_for(
            ref, lambda c: c.status == "open" and (dated or bool(c.stages[0].response_due))
        )
        return ref

    async def wait_for(self, ref: str, ready, timeout: float = 20.0) -> cases_pb2.Case:  # type: ignore[no-untyped-def]
        """Poll the case (as the central team) until ``ready(case)``."""
        async with asyncio.timeout(timeout):
            while True:
                try:
                    case = await self.call("GetCase", cases_pb2.GetCaseRequest(ref=ref))
                    if ready(case):
                        return case
                except grpc.aio.AioRpcError as exc:
                    if exc.code() != grpc.StatusCode.NOT_FOUND:
                        raise
                await asyncio.sleep(0.2)
