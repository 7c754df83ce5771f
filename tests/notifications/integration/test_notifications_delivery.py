"""The notifications service over the real broker and a real SMTP server."""

from __future__ import annotations

import asyncio

import pytest

from devstack import smtp_sink
from services.notifications.bootstrap import build
from services.notifications.config import NotificationsSettings
from tests.notifications.unit.builders import window_after_response
from tests.support.bus import publish
from tests.support.events import body, lifecycle, routed
from tests.support.grpc_client import wait_until
from tests.support.infra import free_port
from tests.support.mailbox import mail

pytestmark = pytest.mark.integration


@pytest.fixture
async def service(platform, tmp_path):  # type: ignore[no-untyped-def]
    port = free_port()
    settings = NotificationsSettings(
        grpc_port=0,
        smtp_port=port,
        retry_base_s=0.3,
        retry_max_s=1.0,
        sweep_interval_s=0.2,
        max_attempts=50,
    )
    rt = build(platform, settings)
    await rt.start()
    rt.smtp_port = port  # type: ignore[attr-defined]
    yield rt
    await rt.stop()


async def send(platform, event, message_id=None) -> None:  # type: ignore[no-untyped-def]
    await publish(
        platform.amqp_url, "complaints", event.routing_key, body(event), message_id=message_id
    )


async def test_letters_wait_for_a_down_smtp_server_and_arrive_once(
    service,
    platform,  # type: ignore[no-untyped-def]
    tmp_path,
) -> None:
    case = routed("dso", consent={"imb_copy": True, "share_with_provider": False})
    await send(platform, case)
    await send(platform, lifecycle(case, "acknowledged", target_date="2026-11-30"))
    await asyncio.sleep(2)  # several attempts fail: nothing listens on the SMTP port
    letters = await service.handlers.letters_of(case.case_ref)
    assert letters and all(r.status == "pending" and r.attempts >= 1 for _, r in letters)
    sink = smtp_sink.start(tmp_path / "mail", port=service.smtp_port)
    try:

        async def all_sent():  # type: ignore[no-untyped-def]
            rows = await service.handlers.letters_of(case.case_ref)
            return rows if all(r.status == "sent" for _, r in rows) else None

        await wait_until(all_sent, timeout=30)
        await asyncio.sleep(1)
    finally:
        sink.stop()
    received = mail(tmp_path / "mail")
    to = sorted(m["To"] for m in received)
    assert len(to) == len(set(to)) == len(letters)  # every letter once, none twice
    assert any("amal.haddad@example.org" in t for t in to)
    assert any("imb.ashgrove" in t for t in to)


async def test_the_same_event_delivered_three_times_sends_one_letter(
    service,
    platform,  # type: ignore[no-untyped-def]
    tmp_path,
) -> None:
    sink = smtp_sink.start(tmp_path / "mail", port=service.smtp_port)
    try:
        case = routed("dso")
        await send(platform, case)
        ack = lifecycle(case, "acknowledged", target_date="2026-11-30")
        for _ in range(3):
            await send(platform, ack, message_id="case.acknowledged:once")

        async def sent():  # type: ignore[no-untyped-def]
            rows = await service.handlers.letters_of(case.case_ref)
            return rows if rows and all(r.status == "sent" for _, r in rows) else None

        await wait_until(sent, timeout=30)
        await asyncio.sleep(1.5)
    finally:
        sink.stop()
    acks = [m for m in mail(tmp_path / "mail") if "amal.haddad" in m["To"]]
    assert len(acks) == 1


ESCALATION = [
    ("dso", {}, "Independent Examiner of Complaints"),
    (
        "dso",
        {"stage": "serious_misconduct", "category": "serious-misconduct", "owner": "psu"},
        "Prisons and Probation Ombudsman",
    ),
    ("spso", {}, "Scottish Public Services Ombudsman"),
    ("children", {}, "Local Government and Social Care Ombudsman"),
    ("hmip", {}, "internal review"),
]


