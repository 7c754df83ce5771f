"""Issue 21: one hostile message cannot stall intake. A body of ~10 MB with hundreds of
thousands of keys is refused from its length alone, and a valid submission sent right
behind it is answered within a second; intake's gRPC health answers all the while (intake
runs in the test's own event loop, so a blocked loop shows in every timing here)."""

from __future__ import annotations

import asyncio
import json
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.contracts.body_limits import MAX_BODY_BYTES
from tests.support.bus import listen, publish
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.integration

ANSWER_WITHIN_S = 1.0
HEALTH_WITHIN_S = 0.5


def hostile_body(keys: int) -> bytes:
    """A submission padded with ``keys`` unknown fields of 22 bytes each."""
    body = dso_service_delivery()
    body.update({f"k{i:09d}": "padd" for i in range(keys)})
    return json.dumps(body).encode()


async def probe_health(port: int, answered: list[float], stop: asyncio.Event) -> None:
    """Ask intake's health every 50 ms, noting when each answer came: a gap between two
    answers is as long as intake (or the loop it shares with this test) was deaf."""
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        answered.append(time.monotonic())
        while not stop.is_set():
            reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=60)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
            answered.append(time.monotonic())
            await asyncio.sleep(0.05)


def longest_gap(times: list[float]) -> float:
    return max(b - a for a, b in zip(times, times[1:], strict=False))


@pytest.mark.parametrize(
    ("keys", "rule"),
    [(200_000, "max-size"), (450_000, "max-size"), (180_000, "max-items")],
    ids=["4.4MB-200k-keys", "9.9MB-450k-keys", "4.0MB-180k-keys"],
)
async def test_a_valid_submission_is_answered_within_a_second_while_a_hostile_one_is_refused(
    intake, platform, keys: int, rule: str
) -> None:  # type: ignore[no-untyped-def]
    hostile = hostile_body(keys)
    assert (len(hostile) > MAX_BODY_BYTES) == (rule == "max-size")
    timings: list[float] = []
    stop = asyncio.Event()
    async with (
        listen(platform.amqp_url, "partners", "yarlswood.*") as replies,
        listen(platform.amqp_url, "partners", "mallory.*") as refused,
    ):
        health = asyncio.create_task(probe_health(intake.bound_grpc_port, timings, stop))
        try:
            await publish(platform.amqp_url, "intake", "submit.mallory", hostile)
            # Counted from when the valid one is due, not from when this test (sharing
            # intake's event loop) got round to sending it.
            due = time.monotonic() + 0.2
            await asyncio.sleep(0.2)
            await publish(platform.amqp_url, "intake", "submit.yarlswood", dso_service_delivery())
            await replies.wait_for(lambda m: len(m) >= 1, timeout=120)
            answered = time.monotonic() - due
            await refused.wait_for(lambda m: len(m) >= 1, timeout=120)
        finally:
            stop.set()
            await health
    deaf = longest_gap(timings)
    print(
        f"\n{len(hostile) / 1e6:.1f} MB, {keys} keys: valid answered in {answered:.2f} s, "
        f"longest wait for health {deaf:.2f} s"
    )
    assert replies.messages[0].routing_key == "yarlswood.accepted"
    (reply,) = refused.messages
    assert reply.routing_key == "mallory.rejected"
    assert [(e["field"], e["rule"]) for e in reply.body["errors"]] == [("(body)", rule)]
    assert answered < ANSWER_WITHIN_S
    assert deaf < HEALTH_WITHIN_S
