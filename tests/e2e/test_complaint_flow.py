"""One complaint through all five services, over RabbitMQ, the store, SMTP and gRPC."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.conftest import Stack
from tests.support.bus import listen, publish
from tests.support.grpc_client import Cases, wait_until
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e


async def _settled(cases: Cases, ref: str, letters: int):  # type: ignore[no-untyped-def]
    """The case once its clocks are set, its acknowledgement has gone to the complainant
    and at least ``letters`` letters are on file."""

    async def probe():  # type: ignore[no-untyped-def]
        case = await cases.get(ref)
        acked = case and any(x.template == "acknowledgement" for x in case.letters)
        if acked and case.clocks and len(case.letters) >= letters:
            return case
        return None

    return await wait_until(probe, timeout=60)


async def test_a_detention_complaint_is_routed_timed_acknowledged_and_filed(stack: Stack) -> None:
    platform = stack.platform
    body = dso_service_delivery()  # received Mon 2 Nov 2026, England, IMB authority given
    async with listen(platform.amqp_url, "partners", "yarlswood.*") as replies:
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await replies.wait_for(lambda m: m)
    reference = replies.messages[0].body["reference"]
    cases = Cases(stack.addr("records"), platform)
    try:
        case = await _settled(cases, f"{reference}/1", letters=3)
    finally:
        await cases.close()
    assert case.owner == "supplier" and case.procedure == "dso"
    assert case.stage == "service_delivery"
    # 20 working days after Mon 2 Nov 2026 (no bank holiday in November in England):
    # 3-6 Nov (4), 9-13 (9), 16-20 (14), 23-27 (19), Mon 30 Nov (20).
    clocks = {c.name: c for c in case.clocks}
    assert clocks["response"].due == "2026-11-30"
    assert "20th working day after Mon 2 Nov 2026" in clocks["response"].explanation
    assert case.status == "acknowledged"
    sent = sorted((x.recipient, x.template) for x in case.letters if x.status == "sent")
    assert ("complainant", "acknowledgement") in sent
    assert [r for r, _ in sent].count("imb") == 1
    mail = stack.mail()
    assert len([m for m in mail if "imb" in m["To"].lower()]) == 1
    to_complainant = [m for m in mail if "amal.haddad@example.org" in m["To"]]
    assert len(to_complainant) == 1
    assert "30 November 2026" in to_complainant[0].get_content()
    history = [h.type for h in (await _file(stack, reference)).history]
    for fact in (
        "case.routed",
        "case.opened",
        "deadline.set",
        "case.acknowledged",
        "notification.sent",
    ):
        assert fact in history


async def _file(stack: Stack, reference: str):  # type: ignore[no-untyped-def]
    cases = Cases(stack.addr("records"), stack.platform)
    try:
        return await cases.get(f"{reference}/1")
    finally:
        await cases.close()


async def test_without_imb_authority_the_imb_hears_nothing(stack: Stack) -> None:
    body = dso_service_delivery(consent={"imb_copy": False, "share_with_provider": True})
    async with listen(stack.platform.amqp_url, "partners", "yarlswood.*") as replies:
        await publish(stack.platform.amqp_url, "intake", "submit.yarlswood", body)
        await replies.wait_for(lambda m: m)
    reference = replies.messages[0].body["reference"]
    cases = Cases(stack.addr("records"), stack.platform)
    try:
        case = await _settled(cases, f"{reference}/1", letters=1)
        await asyncio.sleep(2)  # give any wrongly planned IMB copy time to go out
        case = await cases.get(f"{reference}/1")
    finally:
        await cases.close()
    recipients = [x.recipient for x in case.letters]
    assert "complainant" in recipients and "imb" not in recipients
    assert not [m for m in stack.mail() if "imb" in m["To"].lower()]


async def test_sent_twice_and_redelivered_makes_one_case_and_one_acknowledgement(
    stack: Stack,
) -> None:
    platform = stack.platform
    body = dso_service_delivery()
    async with listen(platform.amqp_url, "partners", "yarlswood.*") as replies:
        mid = await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body, message_id=mid)
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await replies.wait_for(lambda m: len(m) >= 2)
    reference = replies.messages[0].body["reference"]
    cases = Cases(stack.addr("records"), platform)
    try:
        await _settled(cases, f"{reference}/1", letters=2)
        await asyncio.sleep(2)
        all_cases = await cases.list(page_size=500)
        case = await cases.get(f"{reference}/1")
    finally:
        await cases.close()
    assert [c.case_ref for c in all_cases] == [f"{reference}/1"]
    acks = [x for x in case.letters if x.template == "acknowledgement"]
    assert len(acks) == 1
    assert len([m for m in stack.mail() if "amal.haddad" in m["To"]]) == 1


async def test_a_service_killed_mid_flow_finishes_the_complaint_on_restart(stack: Stack) -> None:
    platform = stack.platform
    stack.kill("deadlines")
    stack.kill("notifications")
    async with listen(platform.amqp_url, "partners", "yarlswood.*") as replies:
        await publish(platform.amqp_url, "intake", "submit.yarlswood", dso_service_delivery())
        await replies.wait_for(lambda m: m)
    reference = replies.messages[0].body["reference"]
    cases = Cases(stack.addr("records"), platform)
    try:
        opened = await wait_until(lambda: cases.get(f"{reference}/1"))
        assert not opened.clocks  # deadlines is down: no clock yet, nothing lost either
        stack.start("deadlines")
        stack.start("notifications")
        case = await _settled(cases, f"{reference}/1", letters=2)
        await asyncio.sleep(2)
        case = await cases.get(f"{reference}/1")
    finally:
        await cases.close()
    assert case.clocks[0].due == "2026-11-30"
    assert len([x for x in case.letters if x.template == "acknowledgement"]) == 1
    assert len([m for m in stack.mail() if "amal.haddad" in m["To"]]) == 1


async def test_a_malformed_submission_is_refused_and_the_platform_keeps_going(
    stack: Stack,
) -> None:
    platform = stack.platform
    bad = dso_service_delivery(channel="pigeon")
    bad["aspects"] = []
    async with listen(platform.amqp_url, "partners", "yarlswood.*") as replies:
        await publish(platform.amqp_url, "intake", "submit.yarlswood", bad)
        await publish(platform.amqp_url, "intake", "submit.yarlswood", dso_service_delivery())
        await replies.wait_for(lambda m: len(m) >= 2)
    kinds = {r.routing_key: r.body for r in replies.messages}
    assert {e["field"] for e in kinds["yarlswood.rejected"]["errors"]} == {"channel", "aspects"}
    assert kinds["yarlswood.accepted"]["reference"].startswith("DSO-")
