"""Events notifications publishes: letters sent or failed, handed over on paper, tasks
raised for formats the platform cannot make, undeliverable letters and referrals no one
could be found to address (operator alerts).

Re-exported by `common.contracts.events`, which lists every event type.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from common.contracts.event_base import Event


class NotificationSent(Event):
    routing_key: ClassVar[str] = "notification.sent"
    recipient: str
    address: str
    channel: str
    template: str
    content_sha256: str
    trigger: str
    # issue 18: what the person got, in words: "large-print PDF, 2 pages, by hand through
    # the complaints clerk of Ashgrove IRC (print queue)"; empty for a plain email
    provided: str = ""


class NotificationFailed(Event):
    routing_key: ClassVar[str] = "notification.failed"
    recipient: str
    address: str
    channel: str
    template: str
    error: str
    attempts: int
    trigger: str


class ReferralUnaddressed(Event):
    """An operator alert: a referral's own recipient could not be worked out (no location
    on the case, no directory entry), so its letter went to the fallback desk of the
    procedure and nation (``fallback``, ``outcome`` ``to-desk``); ``outcome`` ``failed``
    means even that could not be done (no such desk, a referral that cannot be planned)
    and a ``notification.failed`` goes with it."""

    routing_key: ClassVar[str] = "referral.unaddressed"
    recipient: str  # the intended recipient kind: social_care, police, ...
    intended: str  # its directory key, or ``unaddressed:<kind>`` when none could be made
    reason: str
    urgency: str = "normal"
    rule: str = ""
    to: str = ""
    fallback: str  # the desk's directory key, e.g. desk:children-england
    outcome: str  # to-desk | failed
    template: str
    trigger: str
    letter: str  # the letter's idempotency key


class NotificationHandedOver(Event):
    """A paper letter from the print queue was handed to its recipient by the complaints
    clerk of the establishment (issue 18), on ``handed_over_on``."""

    routing_key: ClassVar[str] = "notification.handed-over"
    recipient: str
    template: str
    letter: str  # the letter's idempotency key
    establishment: str
    handed_over_on: date
    by: str = ""


class NotificationTaskRaised(Event):
    """A letter needs work the platform cannot do (braille, audio, easy read, a
    translation): a task raised to the fallback desk, with its due date in working days
    for a translation (issue 18; seed 004: "large print, translation or in other
    formats")."""

    routing_key: ClassVar[str] = "notification.task-raised"
    recipient: str
    template: str
    letter: str
    task: str  # braille | audio | easy-read | translation
    language: str | None = None
    due: date | None = None
    explanation: str = ""
    desk: str


class LetterUndeliverable(Event):
    """A letter to a person who gave nothing any channel can use (no email, no postal
    address, no establishment): it went to the fallback desk instead, for a person to
    act on (``fallback``)."""

    routing_key: ClassVar[str] = "notification.undeliverable"
    recipient: str
    template: str
    letter: str
    reason: str
    fallback: str
