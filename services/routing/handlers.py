"""Routing use case: decide a received complaint once and announce the decision."""

from __future__ import annotations

import logging
from typing import Any

from common.access import facts as access
from common.access.policy import CaseFacts
from common.bus import Outgoing
from common.clock import Clock, today
from common.contracts.events import CaseRouted, ComplaintReceived, ComplaintRejected
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
            doc.access = [access.encode(received_facts(received))]
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
            messages = decision_messages(received, decision, now)
            routed = [
                CaseRouted.model_validate(m.body)
                for m in messages
                if m.routing_key == CaseRouted.routing_key
            ]
            if routed:
                doc.access = [access.encode(access.of_routed(e)) for e in routed]
            return messages

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

    async def case_facts(self, ref: str) -> list[CaseFacts]:
        """What the gate decides on: every strand's facts for a complaint reference, the
        one strand's for a case ref (``REF/2``); none for a complaint never received."""
        reference, _, strand = ref.partition("/")
        record = await self.explain(reference)
        if record is None:
            return []
        every = [access.decode(d) for d in record.access or [None]]
        if strand.isdigit() and 0 < int(strand) <= len(every):
            return [every[int(strand) - 1]]
        return every


def received_facts(received: ComplaintReceived) -> CaseFacts:
    """A complaint's facts before (or without) a routing decision: its partner, and the
    flags the partner set."""
    sub = received.submission
    return CaseFacts(
        procedure=received.procedure,
        confidential=sub.confidential,
        partner_id=received.partner_id or None,
        by_child=bool(sub.complainant.is_child),
    )
