"""Referrals are never lost, over the running platform: a child-protection concern in a
complaint that names no local authority is accepted, and its referral to children's social
care, whose address cannot be worked out, reaches the fallback desk (SMTP sink) with a note
saying why; the operators' ``referral.unaddressed`` alert is raised, ``ops health`` lists
it, and no dead-letter queue holds anything."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from complaints.v1 import notifications_pb2, notifications_pb2_grpc
from ops.queues import queue_stats
from ops.referrals import check_referrals
from tests.e2e.conftest import Stack
from tests.support.bus import listen, publish
from tests.support.grpc_client import metadata, wait_until
from tests.support.submissions import children_child_protection

pytestmark = pytest.mark.e2e

DESK = "safeguarding.duty@westshire.example.gov.uk"  # desk:children-england, example directory


async def test_a_child_protection_referral_without_a_local_authority_reaches_the_desk(
    stack: Stack,
) -> None:
    platform = stack.platform
    body = children_child_protection(location={})
    async with listen(
        platform.amqp_url, "complaints", "referral.unaddressed", "notification.#", "case.referred"
    ) as events:
        async with listen(platform.amqp_url, "partners", "westshire.*") as replies:
            await publish(platform.amqp_url, "intake", "submit.westshire", body)
            await replies.wait_for(lambda m: m)
        assert replies.messages[0].routing_key == "westshire.accepted", replies.messages[0].body
        reference = replies.messages[0].body["reference"]

        await events.wait_for(
            lambda m: any(e.routing_key == "referral.unaddressed" for e in m), timeout=60
        )
        [alert] = events.bodies("referral.unaddressed")
        assert alert["reference"] == reference
        assert (alert["recipient"], alert["urgency"], alert["outcome"]) == (
            "social_care",
            "immediate",
            "to-desk",
        )
        assert alert["fallback"] == "desk:children-england"
        assert "no local authority" in alert["reason"]

        async def desk_mail():  # type: ignore[no-untyped-def]
            mail = [m for m in stack.mail() if DESK in m["To"]]
            return mail or None

        [letter] = await wait_until(desk_mail, timeout=60)
        assert letter["Subject"].startswith("[Referral for the desk] ")
        text = letter.get_content()
        assert "Intended recipient: local authority children's social care (no address)" in text
        assert "no local authority in location" in text
        assert "My brother has bruises nobody asked about." in text

        await events.wait_for(
            lambda m: any(
                e.routing_key == "notification.sent" and e.body["address"] == DESK for e in m
            ),
            timeout=30,
        )
        assert not [e for e in events.bodies("notification.failed") if e["template"] == "referral"]

    # `complaints ops health` lists it; a referral at the desk is not a failure.
    report = await asyncio.to_thread(check_referrals, platform)
    [row] = [r for r in report["referrals"] if r["case_ref"].startswith(reference)]
    assert (row["status"], row["desk"]) == ("sent", "desk:children-england")
    assert report["problems"] == []

    # `complaints case letters` marks the letter as the desk's, and whom it was meant for.
    channel = grpc.aio.insecure_channel(stack.addr("notifications"))
    try:
        reply = await notifications_pb2_grpc.NotificationServiceStub(channel).ListNotifications(
            notifications_pb2.ListNotificationsRequest(reference=reference),
            timeout=5,
            metadata=metadata(platform),
        )
    finally:
        await channel.close()
    [desked] = [n for n in reply.notifications if n.fallback_desk]
    assert (desked.fallback_desk, desked.intended) == (
        "desk:children-england",
        "unaddressed:social_care",
    )

    # Nothing went to any dead-letter queue.
    stats = await asyncio.to_thread(queue_stats, platform.amqp_url)
    dead = {r["queue"]: r["messages"] for r in stats if r["queue"].endswith(".dlq")}
    assert dead and all(n == 0 for n in dead.values()), dead
