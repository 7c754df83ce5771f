"""gRPC calls for tests, as a central-team user (or any role) with a signed token."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc

from common.auth import Role, issue
from common.settings import PlatformSettings
from complaints.v1 import cases_pb2, cases_pb2_grpc


def metadata(
    platform: PlatformSettings,
    role: Role = Role.CENTRAL_TEAM,
    sub: str = "tester",
    partner: str | None = None,
) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {issue(platform.auth_secret, sub, role, partner=partner)}"),)


async def wait_until(
    probe: Callable[[], Any], *, timeout: float = 30.0, interval: float = 0.2
) -> Any:
    """Call ``probe`` until it returns something truthy; return that."""
    async with asyncio.timeout(timeout):
        while True:
            result = await probe()
            if result:
                return result
            await asyncio.sleep(interval)


class Cases:
    """CaseService over a real channel."""

    def __init__(self, addr: str, platform: PlatformSettings, role: Role = Role.CENTRAL_TEAM):
        self._channel = grpc.aio.insecure_channel(addr)
        self._stub = cases_pb2_grpc.CaseServiceStub(self._channel)
        self._md = metadata(platform, role)

    async def get(self, ref: str) -> cases_pb2.Case | None:
        try:
            return await self._stub.GetCase(
                cases_pb2.GetCaseRequest(ref=ref), timeout=5, metadata=self._md
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise

    async def list(self, **filters: Any) -> list[cases_pb2.Case]:
        reply = await self._stub.ListCases(
            cases_pb2.ListCasesRequest(**filters), timeout=5, metadata=self._md
        )
        return list(reply.cases)

    async def close(self) -> None:
        await self._channel.close()
