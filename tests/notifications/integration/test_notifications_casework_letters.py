"""Casework letters over the real broker and a real SMTP server (issue 17): the children's
provider split letter, the stage 2 notices to the Head of Service and the team manager, and
an extension recorded after the event that sends no letter and says why."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from common.contracts.events import CaseLifecycle, DeadlineResumed, DeadlineSet, DeadlineStopped
from common.storage import run_sync
from devstack import smtp_sink
from services.notifications.adapters.documents import NotificationCase
from services.notifications.bootstrap import build
from services.notifications.config import NotificationsSettings
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
        grpc_port=0, smtp_port=port, retry_base_s=0.3, retry_max_s=1.0, sweep_interval_s=0.2
    )
    rt = build(platform, settings)
    await rt.start()
    sink = smtp_sink.start(tmp_path / "mail", port=port)
    yield rt
    sink.stop()
    await rt.stop()


async def send(platform, event) -> None:  # type: ignore[no-untyped-def]
    await publish(platform.amqp_url, "complaints", event.routing_key, body(event))


async def settled(service, case_ref: str, count: int):  # type: ignore[no-untyped-def]
    async def done():  # type: ignore[no-untyped-def]
        rows = await service.handlers.letters_of(case_ref)
        ended = [r for _, r in rows if r.status in ("sent", "failed")]
        return rows if len(ended) >= count and len(ended) == len(rows) else None

    rows = await wait_until(done, timeout=30)
    await asyncio.sleep(0.5)
    return rows


def text(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_body(preferencelist=("plain",)).get_content()


async def test_the_split_letter_and_the_stage2_notices_arrive(  # type: ignore[no-untyped-def]
    service, platform, tmp_path
) -> None:
    case = routed("children", stage="investigation")
    await send(platform, case)
    await send(platform, lifecycle(case, "acknowledged", target_date="2026-12-14"))
    notices = [{"to": "Head of Service"}, {"to": "team manager"}]
    await send(
        platform,
        lifecycle(case, "officer-assigned", officer="Priya Shah", notices=notices),
    )
    await send(
        platform,
        lifecycle(
            case,
            "provider-split-decided",
            authority_parts=["The bag was not returned by the council's team."],
            provider_parts=["The home lost my bag."],
            provider="Brightwater Children's Homes",
        ),
    )
    await settled(service, case.case_ref, 5)
    by_to = {m["To"].addresses[0].addr_spec: m for m in mail(tmp_path / "mail")}
    head = text(by_to["head.childrens.services@westshire.example.gov.uk"])
    team = text(by_to["team.manager.childrens@westshire.example.gov.uk"])
    assert "independent investigation" in head and "Priya Shah" not in head
    assert "The Investigating Officer is Priya Shah" in team
    assert "Amal Haddad" not in head + team
    split = [
        text(m)
        for m in mail(tmp_path / "mail")
        if "amal.haddad" in m["To"] and "which parts" in text(m)
    ]
    assert len(split) == 1
    assert "- The bag was not returned by the council's team." in split[0]
    assert "passed them to Brightwater Children's Homes" in split[0]
    assert "- The home lost my bag." in split[0]


async def test_a_retroactive_extension_to_a_passed_date_plans_no_letter(  # type: ignore[no-untyped-def]
    service, platform, tmp_path
) -> None:
    case = routed("hmip")
    await send(platform, case)
    late = CaseLifecycle(
        reference=case.reference,
        strand=case.strand,
        procedure=case.procedure,
        stage=case.stage,
        occurred_at=datetime(2026, 12, 7, 10, 0, tzinfo=UTC),
        status="extended",
        detail={"on": "2026-11-20", "due": "2026-12-01", "reason": "a witness was on leave"},
    )
    message_id = await publish(platform.amqp_url, "complaints", late.routing_key, body(late))

    async def handled():  # type: ignore[no-untyped-def]
        doc = await run_sync(service.store.get, NotificationCase, case.case_ref)
        return doc is not None and message_id in doc.processed

    await wait_until(handled, timeout=30)
    rows = await service.handlers.letters_of(case.case_ref)
    # Told when it was agreed: no letter planned, none failed for an operator to chase.
    assert not [r for _, r in rows if r.template == "extension"]
    assert not [m for m in mail(tmp_path / "mail") if "new response date" in m["Subject"]]


async def test_an_extension_during_a_suspension_and_the_date_on_resuming(  # type: ignore[no-untyped-def]
    service, platform, tmp_path
) -> None:
    case = routed("children")
    where = {
        "reference": case.reference,
        "strand": case.strand,
        "procedure": case.procedure,
        "stage": case.stage,
    }
    at = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    await send(platform, case)
    await send(
        platform,
        DeadlineSet(**where, occurred_at=at, clock="response", due=date(2026, 11, 16)),
    )
    await send(platform, lifecycle(case, "suspended", reason="police enquiry"))
    await send(
        platform, DeadlineStopped(**where, occurred_at=at, clock="response", reason="suspended")
    )
    await send(platform, lifecycle(case, "extended", due="2026-11-30", reason="the enquiry"))
    await settled(service, case.case_ref, 1)
    await send(platform, lifecycle(case, "resumed"))
    await send(
        platform,
        DeadlineResumed(**where, occurred_at=at, clock="response", due=date(2026, 12, 9)),
    )
    await settled(service, case.case_ref, 2)
    bodies = [text(m) for m in mail(tmp_path / "mail") if "amal.haddad" in m["To"]]
    (extension,) = [b for b in bodies if "cannot send you our response" in b]
    assert "will be set when we resume handling it" in extension
    assert "30 November 2026" not in extension and "16 November 2026" not in extension
    (resumed,) = [b for b in bodies if "We have resumed handling" in b]
    assert "by 9 December 2026" in resumed
