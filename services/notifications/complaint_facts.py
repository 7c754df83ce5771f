"""The letters of facts about a whole complaint that no routed strand carries (a
representation answered, a compliment passed on; `domain.complaint_letters`): planned from
the event alone on the complaint's own record, then delivered as every letter is."""

from __future__ import annotations

import logging

from common.bus import Outgoing
from common.contracts.events import ComplimentPassedOn, RepresentationAnswered
from common.logs import log_context
from common.outbox import Applied, apply_once
from common.storage import run_sync
from services.notifications.adapters import codec
from services.notifications.adapters.documents import NotificationCase
from services.notifications.domain import complaint_letters, delivery
from services.notifications.domain.delivery import Fallback, LetterRecord
from services.notifications.events import undeliverable_event
from services.notifications.sending import Sending
from services.notifications.tasks import raise_tasks

log = logging.getLogger("services.notifications.handlers")

COMPLAINT_FACTS = (RepresentationAnswered, ComplimentPassedOn)


class ComplaintFacts(Sending):
    """Part of `NotificationHandlers`."""

    async def _on_complaint_fact(
        self, event: complaint_letters.ComplaintFact, message_id: str
    ) -> None:
        """A representation answered or a compliment passed on: its letters, planned from
        the event alone on the complaint's own record (`domain.complaint_letters`)."""
        with log_context(reference=event.case_ref, message_id=message_id):
            async with self._locks(event.case_ref):
                applied, claimed = await run_sync(self._plan_fact, event, message_id)
                await self._relay.publish(NotificationCase, event.case_ref, applied)
                await self._send_all(applied.doc, claimed)

    def _plan_fact(
        self, event: complaint_letters.ComplaintFact, message_id: str
    ) -> tuple[Applied[NotificationCase], list[LetterRecord]]:
        now = self._clock.now()
        claimed: list[LetterRecord] = []
        desked: dict[str, Fallback] = {}

        def decide(doc: NotificationCase) -> list[Outgoing]:
            view = complaint_letters.view_of(event)
            doc.view = view.model_dump(mode="json")
            letters = codec.letters_of(doc)
            planned, desks = complaint_letters.plan(event, self._directory)
            known = len(letters)
            delivery.add_planned(letters, planned, now)
            for r in letters[known:]:
                if r.key in desks:
                    r.fallback = desks[r.key]
                    desked[r.key] = desks[r.key]
            tasks = raise_tasks(view, letters, known, now, self._s)
            by_key = {letter.key: letter for letter in planned}
            tasks += [undeliverable_event(doc, by_key[k], f, now) for k, f in desked.items()]
            codec.mark(doc, letters)
            if desked and doc.unaddressed_at is None:
                doc.unaddressed_at = now  # listed by `complaints ops health`
            claimed[:] = self._lease_due(doc, now)
            return tasks

        applied = apply_once(
            self._store, NotificationCase, event.case_ref, message_id, decide,
            create=lambda: NotificationCase(id=event.case_ref, reference=event.reference),
        )  # fmt: skip
        if applied.duplicate:
            return applied, []
        for fallback in desked.values():
            log.error(
                "%s to %s cannot be addressed: %s; %s", fallback.model_extra.get("what"),
                fallback.to, fallback.reason,
                f"sent to the fallback desk {fallback.desk}" if fallback.found
                else f"NOT sent, not even to the fallback desk {fallback.desk}",
            )  # fmt: skip
        return applied, claimed
