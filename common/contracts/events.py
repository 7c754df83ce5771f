"""Domain events on the `complaints` exchange (CONTRACTS.md, Domain events).

Every event names its routing key, carries the complaint `reference`, the `strand`
(1.. for a routed strand, None before routing), `procedure`, `stage` and
`occurred_at`, plus only what its consumers need. Unknown fields are kept.

This module holds the events of intake, routing and records, the table of every event
type (`EVENT_TYPES`, `parse_event`), and re-exports the rest, so that
``from common.contracts.events import X`` works for every event: the base
(`common.contracts.event_base`), refusal reasons (`common.contracts.field_errors`),
deadlines' events (`common.contracts.deadline_events`), notifications' events
(`common.contracts.notification_events`) and the lifecycle facts
(`common.contracts.lifecycle_facts`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, Field

# The other event families, the base and the refusal reasons live in their own modules;
# re-exported here, so that ``from common.contracts.events import X`` works for every event.
from common.contracts.deadline_events import CaseAutoProgressed as CaseAutoProgressed
from common.contracts.deadline_events import DeadlineApproaching as DeadlineApproaching
from common.contracts.deadline_events import DeadlineBreached as DeadlineBreached
from common.contracts.deadline_events import DeadlineOutOfTime as DeadlineOutOfTime
from common.contracts.deadline_events import DeadlineResumed as DeadlineResumed
from common.contracts.deadline_events import DeadlineSet as DeadlineSet
from common.contracts.deadline_events import DeadlineStopped as DeadlineStopped
from common.contracts.deadline_events import DeadlineWindowClosed as DeadlineWindowClosed
from common.contracts.event_base import SCHEMA_VERSION as SCHEMA_VERSION
from common.contracts.event_base import Event as Event
from common.contracts.event_base import case_ref as case_ref
from common.contracts.event_base import split_case_ref as split_case_ref
from common.contracts.field_errors import FieldError as FieldError
from common.contracts.field_errors import field_errors as field_errors
from common.contracts.lifecycle_facts import LIFECYCLE_FACTS as LIFECYCLE_FACTS
from common.contracts.notification_events import LetterUndeliverable as LetterUndeliverable
from common.contracts.notification_events import NotificationFailed as NotificationFailed
from common.contracts.notification_events import (
    NotificationHandedOver as NotificationHandedOver,
)
from common.contracts.notification_events import NotificationSent as NotificationSent
from common.contracts.notification_events import (
    NotificationTaskRaised as NotificationTaskRaised,
)
from common.contracts.notification_events import ReferralUnaddressed as ReferralUnaddressed

# Who is told lives in `common.contracts.recipients`; re-exported here, so that
# ``from common.contracts.events import Recipient`` keeps working.
from common.contracts.recipients import RELEASE_FACT as RELEASE_FACT
from common.contracts.recipients import SERIES as SERIES
from common.contracts.recipients import Recipient as Recipient
from common.contracts.recipients import RecipientData as RecipientData
from common.contracts.recipients import RecipientWhen as RecipientWhen
from common.contracts.submission import (
    Complainant,
    Consent,
    Location,
    Submission,
)

# -- intake -------------------------------------------------------------------------------------


class ComplaintReceived(Event):
    routing_key: ClassVar[str] = "complaint.received"
    partner_id: str
    partner_ref: str
    submission: Submission


class ComplaintRejected(Event):
    routing_key: ClassVar[str] = "complaint.rejected"
    reference: str = ""
    procedure: str = ""
    partner_id: str
    partner_ref: str | None = None
    reasons: list[FieldError]


# -- routing ------------------------------------------------------------------------------------


class RuleFired(BaseModel):
    """A routing rule that fired, citing the seed paragraph it comes from."""

    rule: str
    source: str = ""
    reason: str


class ExcludedAspect(BaseModel):
    """An aspect of the submission (by its index) that is not dealt with, in the
    complainant's words."""

    index: int
    kind: str
    text: str = ""


class ExclusionNotice(BaseModel):
    """A matter the procedure does not deal with, and where the complainant goes instead.

    ``aspects`` lists the aspects it covers; empty for the whole complaint."""

    rule: str
    reason: str
    signpost: str = ""
    source: str = ""
    aspects: list[ExcludedAspect] = Field(default_factory=list)


class CaseRouted(Event):
    """One strand of a complaint, with everything its consumers need to act on it.

    `minimal` marks a strand whose events may carry only the complainant's details
    and subject (DSO healthcare in Scotland and Northern Ireland). `excluded` marks the
    strand of a complaint the procedure does not deal with at all: it is filed (status
    ``excluded``) and answered with a letter, and no clock runs. `exclusions` says what
    is not dealt with and why; routing puts them on the first strand only, so the
    complainant hears it once.
    """

    routing_key: ClassVar[str] = "case.routed"
    strands_total: int = 1
    category: str
    owner: str
    nation: str
    calendar: str
    received_on: date
    incident_date: date | None = None
    subject: str
    aspects: list[dict[str, Any]] = Field(default_factory=list)
    complainant: Complainant
    consent: Consent = Field(default_factory=Consent)
    location: Location = Field(default_factory=Location)
    confidential: bool = False
    minimal: bool = False
    partner_id: str = ""
    clocks: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    rules: list[RuleFired] = Field(default_factory=list)
    excluded: bool = False
    exclusions: list[ExclusionNotice] = Field(default_factory=list)
    # The complaint's outcome sought (each aspect carries its own), seed 004 "record the
    # action or outcome expected by the complainant".
    outcome_sought: str | None = None
    # Everyone routing decided is told about this strand (issue 18); empty on events from
    # before routing decided it (``recipients_decided`` false).
    recipients: list[Recipient] = Field(default_factory=list)
    recipients_decided: bool = False

    @property
    def clocks_suspended(self) -> bool:
        """Routing stopped the clocks at once (a child-protection referral)."""
        return "clock_suspended" in self.flags


