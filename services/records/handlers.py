"""Records use cases: append every event to the right file; read files for the API."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from common.bus import Outgoing
from common.clock import Clock
from common.contracts import Event, parse_event
from common.contracts.events import (
    CaseLifecycle,
    CaseOpened,
    CaseRouted,
    ComplaintReceived,
    case_ref,
)
from common.logs import log_context
from common.outbox import OutboxRelay, apply_once
from common.store import run_sync
from services.records.adapters.documents import CaseFile, ComplaintFile
from services.records.domain import casefile

log = logging.getLogger(__name__)


class RecordsHandlers:
    def __init__(self, *, clock: Clock, relay: OutboxRelay, auto_acknowledge: bool = True):
        self._clock, self._relay, self._auto_ack = clock, relay, auto_acknowledge

    async def record(self, routing_key: str, body: dict[str, Any], message_id: str) -> None:
        """File one event: complaint-level facts on the complaint, the rest on the strand."""
        event = parse_event(routing_key, body)
        with log_context(reference=event.case_ref, message_id=message_id):
            if isinstance(event, ComplaintReceived) or event.strand is None:
                await run_sync(self._file_complaint, event, message_id)
                return
            await run_sync(self._file_case, event, message_id)
            await self._relay.flush(CaseFile, event.case_ref)

    def _file_complaint(self, event: Event, message_id: str) -> None:
        if not event.reference:
            return  # a rejection before any reference existed: intake keeps it

        def decide(doc: ComplaintFile) -> list[Outgoing]:
            if isinstance(event, ComplaintReceived):
                doc.procedure, doc.partner_id = event.procedure, event.partner_id
                doc.partner_ref = event.partner_ref
                doc.received_at = event.submission.received_at
                doc.submission = event.submission.model_dump(mode="json")
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

        apply_once(
            ComplaintFile,
            event.reference,
            message_id,
            decide,
            create=lambda: ComplaintFile(id=event.reference),
        )

    def _file_case(self, event: Event, message_id: str) -> None:
        ref = event.case_ref

        def decide(doc: CaseFile) -> list[Outgoing]:
            was_pending = doc.status == "pending"
            casefile.apply(doc, event, message_id=message_id)
            if isinstance(event, CaseRouted) and was_pending:
                opened = CaseOpened(
                    reference=event.reference,
                    strand=event.strand,
                    procedure=event.procedure,
                    stage=event.stage,
                    occurred_at=self._clock.now(),
                    status="open",
                    owner=event.owner,
                )
                return [Outgoing.event(opened, message_id=f"case.opened:{ref}")]
            if self._auto_ack and casefile.acknowledges(doc, event):
                return [self._acknowledge(doc, event)]
            return []

        apply_once(
            CaseFile,
            ref,
            message_id,
            decide,
            create=lambda: CaseFile(
                id=ref, reference=event.reference, strand=event.strand, procedure=event.procedure
            ),
        )

    def _acknowledge(self, doc: CaseFile, event: Event) -> Outgoing:
        """The platform acknowledges a strand once it has a target date to give."""
        doc.status = "acknowledged"
        target = getattr(event, "due", None)
        ack = CaseLifecycle(
            reference=doc.reference,
            strand=doc.strand,
            procedure=doc.procedure,
            stage=doc.stage,
            occurred_at=self._clock.now(),
            status="acknowledged",
            actor="platform",
            detail={"target_date": target.isoformat() if target else None, "automatic": True},
        )
        casefile.apply(doc, ack, message_id=f"case.acknowledged:{doc.id}")
        return Outgoing.event(
            ack, message_id=f"case.acknowledged:{doc.id}", routing_key="case.acknowledged"
        )

    # -- reads ---------------------------------------------------------------------------

    async def get_case(self, ref: str) -> CaseFile | None:
        def load() -> CaseFile | None:
            doc = CaseFile.objects(pk=ref).first()
            if doc is None and "/" not in ref:
                doc = CaseFile.objects(pk=case_ref(ref, 1)).first()
            return doc

        return await run_sync(load)

    async def get_complaint(self, reference: str) -> ComplaintFile | None:
        return await run_sync(lambda: ComplaintFile.objects(pk=reference).first())

    async def list_cases(
        self,
        *,
        procedure: str = "",
        stage: str = "",
        owner: str = "",
        status: str = "",
        due_before: date | None = None,
        breached_only: bool = False,
        page_size: int = 50,
        after: str = "",
    ) -> tuple[list[CaseFile], str]:
        """One page of cases in reference order; the token is the last reference seen."""
        query: dict[str, Any] = {}
        for field, value in (
            ("procedure", procedure),
            ("stage", stage),
            ("owner", owner),
            ("status", status),
        ):
            if value:
                query[field] = value
        if due_before:
            query["next_due__lt"] = due_before
        if breached_only:
            query["breached"] = True
        if after:
            query["id__gt"] = after
        size = max(1, min(page_size or 50, 500))

        def load() -> list[CaseFile]:
            return list(CaseFile.objects(**query).exclude("history").order_by("id").limit(size + 1))

        docs = await run_sync(load)
        token = docs[size - 1].id if len(docs) > size else ""
        return docs[:size], token
