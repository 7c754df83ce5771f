"""The authorisation hole, closed over the running platform: with a valid token for
partner B (or an operator's), partner A's confidential case cannot be explained, its
clocks and letters cannot be read or previewed, its acknowledgement cannot be sent again;
ListDue lists only what the caller may read. Partner A still reads its own ordinary case
through every service; the central team reads everything."""

from __future__ import annotations

import grpc
import pytest

from common.auth import Role
from complaints.v1 import (
    cases_pb2,
    cases_pb2_grpc,
    deadlines_pb2,
    deadlines_pb2_grpc,
    notifications_pb2,
    notifications_pb2_grpc,
    routing_pb2,
    routing_pb2_grpc,
)
from tests.e2e.conftest import Stack, submit
from tests.support.grpc_client import metadata, wait_until
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e
DENIED = grpc.StatusCode.PERMISSION_DENIED


async def _code(call) -> grpc.StatusCode:  # type: ignore[no-untyped-def]
    try:
        await call
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


async def test_another_partner_or_an_operator_reads_nothing_of_a_confidential_case(
    stack: Stack,
) -> None:
    platform = stack.platform
    secret = await submit(stack, "yarlswood", dso_service_delivery(confidential=True))
    ordinary = await submit(stack, "yarlswood", dso_service_delivery())
    channels = {n: grpc.aio.insecure_channel(stack.addr(n)) for n in stack.ports}
    routing = routing_pb2_grpc.RoutingServiceStub(channels["routing"])
    clocks = deadlines_pb2_grpc.DeadlineServiceStub(channels["deadlines"])
    letters = notifications_pb2_grpc.NotificationServiceStub(channels["notifications"])
    cases = cases_pb2_grpc.CaseServiceStub(channels["records"])
    central = metadata(platform)

    async def acknowledged():  # type: ignore[no-untyped-def]
        reply = await letters.ListNotifications(
            notifications_pb2.ListNotificationsRequest(reference=secret),
            metadata=central,
            timeout=5,
        )
        return [n for n in reply.notifications if n.template == "acknowledgement"] or None

    [ack] = await wait_until(acknowledged, timeout=60)
    await wait_until(lambda: _has_clocks(clocks, f"{ordinary}/1", central), timeout=30)

    def calls(ref: str, md):  # type: ignore[no-untyped-def]
        return {
            "Explain": routing.Explain(routing_pb2.ExplainRequest(reference=ref), metadata=md),
            "GetClocks": clocks.GetClocks(
                deadlines_pb2.GetClocksRequest(reference=ref), metadata=md
            ),
            "ListNotifications": letters.ListNotifications(
                notifications_pb2.ListNotificationsRequest(reference=ref), metadata=md
            ),
            "Preview": letters.Preview(
                notifications_pb2.PreviewRequest(reference=f"{ref}/1", template="acknowledgement"),
                metadata=md,
            ),
            "GetCase": cases.GetCase(cases_pb2.GetCaseRequest(ref=ref), metadata=md),
        }

    partner_b = metadata(platform, Role.PARTNER, sub="brook-app", partner="brook")
    partner_a = metadata(platform, Role.PARTNER, sub="yw-app", partner="yarlswood")
    operator = metadata(platform, Role.OPERATOR, sub="ops")
    for who, md in (("partner B", partner_b), ("partner A", partner_a), ("operator", operator)):
        for name, call in calls(secret, md).items():
            assert await _code(call) is DENIED, f"{who} {name} on the confidential case"
    for who, md in (("partner B", partner_b), ("partner A", partner_a)):
        resend = letters.Resend(
            notifications_pb2.ResendRequest(case_ref=ack.case_ref, key=ack.key), metadata=md
        )
        assert await _code(resend) is DENIED, f"{who} Resend"
    # An operator may not put a confidential case's letter back in the queue either.
    resend = letters.Resend(
        notifications_pb2.ResendRequest(case_ref=ack.case_ref, key=ack.key), metadata=operator
    )
    assert await _code(resend) is DENIED

    # Partner A reads its own ordinary case through every service; partner B does not.
    for name, call in calls(ordinary, partner_a).items():
        assert await _code(call) is grpc.StatusCode.OK, f"partner A {name} on its own case"
    for name, call in calls(ordinary, partner_b).items():
        assert await _code(call) is DENIED, f"partner B {name} on partner A's case"

    # ListDue: partners may not list due dates; an officer sees only their own cases.
    due = deadlines_pb2.ListDueRequest(before="2099-12-31")
    assert await _code(clocks.ListDue(due, metadata=partner_b)) is DENIED
    everyone = await clocks.ListDue(due, metadata=central, timeout=5)
    assert {c.case_ref for c in everyone.clocks} >= {f"{secret}/1", f"{ordinary}/1"}
    officer = metadata(platform, Role.INVESTIGATING_OFFICER, sub="olu")
    assert (await clocks.ListDue(due, metadata=officer, timeout=5)).clocks == []

    # Nothing was sent again, and the refusals are in the case's access log.
    def copies() -> int:
        return sum(1 for m in stack.mail() if m["X-Notification-Key"] == ack.key)

    await wait_until(lambda: _truthy(copies()), timeout=30)
    assert copies() == 1
    log = await cases.AccessLog(cases_pb2.GetCaseRequest(ref=secret), metadata=central)
    refused = [e for e in log.entries if e.outcome == "denied" and e.who == "brook-app"]
    assert refused, "partner B's refused read is filed in the access log"
    for channel in channels.values():
        await channel.close()


async def _truthy(value: int) -> int:
    return value


async def _has_clocks(stub, ref: str, md):  # type: ignore[no-untyped-def]
    try:
        reply = await stub.GetClocks(deadlines_pb2.GetClocksRequest(reference=ref), metadata=md)
    except grpc.aio.AioRpcError:
        return None
    return reply.clocks or None
