"""IntakeService.Submit over gRPC: the same rules as the AMQP path, and who may call it."""

from __future__ import annotations

import grpc
import pytest

from common.auth import Role
from complaints.v1 import intake_pb2, intake_pb2_grpc
from services.intake.bootstrap import build
from services.intake.config import IntakeSettings
from tests.support.bus import listen
from tests.support.grpc_client import metadata

pytestmark = pytest.mark.integration


@pytest.fixture
async def stub(platform):  # type: ignore[no-untyped-def]
    rt = build(platform, IntakeSettings(grpc_port=0))
    await rt.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{rt.bound_grpc_port}")
    yield intake_pb2_grpc.IntakeServiceStub(channel)
    await channel.close()
    await rt.stop()


def submission(ref: str, **overrides) -> intake_pb2.Submission:  # type: ignore[no-untyped-def]
    fields = dict(
        partner_ref=ref,
        procedure="dso",
        nation="england",
        received_at="2026-11-02T10:15:00+00:00",
        channel="email",
        complainant=intake_pb2.Complainant(name="Amal Haddad", contact="amal.haddad@example.org"),
        consent=intake_pb2.Consent(imb_copy=True),
        subject="Property not returned",
        aspects=[intake_pb2.Aspect(kind="service-delivery", text="My bag was not returned.")],
        location=intake_pb2.Location(establishment="Ashgrove IRC"),
    )
    fields.update(overrides)
    return intake_pb2.Submission(**fields)


async def test_submit_gives_a_reference_and_is_idempotent(stub, platform) -> None:  # type: ignore[no-untyped-def]
    md = metadata(platform, Role.PARTNER, partner="ashgrove")
    async with listen(platform.amqp_url, "complaints", "complaint.received") as events:
        first = await stub.Submit(submission("G-1"), metadata=md, timeout=10)
        again = await stub.Submit(submission("G-1"), metadata=md, timeout=10)
        await events.wait_for(lambda m: m)
    assert first.reference.startswith("DSO-2026-") and not first.duplicate
    assert again.reference == first.reference and again.duplicate
    assert len(events.messages) == 1
    assert events.messages[0].body["partner_id"] == "ashgrove"


async def test_invalid_submission_names_each_bad_field(stub, platform) -> None:  # type: ignore[no-untyped-def]
    md = metadata(platform, Role.PARTNER, partner="ashgrove")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.Submit(submission("G-2", nation="atlantis", subject=""), metadata=md, timeout=10)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "nation" in refused.value.details() and "subject" in refused.value.details()


async def test_only_partners_with_a_valid_token_may_submit(stub, platform) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.aio.AioRpcError) as anonymous:
        await stub.Submit(submission("G-3"), timeout=10)
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.aio.AioRpcError) as forged:
        await stub.Submit(
            submission("G-3"), timeout=10, metadata=(("authorization", "Bearer v1.e30.bad"),)
        )
    assert forged.value.code() == grpc.StatusCode.UNAUTHENTICATED
    with pytest.raises(grpc.aio.AioRpcError) as staff:
        await stub.Submit(submission("G-3"), metadata=metadata(platform, Role.AUDITOR), timeout=10)
    assert staff.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_submit_lists_the_fields_it_will_not_act_on(stub, platform) -> None:  # type: ignore[no-untyped-def]
    md = metadata(platform, Role.PARTNER, partner="ashgrove")
    reply = await stub.Submit(
        submission("G-9", markers={"legal_proceeding": "true"}), metadata=md, timeout=10
    )
    assert reply.reference
    assert [(f.field, f.did_you_mean) for f in reply.ignored_fields] == [
        ("legal_proceeding", "legal_proceedings")
    ]
