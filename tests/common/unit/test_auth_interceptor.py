"""The gate's authentication over a real (local) gRPC server: bad tokens are UNAUTHENTICATED with a
short reason, never UNKNOWN, and each refusal is logged at WARNING."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import AsyncIterator

import grpc
import jwt
import pytest

from common.access.gate import Gate
from common.access.methods import EVERYONE, Rule
from common.auth import AUDIENCE, ISSUER, Role, issue
from common.grpc_server import current_caller, start_server

SECRET = "k" * 40
METHOD = "/test.Echo/Who"


async def _who(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    caller = current_caller()
    return f"{caller.sub}:{caller.role}:{caller.partner}".encode()


def _register(server: grpc.aio.Server) -> list[str]:
    handler = grpc.method_handlers_generic_handler(
        "test.Echo", {"Who": grpc.unary_unary_rpc_method_handler(_who)}
    )
    server.add_generic_rpc_handlers((handler,))
    return ["test.Echo"]


@pytest.fixture
async def channel() -> AsyncIterator[grpc.aio.Channel]:
    server, port = await start_server(
        0, _register, interceptors=[Gate(SECRET, rules={METHOD: Rule(who=EVERYONE)})]
    )
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as chan:
        yield chan
    await server.stop(None)


async def call(chan: grpc.aio.Channel, metadata: tuple[tuple[str, str], ...] = ()) -> bytes:
    return await chan.unary_unary(METHOD)(b"", metadata=metadata, timeout=5)


def bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


def _signed(**changes: object) -> str:
    claims: dict[str, object] = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": "mallory", "role": "auditor",
        "exp": int(time.time()) + 3600,  # built at collection: outlast a slow run
    }  # fmt: skip
    claims.update(changes)
    return jwt.encode(claims, SECRET, algorithm="HS256")


def _tampered() -> str:
    header, payload, sig = issue(SECRET, "pat", Role.PARTNER, partner="p-1").split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["role"] = "central-team"
    return ".".join([header, base64.urlsafe_b64encode(json.dumps(data).encode()).decode(), sig])


async def test_a_valid_token_reaches_the_servicer_as_the_caller(channel) -> None:  # type: ignore[no-untyped-def]
    token = issue(SECRET, "alice", Role.PARTNER, partner="p-1")
    assert await call(channel, bearer(token)) == b"alice:partner:p-1"


@pytest.mark.parametrize(
    ("metadata", "reason", "subject"),
    [
        ((), "no bearer token", None),
        ((("authorization", "Basic dXNlcjpwdw=="),), "Bearer", None),
        (bearer("not-a-token"), "malformed", None),
        (bearer("v1.eyJzdWIiOiAiYSJ9.c2ln"), "malformed", None),
        (bearer(issue(SECRET, "old", Role.AUDITOR, ttl_s=-300)), "expired", "old"),
        (
            bearer(issue("another-secret-that-is-long-enough!!", "x", Role.AUDITOR)),
            "signature",
            None,
        ),
        (bearer(_signed(aud="elsewhere")), "audience", None),
        (bearer(_tampered()), "signature", None),
        # signed with the right secret, broken payloads (were UNKNOWN with a stack trace)
        (bearer(_signed(role="root")), "role", "mallory"),
        (bearer(_signed(partner={"id": 1})), "partner", "mallory"),
        (bearer(_signed(role=None)), "role", None),
        (bearer(jwt.encode({"x": 1}, SECRET, algorithm="HS256")), "claim", None),
    ],
)
async def test_refused_calls_are_unauthenticated_and_logged(  # type: ignore[no-untyped-def]
    channel, caplog: pytest.LogCaptureFixture, metadata, reason: str, subject: str | None
) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="common.access.gate"),
        pytest.raises(grpc.aio.AioRpcError) as info,
    ):
        await call(channel, metadata)
    assert info.value.code() is grpc.StatusCode.UNAUTHENTICATED
    details = info.value.details() or ""
    assert reason in details and "Traceback" not in details and len(details) < 120
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    record = warnings[0]
    assert record.method == METHOD  # type: ignore[attr-defined]
    assert record.peer and record.peer != "?"  # type: ignore[attr-defined]
    assert reason in record.reason  # type: ignore[attr-defined]
    assert record.subject == subject  # type: ignore[attr-defined]
    assert METHOD in record.getMessage() and reason in record.getMessage()


async def test_health_stays_open(channel) -> None:  # type: ignore[no-untyped-def]
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    reply = await health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=""), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
