"""Paper letters over the real broker and store (issue 18): the notifications service as
it runs (`bootstrap.build`), a detained person's acknowledgement rendered to a PDF in the
print queue of their centre, and the clerk's hand-over published as
``notification.handed-over`` (once, even when recorded twice) for records to file."""

from __future__ import annotations

from datetime import date

import pytest

from devstack import smtp_sink
from services.notifications.bootstrap import build
from services.notifications.config import NotificationsSettings
from tests.support.bus import listen, publish
from tests.support.events import body, lifecycle, routed
from tests.support.grpc_client import wait_until
from tests.support.infra import free_port
from tests.support.pdf import read_pdf

pytestmark = pytest.mark.integration


@pytest.fixture
async def service(platform, tmp_path):  # type: ignore[no-untyped-def]
    port = free_port()
    settings = NotificationsSettings(grpc_port=0, smtp_port=port, sweep_interval_s=0.2)
    rt = build(platform, settings)
    await rt.start()
    sink = smtp_sink.start(tmp_path / "mail", port=port)
    yield rt
    sink.stop()
    await rt.stop()


async def test_a_detained_persons_letter_is_queued_printed_and_handed_over(
    platform, service
) -> None:  # type: ignore[no-untyped-def]
    case = routed("dso", complainant={"name": "Amal Haddad", "detained_person_ref": "HO-1"})
    async with listen(
        platform.amqp_url, "complaints", "notification.sent", "notification.handed-over"
    ) as heard:
        for event in (case, lifecycle(case, "acknowledged", target_date="2026-11-30")):
            await publish(platform.amqp_url, "complaints", event.routing_key, body(event))
        queue = service.handlers.print_queue

        async def queued():  # type: ignore[no-untyped-def]
            return await queue.list(reference=case.reference) or None

        [job] = await wait_until(queued, timeout=30)
        assert (job.queue, job.route, job.template) == ("Ashgrove IRC", "hand", "acknowledgement")
        back = read_pdf(job.pdf)
        assert back.tagged and back.pages == job.pages and "Amal Haddad" in back.text
        await queue.mark_printed(job.id, by="clerk")
        today = date.fromisoformat(job.queued_at.date().isoformat())
        await queue.hand_over(job.id, on=today, by="clerk")
        await queue.hand_over(job.id, on=today, by="clerk")  # the clerk's retry
        msgs = await heard.wait_for(
            lambda ms: any(m.routing_key == "notification.handed-over" for m in ms)
        )
    sent = [m.body for m in msgs if m.routing_key == "notification.sent"]
    assert any(s["channel"] == "print-queue" and "by hand" in s["provided"] for s in sent)
    [handed] = [m.body for m in msgs if m.routing_key == "notification.handed-over"]
    assert handed["letter"] == job.id and handed["handed_over_on"] == today.isoformat()