@pytest.mark.parametrize(("procedure", "overrides", "body_names"), ESCALATION)
async def test_every_decision_letter_names_its_escalation_route_and_anonymises_officers(  # type: ignore[no-untyped-def]
    service, platform, tmp_path, procedure, overrides, body_names
) -> None:
    sink = smtp_sink.start(tmp_path / "mail", port=service.smtp_port)
    aspects = [
        {
            "index": 0,
            "kind": "minor-misconduct" if procedure != "children" else "service-delivery",
            "text": "Officer John Smith shouted at me and Smith laughed.",
            "officers_named": ["John Smith"],
        }
    ]
    try:
        case = routed(procedure, aspects=aspects, **overrides)
        await send(platform, case)
        await send(platform, lifecycle(case, "acknowledged", target_date="2026-11-30"))
        await send(
            platform,
            lifecycle(case, "responded", outcome="partly", summary="Officer Smith was spoken to."),
        )
        for window in window_after_response(case):  # dso: the IEC / PPO window's date
            await send(platform, window)

        async def decided():  # type: ignore[no-untyped-def]
            found = [m for m in mail(tmp_path / "mail") if "amal.haddad" in m["To"]]
            return found if len(found) >= 2 else None

        letters = await wait_until(decided, timeout=30)
        await asyncio.sleep(1)
        everything = mail(tmp_path / "mail")
    finally:
        sink.stop()
    decision = [m for m in letters if "acknowledg" not in m["Subject"].lower()]
    assert decision, [m["Subject"] for m in letters]
    assert body_names.lower() in decision[0].get_content().lower()
    for message in everything:
        text = message.get_content()
        assert "Smith" not in text, (message["To"], text)
    assert any("Officer A" in m.get_content() for m in everything)


async def test_no_letter_is_stuck_a_header_unsafe_name_is_made_safe_and_a_bad_address_fails(
    service,  # type: ignore[no-untyped-def]
    platform,
    tmp_path,
) -> None:
    """The stuck-letter scenario: a name with a line break used to make the adapter raise
    and the letter stay pending for ever. Now the name is made one line (no header added),
    a contact that is not one address fails at once with its reason, `ops health` lists it
    as a problem, and the operator's resend tries it again, once."""
    from ops.letters import check_letters

    sink = smtp_sink.start(tmp_path / "mail", port=service.smtp_port)
    try:
        eve = routed(
            "dso",
            complainant={"name": "Eve\r\nBcc: mallory@example.org", "contact": "eve@example.org"},
        )
        two = routed("dso", complainant={"name": "Bo", "contact": "bo@example.org,al@example.org"})
        for case in (eve, two):
            await send(platform, case)
            await send(platform, lifecycle(case, "acknowledged", target_date="2026-11-30"))

        async def settled():  # type: ignore[no-untyped-def]
            rows = [r for c in (eve, two) for _, r in await service.handlers.letters_of(c.case_ref)]
            done = len(rows) == 4 and all(r.status != "pending" for r in rows)
            return rows if done else None

        await wait_until(settled, timeout=30)
        await asyncio.sleep(1)  # a few sweeps: nothing is tried again
        ack = {
            c.case_ref: next(
                r for _, r in await service.handlers.letters_of(c.case_ref)
                if r.template == "acknowledgement"
            )
            for c in (eve, two)
        }  # fmt: skip
        assert ack[eve.case_ref].status == "sent"
        failed = ack[two.case_ref]
        assert failed.status == "failed" and failed.attempts == 1
        assert (
            "contact 'bo@example.org,al@example.org' is not one email address"
            in (failed.last_error)
        )

        report = check_letters(platform)
        assert [(r["case_ref"], r["key"]) for r in report["letters"]] == [
            (two.case_ref, failed.key)
        ]
        assert f"complaints letters resend {two.case_ref} {failed.key}" in report["problems"][0]

        await service.handlers.resend(two.case_ref, failed.key)
        again = next(
            r for _, r in await service.handlers.letters_of(two.case_ref)
            if r.key == failed.key
        )  # fmt: skip
        assert again.status == "failed" and again.resends == 1 and again.attempts == 1
    finally:
        sink.stop()
    received = mail(tmp_path / "mail")
    to_eve = [m for m in received if "eve@example.org" in str(m["To"])]
    assert len(to_eve) == 1 and to_eve[0]["Bcc"] is None
    assert not [m for m in received if "mallory" in str(m.get("Bcc", ""))]
    assert not [m for m in received if "bo@example.org" in str(m["To"])]
