"""Notifications use cases: plan letters from events once; deliver each once, but for the
one window SMTP leaves open (docs/operations.md, "Delivery semantics"); no letter stays
pending: every error ends, after bounded retries, in ``failed`` with its reason.

Store traffic (the contract in `common.storage`): an event costs one ``get`` and one
``commit`` that records it, plans its letters and leases those due, all at once; each
letter sent then costs one ``commit`` of its outcome on the document in hand (a reload
only when another writer changed the strand meanwhile) and one ``clear_outbox`` once its
``notification.sent``/``failed`` is confirmed. The delivery sweep is one indexed query per
tick (`due_query`); every query the service makes is a function below, so a test can
check each one's plan.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from common.bus import Outgoing
from common.clock import Clock
from common.contracts import parse_event
from common.contracts.events import (
    CaseRouted,
    Event,
)
from common.logs import log_context
from common.outbox import AggregateLocks, Applied, OutboxRelay, apply_once
from common.storage import ConcurrencyConflict, Store, run_sync
from services.notifications.adapters import codec
from services.notifications.adapters.channel import Channel, DeliveryError
from services.notifications.adapters.documents import NotificationCase
from services.notifications.adapters.notify_letters import NotifyLetters
from services.notifications.complaint_facts import COMPLAINT_FACTS, ComplaintFacts
from services.notifications.config import NotificationsSettings
from services.notifications.dispatch import Dispatcher, Outcome, content
from services.notifications.domain import delivery
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import Fallback, LetterRecord
from services.notifications.domain.desks import (
    advance_urgent,
    redirect,
    to_desks,
    unaddressed_alert,
)
from services.notifications.domain.directory import Directory
from services.notifications.domain.errors import NotificationsError
from services.notifications.domain.letters import Letter
from services.notifications.events import letter_event, undeliverable_event
from services.notifications.printing import PrintQueue
from services.notifications.queries import Query, due_query, reference_query
from services.notifications.task_records import TaskRecords
from services.notifications.tasks import raise_tasks

log = logging.getLogger(__name__)

__all__ = ["NotificationHandlers", "Query", "due_query", "reference_query"]

Decide = Callable[[NotificationCase], list[Outgoing]]


class NotificationHandlers(ComplaintFacts, TaskRecords):
    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        relay: OutboxRelay,
        channel: Channel,
        directory: Directory,
        settings: NotificationsSettings,
        post: NotifyLetters | None = None,
    ):
        self._store, self._clock, self._relay, self._channel = store, clock, relay, channel
        self._directory, self._s = directory, settings
        # Paper letters: the establishments' print queue, and Notify's letters if set up.
        self.print_queue = PrintQueue(store=store, clock=clock, relay=relay)
        self._dispatch = Dispatcher(
            directory=directory, clock=clock, printer=self.print_queue,
            post=post,
        )  # fmt: skip
        # A letter's send must end inside its lease, or another sender could take it
        # while the mail server is still answering this one (a copy).
        budget = getattr(channel, "send_within_s", None)
        if budget is not None and budget >= settings.lease_s:
            raise ValueError(
                f"NOTIFICATIONS_LEASE_S ({settings.lease_s:g} s) must be longer than one "
                f"letter's send budget ({budget:g} s, the {channel.name} channel's)"
            )
        # One case's events and deliveries run one after the other in this process.
        self._locks = AggregateLocks()

    # -- planning ------------------------------------------------------------------------

    async def on_event(self, routing_key: str, body: dict[str, Any], message_id: str) -> None:
        event = parse_event(routing_key, body)
        if isinstance(event, COMPLAINT_FACTS):
            await self._on_complaint_fact(event, message_id)
            return
        if event.strand is None:
            return
        with log_context(reference=event.case_ref, message_id=message_id):
            async with self._locks(event.case_ref):
                applied, claimed = await run_sync(self._plan, event, body, message_id)
                await self._relay.publish(NotificationCase, event.case_ref, applied)
                await self._send_all(applied.doc, claimed)

    def _plan(
        self, event: Event, body: dict[str, Any], message_id: str
    ) -> tuple[Applied[NotificationCase], list[LetterRecord]]:
        """Record the event and plan its letters, leasing those due now, in one commit."""
        now = self._clock.now()
        claimed: list[LetterRecord] = []
        failed: list[tuple[Letter, LetterRecord]] = []
        desked: list[dict[str, Any]] = []

        def decide(doc: NotificationCase) -> list[Outgoing]:
            unsendable: list[tuple[Letter, LetterRecord]] = []
            alerts: list[Outgoing] = []
            tasks: list[Outgoing] = []
            if not doc.view and not isinstance(event, CaseRouted):
                # Arrived before case.routed (redelivery can reorder): keep it for then.
                doc.early = [
                    *doc.early,
                    {"key": event.routing_key, "body": body, "message_id": message_id},
                ]
            else:
                pending = [(event, message_id)]
                if isinstance(event, CaseRouted):
                    pending += [
                        (parse_event(e["key"], e["body"]), e["message_id"]) for e in doc.early
                    ]
                    doc.early = []
                view = CaseView.model_validate(doc.view) if doc.view else None
                letters = codec.letters_of(doc)
                for ev, mid in pending:
                    view, planned = advance_urgent(view, ev, mid)
                    planned, desks = to_desks(planned, view, ev, self._directory)
                    known = len(letters)
                    redirected = redirect(letters, planned, desks, now)
                    delivery.add_planned(letters, planned, now)
                    by_key = {letter.key: letter for letter in planned}
                    for r in [*redirected, *letters[known:]]:
                        if r.key in desks:
                            r.fallback = Fallback.model_validate(desks[r.key].as_record())
                            alerts.append(unaddressed_alert(view, ev, by_key[r.key], r, now))
                    unsendable += [
                        (by_key[r.key], r) for r in letters[known:] if r.status == delivery.FAILED
                    ]
                    tasks += raise_tasks(view, letters, known, now, self._s)  # type: ignore[arg-type]
                doc.view = view.model_dump(mode="json")  # type: ignore[union-attr]
                codec.mark(doc, letters)
                if alerts and doc.unaddressed_at is None:
                    doc.unaddressed_at = now
            claimed[:] = self._lease_due(doc, now)
            # A letter that could not even be planned (no address, a name the templates
            # cannot take) fails loudly: an event for the case file and the operators.
            failed[:] = unsendable
            desked[:] = [a.body for a in alerts]
            return [
                *alerts,
                *tasks,
                *(letter_event(doc, letter, r, now, sent=False) for letter, r in unsendable),
            ]

        applied = apply_once(
            self._store,
            NotificationCase,
            event.case_ref,
            message_id,
            decide,
            create=lambda: NotificationCase(id=event.case_ref, reference=event.reference),
        )
        if not applied.duplicate:
            for alert in desked:
                log.log(
                    logging.WARNING if alert["outcome"] == "to-desk" else logging.ERROR,
                    "referral to %s (%s) cannot be addressed: %s; %s",
                    alert["recipient"],
                    alert["urgency"],
                    alert["reason"],
                    f"sent to the fallback desk {alert['fallback']}"
                    if alert["outcome"] == "to-desk"
                    else f"NOT sent, not even to the fallback desk {alert['fallback']}",
                )
            for letter, r in failed:
                log.error(
                    "letter %s to %s cannot be sent: %s",
                    letter.template, letter.recipient_kind, r.last_error,
                )  # fmt: skip
        # A duplicate changed nothing (an earlier attempt of ``decide`` lost a conflict).
        return applied, [] if applied.duplicate else claimed

    # -- delivery ------------------------------------------------------------------------

    def _lease_due(self, doc: NotificationCase, now: datetime) -> list[LetterRecord]:
        """Lease ``doc``'s due letters (in the document: committed, one sender wins each)
        and return copies of them to send."""
        letters = codec.letters_of(doc)
        until = now + timedelta(seconds=self._s.lease_s)
        claimed = []
        for record in delivery.due(letters, now):
            # A lease that ran out with no outcome: its sender stopped mid-send (killed),
            # perhaps after the mail server took the letter; counted, for the record.
            interrupted = record.leased_until is not None
            if interrupted:
                record.interrupted += 1
            record.leased_until = until
            copy = record.copy_()
            copy.resumed = interrupted
            claimed.append(copy)
        codec.mark(doc, letters)
        return claimed

    def _commit_on(self, doc: NotificationCase, decide: Decide) -> Applied[NotificationCase]:
        """``decide`` on the copy in hand, committed in one round trip; when another writer
        changed the strand since it was loaded, reload and decide again (`apply_once`)."""
        try:
            emit = decide(doc)
            self._store.commit(doc, message_id=None, emit=emit)
        except ConcurrencyConflict:
            return apply_once(self._store, NotificationCase, doc.id, None, decide)
        return Applied(doc, duplicate=False, emitted=emit)

    async def _deliver(self, doc: NotificationCase) -> int:
        """Send every letter of the strand in hand that is due; returns how many went."""
        async with self._locks(doc.id):
            doc, claimed = await run_sync(self._claim, doc)
            return await self._send_all(doc, claimed)

    def _claim(self, doc: NotificationCase) -> tuple[NotificationCase, list[LetterRecord]]:
        """Lease the due letters of the strand in hand (no write when none is due)."""
        now = self._clock.now()
        if not delivery.due(codec.letters_of(doc), now):
            return doc, []
        claimed: list[LetterRecord] = []

        def decide(d: NotificationCase) -> list[Outgoing]:
            claimed[:] = self._lease_due(d, now)
            return []

        return self._commit_on(doc, decide).doc, claimed

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

    async def _hold(
        self, doc: NotificationCase, record: LetterRecord
    ) -> tuple[NotificationCase, bool]:
        """Make sure the lease on ``record`` outlasts its send (letters leased together
        are sent one after another): renewed, in one commit, when less than the channel's
        send budget is left; False if the letter is no longer this sender's to send."""
        budget = getattr(self._channel, "send_within_s", None)
        now = self._clock.now()
        held_until = delivery.at(record.leased_until)
        if budget is None or now + timedelta(seconds=budget) < held_until:
            return doc, True
        ours: list[bool] = [False]

        def decide(d: NotificationCase) -> list[Outgoing]:
            letters = codec.letters_of(d)
            current = next(r for r in letters if r.key == record.key)
            ours[0] = (
                current.status == delivery.PENDING
                and current.leased_until is not None
                and abs(delivery.at(current.leased_until) - held_until) < timedelta(seconds=1)
            )
            if ours[0]:
                current.leased_until = now + timedelta(seconds=self._s.lease_s)
                codec.mark(d, letters)
            return []

        applied = await run_sync(self._commit_on, doc, decide)
        return applied.doc, ours[0]

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

    # -- reads and operator actions --------------------------------------------------------

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
