"""Reports, merging, retention and subject access over gRPC, against the real store."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import grpc
import pytest

from common.auth import Role
from common.contracts.events import ComplaintReceived, RepresentationRecorded
from complaints.v1 import cases_pb2 as pb
from complaints.v1 import reports_pb2 as rpb
from tests.records.integration.harness import ROUTED_AT, submission

pytestmark = pytest.mark.integration


async def worked_hmip_case(api, contact: str = "") -> str:  # type: ignore[no-untyped-def]
    ref = await api.receive_and_route(
        "hmip", "formal_complaint", received=date(2027, 2, 1), contact=contact
    )
    await api.call("Acknowledge", pb.AcknowledgeRequest(ref=ref, on="2027-02-03"))
    await api.call("AssignOfficer", pb.AssignOfficerRequest(ref=ref, officer="senior"))
    await api.call("Investigate", pb.InvestigateRequest(ref=ref, on="2027-02-04"))
    await api.call("RecordResponse", pb.RecordResponseRequest(
        ref=ref, outcome="upheld", summary="Report corrected", on="2027-03-05"))  # fmt: skip
    await api.call("Close", pb.CloseRequest(ref=ref, on="2027-03-25"))
    return ref


async def test_kpis_and_annual_reports(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    await worked_hmip_case(api)
    sub = submission("children", received=date(2027, 2, 10))
    base = {"reference": "CHI-2027-900001", "procedure": "children", "occurred_at": ROUTED_AT}
    await api.publish(
        ComplaintReceived(**base, partner_id="dorset", partner_ref="c1", submission=sub),
        "complaint.received:CHI-2027-900001",
    )
    await api.publish(RepresentationRecorded(**base, type="compliment", recorded="central"),
                      "complaint.representation:CHI-2027-900001")  # fmt: skip

    quarter = {"from": "2027-01-01", "to": "2027-03-31"}
    kpi = await api.call("Kpi", rpb.KpiRequest(group_by=["stage", "period"], **quarter))
    (row,) = kpi.rows
    later = await api.call("Kpi", rpb.KpiRequest(**{"from": "2027-04-01", "to": "2027-06-30"}))
    assert later.rows == []
    assert (row.stage, row.period, row.stages) == ("formal_complaint", "2027-Q1", 1)
    # Investigation 20 wd then the reply 10 wd: due 15 Mar; answered 5 Mar, 24 wd in.
    assert (row.ack_within_share, row.answered_within_share, row.breaches) == (1.0, 1.0, 0)
    assert row.avg_working_days == 24.0
    hmip = await api.call("HmipAnnual", rpb.AnnualRequest(year=2027))
    summary = {r.cells[0]: r.cells[1] for r in hmip.tables[0].rows}
    assert (summary["complaints received"], summary["upheld"]) == ("1", "1")

    async def quarter_rows() -> list[list[str]]:
        rep = await api.call("Representations", rpb.QuarterRequest(year=2027, quarter=1))
        return [list(r.cells) for r in rep.tables[0].rows]

    for _ in range(50):  # the compliment is filed asynchronously
        if await quarter_rows() == [["2027-Q1", "1", "0"]]:
            break
        await asyncio.sleep(0.2)
    assert await quarter_rows() == [["2027-Q1", "1", "0"]]

    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.call("Kpi", rpb.KpiRequest(group_by=["colour"], period="fortnight"))
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "group_by" in info.value.details() and "period" in info.value.details()
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.call("Kpi", rpb.KpiRequest(), Role.PARTNER, "p", "dorset")
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_merge_two_complaints_into_one_investigation(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    lead = await api.receive_and_route("hmip", "formal_complaint", received=date(2027, 6, 1))
    other = await api.receive_and_route("hmip", "formal_complaint", received=date(2027, 6, 1))
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.call("Merge", pb.MergeRequest(ref=other, into=other))
    assert info.value.details().startswith("into: a case cannot be merged into itself")
    reply = await api.call("Merge", pb.MergeRequest(ref=other, into=lead, reason="same visit"))
    assert (reply.case.status, reply.case.merged_into) == ("merged", lead)
    assert (await api.call("GetCase", pb.GetCaseRequest(ref=lead))).merged_from == [other]


async def test_retention_and_subject_access(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    ref = await worked_hmip_case(api, contact="jo.brown@example.org")
    export = await api.call("ExportSubject", pb.ExportSubjectRequest(
        contact="jo.brown@example.org"))  # fmt: skip
    data = json.loads(export.document_json)
    assert (export.complaints, export.cases) == (1, 1)
    assert data["cases"][0]["id"] == ref and data["cases"][0]["subject"]
    assert data["complaints"][0]["submission"]["complainant"]["contact"] == "jo.brown@example.org"
    assert {"acknowledge", "close"} <= {a["action"] for a in data["access_log"]}

    early = await api.call("ExpireRecords", pb.ExpireRecordsRequest(dry_run=True))
    assert ref not in [f.case_ref for f in early.files]
    later = pb.ExpireRecordsRequest(dry_run=True, as_of="2033-03-25")
    listed = await api.call("ExpireRecords", later)
    assert [(f.case_ref, f.expires_on, f.action, f.done) for f in listed.files] == [
        (ref, "2033-03-25", "anonymise", False)
    ]
    assert (await api.call("GetCase", pb.GetCaseRequest(ref=ref))).data_protection == ""
    later.dry_run = False
    done = await api.call("ExpireRecords", later)
    assert done.files[0].done
    case = await api.call("GetCase", pb.GetCaseRequest(ref=ref))
    assert (case.subject, case.data_protection, case.stages[0].outcome) == (
        "[redacted]", "anonymised", "upheld")  # fmt: skip
    file = await api.call("GetFile", pb.GetCaseRequest(ref=ref))
    assert "jo.brown" not in file.complaint.submission_json
    assert (await api.call("ExpireRecords", later)).files == []  # nothing left to do
    kpi = await api.call("Kpi", rpb.KpiRequest(procedure="hmip"))
    assert kpi.rows[0].stages >= 1  # the statistics survive
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.call("ExpireRecords", later, Role.AUDITOR, "audrey")
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
