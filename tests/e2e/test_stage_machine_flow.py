"""A DSO local resolution taken on as a formal complaint, over the running platform: the
formal complaint's 20 working days start on the day it is asked for (across Christmas and
New Year in England), the letter on the move gives that date and no passed one, and the
IMB copy the complainant authorised goes (seed 000; procedures/data/dso.yaml transitions).
"""

from __future__ import annotations

from datetime import date

import grpc
import pytest

from complaints.v1 import cases_pb2, cases_pb2_grpc
from tests.e2e.conftest import Stack, submit
from tests.support.grpc_client import metadata, wait_until
from tests.support.infra import set_day
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e


async def test_a_local_resolution_escalated_gets_the_formal_date_and_the_imb_copy(
    stack: Stack,
) -> None:
    platform = stack.platform
    reference = await submit(stack, "yarlswood", dso_service_delivery(local_resolution=True))
    ref = f"{reference}/1"
    channel = grpc.aio.insecure_channel(stack.addr("records"))
    cases = cases_pb2_grpc.CaseServiceStub(channel)
    md = metadata(platform)

    async def case_when(test):  # type: ignore[no-untyped-def]
        async def probe():  # type: ignore[no-untyped-def]
            try:
                got = await cases.GetCase(
                    cases_pb2.GetCaseRequest(ref=ref), metadata=md, timeout=10
                )
            except grpc.aio.AioRpcError:
                return None
            return got if test(got) else None

        return await wait_until(probe, timeout=60)

    try:
        first = await case_when(lambda c: c.status == "acknowledged")
        assert first.stage == "local_resolution"
        imb_before = len([m for m in stack.mail() if "imb" in m["To"].lower()])
        assert imb_before == 0  # a local resolution is not copied (seed 000: formal only)
        await cases.RecordResponse(
            cases_pb2.RecordResponseRequest(
                ref=ref, request_id="r1", on="2026-11-02", outcome="not-upheld",
                summary="Bag searched for on site; not found",
            ),
            metadata=md, timeout=10,
        )  # fmt: skip
        set_day(platform.clock_file, date(2026, 12, 4))  # Fri 4 Dec: asks for a formal complaint
        await cases.Escalate(
            cases_pb2.EscalateRequest(ref=ref, request_id="e1", reason="not resolved"),
            metadata=md, timeout=10,
        )  # fmt: skip
        # 20 wd from Fri 4 Dec 2026 (England): 7-11 (5), 14-18 (10), 21-24 (14), [Fri 25 Dec,
        # Mon 28 Dec Boxing Day substitute], 29-31 (17), [Fri 1 Jan], 4-6 Jan: Wed 6 Jan 2027.
        formal = await case_when(
            lambda c: (
                c.stage == "service_delivery"
                and any(k.name == "response" and k.due == "2027-01-06" for k in c.clocks)
                and any(x.template == "update" and x.status == "sent" for x in c.letters)
            )
        )
        assert [(k.name, k.due, k.status) for k in formal.clocks if k.name == "response"] == [
            ("response", "2027-01-06", "running")
        ]
        assert formal.next_due == "2027-01-06"

        async def imb_copied():  # type: ignore[no-untyped-def]
            found = [m for m in stack.mail() if "imb" in m["To"].lower()]
            return found or None

        (imb,) = await wait_until(imb_copied, timeout=30)
        assert "Property not returned after transfer" in imb.get_content()
    finally:
        await channel.close()
    to_complainant = [m.get_content() for m in stack.mail() if "amal.haddad" in m["To"]]
    moved = [t for t in to_complainant if "6 January 2027" in t]
    assert moved, to_complainant
    # No letter sent on or after the move promises the local resolution's date.
    assert not any("by 2 November 2026" in t for t in moved)