class CaseReferred(Event):
    """A referral outside the owning team. ``aspects_for_recipient_only`` marks aspects that
    travel for the recipient's letter only (the healthcare manager of a minimal-data strand,
    seed 000): files keep the referral without them."""

    routing_key: ClassVar[str] = "case.referred"
    to: str
    aspects: list[dict[str, Any]] = Field(default_factory=list)
    urgency: str = "normal"
    reason: str
    data_shared: list[str] = Field(default_factory=list)
    aspects_for_recipient_only: bool = False
    # Who this referral is written to (the body first, then whoever is told with it); None
    # on a referral from before routing decided it, [] when no one may be written to.
    recipients: list[Recipient] | None = None


class RepresentationRecorded(Event):
    """A compliment or other representation: recorded and reported, not run as a complaint."""

    routing_key: ClassVar[str] = "complaint.representation"
    type: str
    recorded: str


class RepresentationAnswered(Event):
    """A representation (not a complaint) answered (children seed 004: "The Directorate will
    respond to the issues raised and set out what action will be taken"): on the complaint
    (``strand`` None: a representation has no strand), with what notifications needs to
    write the answer to the person, who has no routed strand: their details, the place.
    ``key``: the answer's own key (one letter per answer, however often it is heard)."""

    routing_key: ClassVar[str] = "case.representation-answered"
    key: str
    nation: str
    subject: str
    received_on: date
    complainant: Complainant
    location: Location = Field(default_factory=Location)
    summary: str
    action: str
    answered_on: date


class ComplimentPassedOn(Event):
    """A compliment passed on to the staff concerned and their first line manager
    (children seed 004: "the first line manager to ensure that the positive sentiments are
    feedback to the staff concerned"): on the complaint (``strand`` None). Notifications
    sends the manager the notice (their ``officer:`` directory entry; none: the fallback
    desk of the procedure and nation, loudly). ``compliment``: what was said."""

    routing_key: ClassVar[str] = "case.compliment-passed-on"
    key: str
    nation: str
    subject: str
    received_on: date
    complainant: Complainant
    location: Location = Field(default_factory=Location)
    compliment: str = ""
    staff: list[str]
    manager: str
    note: str = ""
    passed_on: date


class CaseExcluded(Event):
    """The whole complaint is not dealt with under its procedure (filed on the complaint;
    its strand is routed with ``excluded`` so that it is answered and filed)."""

    routing_key: ClassVar[str] = "case.excluded"
    rule: str
    reason: str
    signpost: str = ""
    source: str = ""


# -- records ------------------------------------------------------------------------------------


class CaseLifecycle(Event):
    """A lifecycle fact of a strand, emitted by records (case.opened, case.acknowledged, ...)."""

    status: str
    actor: str = "platform"
    detail: dict[str, Any] = Field(default_factory=dict)

    @property  # type: ignore[override]
    def routing_key(self) -> str:  # noqa: D102 - ``case.<status>``, e.g. case.acknowledged
        return f"case.{self.status}"


class CaseOpened(CaseLifecycle):
    routing_key: ClassVar[str] = "case.opened"
    owner: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.routing_key: cls
    for cls in (
        ComplaintReceived,
        ComplaintRejected,
        CaseRouted,
        CaseReferred,
        CaseExcluded,
        RepresentationRecorded,
        RepresentationAnswered,
        ComplimentPassedOn,
        DeadlineSet,
        DeadlineApproaching,
        DeadlineBreached,
        DeadlineWindowClosed,
        DeadlineOutOfTime,
        DeadlineStopped,
        DeadlineResumed,
        CaseAutoProgressed,
        NotificationSent,
        NotificationFailed,
        NotificationHandedOver,
        NotificationTaskRaised,
        LetterUndeliverable,
        ReferralUnaddressed,
        CaseOpened,
    )
}


def parse_event(routing_key: str, body: dict[str, Any]) -> Event:
    """Validate a body as the event its routing key names (lifecycle keys fall back)."""
    cls = EVENT_TYPES.get(routing_key)
    if cls is None and routing_key.startswith("case."):
        cls = CaseLifecycle
    if cls is None:
        raise KeyError(f"unknown event type {routing_key!r}")
    return cls.model_validate(body)


# -- records: a remedy changed after it was given (`services.records.domain.remedy_changes`)


class RemedyAmended(Event):
    """A remedy amended (seed 003: remedies "at any stage"): ``changes`` each field's
    [was, now]; ``status`` awaiting-approval when a raised amount needs a new approval."""

    routing_key: ClassVar[str] = "case.remedy-amended"
    remedy: str
    type: str
    changes: dict[str, list[str]]
    reason: str
    status: str
    actor: str = "platform"


class RemedyCancelled(Event):
    """A remedy cancelled (withdrawn), with why: no longer a commitment followed up."""

    routing_key: ClassVar[str] = "case.remedy-cancelled"
    remedy: str
    type: str
    reason: str
    was: str  # its status before: open | awaiting-approval | referred
    amount: str = ""  # financial: pounds, e.g. "250.00"
    actor: str = "platform"


EVENT_TYPES.update({cls.routing_key: cls for cls in (RemedyAmended, RemedyCancelled)})
