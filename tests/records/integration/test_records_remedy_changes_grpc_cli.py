"""A remedy amended and cancelled over gRPC (OutcomeService) and the ``complaints
outcomes`` CLI, against an in-process records service on the real broker and store:
seed 003 "appropriate remedies can be provided at any stage", within "the level of
financial payments that can be approved"."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import grpc
import pytest

from common.auth import Role
from complaints.v1 import cases_pb2, outcomes_pb2, outcomes_pb2_grpc
from tests.records.integration.harness import Api
from tests.records.integration.test_records_cli import Cli

pytestmark = pytest.mark.integration


async def _outcomes(api: Api, rpc: str, request, role: Role = Role.CENTRAL_TEAM):  # type: ignore[no-untyped-def]
    stub = outcomes_pb2_grpc.OutcomeServiceStub(api.channel)
    return await getattr(stub, rpc)(request, metadata=api.auth(role, "alice"), timeout=20)


async def test_amend_and_cancel_a_remedy_over_grpc_and_the_cli(records) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(records)
    ref = await records.receive_and_route("hmip", "formal_complaint", received=date(2027, 6, 1))
    pay = outcomes_pb2.AddRemedyRequest(
        ref=ref,
        request_id="r1",
        type="financial",
        description="Refund of the visit fee",
        owner="finance",
        due="2027-07-20",
        amount="200",
        reason="Charged twice",
    )
    await _outcomes(records, "AddRemedy", pay)
    await _outcomes(
        records,
        "ApproveRemedy",
        outcomes_pb2.ApproveRemedyRequest(ref=ref, request_id="r2", remedy="R1"),
    )
    apology = outcomes_pb2.AddRemedyRequest(
        ref=ref,
        request_id="r3",
        type="apology",
        description="Letter from the governor",
        owner="governor",
        due="2027-07-10",
    )
    await _outcomes(records, "AddRemedy", apology)

    # An auditor may not amend; a missing reason is named.
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await _outcomes(
            records,
            "AmendRemedy",
            outcomes_pb2.AmendRemedyRequest(ref=ref, remedy="R1", reason="x", owner="y"),
            Role.AUDITOR,
        )
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await _outcomes(
            records, "AmendRemedy", outcomes_pb2.AmendRemedyRequest(ref=ref, remedy="R1", owner="y")
        )
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "reason" in invalid.value.details()

    # Raised above every role's limit through the CLI: awaiting approval, none may give it.
    out = await cli(
        "outcomes",
        "amend",
        ref,
        "--remedy",
        "R1",
        "--amount",
        "6000",
        "--reason",
        "Travel costs added",
        "--json",
    )
    [r1] = [r for r in json.loads(out.output)["remedies"] if r["id"] == "R1"]
    assert (r1["amount"], r1["status"], r1["approved_amount"]) == (
        "6000.00",
        "awaiting-approval",
        "200.00",
    )
    assert r1["amendments"] == [
        "2027-06-30 by casey: amount 200.00 -> 6000.00, status open -> "
        "awaiting-approval (Travel costs added)"
    ]
    out = await cli("outcomes", "approve", ref, "--remedy", "R1", code=2)
    assert "no role may approve it: refer it to Legal Services" in out.text
    # Brought down within the central team's limit over gRPC, then approved again.
    amended = await _outcomes(
        records,
        "AmendRemedy",
        outcomes_pb2.AmendRemedyRequest(
            ref=ref, request_id="r4", remedy="R1", amount="450.00", reason="Receipts checked"
        ),
    )
    assert amended.remedies[0].status == "awaiting-approval"
    out = await cli("outcomes", "approve", ref, "--remedy", "R1")
    assert f"{ref} approve R1: recorded" in out.text

    # The apology declined: cancelled through the CLI, gone from the commitments report.
    out = await cli("report", "commitments", "--csv")
    assert "Letter from the governor" in out.output
    out = await cli(
        "outcomes", "cancel", ref, "--remedy", "R2", "--reason", "The complainant declined a letter"
    )
    assert "cancelled: The complainant declined a letter" in out.text
    out = await cli("report", "commitments", "--csv")
    assert "Letter from the governor" not in out.output and "Refund of the visit fee" in out.output
    out = await cli(
        "outcomes", "amend", ref, "--remedy", "R2", "--owner", "x", "--reason", "y", code=2
    )
    assert "FAILED_PRECONDITION" in out.text and "R2 was cancelled" in out.text

    got = await _outcomes(records, "GetOutcomes", outcomes_pb2.OutcomesRequest(ref=ref))
    r1, r2 = got.remedies
    assert (r1.amount, r1.status, r1.approved_amount, len(r1.amendments)) == (
        "450.00",
        "open",
        "450.00",
        2,
    )
    assert (r2.status, r2.cancel_reason, r2.cancelled_by) == (
        "cancelled",
        "The complainant declined a letter",
        "casey",
    )

    # The file's audit trail has each once, though records hears its own events back.
    await asyncio.sleep(1.0)
    file = await records.call("GetFile", cases_pb2.GetCaseRequest(ref=ref))
    kinds = [e.type for e in file.case.history]
    assert kinds.count("outcome.remedy-amended") == 2
    assert kinds.count("outcome.remedy-cancelled") == 1
    assert "case.remedy-amended" not in kinds and "case.remedy-cancelled" not in kinds
