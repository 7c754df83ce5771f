"""Commands central teams give a case (imperative names), already validated at the edge.

Every command may carry ``on``: the day the fact happened (a letter sent yesterday is
recorded today); None means today. Each maps to one lifecycle `Action`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from services.records.domain.lifecycle import Action


class Outcome(StrEnum):
    """The outcome of a stage (seed 003 "the outcome at each stage"; seed 001 "upheld")."""

    UPHELD = "upheld"
    PARTLY = "partly"
    NOT_UPHELD = "not-upheld"


@dataclass(frozen=True, kw_only=True)
class Command:
    """A command; ``on`` is the day of the fact (None: today)."""

    on: date | None = None
    action = Action.ADD_CORRESPONDENCE  # overridden by each command


@dataclass(frozen=True, kw_only=True)
class Acknowledge(Command):
    """Acknowledge the stage (the letter names the target date)."""

    action = Action.ACKNOWLEDGE
    note: str = ""
    target_date: date | None = None  # the date the acknowledgement promises, if known
    automatic: bool = False


@dataclass(frozen=True, kw_only=True)
class AssignOfficer(Command):
    """Name the investigating officer (and Independent Person where required)."""

    action = Action.ASSIGN_OFFICER
    officer: str
    independent_person: str = ""
    # The Independent Person's criteria the platform cannot check, attested by the caller
    # (`independence.IP_ATTESTATIONS`).
    attestations: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RequestComments(Command):
    """Ask the officers complained about for comments (seed 003: 3 wd)."""

    action = Action.REQUEST_COMMENTS
    officers: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordComments(Command):
    """The officers' comments arrived; the investigation goes on."""

    action = Action.RECORD_COMMENTS
    summary: str


@dataclass(frozen=True, kw_only=True)
class Investigate(Command):
    """Start the investigation."""

    action = Action.INVESTIGATE
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordResponse(Command):
    """The response was sent: the stage's outcome."""

    action = Action.RESPOND
    outcome: Outcome
    summary: str
    agreed_actions: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Extend(Command):
    """Move a clock's target later, within the procedure's cap."""

    action = Action.EXTEND
    to: date
    reason: str
    clock: str = ""  # default: the stage's response clock


@dataclass(frozen=True, kw_only=True)
class Escalate(Command):
    """The complainant asked for the next stage."""

    action = Action.ESCALATE
    reason: str = ""
    late_reason: str = ""  # why a request outside the window is accepted


@dataclass(frozen=True, kw_only=True)
class AutoProgress(Command):
    """The deadlines service moved the stage on by itself."""

    action = Action.AUTO_PROGRESS
    to_stage: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Suspend(Command):
    """Stop handling (and the clocks), e.g. a child-protection referral."""

    action = Action.SUSPEND
    reason: str


@dataclass(frozen=True, kw_only=True)
class Resume(Command):
    """Handling starts again where it stopped."""

    action = Action.RESUME
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Merge(Command):
    """Fold this case into another: one investigation, one response."""

    action = Action.MERGE
    into: str
    reason: str = ""


class RestrictOp(StrEnum):
    IMPOSE = "impose"
    APPEAL = "appeal"
    DECIDE_APPEAL = "decide-appeal"
    REVIEW = "review"
    LIFT = "lift"


class RestrictionKind(StrEnum):
    """Unacceptable-actions restrictions (seed 002 ¶10-11, seed 003, seed 004 vexatious)."""

    CONTACT_METHOD = "contact-method"  # e.g. letters only
    NAMED_CONTACT = "named-contact"  # one named staff member
    FREQUENCY = "frequency"  # limited contact times or frequency
    ACCESS_TO_PROCEDURE = "access-to-procedure"  # last resort: manager / senior approval


@dataclass(frozen=True, kw_only=True)
class Restrict(Command):
    """Impose, appeal, decide, review or lift a contact restriction."""

    action = Action.RESTRICT
    op: RestrictOp = RestrictOp.IMPOSE
    restriction_id: str = ""
    kind: RestrictionKind | None = None
    reasons: tuple[str, ...] = ()
    review_on: date | None = None
    approved_by: str = ""
    note: str = ""
    outcome: str = ""  # appeal: upheld|dismissed; review: continue|lift


@dataclass(frozen=True, kw_only=True)
class Close(Command):
    """Close the case."""

    action = Action.CLOSE
    reason: str = ""


class EntryKind(StrEnum):
    """What the code (seed 003, "Case management and record keeping") says a file holds."""

    LETTER = "letter"  # correspondence with the complainant or another party
    NOTE = "note"  # a record of substantive contact (call, meeting)
    DOCUMENT = "document"  # a supporting document reference
    EVIDENCE = "evidence"  # a summary of key evidence and where it is
    ACTION = "action"  # an agreed action
    ACTION_DONE = "action-done"  # evidence an agreed action was completed


@dataclass(frozen=True, kw_only=True)
class AddCorrespondence(Command):
    """Add a paper to the file."""

    action = Action.ADD_CORRESPONDENCE
    kind: EntryKind
    summary: str
    direction: str = ""  # in | out
    party: str = ""
    channel: str = ""
    document: dict[str, str] = field(default_factory=dict)  # {name, ref, sha256}
    location: str = ""  # where the evidence is
    action_id: str = ""  # the agreed action an action-done completes


