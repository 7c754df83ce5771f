"""gRPC entrypoint: RoutingService.Explain, the rules that fired for a complaint."""

from __future__ import annotations

import json

import grpc

from common.grpc_server import NotFound, maps_errors
from complaints.v1 import routing_pb2, routing_pb2_grpc
from services.routing.handlers import RoutingHandlers


class RoutingServicer(routing_pb2_grpc.RoutingServiceServicer):
    def __init__(self, handlers: RoutingHandlers):
        self._handlers = handlers

    @maps_errors
    async def Explain(  # noqa: N802
        self, request: routing_pb2.ExplainRequest, context: grpc.aio.ServicerContext
    ) -> routing_pb2.RoutingDecision:
        reference = request.reference.split("/")[0]
        record = await self._handlers.explain(reference)
        if record is None:
            raise NotFound(f"no routing decision for {reference!r}")
        d = record.decision or {}
        exclusion = d.get("exclusion") or {}
        return routing_pb2.RoutingDecision(
            reference=record.id,
            procedure=record.procedure or "",
            status=record.status or "",
            strands=[
                routing_pb2.StrandDecision(
                    strand=s["strand"],
                    procedure=s["procedure"],
                    stage=s["stage"],
                    category=s["category"],
                    owner=s["owner"],
                    aspects=[f"{a['index']}:{a['kind']}" for a in s.get("aspects", [])],
                    minimal=s.get("minimal", False),
                    clocks=s.get("clocks", []),
                    flags=s.get("flags", []),
                )
                for s in d.get("strands", [])
            ],
            referrals=[
                routing_pb2.ReferralDecision(
                    rule=r["rule"],
                    to=r["to"],
                    urgency=r["urgency"],
                    reason=r["reason"],
                    source=r.get("source", ""),
                    strand=r.get("strand") or 0,
                    due=r.get("due") or "",
                )
                for r in d.get("referrals", [])
            ],
            exclusion_rule=exclusion.get("rule", ""),
            exclusion_reason=exclusion.get("reason", ""),
            rules=[routing_pb2.RuleFired(**r) for r in d.get("rules", [])],
            decision_json=json.dumps(d),
            errors=[f"{e['field']}: {e['message']} ({e['rule']})" for e in record.errors or []],
        )
