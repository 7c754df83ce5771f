"""The five services' gRPC APIs, called as the signed-in person (a platform token issued
for them on each call), so every service's access policy decides as it does for the CLI."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.json_format import MessageToDict

from common.auth import issue
from complaints.v1 import (
    cases_pb2,
    cases_pb2_grpc,
    deadlines_pb2,
    deadlines_pb2_grpc,
    notifications_pb2,
    notifications_pb2_grpc,
    outcomes_pb2,
    outcomes_pb2_grpc,
    reports_pb2,
    reports_pb2_grpc,
    routing_pb2,
    routing_pb2_grpc,
)
from services.console.config import ConsoleSettings
from services.console.domain.identity import Person

TOKEN_TTL_S = 300


class Refused(Exception):  # noqa: N818
    """A call a service refused or could not answer: the gRPC code and its reason."""

    def __init__(self, code: str, reason: str, what: str):
        super().__init__(f"{what}: {reason}")
        self.code, self.reason, self.what = code, reason, what

    @property
    def http_status(self) -> int:
        return {
            "PERMISSION_DENIED": 403,
            "UNAUTHENTICATED": 401,
            "NOT_FOUND": 404,
            "INVALID_ARGUMENT": 422,
            "FAILED_PRECONDITION": 409,
            "UNAVAILABLE": 503,
            "DEADLINE_EXCEEDED": 504,
        }.get(self.code, 500)

    @property
    def unavailable(self) -> bool:
        return self.code in ("UNAVAILABLE", "DEADLINE_EXCEEDED")


def as_dict(msg: Any) -> dict[str, Any]:
    return MessageToDict(
        msg, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


class Platform:
    """One channel per service, shared by every request; each call carries the token of
    the person it is made for."""

    def __init__(self, settings: ConsoleSettings, auth_secret: str):
        self._settings, self._secret = settings, auth_secret
        self._channels = {
            name: grpc.aio.insecure_channel(settings.address(name))
            for name in ("routing", "deadlines", "notifications", "records")
        }
        self.cases = cases_pb2_grpc.CaseServiceStub(self._channels["records"])
        self.reports = reports_pb2_grpc.ReportServiceStub(self._channels["records"])
        self.outcome_service = outcomes_pb2_grpc.OutcomeServiceStub(self._channels["records"])
        self.deadlines = deadlines_pb2_grpc.DeadlineServiceStub(self._channels["deadlines"])
        self.notifications = notifications_pb2_grpc.NotificationServiceStub(
            self._channels["notifications"]
        )
        self.routing = routing_pb2_grpc.RoutingServiceStub(self._channels["routing"])

    async def close(self) -> None:
        for channel in self._channels.values():
            await channel.close()

    def _metadata(self, person: Person) -> tuple[tuple[str, str], ...]:
        token = issue(
            self._secret, person.name, person.role, partner=person.partner, ttl_s=TOKEN_TTL_S
        )
        return (("authorization", f"Bearer {token}"),)

    async def call(self, person: Person, stub: Any, method: str, request: Any, what: str) -> Any:
        try:
            return await getattr(stub, method)(
                request, timeout=self._settings.timeout_s, metadata=self._metadata(person)
            )
        except grpc.aio.AioRpcError as exc:
            reason = exc.details() or exc.code().name
            if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                reason = f"the service is not reachable ({reason})"
            raise Refused(exc.code().name, reason, what) from exc

    # -- reads -----------------------------------------------------------------------------

    async def list_cases(
        self, person: Person, page_token: str, page_size: int, **filters: Any
    ) -> tuple[list[dict], str]:
        reply = await self.call(
            person,
            self.cases,
            "ListCases",
            cases_pb2.ListCasesRequest(page_size=page_size, page_token=page_token, **filters),
            "the caseload",
        )
        return [as_dict(c) for c in reply.cases], reply.next_page_token

    async def case_file(self, person: Person, ref: str) -> dict:
        reply = await self.call(
            person, self.cases, "GetFile", cases_pb2.GetCaseRequest(ref=ref), f"case {ref}"
        )
        return as_dict(reply)

    async def clocks(self, person: Person, ref: str) -> list[dict]:
        reply = await self.call(
            person,
            self.deadlines,
            "GetClocks",
            deadlines_pb2.GetClocksRequest(reference=ref),
            f"the clocks of {ref}",
        )
        return [as_dict(c) for c in reply.clocks]

    async def letters(self, person: Person, ref: str) -> list[dict]:
        reply = await self.call(
            person,
            self.notifications,
            "ListNotifications",
            notifications_pb2.ListNotificationsRequest(reference=ref),
            f"the letters of {ref}",
        )
        return [as_dict(n) for n in reply.notifications]

    async def print_jobs(self, person: Person, reference: str) -> list[dict]:
        """The paper letters of a complaint in the print queue, whatever their state."""
        reply = await self.call(
            person,
            self.notifications,
            "ListPrintQueue",
            notifications_pb2.ListPrintQueueRequest(reference=reference),
            f"the print queue of {reference}",
        )
        return [as_dict(j) for j in reply.jobs]

    async def outcomes(self, person: Person, ref: str) -> dict:
        reply = await self.call(
            person,
            self.outcome_service,
            "GetOutcomes",
            outcomes_pb2.OutcomesRequest(ref=ref),
            f"the outcomes of {ref}",
        )
        return as_dict(reply)

    async def overdue_commitments(self, person: Person, procedure: str = "") -> dict:
        """OutcomeService.Commitments, the overdue ones only (records' clock decides)."""
        reply = await self.call(
            person,
            self.outcome_service,
            "Commitments",
            outcomes_pb2.CommitmentsRequest(procedure=procedure, overdue_only=True),
            "the overdue commitments",
        )
        return as_dict(reply)

    async def preview(self, person: Person, ref: str, template: str, recipient: str) -> dict:
        reply = await self.call(
            person,
            self.notifications,
            "Preview",
            notifications_pb2.PreviewRequest(reference=ref, template=template, recipient=recipient),
            f"the {template} letter of {ref}",
        )
        return as_dict(reply)

    async def resend(self, person: Person, ref: str, key: str) -> dict:
        reply = await self.call(
            person,
            self.notifications,
            "Resend",
            notifications_pb2.ResendRequest(case_ref=ref, key=key),
            f"resending a letter of {ref}",
        )
        return as_dict(reply)

    async def routing_decision(self, person: Person, reference: str) -> dict:
        reply = await self.call(
            person,
            self.routing,
            "Explain",
            routing_pb2.ExplainRequest(reference=reference),
            f"the routing of {reference}",
        )
        return as_dict(reply)

    # -- casework --------------------------------------------------------------------------

    async def act(self, person: Person, rpc: str, request: str, fields: dict[str, Any]) -> dict:
        message = getattr(cases_pb2, request)(**fields)
        reply = await self.call(person, self.cases, rpc, message, f"{rpc} on {fields['ref']}")
        return as_dict(reply)

    # -- reports ---------------------------------------------------------------------------

    async def kpi(self, person: Person, **fields: Any) -> dict:
        reply = await self.call(
            person, self.reports, "Kpi", reports_pb2.KpiRequest(**fields), "the KPI report"
        )
        return as_dict(reply)

    async def report(self, person: Person, kind: str, year: int, quarter: int = 0) -> dict:
        if kind == "representations":
            method, request = (
                "Representations",
                reports_pb2.QuarterRequest(year=year, quarter=quarter),
            )
        else:
            method = {"hmip-annual": "HmipAnnual", "children-annual": "ChildrenAnnual"}[kind]
            request = reports_pb2.AnnualRequest(year=year)
        reply = await self.call(person, self.reports, method, request, f"the {kind} report")
        return as_dict(reply)
