"""Leases on letters: a letter is leased (in its strand's document, committed, so one
sender wins it) before it is sent, and the lease renewed when less than the channel's send
budget is left, so that no two senders send the same letter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from common.bus import Outgoing
from common.outbox import Applied, apply_once
from common.storage import ConcurrencyConflict, run_sync
from services.notifications.adapters import codec
from services.notifications.adapters.documents import NotificationCase
from services.notifications.domain import delivery
from services.notifications.domain.delivery import LetterRecord
from services.notifications.handler_state import HandlerState

Decide = Callable[[NotificationCase], list[Outgoing]]


class Leases(HandlerState):
    """Part of `NotificationHandlers`."""

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