class RedactMode(StrEnum):
    REDACT = "redact"  # named items only
    ANONYMISE = "anonymise"  # every personal detail, statistics kept
    ERASE = "erase"  # everything but the statistics


@dataclass(frozen=True, kw_only=True)
class EraseOrRedact(Command):
    """Redact named items, or anonymise / erase a finished file."""

    action = Action.ERASE_OR_REDACT
    mode: RedactMode
    reason: str
    items: tuple[str, ...] = ()  # redact: subject, complainant, entry:<id>


# -- the steps the seeds name (applied by `services.records.domain.steps`) -------------------


@dataclass(frozen=True, kw_only=True)
class ConcludeInvestigation(Command):
    """HMIP: the formal investigation concluded (the reply is due 10 wd later)."""

    action = Action.CONCLUDE_INVESTIGATION
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class DecideProviderSplit(Command):
    """Children: which parts the authority considers and which go to the registered
    provider, decided within 10 working days; the complainant is told which parts."""

    action = Action.DECIDE_PROVIDER_SPLIT
    authority_parts: tuple[str, ...]
    provider_parts: tuple[str, ...] = ()
    provider: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AgreeStatement(Command):
    """Children stage 2: the statement of complaint and desired outcome, agreed."""

    action = Action.AGREE_STATEMENT
    statement: str
    desired_outcome: str


@dataclass(frozen=True, kw_only=True)
class SendDraftReport(Command):
    """Children stage 2: the draft report to the complainant for factual accuracy,
    without conclusions or recommendations."""

    action = Action.SEND_DRAFT_REPORT
    document: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SendFinalReport(Command):
    """Children stage 2: the final report, to the adjudicating officer."""

    action = Action.SEND_FINAL_REPORT
    document: str = ""
    adjudicating_officer: str = ""
    comments: str = ""  # the complainant's comments on the draft, taken into account


@dataclass(frozen=True, kw_only=True)
class Adjudicate(Command):
    """Children stage 2: the adjudicating officer's decision on the final report."""

    action = Action.ADJUDICATE
    adjudicating_officer: str
    outcome: Outcome
    summary: str


@dataclass(frozen=True, kw_only=True)
class RequestPanel(Command):
    """Children stage 3: the complainant asked for a Review Panel."""

    action = Action.REQUEST_PANEL
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SchedulePanel(Command):
    """Children stage 3: the panel's date and its three members, each attesting the
    criteria the platform cannot check (`independence.PANEL_ATTESTATIONS`)."""

    action = Action.SCHEDULE_PANEL
    panel_date: date
    members: tuple[str, ...]
    chair: str = ""
    attestations: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SendPanelPapers(Command):
    action = Action.SEND_PANEL_PAPERS
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class HoldPanel(Command):
    action = Action.HOLD_PANEL
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReportPanel(Command):
    """The panel's written report with recommendations, to the Director."""

    action = Action.REPORT_PANEL
    recommendations: tuple[str, ...]
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordDirectorResponse(Command):
    """The Director's response to the complainant on the panel's recommendations."""

    action = Action.RECORD_DIRECTOR_RESPONSE
    outcome: Outcome
    summary: str


@dataclass(frozen=True, kw_only=True)
class QualityAssure(Command):
    """DSO: the response quality assured by a senior officer (who), before it goes."""

    action = Action.QUALITY_ASSURE
    by: str
    note: str = ""


class OralChannel(StrEnum):
    FACE_TO_FACE = "face-to-face"
    PHONE = "phone"


@dataclass(frozen=True, kw_only=True)
class RecordOralResponse(Command):
    """SPSO stage 1: answered face to face or by phone; a letter only if asked for."""

    action = Action.RECORD_ORAL_RESPONSE
    channel: OralChannel
    outcome: Outcome
    summary: str
    letter: bool = False


class EarlyOutcome(StrEnum):
    RESOLVED = "resolved"
    NOT_RESOLVED = "not-resolved"


@dataclass(frozen=True, kw_only=True)
class RecordEarlyResolution(Command):
    """HMIP step 1: the early resolution's outcome."""

    action = Action.RECORD_EARLY_RESOLUTION
    outcome: EarlyOutcome
    summary: str
    decided_by: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordNewEvidence(Command):
    """HMIP: new evidence why the step 1 conclusion is inaccurate; only then may a step 1
    matter go on to a formal complaint."""

    action = Action.RECORD_NEW_EVIDENCE
    summary: str


@dataclass(frozen=True, kw_only=True)
class ReviewDcoCertification(Command):
    """DSO serious misconduct substantiated: DCO certification considered (Home Office)."""

    action = Action.REVIEW_DCO_CERTIFICATION
    decision: str
    by: str = ""


@dataclass(frozen=True, kw_only=True)
class GiveStaffGuidance(Command):
    """DSO minor misconduct substantiated: guidance given to the staff member."""

    action = Action.GIVE_STAFF_GUIDANCE
    staff_member: str
    guidance: str
