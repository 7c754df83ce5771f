"""Domain events on the `complaints` exchange (CONTRACTS.md, Domain events).

Every event names its routing key, carries the complaint `reference`, the `strand`
(1.. for a routed strand, None before routing), `procedure`, `stage` and
`occurred_at`, plus only what its consumers need. Unknown fields are kept.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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

SCHEMA_VERSION = 1


class FieldError(BaseModel):
    """One reason a message was refused: the field, the rule it broke, in words."""

    field: str
    rule: str
    message: str


def field_errors(exc: Exception) -> list[FieldError]:
    """An error -> FieldErrors naming each field and the rule it broke (pydantic's, or a
    domain error that carries its own ``errors``)."""
    own = getattr(exc, "errors", None)
    if isinstance(own, list) and all(isinstance(e, FieldError) for e in own):
        return own
    if isinstance(exc, ValidationError):
        return [
            FieldError(
                field=".".join(str(p) for p in err["loc"]) or "(body)",
                rule=err["type"],
                message=err["msg"],
            )
            for err in exc.errors()
        ]
    return [FieldError(field="(body)", rule="invalid", message=str(exc))]


class Event(BaseModel):
    model_config = ConfigDict(extra="allow")

    routing_key: ClassVar[str] = ""
    schema_version: ClassVar[int] = SCHEMA_VERSION

    reference: str
    strand: int | None = None
    procedure: str
    stage: str | None = None
    occurred_at: datetime

    @property
    def case_ref(self) -> str:
        """The strand's own case reference, e.g. ``DSO-2026-000001/1``."""
        return case_ref(self.reference, self.strand)


def case_ref(reference: str, strand: int | None) -> str:
    return reference if strand is None else f"{reference}/{strand}"


def split_case_ref(ref: str) -> tuple[str, int | None]:
    """``DSO-2026-000001/2`` -> (``DSO-2026-000001``, 2); a bare reference has no strand."""
    head, sep, tail = ref.partition("/")
    return (head, int(tail)) if sep and tail.isdigit() else (ref, None)


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


# -- deadlines ----------------------------------------------------------------------------------


class DeadlineSet(Event):
    routing_key: ClassVar[str] = "deadline.set"
    clock: str
    due: date
    explanation: dict[str, Any] = Field(default_factory=dict)


class DeadlineApproaching(DeadlineSet):
    routing_key: ClassVar[str] = "deadline.approaching"


class DeadlineBreached(DeadlineSet):
    routing_key: ClassVar[str] = "deadline.breached"


class DeadlineWindowClosed(DeadlineSet):
    """The complainant's time to ask for the next stage has run out (no breach by anyone)."""

    routing_key: ClassVar[str] = "deadline.window-closed"


class DeadlineOutOfTime(DeadlineSet):
    """An escalation was requested after its window closed: flagged with that window."""

    routing_key: ClassVar[str] = "deadline.out-of-time"
    requested_on: date


class DeadlineStopped(Event):
    routing_key: ClassVar[str] = "deadline.stopped"
    clock: str
    reason: str


class DeadlineResumed(DeadlineSet):
    routing_key: ClassVar[str] = "deadline.resumed"


class CaseAutoProgressed(Event):
    routing_key: ClassVar[str] = "case.auto-progressed"
    from_stage: str
    to_stage: str
    reason: str


# -- notifications ------------------------------------------------------------------------------


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


# -- records ------------------------------------------------------------------------------------


# Every lifecycle fact records publishes as ``case.<fact>`` (``detail.on``: the day it
# happened): the steps of the procedures, in the order of the lifecycle. Records' AsyncAPI
# document lists them; procedure files may name them (and deadlines' ``auto-progressed``).
LIFECYCLE_FACTS = (
    "acknowledged",
    "officer-assigned",
    "comments-requested",
    "comments-received",
    "investigating",
    "responded",
    "extended",
    "escalated",
    "suspended",
    "resumed",
    "restricted",
    "merged",
    "closed",
    # the casework steps the seeds name (`services.records.domain.steps`)
    "investigation-concluded",
    "provider-split-decided",
    "statement-agreed",
    "draft-report-sent",
    "final-report-sent",
    "adjudicated",
    "panel-requested",
    "panel-scheduled",
    "panel-papers-sent",
    "panel-held",
    "panel-reported",
    "director-responded",
    "quality-assured",
    "oral-response-recorded",
    "early-resolution",
    "new-evidence",
    "dco-certification-reviewed",
    "staff-guidance-given",
    # reaching the person (issue 18)
    # children seed 004: the Complaints Manager has confirmed with the child that the
    # complaint may be released to the care service provider (notifications holds the
    # provider's letters until then)
    RELEASE_FACT,
    "advocacy-recorded",
    "feedback-recorded",
    # alternatives (`services.records.domain.alternatives`)
    "mediation-offered",
    "mediation-accepted",
    "mediation-declined",
    "mediation-concluded",
    "referred-to-ombudsman",
    "healthcare-escalation-opened",
    "healthcare-escalation-done",
    # children's eligibility and other procedures (`services.records.domain.eligibility`)
    "eligibility-recorded",
    "lead-authority-decided",
    "freeze-requested",
    "freeze-granted",
    "freeze-refused",
    "freeze-lifted",
    "concurrent-procedure-recorded",
    "concurrent-procedure-ended",
)


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
