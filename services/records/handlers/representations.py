"""Records use cases for representations and compliments (seed 004; the rules in
`domain.representations`): answered with the action to be taken, moved to a stage 1
complaint when the answer does not satisfy (routed again as a complaint received that
day: a real case with its own clocks), compliments passed to the staff and their manager.
Each is applied once per request id, on the complaint file, with the access recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common.auth import Caller
from common.bus import Outgoing
from common.clock import Clock, today
from common.contracts.events import ComplaintReceived, Event
from common.contracts.submission import Submission
from common.outbox import OutboxRelay, apply_once
from common.storage import Store, run_sync
from services.records.adapters.audit import ALLOWED, INVALID, REFUSED, AuditLog
from services.records.adapters.documents import ComplaintFile
from services.records.domain import representations as rules
from services.records.domain.errors import InvalidField, Refusal
from services.records.handlers.casework import CaseWork, NoSuchCase


class Representations:
    def __init__(self, *, store: Store, clock: Clock, relay: OutboxRelay, audit: AuditLog):
        self._store, self._clock, self._relay, self._audit = store, clock, relay, audit

    @classmethod
    def beside(cls, casework: CaseWork) -> Representations:
        """On the same store, clock, relay and access log as the casework."""
        return cls(
            store=casework._store,  # noqa: SLF001 - the same service's parts
            clock=casework._clock,  # noqa: SLF001
            relay=casework._relay,  # noqa: SLF001
            audit=casework._audit,  # noqa: SLF001
        )

    async def answer(
        self, caller: Caller, reference: str, request_id: str, *, summary: str, action: str
    ) -> tuple[ComplaintFile, bool]:
        def change(doc: ComplaintFile) -> list[Outgoing]:
            now = self._clock.now()
            item = rules.answer(doc, summary=summary, action=action, by=caller.sub,
                                on=today(self._clock), at=now)  # fmt: skip
            return _told(doc, rules.answered_event(doc, item, now))

        return await self._run(caller, reference, request_id, "answer-representation", change)

    async def convert(
        self, caller: Caller, reference: str, request_id: str, *, reason: str
    ) -> tuple[ComplaintFile, bool]:
        def change(doc: ComplaintFile) -> list[Outgoing]:
            now = self._clock.now()
            submission = rules.convert(doc, reason=reason, by=caller.sub, at=now)
            event = ComplaintReceived(
                reference=doc.id,
                procedure=doc.procedure or "children",
                occurred_at=now,
                partner_id=doc.partner_id or "",
                partner_ref=doc.partner_ref or "",
                submission=Submission.model_validate(submission),
            )
            message_id = f"complaint.received:{doc.id}:converted"
            doc.processed = [*doc.processed, message_id]  # its echo changes nothing here
            return [Outgoing.event(event, message_id=message_id)]

        return await self._run(caller, reference, request_id, "convert-representation", change)

    async def pass_on(
        self,
        caller: Caller,
        reference: str,
        request_id: str,
        *,
        staff: tuple[str, ...],
        manager: str,
        note: str,
    ) -> tuple[ComplaintFile, bool]:
        def change(doc: ComplaintFile) -> list[Outgoing]:
            now = self._clock.now()
            item = rules.pass_on(doc, staff=staff, manager=manager, note=note, by=caller.sub,
                                 on=today(self._clock), at=now)  # fmt: skip
            return _told(doc, rules.passed_on_event(doc, item, now))

        return await self._run(caller, reference, request_id, "pass-on-compliment", change)

    async def _run(
        self,
        caller: Caller,
        reference: str,
        request_id: str,
        action: str,
        change: Callable[[ComplaintFile], list[Outgoing]],
    ) -> tuple[ComplaintFile, bool]:
        found: Any = await run_sync(self._store.get, ComplaintFile, reference)
        if found is None:
            raise NoSuchCase(f"no complaint {reference!r}")
        key = f"cmd:{request_id}" if request_id else None
        try:
            applied = await run_sync(apply_once, self._store, ComplaintFile, reference, key, change)
        except Refusal as exc:
            await self._audit.record(caller, [reference], action, REFUSED, str(exc))
            raise
        except InvalidField as exc:
            await self._audit.record(caller, [reference], action, INVALID, str(exc))
            raise
        detail = "repeat of an applied request" if applied.duplicate else action
        await self._audit.record(caller, [reference], action, ALLOWED, detail)
        await self._relay.publish(ComplaintFile, reference, applied)
        return applied.doc, applied.duplicate


def _told(doc: ComplaintFile, event: Event) -> list[Outgoing]:
    """``event`` for notifications to write the letter; its echo changes nothing here."""
    message_id = f"{event.routing_key}:{event.key}"  # type: ignore[attr-defined]
    doc.processed = [*doc.processed, message_id]
    return [Outgoing.event(event, message_id=message_id)]
