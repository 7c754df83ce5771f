"""The broker stopped (``rabbitmqctl stop_app``: every connection dropped, new ones
refused) and started again while complaints keep arriving, on a private RabbitMQ node
(tests/support/private_broker.py); the shared broker is never touched.

The partner goes on publishing through the outage (sending again, with the same message
id, what the broker did not confirm); the services reconnect by themselves. The count:
each complaint ends with exactly one case and one acknowledgement letter, nothing more."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.support.faults import FaultStack, Tally, partner
from tests.support.private_broker import PrivateBroker

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

PER_S = 10.0


async def test_broker_stopped_and_started_mid_flow_loses_and_doubles_nothing(
    broker_stack: tuple[FaultStack, PrivateBroker],
) -> None:
    stack, broker = broker_stack
    tally = Tally()
    async with partner(stack, tally) as p:
        feeding = p.stream(PER_S)
        await tally.answered(20)
        await asyncio.to_thread(broker.stop_app)
        down_at = time.monotonic()
        await asyncio.to_thread(broker.start_app)
        print(f"broker away {time.monotonic() - down_at:.1f} s")
        await feeding.stop(after=20)
        await tally.settled(stack, timeout=180)
        await tally.assert_each_once(stack)
    assert stack.alive() == sorted(stack.procs), "a service died with the broker"
