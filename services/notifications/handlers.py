"""Notifications use cases: plan letters from events once; deliver each exactly once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from common.bus import Outgoing
from common.clock import Clock
from common.contracts import parse_event
from common.contracts.events import CaseRouted, Event, NotificationFailed, NotificationSent
from common.logs import log_context
from common.outbox import OutboxRelay, apply_once
from common.store import run_sync
from services.notifications.adapters.channel import Channel, DeliveryError
from services.notifications.adapters.documents import NotificationCase
from services.notifications.config import NotificationsSettings
from services.notifications.domain import delivery
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.directory import Directory, resolve_recipient
from services.notifications.domain.errors import NotificationsError
from services.notifications.domain.letters import Letter, render
from services.notifications.domain.recipients import advance

log = logging.getLogger(__name__)


class NotificationHandlers:
    def __init__(
        self,
        *,
        clock: Clock,
        relay: OutboxRelay,
        channel: Channel,
        directory: Directory,
        settings: NotificationsSettings,
    ):
        self._clock, self._relay, self._channel = clock, relay, channel
        self._directory, self._s = directory, settings

    # -- planning ------------------------------------------------------------------------

    async def on_event(self, routing_key: str, body: dict[str, Any], message_id: str) -> None:
        event = parse_event(routing_key, body)
        if event.strand is None:
            return
        with log_context(reference=event.case_ref, message_id=message_id):
            await run_sync(self._plan, event, body, message_id)
            await self.deliver(event.case_ref)

    def _plan(self, event: Event, body: dict[str, Any], message_id: str) -> None:
        now = self._clock.now()

        def decide(doc: NotificationCase) -> list[Outgoing]:
            if not doc.view and not isinstance(event, CaseRouted):
                # Arrived before case.routed (redelivery can reorder): keep it for then.
                doc.early = [
                    *doc.early,
                    {"key": event.routing_key, "body": body, "message_id": message_id},
                ]
                return []
            pending = [(event, message_id)]
            if isinstance(event, CaseRouted):
                pending += [(parse_event(e["key"], e["body"]), e["message_id"]) for e in doc.early]
                doc.early = []
            view = CaseView.model_validate(doc.view) if doc.view else None
            letters = list(doc.letters)
            for ev, mid in pending:
                view, planned = advance(view, ev, message_id=mid)
                delivery.add_planned(letters, planned, now)
            doc.view, doc.letters = view.model_dump(mode="json"), letters  # type: ignore[union-attr]
            doc.next_attempt_at = delivery.next_attempt(letters)
            return []

        apply_once(
            NotificationCase,
            event.case_ref,
            message_id,
            decide,
            create=lambda: NotificationCase(id=event.case_ref, reference=event.reference),
        )

    # -- delivery ------------------------------------------------------------------------

    async def deliver(self, case_ref: str) -> int:
        """Send every letter of ``case_ref`` that is due; returns how many were sent."""
        claimed = await run_sync(self._claim, case_ref)
        sent = 0
        for record in claimed:
            sent += await self._send_one(case_ref, record)
        await self._relay.flush(NotificationCase, case_ref)
        return sent

    def _claim(self, case_ref: str) -> list[dict[str, Any]]:
        """Lease the due letters (a revision-guarded write: one sender wins each letter)."""
        now = self._clock.now()
        claimed: list[dict[str, Any]] = []

        def decide(doc: NotificationCase) -> list[Outgoing]:
            claimed.clear()
            letters = [dict(r) for r in doc.letters]
            for record in delivery.due(letters, now):
                record["leased_until"] = now + timedelta(seconds=self._s.lease_s)
                claimed.append(dict(record))
            doc.letters = letters
            doc.next_attempt_at = delivery.next_attempt(letters)
            return []

        apply_once(NotificationCase, case_ref, None, decide)
        return claimed

    async def _send_one(self, case_ref: str, record: dict[str, Any]) -> int:
        letter = Letter.model_validate(record["letter"])
        doc = await run_sync(lambda: NotificationCase.objects(pk=case_ref).only("view").first())
        view = CaseView.model_validate(doc.view)
        address_text, error, permanent, provider_id, sha = "", "", False, "", ""
        try:
            address = resolve_recipient(letter.address_key, view, self._directory)
            address_text = address.email
            rendered = render(letter)
            sha = rendered.sha256
            provider_id = await self._channel.send(address, rendered, reference=letter.key)
        except NotificationsError as exc:
            error, permanent = str(exc), True
        except DeliveryError as exc:
            error, permanent = str(exc), exc.permanent
        await run_sync(
            self._settle, case_ref, letter, address_text, sha, provider_id, error, permanent
        )
        return 0 if error else 1

    def _settle(
        self,
        case_ref: str,
        letter: Letter,
        address: str,
        sha: str,
        provider_id: str,
        error: str,
        permanent: bool,
    ) -> None:
        """Record the outcome and its event in one write (exactly one event per letter)."""
        now = self._clock.now()

        def decide(doc: NotificationCase) -> list[Outgoing]:
            letters = [dict(r) for r in doc.letters]
            record = next(r for r in letters if r["key"] == letter.key)
            if record["status"] != delivery.PENDING:
                return []
            record["leased_until"] = None
            record["attempts"] += 1
            record["address"], record["channel"] = address, self._channel.name
            out: list[Outgoing] = []
            if not error:
                record.update(
                    status=delivery.SENT,
                    sha256=sha,
                    provider_id=provider_id,
                    sent_at=now,
                    last_error=None,
                )
                out.append(self._event(doc, letter, record, now, sent=True))
            elif permanent or record["attempts"] >= self._s.max_attempts:
                record.update(status=delivery.FAILED, last_error=error)
                out.append(self._event(doc, letter, record, now, sent=False))
            else:
                record["last_error"] = error
                record["next_attempt_at"] = now + delivery.backoff(
                    record["attempts"], self._s.retry_base_s, self._s.retry_max_s
                )
                log.warning(
                    "letter %s to %s failed (%s); retrying",
                    letter.template,
                    letter.recipient_kind,
                    error,
                )
            doc.letters = letters
            doc.next_attempt_at = delivery.next_attempt(letters)
            return out

        apply_once(NotificationCase, case_ref, None, decide)

    @staticmethod
    def _event(
        doc: NotificationCase, letter: Letter, record: dict[str, Any], now: datetime, *, sent: bool
    ) -> Outgoing:
        view = doc.view
        base = {
            "reference": view["reference"],
            "strand": view["strand"],
            "procedure": view["procedure"],
            "stage": view.get("stage"),
            "occurred_at": now,
            "recipient": letter.recipient_kind,
            "address": record.get("address") or "",
            "channel": record.get("channel") or "",
            "template": letter.template,
            "trigger": letter.trigger,
        }
        if sent:
            event: Event = NotificationSent(**base, content_sha256=record["sha256"])
            again = f":resend-{record['resends']}" if record.get("resends") else ""
            return Outgoing.event(event, message_id=f"notification.sent:{letter.key}{again}")
        event = NotificationFailed(
            **base, error=record["last_error"] or "", attempts=record["attempts"]
        )
        return Outgoing.event(
            event, message_id=f"notification.failed:{letter.key}:{record['attempts']}"
        )

    async def sweep(self) -> int:
        """Deliver whatever is due anywhere (retries after backoff, expired leases)."""
        now = self._clock.now()
        refs = await run_sync(
            lambda: [
                d.id
                for d in NotificationCase.objects(next_attempt_at__lte=now).only("id").limit(500)
            ]
        )
        return sum([await self.deliver(ref) for ref in refs])

    # -- reads and operator actions --------------------------------------------------------

    async def letters_of(self, reference: str) -> list[tuple[str, dict[str, Any]]]:
        def load() -> list[NotificationCase]:
            return list(NotificationCase.objects(id=reference)) or list(
                NotificationCase.objects(reference=reference).order_by("id")
            )

        return [(d.id, r) for d in await run_sync(load) for r in d.letters]

    async def view_of(self, case_ref: str) -> CaseView | None:
        doc = await run_sync(lambda: NotificationCase.objects(pk=case_ref).first())
        return CaseView.model_validate(doc.view) if doc and doc.view else None

    async def resend(self, case_ref: str, key: str) -> None:
        """Put a failed (or sent) letter back in the queue: it is sent again once."""
        now = self._clock.now()

        def decide(doc: NotificationCase) -> list[Outgoing]:
            letters = [dict(r) for r in doc.letters]
            record = next((r for r in letters if r["key"] == key), None)
            if record is None:
                raise LookupError(f"no letter {key!r} on {case_ref}")
            record.update(
                status=delivery.PENDING,
                attempts=0,
                next_attempt_at=now,
                leased_until=None,
                resends=record.get("resends", 0) + 1,
            )
            doc.letters = letters
            doc.next_attempt_at = delivery.next_attempt(letters)
            return []

        await run_sync(apply_once, NotificationCase, case_ref, None, decide)
        await self.deliver(case_ref)
