"""The records service's use cases wired on the in-memory store, with a publisher that
keeps what it is given: handler and use-case tests that run in milliseconds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import procedures
from common.auth import Caller, Role
from common.clock import FixedClock
from common.contracts.events import CaseRouted, ComplaintReceived, Event
from common.contracts.submission import Submission
from common.outbox import OutboxRelay
from common.storage import Store, open_store
from common.workdays import calendar_for
from services.records.adapters.audit import AuditLog
from services.records.adapters.documents import DOCUMENTS
from services.records.config import RecordsSettings
from services.records.domain.commands import (
    Acknowledge,
    AssignOfficer,
    Close,
    Command,
    Investigate,
    Outcome,
    RecordResponse,
)
from services.records.handlers.casework import CaseWork
from services.records.handlers.dataprotection import DataProtection
from services.records.handlers.events import RecordsHandlers
from services.records.handlers.reporting import Reports
from services.records.queries import Queries
from tests.support.fakes import FakePublisher

NOW = datetime(2027, 6, 30, 9, 0, tzinfo=UTC)
ROUTED_AT = datetime(2026, 11, 2, 11, 0, tzinfo=UTC)
CENTRAL = Caller(sub="alice", role=Role.CENTRAL_TEAM)


def submission(procedure: str, *, received: date, contact: str = "", name: str = "") -> Submission:
    return Submission.model_validate(
        {
            "partner_ref": f"P-{uuid.uuid4().hex[:10]}",
            "procedure": procedure,
            "nation": "england",
            "received_at": datetime.combine(received, datetime.min.time(), UTC).isoformat(),
            "channel": "letter",
            "complainant": {
                "name": name or "Jo Brown",
                "contact": contact or f"jo.{uuid.uuid4().hex[:6]}@example.org",
                "detained_person_ref": "HO-1234",
            },
            "subject": "Missed contact visits",
            "aspects": [{"kind": "service-delivery", "text": "Cancelled twice."}],
        }
    )


@dataclass
class Records:
    """The records service's parts on one in-memory store."""

    auto_acknowledge: bool = False
    # Any engine's URL; or a store already open (the query-plan tests pass a SQLite one).
    store_url: str = "memory://"
    given: Store | None = None
    store: Store = field(init=False)
    publisher: FakePublisher = field(default_factory=FakePublisher)
    clock: FixedClock = field(default_factory=lambda: FixedClock(NOW))
    numbers: int = 0

    def __post_init__(self) -> None:
        self.store = self.given or open_store(self.store_url, DOCUMENTS, service="records")
        self.relay = OutboxRelay(self.publisher, self.store, DOCUMENTS)  # type: ignore[arg-type]
        self.handlers = RecordsHandlers(
            store=self.store,
            clock=self.clock,
            relay=self.relay,
            calendar_for=calendar_for,
            auto_acknowledge=self.auto_acknowledge,
        )
        self.audit = AuditLog(store=self.store, clock=self.clock)
        self.casework = CaseWork(
            store=self.store,
            clock=self.clock,
            relay=self.relay,
            audit=self.audit,
            calendar_for=calendar_for,
        )
        self.queries = Queries(store=self.store, audit=self.audit)
        self.reports = Reports(store=self.store, calendar_for=calendar_for)
        self.dp = DataProtection(
            store=self.store,
            settings=RecordsSettings(),
            casework=self.casework,
            audit=self.audit,
            clock=self.clock,
        )

    async def deliver(self, event: Event, message_id: str) -> None:
        """As the ``records.events`` consumer hands over one delivery."""
        await self.handlers.record(event.routing_key, event.model_dump(mode="json"), message_id)

    async def receive_and_route(
        self,
        procedure: str,
        stage: str,
        *,
        received: date = date(2027, 5, 3),
        partner_id: str = "dorset",
        **kwargs: Any,
    ) -> str:
        """File complaint.received and case.routed of a new complaint; its case ref."""
        self.numbers += 1
        reference = f"{procedure[:3].upper()}-{received.year}-{self.numbers:06d}"
        sub = submission(procedure, received=received, **kwargs)
        base: dict[str, Any] = {
            "reference": reference,
            "procedure": procedure,
            "occurred_at": ROUTED_AT,
        }
        await self.deliver(
            ComplaintReceived(
                **base, partner_id=partner_id, partner_ref=sub.partner_ref, submission=sub
            ),
            f"complaint.received:{reference}",
        )
        await self.deliver(
            self.routed(reference, procedure, stage, sub, partner_id), f"case.routed:{reference}/1"
        )
        return f"{reference}/1"

    @staticmethod
    def routed(
        reference: str, procedure: str, stage: str, sub: Submission, partner_id: str = "dorset"
    ) -> CaseRouted:
        return CaseRouted(
            reference=reference,
            procedure=procedure,
            occurred_at=ROUTED_AT,
            strand=1,
            stage=stage,
            category="service-delivery",
            owner=procedures.get(procedure).stage(stage).owner,
            nation="england",
            calendar="england-and-wales",
            received_on=sub.received_at.date(),
            subject=sub.subject,
            aspects=[a.model_dump(mode="json") for a in sub.aspects],
            complainant=sub.complainant,
            confidential=sub.confidential,
            partner_id=partner_id,
        )

    async def run(self, ref: str, command: Command, caller: Caller = CENTRAL, request_id: str = ""):  # type: ignore[no-untyped-def]
        return await self.casework.run(caller, ref, command, request_id or uuid.uuid4().hex)

    def reset_counts(self) -> None:
        self.store.operations.clear()


async def worked_hmip_case(records: Records, **kwargs: Any) -> str:
    """An HMIP complaint acknowledged, investigated, upheld and closed in 2027."""
    ref = await records.receive_and_route(
        "hmip", "formal_complaint", received=date(2027, 2, 1), **kwargs
    )
    await records.run(ref, Acknowledge(on=date(2027, 2, 3)))
    await records.run(ref, AssignOfficer(officer="senior"))
    await records.run(ref, Investigate(on=date(2027, 2, 4)))
    await records.run(
        ref, RecordResponse(outcome=Outcome.UPHELD, summary="Corrected", on=date(2027, 3, 5))
    )
    await records.run(ref, Close(on=date(2027, 3, 25)))
    return ref
