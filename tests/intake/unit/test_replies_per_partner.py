"""Issue 21: one reply per partner message. Refusals are filed, answered and announced
under (partner, message id): two partners whose messages share an id each get their own
reply; a redelivery of either is still answered once; a rejection filed under the bare
message id (before this change) still counts as answered for its partner."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.clock import FixedClock
from common.outbox import OutboxRelay
from common.storage import open_store
from services.intake.adapters.documents import DOCUMENTS, RejectionRecord
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import IntakeHandlers
from tests.support.fakes import FakePublisher
from tests.support.submissions import dso_service_delivery


@pytest.fixture
def parts():  # type: ignore[no-untyped-def]
    store = open_store("memory://", DOCUMENTS, service="intake")
    publisher = FakePublisher()
    handlers = IntakeHandlers(
        store=store,
        clock=FixedClock(datetime(2026, 11, 2, 10, 30, tzinfo=UTC)),
        relay=OutboxRelay(publisher, store, DOCUMENTS),  # type: ignore[arg-type]
        known_procedures={"dso"},
        flags={},
    )
    return store, publisher, handlers


async def refuse(handlers: IntakeHandlers, partner: str, message_id: str) -> None:
    with pytest.raises(InvalidSubmission):
        await handlers.submit(
            partner_id=partner,
            body=dso_service_delivery(nation="atlantis"),
            message_id=message_id,
            user_id=None,
        )


async def test_two_partners_with_one_message_id_each_get_their_own_reply(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    for partner in ("brook", "yarlswood", "brook", "yarlswood"):  # each twice: redelivered
        await refuse(handlers, partner, "same-id")
    replies = [m for m in publisher.sent if m.exchange == "partners"]
    assert [r.routing_key for r in replies] == ["brook.rejected", "yarlswood.rejected"]
    assert len({r.message_id for r in replies}) == 2
    events = publisher.of("complaint.rejected")
    assert [e.body["partner_id"] for e in events] == ["brook", "yarlswood"]
    assert len({e.message_id for e in events}) == 2
    for partner in ("brook", "yarlswood"):
        kept = store.get(RejectionRecord, f"{partner}:same-id")
        assert kept is not None and kept.partner_id == partner


async def test_a_rejection_filed_under_the_bare_message_id_is_still_answered_once(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    # As intake filed it before rejections were keyed by partner.
    old = RejectionRecord(
        id="old-1",
        partner_id="brook",
        reasons=[{"field": "nation", "rule": "enum", "message": "..."}],
        body_json="{}",
        rejected_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    store.commit(old, message_id="old-1", emit=[])
    await refuse(handlers, "brook", "old-1")  # its redelivery after the upgrade
    assert publisher.sent == []
    await refuse(handlers, "yarlswood", "old-1")  # another partner's message, same id
    assert [m.routing_key for m in publisher.sent if m.exchange == "partners"] == [
        "yarlswood.rejected"
    ]
