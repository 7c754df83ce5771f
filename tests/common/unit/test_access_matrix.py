"""Every RPC of every service × every role × every kind of case, through the real gate on
a real (local) gRPC server whose servicers answer every call with an empty reply: the
status is the gate's decision alone. The expected answers are written out here by hand,
not derived from the rules; a new RPC without a rule, or without a row here, fails."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence

import grpc
import pytest
from google.protobuf import message_factory

from common.access.gate import Gate
from common.access.methods import RULES, Rule
from common.access.policy import CaseFacts
from common.auth import Caller, Role, issue
from common.grpc_server import start_server
from complaints.v1 import (
    cases_pb2,
    deadlines_pb2,
    intake_pb2,
    notifications_pb2,
    outcomes_pb2,
    reports_pb2,
    routing_pb2,
)

SECRET = "m" * 40
MODULES = (
    cases_pb2, deadlines_pb2, intake_pb2, notifications_pb2, reports_pb2, routing_pb2,
    outcomes_pb2,
)  # fmt: skip
METHODS = {
    f"/{service.full_name}/{method.name}": method
    for module in MODULES
    for service in module.DESCRIPTOR.services_by_name.values()
    for method in service.methods
}

# The cases the fake store holds. "own": partner acme's complaint, assigned to olu;
# "other": partner brook's, assigned to zoe; "confidential": a child's confidential
# complaint to the children's procedure, partner acme's, assigned to olu; "missing": none.
CASES = {
    "own": ("DSO-2026-000001/1", CaseFacts(procedure="dso", partner_id="acme", officer="olu")),
    "other": ("DSO-2026-000002/1", CaseFacts(procedure="dso", partner_id="brook", officer="zoe")),
    "confidential": (
        "CSC-2026-000003/1",
        CaseFacts(
            procedure="children", partner_id="acme", officer="olu", confidential=True, by_child=True
        ),
    ),
    "missing": ("DSO-2026-999999/1", None),
}
KINDS = tuple(CASES)
CALLERS = {
    Role.CENTRAL_TEAM: Caller("cat", Role.CENTRAL_TEAM),
    Role.INVESTIGATING_OFFICER: Caller("olu", Role.INVESTIGATING_OFFICER),
    Role.CHILDRENS_COMPLAINTS_OFFICER: Caller("cco", Role.CHILDRENS_COMPLAINTS_OFFICER),
    Role.AUDITOR: Caller("aud", Role.AUDITOR),
    Role.PARTNER: Caller("pat", Role.PARTNER, partner="acme"),
    Role.OPERATOR: Caller("ops", Role.OPERATOR),
}
CT, IO, CCO = "central-team", "investigating-officer", "childrens-complaints-officer"
AUD, PARTNER, OPS = "auditor", "partner", "operator"
ALL, NONE = set(KINDS), set()

# Reading a case: who may, on which kinds (a missing case reaches the servicer only for
# those who may read any case: it answers NOT_FOUND, here an empty reply).
READ = {CT: ALL, IO: {"own", "confidential"}, CCO: {"confidential"}, AUD: ALL, PARTNER: {"own"}}
# Casework: the central team everything; officers their investigation steps on their own
# cases; the CCO oversight steps on children's.
WORK = {CT: ALL}
OFFICER_STEP = {CT: ALL, IO: {"own", "confidential"}}
CCO_STEP = {CT: ALL, CCO: {"confidential"}}
BOTH_STEP = {CT: ALL, IO: {"own", "confidential"}, CCO: {"confidential"}}
ANY_CASE = ALL  # a method on no case: the role decides alone

CASE, REPORT = "/complaints.v1.CaseService/", "/complaints.v1.ReportService/"
OUTCOMES = "/complaints.v1.OutcomeService/"
EXPECTED: dict[str, dict[str, set[str]]] = {
    "/complaints.v1.IntakeService/Submit": {PARTNER: ANY_CASE},
    "/complaints.v1.RoutingService/Explain": {
        CT: ALL, CCO: {"confidential"}, AUD: ALL, PARTNER: {"own"},
    },
    "/complaints.v1.DeadlineService/GetClocks": READ,
    "/complaints.v1.DeadlineService/ListDue": {CT: ALL, IO: ALL, CCO: ALL, AUD: ALL},
    "/complaints.v1.DeadlineService/AddWorkingDays": {r: ALL for r in CALLERS},
    "/complaints.v1.DeadlineService/ImportBankHolidays": {CT: ALL, OPS: ALL},
    "/complaints.v1.NotificationService/ListNotifications": READ,
    "/complaints.v1.NotificationService/Preview": READ,
    "/complaints.v1.NotificationService/Resend": {
        CT: ALL, CCO: {"confidential"}, OPS: {"own", "other", "missing"},
    },
    "/complaints.v1.NotificationService/CompleteTask": {CT: ALL, CCO: {"confidential"}},
    "/complaints.v1.NotificationService/ListPrintQueue": {CT: ALL, CCO: ALL, PARTNER: ALL},
    "/complaints.v1.NotificationService/GetPrintedLetter": {
        CT: ALL, CCO: {"confidential"}, PARTNER: {"own"},
    },
    "/complaints.v1.NotificationService/MarkPrinted": {
        CT: ALL, CCO: {"confidential"}, PARTNER: {"own"},
    },
    "/complaints.v1.NotificationService/MarkHandedOver": {
        CT: ALL, CCO: {"confidential"}, PARTNER: {"own"},
    },
    CASE + "GetCase": READ,
    CASE + "GetFile": READ,
    CASE + "AccessLog": {CT: ALL, AUD: ALL},
    CASE + "ListCases": {CT: ALL, IO: ALL, CCO: ALL, AUD: ALL, PARTNER: ALL},
    CASE + "Acknowledge": CCO_STEP,
    CASE + "AssignOfficer": WORK,
    CASE + "RequestComments": OFFICER_STEP,
    CASE + "RecordComments": OFFICER_STEP,
    CASE + "Investigate": OFFICER_STEP,
    CASE + "RecordResponse": OFFICER_STEP,
    CASE + "Extend": WORK,
    CASE + "Escalate": WORK,
    CASE + "Suspend": CCO_STEP,
    CASE + "Resume": CCO_STEP,
    CASE + "Merge": WORK,
    CASE + "Restrict": CCO_STEP,
    CASE + "Close": WORK,
    CASE + "AddCorrespondence": BOTH_STEP,
    CASE + "EraseOrRedact": WORK,
    CASE + "ConcludeInvestigation": OFFICER_STEP,
    CASE + "DecideProviderSplit": WORK,
    CASE + "AgreeStatement": BOTH_STEP,
    CASE + "SendDraftReport": OFFICER_STEP,
    CASE + "SendFinalReport": OFFICER_STEP,
    CASE + "Adjudicate": WORK,
    CASE + "RequestPanel": CCO_STEP,
    CASE + "SchedulePanel": WORK,
    CASE + "SendPanelPapers": WORK,
    CASE + "HoldPanel": WORK,
    CASE + "ReportPanel": WORK,
    CASE + "RecordDirectorResponse": WORK,
    CASE + "QualityAssure": WORK,
    CASE + "RecordOralResponse": OFFICER_STEP,
    CASE + "RecordEarlyResolution": WORK,
    CASE + "RecordNewEvidence": WORK,
    CASE + "ReviewDcoCertification": WORK,
    CASE + "GiveStaffGuidance": WORK,
    CASE + "ConfirmRelease": CCO_STEP,
    CASE + "RecordAdvocacy": CCO_STEP,
    CASE + "RecordFeedback": WORK,
    CASE + "AnswerRepresentation": {CT: ALL, CCO: ALL},
    CASE + "ConvertRepresentation": {CT: ALL, CCO: ALL},
    CASE + "PassOnCompliment": {CT: ALL, CCO: ALL},
    CASE + "Mediation": WORK,
    CASE + "ReferToOmbudsmanEarly": WORK,
    CASE + "EscalateHealthcare": WORK,
    CASE + "RecordEligibility": WORK,
    CASE + "DecideLeadAuthority": WORK,
    CASE + "FreezeDecision": WORK,
    CASE + "RecordConcurrentProcedure": WORK,
    CASE + "ExpireRecords": {CT: ALL},
    CASE + "ExportSubject": {CT: ALL},
    REPORT + "Kpi": {CT: ALL, AUD: ALL},  # the CCO: children's only (below)
    REPORT + "HmipAnnual": {CT: ALL, AUD: ALL},
    REPORT + "ChildrenAnnual": {CT: ALL, AUD: ALL, CCO: ALL},
    REPORT + "Representations": {CT: ALL, AUD: ALL, CCO: ALL},
    # outcomes (issue 19): the CCO agrees the child's outcome, approves within its limit,
    # follows commitments up and records learning; findings and remedies are the officer's.
    OUTCOMES + "GetOutcomes": READ,
    OUTCOMES + "AgreeOutcome": BOTH_STEP,
    OUTCOMES + "SetPoint": BOTH_STEP,
    OUTCOMES + "RecordFinding": OFFICER_STEP,
    OUTCOMES + "AddRemedy": OFFICER_STEP,
    OUTCOMES + "ApproveRemedy": BOTH_STEP,
    OUTCOMES + "AmendRemedy": OFFICER_STEP,
    OUTCOMES + "CancelRemedy": OFFICER_STEP,
    OUTCOMES + "CompleteCommitment": BOTH_STEP,
    OUTCOMES + "RecordLearning": BOTH_STEP,
    OUTCOMES + "Commitments": {CT: ALL, AUD: ALL},  # no procedure named: not the CCO
    OUTCOMES + "Learning": {CT: ALL, AUD: ALL},
    REPORT + "Alternatives": {CT: ALL, AUD: ALL},  # the CCO: children's only (below)
}  # fmt: skip
REF_FIELDS = ("ref", "reference", "case_ref", "into")


def _classes(method):  # type: ignore[no-untyped-def]
    return (
        message_factory.GetMessageClass(method.input_type),
        message_factory.GetMessageClass(method.output_type),
    )


def _register(server: grpc.aio.Server) -> list[str]:
    by_service: dict[str, dict[str, grpc.RpcMethodHandler]] = {}
    for method in METHODS.values():
        request_cls, reply_cls = _classes(method)

        async def empty(request, context, reply_cls=reply_cls):  # type: ignore[no-untyped-def]
            return reply_cls()

        by_service.setdefault(method.containing_service.full_name, {})[method.name] = (
            grpc.unary_unary_rpc_method_handler(
                empty,
                request_deserializer=request_cls.FromString,
                response_serializer=reply_cls.SerializeToString,
            )
        )
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler(s, m) for s, m in by_service.items()]
    )
    return list(by_service)


async def _facts_of(ref: str) -> Sequence[CaseFacts]:
    return [facts for r, facts in CASES.values() if facts and r.split("/")[0] == ref.split("/")[0]]


denials: list[tuple[str, str, list[str], str]] = []


async def _on_denied(caller: Caller, method: str, refs: list[str], why: str) -> None:
    denials.append((caller.sub, method, refs, why))


@pytest.fixture(scope="module")
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    gate = Gate(SECRET, facts_of=_facts_of, on_denied=_on_denied)
    server, port = await start_server(0, _register, interceptors=[gate])
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as chan:
        yield chan
    await server.stop(None)


async def _call(channel, path: str, caller: Caller, request) -> grpc.StatusCode:  # type: ignore[no-untyped-def]
    request_cls, reply_cls = _classes(METHODS[path])
    token = issue(SECRET, caller.sub, caller.role, partner=caller.partner)
    try:
        await channel.unary_unary(
            path,
            request_serializer=request_cls.SerializeToString,
            response_deserializer=reply_cls.FromString,
        )(request, metadata=(("authorization", f"Bearer {token}"),), timeout=5)
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


def test_every_rpc_has_a_rule_and_a_row_here() -> None:
    assert set(RULES) == set(METHODS), "a method without a rule, or a rule for no method"
    assert set(EXPECTED) == set(METHODS), "a method without a row in this test"


@pytest.mark.parametrize("path", sorted(RULES))
def test_each_rule_reads_fields_its_request_has(path: str) -> None:
    request_cls, _ = _classes(METHODS[path])
    fields = set(request_cls.DESCRIPTOR.fields_by_name)
    rule = RULES[path]
    assert set(rule.cases) <= fields
    assert not rule.report or rule.report in fields
    assert not (rule.cases and rule.listed)


@pytest.mark.parametrize("path", sorted(METHODS))
async def test_who_may_call_each_rpc_on_which_cases(channel, path: str) -> None:  # type: ignore[no-untyped-def]
    request_cls, _ = _classes(METHODS[path])
    expected = EXPECTED[path]
    wrong = []
    for role, caller in CALLERS.items():
        for kind, (ref, _facts) in CASES.items():
            request = request_cls()
            for name in REF_FIELDS:
                if name in request_cls.DESCRIPTOR.fields_by_name:
                    setattr(request, name, ref)
            if "procedure" in request_cls.DESCRIPTOR.fields_by_name and path.startswith(REPORT):
                request.procedure = "dso"
            code = await _call(channel, path, caller, request)
            allowed = kind in expected.get(str(role), NONE)
            want = grpc.StatusCode.OK if allowed else grpc.StatusCode.PERMISSION_DENIED
            if code is not want:
                wrong.append(f"{role} on {kind}: {code.name}, expected {want.name}")
    assert not wrong, "\n".join(wrong)


async def test_the_childrens_complaints_officer_reports_on_childrens_only(channel) -> None:  # type: ignore[no-untyped-def]
    cco = CALLERS[Role.CHILDRENS_COMPLAINTS_OFFICER]
    kpi = REPORT + "Kpi"
    assert await _call(channel, kpi, cco, reports_pb2.KpiRequest(procedure="children")) is (
        grpc.StatusCode.OK
    )
    for procedure in ("dso", ""):
        code = await _call(channel, kpi, cco, reports_pb2.KpiRequest(procedure=procedure))
        assert code is grpc.StatusCode.PERMISSION_DENIED


async def test_a_second_reference_is_checked_too() -> None:  # type: ignore[no-untyped-def]
    """A rule naming two references (Merge's ``ref`` and ``into``) refuses a caller who
    may work the first but not the second."""
    merge = CASE + "Merge"
    assert RULES[merge].cases == ("ref", "into")
    rules = {merge: Rule(who=frozenset({Role.INVESTIGATING_OFFICER}), cases=("ref", "into"))}
    gate = Gate(SECRET, facts_of=_facts_of, rules=rules)
    server, port = await start_server(0, _register, interceptors=[gate])
    own, other = CASES["own"][0], CASES["other"][0]
    officer = CALLERS[Role.INVESTIGATING_OFFICER]
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as chan:
            alone = await _call(chan, merge, officer, cases_pb2.MergeRequest(ref=own))
            both = await _call(chan, merge, officer, cases_pb2.MergeRequest(ref=own, into=other))
    finally:
        await server.stop(None)
    assert alone is grpc.StatusCode.OK
    assert both is grpc.StatusCode.PERMISSION_DENIED


async def test_refusals_are_logged_and_filed_with_their_cases(  # type: ignore[no-untyped-def]
    channel, caplog: pytest.LogCaptureFixture
) -> None:
    denials.clear()
    partner_b = Caller("bob", Role.PARTNER, partner="brook")
    ref = CASES["confidential"][0]
    with caplog.at_level(logging.WARNING, logger="common.access.gate"):
        code = await _call(
            channel,
            "/complaints.v1.NotificationService/Preview",
            partner_b,
            notifications_pb2.PreviewRequest(reference=ref, template="acknowledgement"),
        )
    assert code is grpc.StatusCode.PERMISSION_DENIED
    [(sub, method, refs, why)] = denials
    assert (sub, method, refs) == ("bob", "/complaints.v1.NotificationService/Preview", [ref])
    assert "partners may read only their own submissions" in why
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.subject == "bob" and record.role == "partner"  # type: ignore[attr-defined]
    assert record.cases == [ref] and record.outcome == "denied"  # type: ignore[attr-defined]
    assert ref in record.getMessage() and "Preview" in record.getMessage()


async def test_a_refused_caller_cannot_tell_a_missing_case_from_one_they_may_not_see(  # type: ignore[no-untyped-def]
    channel,
) -> None:
    partner = CALLERS[Role.PARTNER]
    details = []
    for kind in ("other", "missing"):
        request = deadlines_pb2.GetClocksRequest(reference=CASES[kind][0])
        path = "/complaints.v1.DeadlineService/GetClocks"
        request_cls, reply_cls = _classes(METHODS[path])
        token = issue(SECRET, partner.sub, partner.role, partner=partner.partner)
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await channel.unary_unary(
                path,
                request_serializer=request_cls.SerializeToString,
                response_deserializer=reply_cls.FromString,
            )(request, metadata=(("authorization", f"Bearer {token}"),), timeout=5)
        details.append((info.value.code(), info.value.details()))
    assert details[0] == details[1]
    assert details[0][0] is grpc.StatusCode.PERMISSION_DENIED


async def test_a_method_without_a_rule_is_refused_to_everyone(channel) -> None:  # type: ignore[no-untyped-def]
    path = "/complaints.v1.DeadlineService/GetClocks"
    gate = Gate(SECRET, facts_of=_facts_of, rules={})
    server, port = await start_server(0, _register, interceptors=[gate])
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as chan:
            code = await _call(
                chan,
                path,
                CALLERS[Role.CENTRAL_TEAM],
                deadlines_pb2.GetClocksRequest(reference=CASES["own"][0]),
            )
    finally:
        await server.stop(None)
    assert code is grpc.StatusCode.PERMISSION_DENIED


def test_the_access_page_says_what_the_gate_does() -> None:
    from common.access import doc

    assert doc.main(["--check"]) == 0, "docs/access.md is stale: python -m common.access.doc"
    for method in RULES:
        assert f"`{method.lstrip('/')}`" in doc.PAGE.read_text()
