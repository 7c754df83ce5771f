"""Issue 12 over the real broker: a body intake cannot even read is answered
``<partner>.rejected`` naming ``(body)`` and is in the DLQ, on its first delivery."""

from __future__ import annotations

import json

import pytest

from tests.support.bus import listen, publish, queue_depth
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.integration

UNREADABLE = [b"{not json", b"\xff\xfe not utf-8", b"", b"[" * 100_000 + b"]" * 100_000]


async def test_an_unreadable_body_gets_a_rejected_reply_and_is_in_the_dlq(intake, platform) -> None:  # type: ignore[no-untyped-def]
    async with (
        listen(platform.amqp_url, "partners", "yarlswood.*") as replies,
        listen(platform.amqp_url, "complaints.dlx", "intake.submissions") as dead,
    ):
        ids = [
            await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
            for body in UNREADABLE
        ]
        await replies.wait_for(lambda m: len(m) >= len(UNREADABLE))
        await dead.wait_for(lambda m: len(m) >= len(UNREADABLE))
        # The queue is not blocked: a good submission after them is accepted.
        await publish(platform.amqp_url, "intake", "submit.yarlswood", dso_service_delivery())
        await replies.wait_for(lambda m: len(m) >= len(UNREADABLE) + 1)
    refused, accepted = replies.messages[:-1], replies.messages[-1]
    assert [r.routing_key for r in refused] == ["yarlswood.rejected"] * len(UNREADABLE)
    assert all({e["field"] for e in r.body["errors"]} == {"(body)"} for r in refused)
    assert all("reference" not in r.body for r in refused)
    assert accepted.routing_key == "yarlswood.accepted"
    # Dead-lettered once each, with the reasons, on the first delivery.
    assert sorted(m.message_id for m in dead.messages) == sorted(ids)
    for message in dead.messages:
        reasons = json.loads(message.headers["x-rejection"])
        assert {r["field"] for r in reasons} == {"(body)"}
    assert await queue_depth(platform.amqp_url, "intake.submissions.dlq") == len(UNREADABLE)
    assert await queue_depth(platform.amqp_url, "intake.submissions") == 0
