"""Records use cases for events: file every event on the right file, and let the
lifecycle react where the platform acts by itself (opening, automatic acknowledgement,
automatic progress). Commands from people are in `casework`; reads in `queries`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from common.bus import Outgoing
from common.clock import Clock
from common.contracts import Event, parse_event
from common.contracts.events import (
    CaseAutoProgressed,
    CaseExcluded,
    CaseLifecycle,
    CaseOpened,
    CaseRouted,
    ComplaintReceived,
    RepresentationRecorded,
)
from common.logs import log_context
from common.outbox import AggregateLocks, Applied, OutboxRelay, apply_once
from common.storage import Store, run_sync
from common.workdays import Calendar
from services.records.adapters.documents import CaseFile, ComplaintFile
from services.records.domain import casefile
from services.records.domain.casework import execute
from services.records.domain.commands import Acknowledge, AutoProgress
from services.records.domain.errors import InvalidField, Refusal
from services.records.handlers.emit import context, outgoing
from services.records.handlers.reach import access_restricted, carry_onto, on_routed

log = logging.getLogger(__name__)
PLATFORM = "platform"


class RecordsHandlers:
    """Files the events of the ``records.events`` queue.

    A filed event costs the store one ``get`` and one ``commit`` (state, message id and
    outbox together), plus one ``clear_outbox`` once what it emitted is published."""

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        relay: OutboxRelay,
        calendar_for: Callable[[str], Calendar],
        auto_acknowledge: bool = True,
    ):
        self._store, self._clock, self._relay = store, clock, relay
        self._auto_ack = auto_acknowledge
        self._calendar_for = calendar_for
        # One file's events are filed one after the other in this process.
        self._locks = AggregateLocks()

    async def record(self, routing_key: str, body: dict[str, Any], message_id: str) -> None:
        """File one event: complaint-level facts on the complaint, the rest on the strand."""
        event = parse_event(routing_key, body)
        with log_context(reference=event.case_ref, message_id=message_id):
            if isinstance(event, ComplaintReceived) or event.strand is None:
                if not event.reference:
                    return  # a rejection before any reference existed: intake keeps it
                async with self._locks(event.reference):
                    applied = await run_sync(self._file_complaint, event, message_id)
                    await self._relay.publish(ComplaintFile, event.reference, applied)
                return
            async with self._locks(event.case_ref):
                applied = await run_sync(self._file_case, event, message_id)
                await self._relay.publish(CaseFile, event.case_ref, applied)

    def _file_complaint(self, event: Event, message_id: str) -> Applied[ComplaintFile]:

        def decide(doc: ComplaintFile) -> list[Outgoing]:
            if isinstance(event, ComplaintReceived):
                doc.procedure, doc.partner_id = event.procedure, event.partner_id
                doc.partner_ref = event.partner_ref
                doc.received_at = event.submission.received_at
                doc.submission = event.submission.model_dump(mode="json")
            elif isinstance(event, RepresentationRecorded):
                doc.representation_type = event.type
                doc.procedure = doc.procedure or event.procedure
            elif isinstance(event, CaseExcluded):
                doc.excluded = event.rule
            doc.history = [
                *doc.history,
                {
                    "at": event.occurred_at,
                    "type": event.routing_key,
                    "summary": casefile.summary(event),
                    "message_id": message_id,
                },
            ]
            return []

        return apply_once(
            self._store,
            ComplaintFile,
            event.reference,
            message_id,
            decide,
            create=lambda: ComplaintFile(id=event.reference),
        )

    def _file_case(self, event: Event, message_id: str) -> Applied[CaseFile]:
        ref = event.case_ref

        def decide(doc: CaseFile) -> list[Outgoing]:
            if isinstance(event, CaseAutoProgressed) and doc.status != "pending":
                return self._auto_progress(doc, event, message_id)
            was_pending = doc.status == "pending"
            casefile.apply(doc, event, message_id=message_id, calendar_for=self._calendar_for)
            if isinstance(event, CaseLifecycle):
                log.info("lifecycle event %s from elsewhere filed, not obeyed", event.routing_key)
            if isinstance(event, CaseRouted):
                on_routed(doc, event)
            opens = isinstance(event, CaseRouted) and was_pending and not event.excluded
            emit = self._opened(doc, event) if opens else []
            if opens:  # the person's restrictions on their other complaints (issue 18)
                emit += carry_onto(self._store, doc, self._ctx(doc))
            target = casefile.acknowledgement_target(doc, event) if self._auto_ack else None
            if target and access_restricted(doc):
                target = None  # not taken through the procedure: signposted instead
            return emit + (self._acknowledge(doc, target) if target else [])

        return apply_once(
            self._store,
            CaseFile,
            ref,
            message_id,
            decide,
            create=lambda: CaseFile(
                id=ref, reference=event.reference, strand=event.strand, procedure=event.procedure
            ),
        )

    def _opened(self, doc: CaseFile, event: CaseRouted) -> list[Outgoing]:
        opened = CaseOpened(
            reference=event.reference,
            strand=event.strand,
            procedure=event.procedure,
            stage=event.stage,
            occurred_at=self._clock.now(),
            status="open",
            owner=event.owner,
        )
        message_id = f"case.opened:{doc.id}"
        doc.processed = [*doc.processed, message_id]
        casefile.apply(doc, opened, message_id=message_id)  # filed now, not when it echoes
        return [Outgoing.event(opened, message_id=message_id)]

    def _ctx(self, doc: CaseFile):  # type: ignore[no-untyped-def]
        return context(
            doc, actor=PLATFORM, role=PLATFORM, clock=self._clock, calendar_for=self._calendar_for
        )

    def _acknowledge(self, doc: CaseFile, target: date) -> list[Outgoing]:
        """The platform acknowledges a strand once it has a target date to give."""
        command = Acknowledge(target_date=target, automatic=True)
        try:
            return outgoing(doc, execute(doc, command, self._ctx(doc)))
        except (Refusal, InvalidField) as exc:  # e.g. acknowledged by hand meanwhile
            log.info("automatic acknowledgement of %s not applied: %s", doc.id, exc)
            return []

    def _auto_progress(
        self, doc: CaseFile, event: CaseAutoProgressed, message_id: str
    ) -> list[Outgoing]:
        """Deadlines moved the stage on (children's stage 1 past 20 wd): the file follows,
        unless the case has moved on already (then the fact is only filed)."""
        command = AutoProgress(to_stage=event.to_stage, reason=event.reason)
        try:
            emit = outgoing(doc, execute(doc, command, self._ctx(doc)))
            # The new stage's dates may have been filed before its record existed.
            casefile.show_current_targets(doc)
            return emit
        except (Refusal, InvalidField) as exc:
            casefile.apply(doc, event, message_id=message_id)
            log.info("auto-progress of %s not applied: %s", doc.id, exc)
            return []
