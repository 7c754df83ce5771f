"""The broker gone while complaints keep arriving: stopped (``rabbitmqctl stop_app``:
every connection closed, new ones refused) or its node killed (SIGKILL: sockets die
without a close), then started again; on a private RabbitMQ node
(tests/support/private_broker.py), never the shared one.

The partner goes on publishing through the outage (sending again, with the same message
id, what the broker did not confirm); the services reconnect by themselves. The count:
each complaint ends with exactly one case and one acknowledgement letter, nothing more."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from tests.support.faults import FaultStack, Tally, partner
from tests.support.private_broker import PrivateBroker

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

PER_S = 10.0
# The node killed (SIGKILL, no clean close) as well: `make test-faults` (FAULT_FULL=1).
FULL = pytest.mark.skipif(
    not os.environ.get("FAULT_FULL"), reason="the full fault run only (FAULT_FULL=1)"
)


@pytest.mark.parametrize("outage", ["stop_app", pytest.param("kill", marks=FULL)])
async def test_the_broker_gone_mid_flow_loses_and_doubles_nothing(
    broker_stack: tuple[FaultStack, PrivateBroker], outage: str
) -> None:
    stack, broker = broker_stack
    tally = Tally()
    async with partner(stack, tally) as p:
        feeding = p.stream(PER_S)
        await tally.answered(20)
        await asyncio.to_thread(getattr(broker, outage))
        down_at = time.monotonic()
        await asyncio.to_thread(broker.start_app)
        print(f"broker away {time.monotonic() - down_at:.1f} s")
        await feeding.stop(after=20)
        await tally.settled(stack, timeout=180)
        await tally.assert_each_once(stack)
    assert stack.alive() == sorted(stack.procs), "a service died with the broker"
