"""Statutory clocks end to end: a child's complaint with a child-protection concern, worked
by the central team over gRPC while the platform's clock moves on."""

from __future__ import annotations

import asyncio
from datetime import date

import grpc
import pytest

from complaints.v1 import cases_pb2, cases_pb2_grpc
from tests.e2e.conftest import Stack
from tests.support.bus import listen, publish
from tests.support.grpc_client import metadata, wait_until
from tests.support.infra import set_day
from tests.support.submissions import children_child_protection

pytestmark = pytest.mark.e2e


async def test_stopped_resumed_extended_capped_breached_and_progressed(stack: Stack) -> None:
    platform = stack.platform
    set_day(stack.platform.clock_file, date(2026, 11, 2))  # Mon 2 Nov 2026: received and routed
    channel = grpc.aio.insecure_channel(stack.addr("records"))
    cases = cases_pb2_grpc.CaseServiceStub(channel)
    md = metadata(platform)
    try:
        async with listen(platform.amqp_url, "complaints", "deadline.#", "case.#") as events:
            await publish(
                platform.amqp_url, "intake", "submit.westshire", children_child_protection()
            )
            await events.wait_for(lambda m: len(events.bodies("deadline.stopped")) >= 2, 60)
            ref = f"{events.bodies('deadline.stopped')[0]['reference']}/1"
            assert {b["clock"]: b["remaining"] for b in events.bodies("deadline.stopped")} == {
                "acknowledgement": 3,
                "response": 10,
            }

            async def filed():  # type: ignore[no-untyped-def]
                try:
                    case = await cases.GetCase(
                        cases_pb2.GetCaseRequest(ref=ref), metadata=md, timeout=10
                    )
                except grpc.aio.AioRpcError:
                    return None
                return case if case.status not in ("", "pending") else None

            await wait_until(filed, timeout=60)
            set_day(stack.platform.clock_file, date(2026, 11, 9))  # the referral is dealt with
            await cases.Resume(
                cases_pb2.ResumeRequest(ref=ref, request_id="r1"), metadata=md, timeout=10
            )
            await events.wait_for(lambda m: len(events.bodies("deadline.resumed")) >= 2, 60)
            # From Mon 9 Nov: 3 wd -> Thu 12 Nov; 10 wd -> Mon 23 Nov.
            assert {b["clock"]: b["due"] for b in events.bodies("deadline.resumed")} == {
                "acknowledgement": "2026-11-12",
                "response": "2026-11-23",
            }

            await cases.Extend(
                cases_pb2.ExtendRequest(
                    ref=ref,
                    request_id="x1",
                    to="2026-11-30",
                    clock="response",
                    reason="agreed with the complainant",
                ),
                metadata=md,
                timeout=10,
            )
            await events.wait_for(
                lambda m: [
                    b for b in events.bodies("deadline.set", "response") if b["due"] == "2026-11-30"
                ],
                60,
            )
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await cases.Extend(
                    cases_pb2.ExtendRequest(
                        ref=ref,
                        request_id="x2",
                        to="2026-12-21",
                        clock="response",
                        reason="more time",
                    ),
                    metadata=md,
                    timeout=10,
                )
            assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            assert "20 working days" in refused.value.details()

            set_day(stack.platform.clock_file, date(2026, 12, 1))  # past the extended date
            await events.wait_for(lambda m: events.bodies("deadline.breached", "response"), 60)
            assert not events.bodies("case.auto-progressed")
            # Stage 1 may run 20 wd, not counting the 5 stopped: 2 Nov + 25 wd = Mon 7 Dec.
            # Past it the complainant may ask for stage 2 (seed 004 "can"): the platform
            # does not move the case by itself.
            set_day(stack.platform.clock_file, date(2026, 12, 8))
            await asyncio.sleep(3)
            assert not events.bodies("case.auto-progressed")
        got = await cases.GetCase(cases_pb2.GetCaseRequest(ref=ref), metadata=md, timeout=10)
        assert got.stage == "local_resolution"
    finally:
        await channel.close()
