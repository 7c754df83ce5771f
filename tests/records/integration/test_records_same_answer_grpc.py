"""A caller who may not see a case gets the same answer whether or not it exists
(PERMISSION_DENIED, same reason): refused roles cannot probe which references exist."""

from __future__ import annotations

from datetime import date

import grpc
import pytest

from common.auth import Role
from complaints.v1 import cases_pb2 as pb

pytestmark = pytest.mark.integration

MISSING = ("DSO-2099-999999/1", "DSO-2099-999999")
# Roles that may not read (or work, or see the access log of) a dso case that is not theirs.
REFUSED = (
    (Role.OPERATOR, "ops", None),
    (Role.INVESTIGATING_OFFICER, "zoe", None),
    (Role.PARTNER, "other-portal", "elsewhere"),
    (Role.CHILDRENS_COMPLAINTS_OFFICER, "cco", None),
)


async def answer(api, rpc: str, request, role: Role, sub: str, partner: str | None):  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await api.call(rpc, request, role, sub, partner)
    return info.value.code(), info.value.details()


async def test_refused_roles_cannot_tell_missing_cases_from_forbidden_ones(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    ref = await api.receive_and_route("dso", "service_delivery", received=date(2027, 6, 1))
    rpcs = [
        ("GetCase", lambda r: pb.GetCaseRequest(ref=r)),
        ("GetFile", lambda r: pb.GetCaseRequest(ref=r)),
        ("AccessLog", lambda r: pb.GetCaseRequest(ref=r)),
        ("Acknowledge", lambda r: pb.AcknowledgeRequest(ref=r)),
    ]
    for role, sub, partner in REFUSED:
        for rpc, make in rpcs:
            existing = await answer(api, rpc, make(ref), role, sub, partner)
            assert existing[0] == grpc.StatusCode.PERMISSION_DENIED, (role, rpc)
            for missing in MISSING:
                got = await answer(api, rpc, make(missing), role, sub, partner)
                assert got == existing, (role, rpc, missing)


async def test_auditors_read_only_commands_answer_alike(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    ref = await api.receive_and_route("dso", "service_delivery", received=date(2027, 6, 1))
    existing = await answer(
        api, "Acknowledge", pb.AcknowledgeRequest(ref=ref), Role.AUDITOR, "a", None
    )
    missing = await answer(
        api, "Acknowledge", pb.AcknowledgeRequest(ref=MISSING[0]), Role.AUDITOR, "a", None
    )
    assert existing == missing and existing[0] == grpc.StatusCode.PERMISSION_DENIED


async def test_who_could_see_any_case_still_gets_not_found(records) -> None:  # type: ignore[no-untyped-def]
    api = records
    for role, rpc, request in (
        (Role.CENTRAL_TEAM, "GetCase", pb.GetCaseRequest(ref=MISSING[0])),
        (Role.CENTRAL_TEAM, "Acknowledge", pb.AcknowledgeRequest(ref=MISSING[0])),
        (Role.AUDITOR, "GetFile", pb.GetCaseRequest(ref=MISSING[1])),
        (Role.AUDITOR, "AccessLog", pb.GetCaseRequest(ref=MISSING[0])),
    ):
        code, _ = await answer(api, rpc, request, role, "alice", None)
        assert code == grpc.StatusCode.NOT_FOUND, (role, rpc)
