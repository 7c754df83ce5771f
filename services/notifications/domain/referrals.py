"""Which body a ``case.referred`` event goes to, and with which letter.

Routing decides who a referral is written to (``recipients`` on the event, from the
procedure data: the body first, then whoever is told with it); notifications never works it
out again. A referral from before routing decided it goes to the fallback desk.

A referral is never lost: when its own recipient cannot be worked out (no local authority
on the case, no directory entry for the body), its letter goes to the fallback desk of the
procedure and nation (`to_desk`, `directory.desk_key`) with a note saying why and whom it
was meant for (`desk_note`), and the operators are alerted (``referral.unaddressed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from common.contracts.events import CaseReferred, Event
from common.contracts.recipients import Recipient
from services.notifications.domain.caseview import normalise_token
from services.notifications.domain.letters import Letter, RenderedLetter, content_sha256
from services.notifications.domain.notices import DIRECTORY_KINDS, notice_to

# The recipient kind of a referral routing named no body for (an event from before it did).
LEGACY_KIND = "referral"


def referral_body(event: Event) -> Recipient | None:
    """The body a ``case.referred`` is written to, as routing decided it (the first of its
    ``recipients``); None for a referral from before routing decided it, whose letter goes
    to the fallback desk (`recipients.plan_letters`)."""
    if not isinstance(event, CaseReferred) or not event.recipients:
        return None
    rule = (event.model_extra or {}).get("rule")
    return next((r for r in event.recipients if r.rule == rule), event.recipients[0])


def referral_kind(event: Event) -> str:
    """The recipient kind of a referral's own letter: its body's, ``referral`` when routing
    named none (an event from before it did)."""
    body = referral_body(event)
    return body.kind if body is not None else LEGACY_KIND


# -- the fallback desk ----------------------------------------------------------------------

IMMEDIATE = "immediate"


def is_referral_letter(kind: str, trigger: Event) -> bool:
    """Whether a letter to ``kind`` for ``trigger`` is the referral itself: ``trigger`` is a
    ``case.referred`` and ``kind`` the body it is for (the complainant signposted is not a
    referral to a body)."""
    if not isinstance(trigger, CaseReferred) or kind == "complainant":
        return False
    return referral_kind(trigger) == kind


def is_urgent(event: Event) -> bool:
    """A referral to be made at once (children seed 004 "referred immediately")."""
    return isinstance(event, CaseReferred) and normalise_token(event.urgency) == IMMEDIATE


@dataclass(frozen=True)
class DeskReferral:
    """Why a referral letter went to the fallback desk, kept on its letter record.

    ``found`` is false when the directory has no such desk either: the letter then fails
    at once, loudly, instead of going nowhere quietly."""

    desk: str  # the desk's directory key, e.g. desk:children-england
    recipient: str  # the intended recipient kind, e.g. social_care
    intended: str  # its directory key, or unaddressed:<kind> when none could be made
    to: str  # the referral's own words for the body, e.g. "local authority children's ..."
    reason: str
    urgency: str
    rule: str
    found: bool

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


def to_desk(
    letter: Letter, trigger: Event, *, reason: str, desk: str, found: bool
) -> tuple[Letter, DeskReferral]:
    """``letter`` addressed to the fallback ``desk`` instead (same key, same content: the
    desk sees what the intended body would have seen), and the record of why. Without the
    desk in the directory the letter carries the error that fails it at once."""
    referral = trigger if isinstance(trigger, CaseReferred) else None
    record = DeskReferral(
        desk=desk,
        recipient=letter.recipient_kind,
        intended=letter.address_key,
        to=referral.to if referral else notice_to(letter.recipient_kind, trigger),
        reason=reason,
        urgency=referral.urgency if referral else "",
        rule=str((referral.model_extra or {}).get("rule") or "") if referral else "",
        found=found,
    )
    error = None
    if not found:
        what = "notice" if letter.recipient_kind in DIRECTORY_KINDS else "referral"
        error = (
            f"not planned: the {what} to {letter.recipient_kind} cannot be addressed "
            f"({reason}) and there is no fallback desk {desk} in the address directory; "
            f"add the desk and restart notifications, then resend the letter"
        )
    return letter.model_copy(update={"address_key": desk, "error": error}), record


def desk_note(rendered: RenderedLetter, record: Mapping[str, Any]) -> RenderedLetter:
    """The letter as the fallback desk receives it: a note first saying why it came to the
    desk and whom it was meant for, then the referral as the body would have read it."""
    urgent = normalise_token(str(record.get("urgency") or "")) == IMMEDIATE
    intended = str(record.get("intended") or "")
    where = "no address" if intended.startswith("unaddressed:") else intended
    what = str(
        record.get("what")
        or ("notice" if record.get("recipient") in DIRECTORY_KINDS else "referral")
    )
    note = (
        f"FOR THE DUTY DESK: this {what} could not be addressed to its recipient, so it has "
        "come to you instead.\n"
        f"Intended recipient: {record.get('to') or record.get('recipient')} ({where})\n"
        f"Why it came to the desk: {record.get('reason')}\n"
        f"Urgency: {record.get('urgency') or 'normal'}\n"
        f"Please pass it on to the right body{' today' if urgent else ''} and ask the "
        "operators to correct the case or the address directory.\n"
        "\n----------------------------------------------------------------\n\n"
    )
    subject = f"[{what.capitalize()} for the desk] {rendered.subject}"
    body = note + rendered.body
    return RenderedLetter(subject=subject, body=body, sha256=content_sha256(subject, body))
