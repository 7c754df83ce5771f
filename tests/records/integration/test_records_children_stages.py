"""A child's confidential complaint worked from stage 1 to stage 3 over gRPC (seed 004),
with every step in the file, every event on the bus, and illegal steps refused."""

from __future__ import annotations

from datetime import date

import grpc
import pytest

from complaints.v1 import cases_pb2 as pb
from services.records.domain.independence import IP_ATTESTATIONS
from tests.support.bus import listen

pytestmark = pytest.mark.integration


async def refused(api, rpc: str, request, code: grpc.StatusCode) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.call(rpc, request)
    assert info.value.code() == code, info.value.details()
    return info.value.details()


async def test_child_complaint_from_local_resolution_to_review_panel(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    ref = await api.receive_and_route(
        "children",
        "local_resolution",
        received=date(2026, 11, 2),
        child=True,
        confidential=True,
    )
    async with listen(api.platform.amqp_url, "complaints", "case.*") as bus:
        # Stage 1, local resolution: acknowledged within 3 wd, answered within 10 (or 20).
        await api.call("Acknowledge", pb.AcknowledgeRequest(ref=ref, on="2026-11-04"))
        why = await refused(
            api,
            "Escalate",
            pb.EscalateRequest(ref=ref, on="2026-11-05"),
            grpc.StatusCode.FAILED_PRECONDITION,
        )
        assert "is acknowledged at stage local_resolution" in why
        assert "Allowed now: assign-officer, respond" in why
        ext = pb.ExtendRequest(
            ref=ref, to="2026-12-03", reason="advocate being engaged", on="2026-11-10"
        )
        why = await refused(api, "Extend", ext, grpc.StatusCode.FAILED_PRECONDITION)
        assert "at most 20 working days" in why and "2026-11-30" in why
        ext.to = "2026-11-27"
        await api.call("Extend", ext)
        respond = pb.RecordResponseRequest(
            ref=ref, outcome="partly", summary="We apologise", on="2026-11-20", request_id="resp-1"
        )
        first = await api.call("RecordResponse", respond)
        again = await api.call("RecordResponse", respond)  # a retry changes nothing twice
        assert (first.duplicate, again.duplicate) == (False, True)
        assert first.events == ["case.responded"]

        # Stage 2, investigation: requested within 20 wd; IO and Independent Person.
        case = (await api.call("Escalate", pb.EscalateRequest(ref=ref, on="2026-12-01"))).case
        assert (case.stage, case.status, case.owner) == (
            "investigation",
            "escalated",
            "investigating-officer",
        )
        why = await refused(
            api,
            "AssignOfficer",
            pb.AssignOfficerRequest(ref=ref, officer="ian"),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        assert why.startswith("independent_person:")
        await api.call(
            "AssignOfficer",
            pb.AssignOfficerRequest(
                ref=ref,
                officer="ian",
                independent_person="Pat Lee",
                attestations=list(IP_ATTESTATIONS),
                on="2026-12-02",
            ),
        )
        await api.call("Investigate", pb.InvestigateRequest(ref=ref, on="2026-12-02"))
        ext = pb.ExtendRequest(ref=ref, to="2027-03-15", reason="agreed", on="2026-12-10")
        why = await refused(api, "Extend", ext, grpc.StatusCode.FAILED_PRECONDITION)
        assert "at most 65 working days" in why
        await api.call(
            "RecordResponse",
            pb.RecordResponseRequest(
                ref=ref,
                outcome="upheld",
                summary="Adjudication: visits restored",
                agreed_actions=["Restore weekly visits"],
                on="2027-01-05",
            ),
        )

        # Stage 3, review panel, then the complainant's route is the Ombudsman.
        case = (await api.call("Escalate", pb.EscalateRequest(ref=ref, on="2027-01-20"))).case
        assert case.stage == "review_panel"
        await api.call(
            "RecordResponse",
            pb.RecordResponseRequest(
                ref=ref,
                outcome="not-upheld",
                summary="Panel: adequately dealt with",
                on="2027-03-01",
            ),
        )
        why = await refused(
            api,
            "Escalate",
            pb.EscalateRequest(ref=ref, on="2027-03-02"),
            grpc.StatusCode.FAILED_PRECONDITION,
        )
        assert "Local Government and Social Care Ombudsman" in why
        closed = await api.call("Close", pb.CloseRequest(ref=ref, on="2027-03-05"))
        assert closed.case.status == "closed"
        await bus.wait_for(lambda m: any(x.routing_key == "case.closed" for x in m))

    keys = [m.routing_key for m in bus.messages]
    assert keys == [
        "case.acknowledged",
        "case.extended",
        "case.responded",
        "case.escalated",
        "case.officer-assigned",
        "case.investigating",
        "case.responded",
        "case.escalated",
        "case.responded",
        "case.closed",
    ]
    ids = [m.message_id for m in bus.messages]
    assert len(set(ids)) == len(ids) and ids[2] == f"case.responded:{ref}:3"
    assert bus.messages[1].body["detail"]["to"] == "2026-11-27"
    assert bus.messages[3].body["detail"]["to_stage"] == "investigation"

    file = await api.call("GetFile", pb.GetCaseRequest(ref=ref))
    stages = [(s.stage, s.outcome) for s in file.case.stages]
    assert stages == [
        ("local_resolution", "partly"),
        ("investigation", "upheld"),
        ("review_panel", "not-upheld"),
    ]
    assert file.case.stages[0].response_due == "2026-11-27"  # as extended
    # The targets shown are the deadlines service's, filed from its deadline.set events.
    # Stage 2 (escalated Tue 1 Dec 2026): 25 wd in England, skipping Christmas, Boxing Day
    # (Sat 26, so Mon 28 Dec) and New Year's Day: Dec 2-4 (3), 7-11 (8), 14-18 (13),
    # 21-24 (17), 29-31 (20), Jan 4-8 (25): Fri 8 Jan 2027.
    assert file.case.stages[1].response_due == "2027-01-08"
    # Stage 3 (escalated Wed 20 Jan 2027): the Director's response (role: response) counts
    # from the panel's report, dated from the latest permitted panel: convened by Wed 3 Mar
    # (30 wd), report by Wed 10 Mar (5 wd), then 15 wd skipping Good Friday 26 Mar and
    # Easter Monday 29 Mar 2027: Fri 2 Apr 2027.
    file = await api.wait_for(ref, lambda c: c.stages[2].response_due)
    assert file.stages[2].response_due == "2027-04-02"
    director = next(c for c in file.clocks if c.name == "director_response")
    assert "Good Friday" in director.explanation and "Easter Monday" in director.explanation
    file = await api.call("GetFile", pb.GetCaseRequest(ref=ref))
    assert [e.kind for e in file.case.entries] == ["action"]
    authors = [(h.type, h.actor) for h in file.case.history]
    assert authors[:2] == [("case.routed", "routing"), ("case.opened", "platform")]
    # every command is alice's; the deadlines service files its dates beside them
    assert {actor for kind, actor in authors[2:] if not kind.startswith("deadline.")} == {
        "alice"
    }
    assert {actor for kind, actor in authors if kind.startswith("deadline.")} == {"deadlines"}
    assert file.complaint.reference == ref.split("/")[0]
    outcomes = {(a.action, a.outcome) for a in file.access_log}
    assert ("escalate", "refused") in outcomes and ("assign-officer", "invalid") in outcomes
