"""What the service's API reads of a strand (its letters, its view), and the operator's
resend of a letter."""

from __future__ import annotations

from common.bus import Outgoing
from common.outbox import apply_once
from common.storage import run_sync
from services.notifications.adapters import codec
from services.notifications.adapters.documents import NotificationCase
from services.notifications.domain import delivery
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import LetterRecord
from services.notifications.queries import reference_query
from services.notifications.sending import Sending


class CaseReads(Sending):
    """Part of `NotificationHandlers`."""

    async def letters_of(self, reference: str) -> list[tuple[str, LetterRecord]]:
        """The letters of one strand (by case ref) or of every strand of a reference."""

        def load() -> list[NotificationCase]:
            doc = self._store.get(NotificationCase, reference)
            if doc is not None:
                return [doc]
            return reference_query(reference).run(self._store)

        return [(d.id, r) for d in await run_sync(load) for r in codec.letters_of(d)]

    async def views_of(self, reference: str) -> list[CaseView]:
        """The views of one strand (by case ref) or of every strand of a reference."""

        def load() -> list[NotificationCase]:
            doc = self._store.get(NotificationCase, reference)
            return [doc] if doc is not None else reference_query(reference).run(self._store)

        return [CaseView.model_validate(d.view) for d in await run_sync(load) if d.view]

    async def view_of(self, case_ref: str) -> CaseView | None:
        doc = await run_sync(self._store.get, NotificationCase, case_ref)
        return CaseView.model_validate(doc.view) if doc and doc.view else None

    async def resend(self, case_ref: str, key: str) -> None:
        """Put a failed (or sent) letter back in the queue: it is sent again once."""
        now = self._clock.now()
        claimed: list[LetterRecord] = []

        def decide(doc: NotificationCase) -> list[Outgoing]:
            letters = codec.letters_of(doc)
            record = next((r for r in letters if r.key == key), None)
            if record is None:
                raise LookupError(f"no letter {key!r} on {case_ref}")
            desk = record.fallback
            if desk and not desk.found and desk.desk in self._directory:
                # The missing fallback desk has since been added: the referral goes there.
                record.fallback = desk.model_copy(update={"found": True})
                record.letter = record.letter.model_copy(update={"error": None})
            elif desk and desk.intended in ("complainant", "representative"):
                # Sent to the desk for want of a way to reach the person: decided afresh.
                record.fallback = None
            record.status, record.attempts, record.next_attempt_at = delivery.PENDING, 0, now
            record.pending_since, record.leased_until, record.failed_at = now, None, None
            record.resends += 1
            codec.mark(doc, letters)
            claimed[:] = self._lease_due(doc, now)
            return []

        applied = await run_sync(apply_once, self._store, NotificationCase, case_ref, None, decide)
        await self._send_all(applied.doc, claimed)
