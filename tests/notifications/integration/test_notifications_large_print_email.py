"""A person who asked for large print and gave an email address gets the email with the
large-print PDF attached (seed 004: "information will be provided in large print"; issue
18), through the running notifications service, the real broker and a real SMTP server:
the mail sink the platform's tests read letters from. The PDF is read back."""

from __future__ import annotations

import pytest

from devstack import smtp_sink
from services.notifications.bootstrap import build
from services.notifications.config import NotificationsSettings
from tests.support.bus import publish
from tests.support.events import body, lifecycle, routed
from tests.support.grpc_client import wait_until
from tests.support.infra import free_port
from tests.support.mailbox import mail
from tests.support.pdf import read_pdf

pytestmark = pytest.mark.integration


@pytest.fixture
async def service(platform, tmp_path):  # type: ignore[no-untyped-def]
    port = free_port()
    settings = NotificationsSettings(grpc_port=0, smtp_port=port, retry_base_s=0.3,
                                     retry_max_s=1.0, sweep_interval_s=0.2)  # fmt: skip
    rt = build(platform, settings)
    await rt.start()
    rt.smtp_port = port  # type: ignore[attr-defined]
    yield rt
    await rt.stop()


async def send(platform, event) -> None:  # type: ignore[no-untyped-def]
    await publish(platform.amqp_url, "complaints", event.routing_key, body(event))


async def test_an_email_to_a_person_who_asked_for_large_print_carries_the_large_print_pdf(
    service,
    platform,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    sink = smtp_sink.start(tmp_path / "mail", port=service.smtp_port)
    big = {"name": "Amal Haddad", "contact": "amal.haddad@example.org",
           "needs": {"formats": ["large-print"]}}  # fmt: skip
    plain = {"name": "Omar Said", "contact": "omar.said@example.org"}
    try:
        cases = [routed("dso", complainant=big), routed("dso", complainant=plain)]
        for case in cases:
            await send(platform, case)
            await send(platform, lifecycle(case, "acknowledged", target_date="2026-11-30"))

        async def acknowledged():  # type: ignore[no-untyped-def]
            found = {str(m["To"]): m for m in mail(tmp_path / "mail")}
            people = [to for to in found if "amal.haddad" in to or "omar.said" in to]
            return found if len(people) == 2 else None

        letters = await wait_until(acknowledged, timeout=30)
    finally:
        sink.stop()
    (large,) = [m for to, m in letters.items() if "amal.haddad" in to]
    (pdf,) = [part for part in large.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf"
    back = read_pdf(pdf.get_content())
    assert back.tagged and back.body_size >= 16, back  # 18 point (RNIB: 16 to 18)
    assert cases[0].reference in back.text and "Amal Haddad" in back.text
    # the email's own text is the same letter
    text = large.get_body(preferencelist=("plain",)).get_content()
    assert cases[0].reference in text
    # a person who did not ask for large print gets no attachment
    (standard,) = [m for to, m in letters.items() if "omar.said" in to]
    assert list(standard.iter_attachments()) == []
