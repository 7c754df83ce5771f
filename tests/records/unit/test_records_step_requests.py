"""The casework steps' gRPC requests: every bad field named with its rule, all at once, and
a good request turned into its command."""

from __future__ import annotations

from datetime import date

import pytest

from common.grpc_server import BadRequest
from complaints.v1 import cases_pb2 as pb
from services.records.domain import commands as c
from services.records.entrypoints.requests import BUILDERS, command

REF = "CSC-2027-000001/1"


def _errors(rpc: str, request) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(BadRequest) as info:
        command(rpc, request)
    return [(e.field, e.rule) for e in info.value.errors]


@pytest.mark.parametrize(
    ("rpc", "request_", "expected"),
    [
        ("SchedulePanel", pb.SchedulePanelRequest(ref=REF, panel_date="2027-13-01"),
         [("panel_date", "date"), ("members", "required")]),
        ("RecordOralResponse", pb.OralResponseRequest(ref=REF, channel="email", summary="x"),
         [("channel", "enum"), ("outcome", "required")]),
        ("RecordEarlyResolution", pb.EarlyResolutionRequest(ref=REF, outcome="upheld"),
         [("outcome", "enum"), ("summary", "required")]),
        ("DecideProviderSplit", pb.DecideProviderSplitRequest(ref=REF, on="yesterday"),
         [("authority_parts", "required"), ("on", "date")]),
        ("AgreeStatement", pb.AgreeStatementRequest(ref=REF),
         [("statement", "required"), ("desired_outcome", "required")]),
        ("Adjudicate", pb.AdjudicateRequest(ref=REF, outcome="maybe"),
         [("adjudicating_officer", "required"), ("outcome", "enum"), ("summary", "required")]),
        ("QualityAssure", pb.QualityAssureRequest(ref=REF), [("by", "required")]),
        ("ReportPanel", pb.ReportPanelRequest(ref=REF), [("recommendations", "required")]),
        ("GiveStaffGuidance", pb.StaffGuidanceRequest(ref=REF),
         [("staff_member", "required"), ("guidance", "required")]),
        ("ReviewDcoCertification", pb.DcoCertificationRequest(ref=REF),
         [("decision", "required")]),
        ("RecordNewEvidence", pb.NewEvidenceRequest(ref=REF), [("summary", "required")]),
        ("RecordDirectorResponse", pb.DirectorResponseRequest(ref=REF, summary="s"),
         [("outcome", "required")]),
    ],
)  # fmt: skip
def test_each_bad_field_is_named_with_its_rule(rpc: str, request_, expected) -> None:  # type: ignore[no-untyped-def]
    assert _errors(rpc, request_) == expected


def test_a_good_request_becomes_its_command() -> None:
    ref, request_id, cmd = command(
        "SchedulePanel",
        pb.SchedulePanelRequest(
            ref=REF,
            request_id="r1",
            on="2027-04-22",
            panel_date="2027-05-20",
            members=["Ann Ash", " Bo Birch ", "", "Cy Cedar"],
            chair="Ann Ash",
            attestations=["not-officer"],
        ),
    )
    assert (ref, request_id) == (REF, "r1")
    assert cmd == c.SchedulePanel(
        on=date(2027, 4, 22),
        panel_date=date(2027, 5, 20),
        members=("Ann Ash", "Bo Birch", "Cy Cedar"),
        chair="Ann Ash",
        attestations=("not-officer",),
    )
    _, _, oral = command(
        "RecordOralResponse",
        pb.OralResponseRequest(
            ref=REF, channel="phone", outcome="partly", summary="Sorry", letter=True
        ),
    )
    assert oral == c.RecordOralResponse(
        channel=c.OralChannel.PHONE, outcome=c.Outcome.PARTLY, summary="Sorry", letter=True
    )


def test_every_step_rpc_is_served() -> None:
    service = pb.DESCRIPTOR.services_by_name["CaseService"]
    commands = {m.name for m in service.methods if m.output_type.name == "CommandReply"}
    assert commands == set(BUILDERS)
