"""Routing's handler on the in-memory store: a complaint is decided once, its decision
published and kept for `explain`; a redelivery publishes nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from common.clock import FixedClock
from common.contracts.events import ComplaintReceived
from common.outbox import OutboxRelay
from common.storage import open_store
from common.workdays import calendar_for
from services.intake.domain.submissions import parse_submission
from services.routing.adapters.documents import RoutingRecord
from services.routing.handlers import RoutingHandlers
from tests.support.fakes import FakePublisher
from tests.support.submissions import dso_service_delivery

NOW = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


def received(reference: str, **overrides: object) -> dict:  # type: ignore[type-arg]
    sub = parse_submission(
        dso_service_delivery(**overrides),
        partner_id="yarlswood",
        user_id=None,
        known_procedures={"dso", "hmip", "spso", "children"},
    )
    return ComplaintReceived(
        reference=reference,
        procedure=sub.procedure,
        occurred_at=NOW,
        partner_id="yarlswood",
        partner_ref=sub.partner_ref,
        submission=sub,
    ).model_dump(mode="json")


@pytest.fixture
def parts():  # type: ignore[no-untyped-def]
    store = open_store("memory://", [RoutingRecord], service="routing")
    publisher = FakePublisher()
    handlers = RoutingHandlers(
        store=store,
        clock=FixedClock(NOW),
        relay=OutboxRelay(publisher, store, [RoutingRecord]),  # type: ignore[arg-type]
        calendar_for=calendar_for,
    )
    return store, publisher, handlers


async def test_a_complaint_is_routed_once_and_explained(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    await handlers.on_received(received("DSO-2026-000001"), "complaint.received:DSO-2026-000001")
    routed = publisher.of("case.routed")
    assert routed and all(m.body["reference"] == "DSO-2026-000001" for m in routed)
    sent = len(publisher.sent)
    await handlers.on_received(received("DSO-2026-000001"), "complaint.received:DSO-2026-000001")
    assert len(publisher.sent) == sent  # the redelivery changed and published nothing
    record = await handlers.explain("DSO-2026-000001")
    assert record is not None and record.status == "routed"
    assert record.decision["strands"]


async def test_routing_a_complaint_costs_three_store_operations(parts) -> None:  # type: ignore[no-untyped-def]
    store, _, handlers = parts
    await handlers.on_received(received("DSO-2026-000002"), "complaint.received:DSO-2026-000002")
    assert store.operations == {"get": 1, "commit": 1, "clear_outbox": 1}
