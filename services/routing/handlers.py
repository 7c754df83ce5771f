"""Routing use case: decide a received complaint once and announce the decision."""

from __future__ import annotations

import logging
from typing import Any

from common.bus import Outgoing
from common.clock import Clock, today
from common.contracts.events import ComplaintReceived, ComplaintRejected
from common.logs import log_context
from common.outbox import Applied, OutboxRelay, apply_once
from common.storage import Store, run_sync
from services.routing.adapters.documents import RoutingRecord
from services.routing.domain.context import CalendarFor
from services.routing.domain.decision import RoutingRejected, decide
from services.routing.domain.events import decision_messages

log = logging.getLogger(__name__)


class RoutingHandlers:
    def __init__(
        self, *, store: Store, clock: Clock, relay: OutboxRelay, calendar_for: CalendarFor
    ):
        self._store, self._clock, self._relay = store, clock, relay
        self._calendar_for = calendar_for

    async def on_received(self, body: dict[str, Any], message_id: str) -> None:
        received = ComplaintReceived.model_validate(body)
        with log_context(reference=received.reference, message_id=message_id):
            applied = await run_sync(self._route, received, message_id)
            await self._relay.publish(RoutingRecord, received.reference, applied)

    def _route(self, received: ComplaintReceived, message_id: str) -> Applied[RoutingRecord]:
        now = self._clock.now()

        def decide_once(doc: RoutingRecord) -> list[Outgoing]:
            doc.procedure, doc.decided_at = received.procedure, now
            try:
                decision = decide(
                    received.submission, today=today(self._clock), calendar_for=self._calendar_for
                )
            except RoutingRejected as exc:
                return self._rejected(doc, received, exc, now)
            doc.decision = decision.model_dump(mode="json")
            doc.status = (
                "representation"
                if decision.representation
                else "excluded"
                if decision.exclusion
                else "routed"
            )
            return decision_messages(received, decision, now)

        return apply_once(
            self._store,
            RoutingRecord,
            received.reference,
            message_id,
            decide_once,
            create=lambda: RoutingRecord(id=received.reference),
        )

    @staticmethod
    def _rejected(
        doc: RoutingRecord, received: ComplaintReceived, exc: RoutingRejected, now: Any
    ) -> list[Outgoing]:
        """Out of scope for its procedure: refused with reasons, kept, partner told."""
        doc.status = "rejected"
        doc.errors = [e.model_dump() for e in exc.errors]
        event = ComplaintRejected(
            reference=received.reference,
            procedure=received.procedure,
            occurred_at=now,
            partner_id=received.partner_id,
            partner_ref=received.partner_ref,
            reasons=exc.errors,
        )
        reply = Outgoing.partner_reply(
            received.partner_id,
            "rejected",
            message_id=f"reply:routing-rejected:{received.reference}",
            partner_ref=received.partner_ref,
            reference=received.reference,
            errors=doc.errors,
        )
        return [Outgoing.event(event, message_id=f"complaint.rejected:{received.reference}"), reply]

    async def explain(self, reference: str) -> RoutingRecord | None:
        return await run_sync(self._store.get, RoutingRecord, reference)
