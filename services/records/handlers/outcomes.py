"""Records use cases for the outcomes record: outcome sought and points, findings,
remedies, commitments and learning (commands), the commitments sweep that reminds owners,
and the reads and reports over them.

A command: check the caller, apply it once per request id, write the record, its index
fields and an entry in the file's history (the audit trail) in one commit, and record the
access (allowed, denied, refused or invalid) in the access log."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from common.access.policy import CaseFacts, can_act
from common.auth import Caller
from common.bus import Outgoing
from common.clock import Clock, today
from common.contracts.events import CaseLifecycle, Event, RemedyAmended, RemedyCancelled
from common.logs import log_context
from common.outbox import Applied, OutboxRelay, apply_once
from common.storage import Store, run_sync
from services.records.adapters import outcomes_codec
from services.records.adapters.audit import ALLOWED, DENIED, INVALID, REFUSED, AuditLog
from services.records.adapters.documents import CaseFile
from services.records.domain import commitments, learning, substance
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.outcome_commands import Acting, OutcomeCommand
from services.records.domain.outcomes import CaseOutcomes, of_case
from services.records.handlers.casework import NotAllowed, load_case, missing_case
from services.records.queries import FIRST_DAY

log = logging.getLogger(__name__)
PLATFORM = "platform"
REMINDER = "commitment-reminder"
MANY = 1_000_000  # the upper bound of a count range


@dataclass
class OutcomeResult:
    case: CaseFile
    record: CaseOutcomes
    duplicate: bool


def save(doc: CaseFile, record: CaseOutcomes, days_before: int) -> None:
    """The record and the fields the sweep and the reports query on."""
    doc.outcomes = outcomes_codec.encode(record)
    doc.commitment_check_on = commitments.next_check(record, days_before)
    doc.commitments_open = len(commitments.tracked(record))
    doc.learning_count = len(record.learning)


def note(doc: CaseFile, *, at: Any, what: str, summary: str, actor: str, role: str,
         message_id: str, detail: dict[str, Any]) -> None:  # fmt: skip
    doc.history = [
        *doc.history,
        {"at": at, "type": f"outcome.{what}", "summary": summary, "actor": actor,
         "role": role, "message_id": message_id, "data": detail},
    ]  # fmt: skip


def sweep_query(day: date) -> dict[str, Any]:
    """Files with a reminder to send by ``day``."""
    # A closed range: SQLite then finds the rows by the index, not by walking the keys.
    return {"commitment_check_on__gte": FIRST_DAY, "commitment_check_on__lte": day}


def commitments_query(procedure: str) -> dict[str, Any]:
    """Files with an outstanding commitment."""
    return {"commitments_open__gte": 1, "commitments_open__lte": MANY} | (
        {"procedure": procedure} if procedure else {}
    )


def learning_query(procedure: str) -> dict[str, Any]:
    """Files with a learning record."""
    return {"learning_count__gte": 1, "learning_count__lte": MANY} | (
        {"procedure": procedure} if procedure else {}
    )


def _announce(doc: CaseFile, what: str, detail: dict[str, Any], actor: str, key: str,
              clock: Clock) -> list[Outgoing]:  # fmt: skip
    """The event of a command the other services hear of (none for most)."""
    base: dict[str, Any] = {
        "reference": doc.reference, "strand": doc.strand, "procedure": doc.procedure,
        "stage": doc.stage, "occurred_at": clock.now(), "actor": actor, **detail,
    }  # fmt: skip
    event: Event
    if what == "remedy-amended":
        event = RemedyAmended(**base)
    elif what == "remedy-cancelled":
        event = RemedyCancelled(**base)
    else:
        return []
    message_id = f"case.{what}:{key}"
    doc.processed = [*doc.processed, message_id]  # our own echo is a no-op
    return [Outgoing.event(event, message_id=message_id)]


class OutcomeWork:
    """The use cases behind OutcomeService."""

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        relay: OutboxRelay,
        audit: AuditLog,
        limits: dict[str, Decimal],
        remind_days_before: int = 3,
    ):
        self._store, self._clock, self._relay, self._audit = store, clock, relay, audit
        self._limits, self._days = dict(limits), remind_days_before

    async def read(self, ref: str) -> tuple[CaseFile, CaseOutcomes] | None:
        doc = await load_case(self._store, ref)
        return None if doc is None else (doc, of_case(doc))

    async def run(
        self, caller: Caller, ref: str, command: OutcomeCommand, request_id: str
    ) -> OutcomeResult:
        """Apply ``command`` to case ``ref`` for ``caller``, once per ``request_id``."""
        action = command.action
        doc = await load_case(self._store, ref)
        if doc is None:
            raise missing_case(ref, can_act(caller, action, CaseFacts()))
        ref = doc.id
        with log_context(reference=ref):
            allowed, why = can_act(caller, action, CaseFacts.of(doc))
            if not allowed:
                await self._audit.record(caller, [ref], action, DENIED, why)
                raise NotAllowed(why)
            key = f"cmd:{request_id or uuid.uuid4().hex}"
            done: list[str] = []
            try:
                applied = await run_sync(self._apply, caller, ref, command, key, done)
            except Refusal as exc:
                await self._audit.record(caller, [ref], action, REFUSED, str(exc))
                raise
            except InvalidField as exc:
                await self._audit.record(caller, [ref], action, INVALID, str(exc))
                raise
            detail = "repeat of an applied request" if applied.duplicate else ", ".join(done)
            await self._audit.record(caller, [ref], action, ALLOWED, detail)
            await self._relay.publish(CaseFile, ref, applied)
            return OutcomeResult(applied.doc, of_case(applied.doc), applied.duplicate)

    def _apply(
        self, caller: Caller, ref: str, command: OutcomeCommand, key: str, done: list[str]
    ) -> Applied[CaseFile]:
        def decide(doc: CaseFile) -> list[Outgoing]:
            if doc.status == "pending" or not doc.procedure:
                raise Refusal(f"case {doc.id} has not been routed yet: nothing can be done")
            record = of_case(doc)
            by = Acting(
                actor=caller.sub, role=str(caller.role), today=today(self._clock),
                stage=doc.stage or "", status=doc.status, limits=self._limits,
            )  # fmt: skip
            result = substance.decide(record, command, by)
            save(doc, record, self._days)
            note(doc, at=self._clock.now(), what=result.what, summary=result.summary,
                 actor=caller.sub, role=str(caller.role), message_id=key,
                 detail=result.detail)  # fmt: skip
            done.append(f"outcome.{result.what}")
            return _announce(doc, result.what, result.detail, caller.sub, key, self._clock)

        return apply_once(self._store, CaseFile, ref, key, decide)

    # -- the commitments sweep -----------------------------------------------------------

    async def sweep(self) -> int:
        """Remind the owners of commitments falling due (``remind_days_before`` days
        ahead) and due or overdue, each reminder once: in the file's history and as a
        ``case.commitment-reminder`` event. The state is in the store, so a restart loses
        nothing and a reminder missed while down goes late, never not at all."""
        day = today(self._clock)

        def due() -> list[str]:
            found = self._store.find(CaseFile, sweep_query(day), only=["id"], limit=200)
            return [d.id for d in found]

        sent = 0
        for ref in await run_sync(due):
            with log_context(reference=ref):
                applied = await run_sync(self._remind, ref, day)
                sent += len(applied.emitted)
                await self._relay.publish(CaseFile, ref, applied)
        return sent

    def _remind(self, ref: str, day: date) -> Applied[CaseFile]:
        def decide(doc: CaseFile) -> list[Outgoing]:
            record = of_case(doc)
            out: list[Outgoing] = []
            for item in commitments.reminders_due(record, day, self._days):
                remedy = item.remedy
                commitments.mark_sent(item, day)
                message_id = f"case.{REMINDER}:{doc.id}:{remedy.id}:{item.kind}"
                event = CaseLifecycle(
                    reference=doc.reference, strand=doc.strand, procedure=doc.procedure,
                    stage=doc.stage, occurred_at=self._clock.now(), status=REMINDER,
                    actor=PLATFORM,
                    detail={"remedy": remedy.id, "owner": remedy.owner, "kind": item.kind,
                            "due": remedy.due.isoformat() if remedy.due else None,
                            "type": str(remedy.type), "description": remedy.description},
                )  # fmt: skip
                note(doc, at=event.occurred_at, what=REMINDER, summary=item.words(day),
                     actor=PLATFORM, role=PLATFORM, message_id=message_id,
                     detail=event.detail)  # fmt: skip
                doc.processed = [*doc.processed, message_id]  # our own echo is a no-op
                out.append(Outgoing.event(event, message_id=message_id))
            save(doc, record, self._days)
            return out

        return apply_once(self._store, CaseFile, ref, None, decide)

    # -- reports -------------------------------------------------------------------------

    async def commitment_rows(self, procedure: str) -> list[tuple[CaseFile, Any]]:
        """Every outstanding commitment across cases, with its case."""
        where = commitments_query(procedure)

        def load() -> list[tuple[CaseFile, Any]]:
            return [
                (doc, r)
                for doc in self._store.find(CaseFile, where)
                for r in commitments.tracked(of_case(doc))
            ]

        return await run_sync(load)

    async def learning_rows(
        self, procedure: str, start: date | None, end: date | None
    ) -> list[learning.LearningRow]:
        """Learning records across cases, recorded between ``start`` and ``end``."""
        where = learning_query(procedure)

        def load() -> list[learning.LearningRow]:
            rows = [
                learning.LearningRow(doc.id, doc.procedure, item)
                for doc in self._store.find(CaseFile, where)
                for item in of_case(doc).learning
            ]
            return [
                r for r in rows
                if (start is None or r.item.recorded_on >= start)
                and (end is None or r.item.recorded_on <= end)
            ]  # fmt: skip

        return await run_sync(load)
