"""Referrals that cannot be addressed, at planning time: pure, no I/O.

A referral letter whose recipient cannot be worked out goes to the fallback desk of its
procedure and nation (`to_desks`); one already on file that failed for want of an address
goes there too (`redirect`); each raises the operators' ``referral.unaddressed``
(`unaddressed_alert`); and an urgent referral is never refused to the DLQ (`advance_urgent`).
The same step, with the directory at hand, addresses a commitment's reminder to its owner
(`owners.address_owner`).
"""

from __future__ import annotations

from datetime import datetime

from common.bus import Outgoing
from common.contracts.events import Event, ReferralUnaddressed
from services.notifications.domain import delivery
from services.notifications.domain.caseview import CaseView
from services.notifications.domain.delivery import LetterRecord
from services.notifications.domain.directory import Directory, desk_key
from services.notifications.domain.errors import NotificationsError
from services.notifications.domain.letters import Letter, idempotency_key
from services.notifications.domain.owners import address_owner
from services.notifications.domain.recipients import UNADDRESSED, advance, fallback_reason
from services.notifications.domain.referrals import (
    DeskReferral,
    is_urgent,
    referral_kind,
    to_desk,
)


def advance_urgent(
    view: CaseView | None, event: Event, message_id: str
) -> tuple[CaseView, list[Letter]]:
    """`advance`, except that an urgent referral is never refused to the DLQ: if it
    cannot be planned at all (a body no rule knows), its letter is recorded failed with
    the reason, which raises ``notification.failed`` and the operators' alert."""
    try:
        return advance(view, event, message_id=message_id)
    except NotificationsError as exc:
        if view is None or not is_urgent(event):
            raise
        kind = referral_kind(event)
        address = UNADDRESSED + kind
        letter = Letter(
            key=idempotency_key(message_id, kind, address, "referral"),
            trigger=message_id,
            case_ref=view.case_ref,
            procedure=view.procedure,
            recipient_kind=kind,
            address_key=address,
            template="referral",
            context={},
            error=f"not planned: the urgent referral cannot be planned: {exc}",
        )
        return view, [letter]


def to_desks(
    planned: list[Letter], view: CaseView, event: Event, directory: Directory
) -> tuple[list[Letter], dict[str, DeskReferral]]:
    """Each referral letter whose recipient cannot be worked out, addressed to the
    fallback desk of its procedure and nation instead (`referrals.to_desk`); an urgent
    referral that could not be planned at all stays failed, with its desk record for
    the alert. A commitment's reminder is addressed to its owner first (`owners`): the
    directory is at hand here."""
    out: list[Letter] = []
    desks: dict[str, DeskReferral] = {}
    desk = desk_key(view.procedure, view.nation)
    for letter in address_owner(planned, view, event, directory):
        found = desk in directory
        if letter.error and letter.address_key.startswith(UNADDRESSED) and is_urgent(event):
            # Not planned at all: it stays failed; the record is for the alert.
            why = letter.error.removeprefix("not planned: ")
            desks[letter.key] = to_desk(letter, event, reason=why, desk=desk, found=found)[1]
            out.append(letter)
            continue
        reason = fallback_reason(letter, view, event, directory.__contains__)
        if reason is None:
            out.append(letter)
            continue
        moved, desks[letter.key] = to_desk(letter, event, reason=reason, desk=desk, found=found)
        out.append(moved)
    return out, desks


def redirect(
    letters: list[LetterRecord],
    planned: list[Letter],
    desks: dict[str, DeskReferral],
    now: datetime,
) -> list[LetterRecord]:
    """A referral's letter already on file under its key (the copy routing sent the
    same body, `Target.once`) that failed for want of an address goes to the desk now,
    instead of being dropped as a duplicate; returns those records, replaced in
    ``letters``. Its attempts carry on, so its events keep distinct ids."""
    planned_by_key = {letter.key: letter for letter in planned}
    redirected = []
    for i, record in enumerate(letters):
        letter = planned_by_key.get(record.key)
        if letter is None or record.key not in desks or record.fallback:
            continue
        if record.status != delivery.FAILED:
            continue
        record = record.model_copy(
            update={"letter": letter, "address_key": letter.address_key, "leased_until": None}
        )
        if letter.error is None:
            record.status = delivery.PENDING
            record.next_attempt_at = record.pending_since = now
            record.failed_at = record.last_error = None
        letters[i] = record
        redirected.append(record)
    return redirected


def unaddressed_alert(
    view: CaseView, event: Event, letter: Letter, record: LetterRecord, now: datetime
) -> Outgoing:
    """The operators' ``referral.unaddressed`` for one referral letter at the desk."""
    desk = record.fallback
    assert desk is not None
    alert = ReferralUnaddressed(
        reference=view.reference,
        strand=view.strand,
        procedure=view.procedure,
        stage=view.stage,
        occurred_at=now,
        recipient=desk.recipient,
        intended=desk.intended,
        reason=desk.reason,
        urgency=desk.urgency or "normal",
        rule=desk.rule,
        to=desk.to,
        fallback=desk.desk,
        outcome="to-desk" if record.status != delivery.FAILED else "failed",
        template=letter.template,
        trigger=letter.trigger,
        letter=letter.key,
    )
    return Outgoing.event(alert, message_id=f"referral.unaddressed:{letter.key}")
