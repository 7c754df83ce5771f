"""Sending the leased letters: each once, but for the one window SMTP leaves open
(docs/operations.md, "Delivery semantics"); its outcome and its event recorded in one
write; every error ends, after bounded retries, in ``failed`` with its reason."""

from __future__ import annotations

import asyncio
import logging

from common.bus import Outgoing
from common.outbox import Applied
from common.storage import run_sync
from services.notifications.adapters import codec
from services.notifications.adapters.channel import DeliveryError
from services.notifications.adapters.documents import NotificationCase
from services.notifications.dispatch import Outcome, content
from services.notifications.domain import delivery
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import LetterRecord
from services.notifications.domain.errors import NotificationsError
from services.notifications.domain.letters import Letter
from services.notifications.events import letter_event, undeliverable_event
from services.notifications.leases import Leases
from services.notifications.queries import due_query

log = logging.getLogger("services.notifications.handlers")  # one logger for every part


class Sending(Leases):
    """Part of `NotificationHandlers`."""

    async def _deliver(self, doc: NotificationCase) -> int:
        """Send every letter of the strand in hand that is due; returns how many went."""
        async with self._locks(doc.id):
            doc, claimed = await run_sync(self._claim, doc)
            return await self._send_all(doc, claimed)

    async def _send_all(self, doc: NotificationCase, claimed: list[LetterRecord]) -> int:
        sent = 0
        for record in claimed:
            doc, ok = await self._send_one(doc, record)
            sent += ok
        return sent

    async def _send_one(
        self, doc: NotificationCase, record: LetterRecord
    ) -> tuple[NotificationCase, int]:
        """Send one leased letter, record its outcome and publish its event; returns the
        strand as now stored and 1 if the letter went."""
        letter = record.letter
        if record.resumed:
            log.warning(
                "letter %s to %s: its last sender stopped before recording an outcome; "
                "sending it again with the same Message-ID (a copy if the mail server had "
                "taken it)",
                letter.template,
                letter.recipient_kind,
            )
        doc, held = await self._hold(doc, record)
        if not held:
            return doc, 0
        # Sending and recording the outcome run to the end even if this task is cancelled
        # (the broker connection dropped under the consumer): a letter the mail server
        # took is always recorded, so it is never sent again unless the process dies.
        applied, error = await asyncio.shield(self._send_and_settle(doc, record, letter))
        await self._relay.publish(NotificationCase, applied.doc.id, applied)
        if error:
            outcome = next(r for r in codec.letters_of(applied.doc) if r.key == letter.key)
            if outcome.status == delivery.FAILED:
                log.error(
                    "letter %s to %s failed after %d attempt(s): %s",
                    letter.template,
                    letter.recipient_kind,
                    outcome.attempts,
                    error,
                )
            elif outcome.status == delivery.PENDING:
                log.warning(
                    "letter %s to %s failed (%s); retrying",
                    letter.template,
                    letter.recipient_kind,
                    error,
                )
        return applied.doc, 0 if error else 1

    async def _send_and_settle(
        self, doc: NotificationCase, record: LetterRecord, letter: Letter
    ) -> tuple[Applied[NotificationCase], str]:
        outcome, error, permanent = Outcome(), "", False
        try:
            view = CaseView.model_validate(doc.view)
            rendered = content(record, codec.letters_of(doc))
            outcome = await self._dispatch.send(view, record, rendered, self._channel)
        except NotificationsError as exc:
            error, permanent = str(exc), True
        except DeliveryError as exc:
            error, permanent = str(exc), exc.permanent
        except Exception as exc:  # noqa: BLE001 - any failure ends the letter, never sticks it
            # Not one the channel foresaw (a bug, a library's surprise): retried like a
            # transient failure, within max_attempts, then failed with this reason.
            error = f"unexpected {type(exc).__name__}: {exc}"
            log.warning("letter %s to %s: %s", letter.template, letter.recipient_kind, error,
                        exc_info=True)  # fmt: skip
        applied = await run_sync(self._settle, doc, letter, outcome, error, permanent)
        return applied, error

    def _settle(
        self,
        held: NotificationCase,
        letter: Letter,
        outcome: Outcome,
        error: str,
        permanent: bool,
    ) -> Applied[NotificationCase]:
        """Record the outcome and its event in one write (exactly one event per letter),
        on the strand as ``held`` after the lease."""
        now = self._clock.now()

        def decide(doc: NotificationCase) -> list[Outgoing]:
            letters = codec.letters_of(doc)
            record = next(r for r in letters if r.key == letter.key)
            if record.status != delivery.PENDING:
                return []
            record.leased_until = None
            record.attempts += 1
            record.address = outcome.address
            record.channel = outcome.channel or self._channel.name
            out: list[Outgoing] = []
            if not error:
                record.status, record.sha256 = delivery.SENT, outcome.sha256
                record.provider_id, record.sent_at, record.last_error = (
                    outcome.provider_id, now, None,
                )  # fmt: skip
                record.route, record.provided = outcome.route, outcome.provided or None
                if outcome.pdf is not None:
                    record.pdf_pages, record.pdf_bytes = outcome.pdf.pages, len(outcome.pdf.data)
                if outcome.fallback is not None:
                    record.fallback = outcome.fallback
                    if doc.unaddressed_at is None:  # listed by `complaints ops health`
                        doc.unaddressed_at = now
                    out.append(undeliverable_event(doc, letter, outcome.fallback, now))
                out.append(letter_event(doc, letter, record, now, sent=True))
            elif permanent or record.attempts >= self._s.max_attempts:
                record.status, record.last_error, record.failed_at = delivery.FAILED, error, now
                out.append(letter_event(doc, letter, record, now, sent=False))
            else:
                record.last_error = error
                record.next_attempt_at = now + delivery.backoff(
                    record.attempts, self._s.retry_base_s, self._s.retry_max_s
                )
            codec.mark(doc, letters)
            return out

        return self._commit_on(held, decide)

    async def sweep(self) -> int:
        """Deliver whatever is due anywhere (retries after backoff, expired leases): one
        indexed query, and nothing more when nothing is due."""
        docs = await run_sync(due_query(self._clock.now()).run, self._store)
        sent = 0
        for doc in docs:
            sent += await self._deliver(doc)
        return sent
