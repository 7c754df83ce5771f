"""The events a letter's fate raises: ``notification.sent`` / ``failed`` (exactly one per
letter and attempt, by message id) and ``notification.undeliverable``."""

from __future__ import annotations

from datetime import datetime

from common.bus import Outgoing
from common.contracts.events import (
    Event,
    LetterUndeliverable,
    NotificationFailed,
    NotificationSent,
)
from services.notifications.adapters.documents import NotificationCase
from services.notifications.domain.delivery import Fallback, LetterRecord
from services.notifications.domain.letters import Letter


def undeliverable_event(
    doc: NotificationCase, letter: Letter, fallback: Fallback, now: datetime
) -> Outgoing:
    view = doc.view
    event = LetterUndeliverable(
        reference=view["reference"], strand=view["strand"], procedure=view["procedure"],
        stage=view.get("stage"), occurred_at=now, recipient=letter.recipient_kind,
        template=letter.template, letter=letter.key, reason=fallback.reason,
        fallback=fallback.desk,
    )  # fmt: skip
    return Outgoing.event(event, message_id=f"notification.undeliverable:{letter.key}")


def letter_event(
    doc: NotificationCase, letter: Letter, record: LetterRecord, now: datetime, *, sent: bool
) -> Outgoing:
    view = doc.view
    base = {
        "reference": view["reference"],
        "strand": view["strand"],
        "procedure": view["procedure"],
        "stage": view.get("stage"),
        "occurred_at": now,
        "recipient": letter.recipient_kind,
        "address": record.address or "",
        "channel": record.channel or "",
        "template": letter.template,
        "trigger": letter.trigger,
    }
    if sent:
        event: Event = NotificationSent(
            **base, content_sha256=record.sha256 or "", provided=record.provided or ""
        )
        again = f":resend-{record.resends}" if record.resends else ""
        return Outgoing.event(event, message_id=f"notification.sent:{letter.key}{again}")
    event = NotificationFailed(**base, error=record.last_error or "", attempts=record.attempts)
    return Outgoing.event(event, message_id=f"notification.failed:{letter.key}:{record.attempts}")
