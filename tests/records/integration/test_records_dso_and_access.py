"""A dso complaint from receipt to response over gRPC (seed 000), and who may see a
confidential child's complaint: refusals are PERMISSION_DENIED and in the access log."""

from __future__ import annotations

from datetime import date

import grpc
import pytest

from common.auth import Role
from complaints.v1 import cases_pb2 as pb
from tests.support.bus import listen

pytestmark = pytest.mark.integration


async def test_dso_service_delivery_from_receipt_to_response(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    ref = await api.receive_and_route(
        "dso", "service_delivery", received=date(2027, 6, 1), officers=("Officer Smith",)
    )
    async with listen(api.platform.amqp_url, "complaints", "case.*") as bus:
        # Allocated with an investigating officer, who then works the case.
        await api.call("AssignOfficer", pb.AssignOfficerRequest(ref=ref, officer="olu"))
        await api.call("Acknowledge", pb.AcknowledgeRequest(ref=ref, on="2027-06-02"))
        reply = await api.call(
            "RequestComments",
            pb.RequestCommentsRequest(ref=ref),
            Role.INVESTIGATING_OFFICER,
            "olu",
        )
        assert reply.case.status == "comments-requested"
        await api.call(
            "AddCorrespondence",
            pb.AddCorrespondenceRequest(
                ref=ref,
                kind="evidence",
                summary="CCTV of reception, 27 Nov",
                location="IRC security office, disk 4",
            ),
            Role.INVESTIGATING_OFFICER,
            "olu",
        )
        await api.call(
            "RecordComments",
            pb.RecordCommentsRequest(ref=ref, summary="Bag was mislaid"),
            Role.INVESTIGATING_OFFICER,
            "olu",
        )
        with pytest.raises(grpc.aio.AioRpcError) as info:  # extensions are the team's call
            await api.call(
                "Extend",
                pb.ExtendRequest(ref=ref, to="2027-07-30", reason="x"),
                Role.INVESTIGATING_OFFICER,
                "olu",
            )
        assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
        respond = pb.RecordResponseRequest(
            ref=ref, outcome="upheld", summary="Bag found and returned", on="2027-06-20"
        )
        with pytest.raises(grpc.aio.AioRpcError) as info:  # seed 000: quality assured first
            await api.call("RecordResponse", respond, Role.INVESTIGATING_OFFICER, "olu")
        assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "response quality assured by senior officer" in info.value.details()
        with pytest.raises(grpc.aio.AioRpcError) as info:  # the central team's sign-off
            await api.call(
                "QualityAssure",
                pb.QualityAssureRequest(ref=ref, by="Centre Manager"),
                Role.INVESTIGATING_OFFICER,
                "olu",
            )
        assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
        qa = await api.call(
            "QualityAssure", pb.QualityAssureRequest(ref=ref, by="Centre Manager", on="2027-06-20")
        )
        assert qa.events == ["case.quality-assured"]
        done = await api.call("RecordResponse", respond, Role.INVESTIGATING_OFFICER, "olu")
        assert (done.case.status, done.events) == ("responded", ["case.responded"])
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await api.call(
                "RecordResponse",
                pb.RecordResponseRequest(ref=ref, outcome="upheld", summary="again"),
            )
        assert info.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert "is responded at stage service_delivery: cannot respond" in info.value.details()
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await api.call("Escalate", pb.EscalateRequest(ref=ref))
        assert "Independent Examiner of Complaints (IEC)" in info.value.details()
        await bus.wait_for(lambda m: any(x.routing_key == "case.responded" for x in m))

    responded = next(m for m in bus.messages if m.routing_key == "case.responded")
    assert responded.body["detail"]["outcome"] == "upheld"
    assert responded.body["detail"]["escalation"] == "Independent Examiner of Complaints (IEC)"
    assert responded.body["actor"] == "olu"
    assert [m.routing_key for m in bus.messages] == [
        "case.officer-assigned", "case.acknowledged", "case.comments-requested",
        "case.comments-received", "case.quality-assured", "case.responded",
    ]  # fmt: skip
    case = await api.call("GetCase", pb.GetCaseRequest(ref=ref))
    assert case.stages[0].response_due == "2027-06-29"  # 20 working days from 1 June
    assert [e.kind for e in case.entries] == ["evidence"]
    steps = [(h.type, h.actor) for h in case.history]
    assert ("case.comments-requested", "olu") in steps and (
        "file.add-correspondence",
        "olu",
    ) in steps


async def test_without_the_right_role_a_confidential_child_complaint_is_denied_and_logged(
    records,
) -> None:  # type: ignore[no-untyped-def]
    api = records
    ref = await api.receive_and_route(
        "children", "local_resolution", received=date(2027, 6, 1), child=True, confidential=True
    )
    request = pb.GetCaseRequest(ref=ref)
    for role, sub, partner in (
        (Role.INVESTIGATING_OFFICER, "zoe", None),
        (Role.PARTNER, "dorset-portal", "dorset"),
        (Role.OPERATOR, "ops", None),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await api.call("GetCase", request, role, sub, partner)
        assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED, role
    await api.call("GetCase", request, Role.CHILDRENS_COMPLAINTS_OFFICER, "cco")
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.call("Acknowledge", pb.AcknowledgeRequest(ref=ref), Role.AUDITOR, "audrey")
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as info:  # only auditors and the team see who saw
        await api.call("AccessLog", request, Role.CHILDRENS_COMPLAINTS_OFFICER, "cco")
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED

    log = await api.call("AccessLog", request, Role.AUDITOR, "audrey")
    seen = [(e.who, e.role, e.action, e.outcome) for e in log.entries]
    assert ("zoe", "investigating-officer", "get-case", "denied") in seen
    assert ("dorset-portal", "partner", "get-case", "denied") in seen
    assert ("ops", "operator", "get-case", "denied") in seen
    assert ("cco", "childrens-complaints-officer", "get-case", "allowed") in seen
    assert ("audrey", "auditor", "acknowledge", "denied") in seen
    assert "cco (childrens-complaints-officer)" in log.readers
    assert "zoe (investigating-officer)" not in log.readers
    denied = next(e for e in log.entries if e.who == "zoe")
    assert "assigned to them" in denied.detail and denied.at

    listed = await api.call(
        "ListCases", pb.ListCasesRequest(procedure="children"), Role.INVESTIGATING_OFFICER, "zoe"
    )
    assert ref not in [c.case_ref for c in listed.cases]
    file = await api.call("GetFile", request, Role.AUDITOR, "audrey")
    assert any(e.who == "zoe" and e.outcome == "denied" for e in file.access_log)
