"""Planning a strand's letters from its events, once: an event is recorded, its letters
planned (a referral no one can be found for goes to a fallback desk, loudly; work the
platform cannot do is a task) and those due leased, all in one commit."""

from __future__ import annotations

import logging
from typing import Any

from common.bus import Outgoing
from common.contracts import parse_event
from common.contracts.events import CaseRouted, Event
from common.logs import log_context
from common.outbox import Applied, apply_once
from common.storage import run_sync
from services.notifications.adapters import codec
from services.notifications.adapters.documents import NotificationCase
from services.notifications.complaint_facts import COMPLAINT_FACTS, ComplaintFacts
from services.notifications.domain import delivery
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import Fallback, LetterRecord
from services.notifications.domain.desks import (
    advance_urgent,
    redirect,
    to_desks,
    unaddressed_alert,
)
from services.notifications.domain.letters import Letter
from services.notifications.events import letter_event
from services.notifications.tasks import raise_tasks

log = logging.getLogger("services.notifications.handlers")  # one logger for every part


class Planning(ComplaintFacts):
    """Part of `NotificationHandlers`: a strand's letters planned (and, `ComplaintFacts`, a
    whole complaint's)."""

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
