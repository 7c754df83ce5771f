"""The notifications service's own projection of one case strand: pure, no I/O.

A `CaseView` starts from `case.routed` (`CaseView.from_routed`) and folds in later facts
with `view.apply(event)`: the investigating officer (`case.officer-assigned`), the target
date (response clocks from `deadline.*`, or `case.extended`), the outcome
(`case.responded`) and stage changes. It keeps only what letters need.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

import procedures
from common.access.policy import CaseFacts
from common.contracts.events import (
    CaseAutoProgressed,
    CaseLifecycle,
    CaseReferred,
    CaseRouted,
    DeadlineResumed,
    DeadlineSet,
    DeadlineStopped,
    Event,
    ExclusionNotice,
    Recipient,
    RemedyAmended,
    RemedyCancelled,
    case_ref,
)
from common.contracts.recipients import RELEASE_FACT
from common.contracts.submission import Complainant, Consent, Location, RepresentativeKind
from services.notifications.domain.aspects import (
    AspectView,
    HeldLetter,
    aspect_view,
    normalise_token,
    referred_aspects,
)
from services.notifications.domain.comments_letters import CommentsAsked, comments_after
from services.notifications.domain.errors import PlanningError
from services.notifications.domain.remedy_letters import remedies_after

__all__ = ["AspectView", "CaseView", "HeldLetter", "aspect_view", "is_response_clock",
           "lifecycle_status", "normalise_token", "referred_aspects"]  # fmt: skip

# Lifecycle facts that start and end a suspension of handling (records' suspend/resume).
SUSPENSION = {"suspended": True, "resumed": False}

OUTCOMES = {"upheld": "upheld", "partly": "partly", "partly-upheld": "partly",
            "partially-upheld": "partly", "not-upheld": "not-upheld"}  # fmt: skip


def lifecycle_status(event: CaseLifecycle) -> str:
    """The bare status of a lifecycle event: ``case.responded`` and ``responded`` both give
    ``responded``."""
    return normalise_token(event.status).removeprefix("case.")


def is_response_clock(name: str, procedure: str = "", stage: str | None = None) -> bool:
    """Whether a clock's due date is the date the complainant is promised a response: its
    ``role: response`` in the procedure data (`procedures.clock_role`). Without the
    procedure, whether some procedure's stage has a response clock of that name."""
    if procedure:
        return procedures.clock_role(procedure, stage, name) == "response"
    return name in procedures.response_clock_names()


# Lifecycle-keyed facts that change nothing about the strand itself: records' reminder to
# a commitment's owner (services.records.handlers.outcomes) is a letter, not a state.
NOT_STATE = frozenset({"commitment-reminder"})


class CaseView(BaseModel):
    """What notifications knows about one strand. Immutable: `apply` returns a new view."""

    model_config = ConfigDict(frozen=True)

    reference: str
    strand: int | None
    procedure: str
    stage: str | None
    category: str
    owner: str
    nation: str
    received_on: date
    subject: str
    aspects: tuple[AspectView, ...] = ()
    complainant: Complainant
    consent: Consent = Field(default_factory=Consent)
    location: Location = Field(default_factory=Location)
    confidential: bool = False
    partner_id: str = ""
    minimal: bool = False
    flags: tuple[str, ...] = ()
    excluded: bool = False
    exclusions: tuple[ExclusionNotice, ...] = ()
    status: str = "routed"
    acknowledged: bool = False
    investigating_officer: str | None = None
    clocks: dict[str, date] = Field(default_factory=dict)
    target_date: date | None = None
    # The response date of a stage not entered yet as far as this view knows (deadlines
    # dated it before the move reached notifications): used when the move comes.
    ahead: tuple[str, date] | None = None
    # The last lifecycle fact moved the strand to a new stage (escalated, panel requested,
    # moved on by a time limit): the new stage's first date is the letter on the move.
    moved: bool = False
    extension_reason: str | None = None
    # Handling is suspended (records' ``case.suspended``, a child-protection referral at
    # routing, or deadlines stopped the response clock): no response date runs, so no
    # letter states one until deadlines dates the clock again.
    suspended: bool = False
    # An extension letter during the suspension promised the date on resuming: "owed", then
    # "given" once deadlines resumed the response clock with it (its letter goes then).
    date_owed: str = ""
    outcome: str | None = None
    response_text: str | None = None
    # What the complainant wants (the submission's outcome sought, seed 004 "record the
    # action or outcome expected"); the response's finding per point and remedies (records'
    # ``case.responded`` detail, seed 002 "a clear response to each of their points").
    outcome_sought: str | None = None
    findings: tuple[dict[str, Any], ...] = ()
    remedies: tuple[dict[str, Any], ...] = ()
    # Who routing decided is told (issue 18); an event from before that decided none.
    recipients: tuple[Recipient, ...] = ()
    recipients_decided: bool = False
    # Letters held for the provider release (children seed 004), and whether it came.
    held: tuple[HeldLetter, ...] = ()
    released: bool = False
    # the alternatives records keeps (mediation, early referral, healthcare task), by type
    alternatives: dict[str, dict[str, Any]] = Field(default_factory=dict)
    comments: CommentsAsked = Field(default_factory=CommentsAsked)  # (`comments_letters`)

    def access(self) -> CaseFacts:
        """What the gate decides on (`common.access.policy`)."""
        return CaseFacts(
            procedure=self.procedure,
            confidential=self.confidential,
            partner_id=self.partner_id or None,
            officer=self.investigating_officer,
            by_child=bool(self.complainant.is_child),
        )

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def from_routed(cls, event: CaseRouted) -> CaseView:
        """The first view of a strand, from its `case.routed` event."""
        return cls(
            reference=event.reference,
            strand=event.strand,
            procedure=normalise_token(event.procedure),
            stage=event.stage,
            category=normalise_token(event.category),
            owner=event.owner,
            nation=normalise_token(event.nation),
            received_on=event.received_on,
            subject=event.subject,
            aspects=tuple(aspect_view(raw) for raw in event.aspects),
            complainant=event.complainant,
            consent=event.consent,
            location=event.location,
            confidential=event.confidential,
            partner_id=event.partner_id,
            minimal=event.minimal,
            flags=tuple(str(flag) for flag in getattr(event, "flags", None) or ()),
            excluded=event.excluded,
            exclusions=tuple(event.exclusions),
            suspended="clock_suspended" in (getattr(event, "flags", None) or ()),
            outcome_sought=getattr(event, "outcome_sought", None) or None,
            recipients=tuple(event.recipients),
            recipients_decided=event.recipients_decided,
        )

    def apply(self, event: Event) -> CaseView:
        """The view after ``event``. Events that change nothing a letter needs return ``self``.

        Raises `PlanningError` if the event belongs to another strand or complaint.
        """
        if not self.concerns(event):
            raise PlanningError(
                f"event {event.routing_key} for {event.case_ref} applied to the view of "
                f"{self.case_ref}"
            )
        if isinstance(event, CaseLifecycle) and lifecycle_status(event) in NOT_STATE:
            return self
        if isinstance(event, RemedyAmended | RemedyCancelled):  # as the complainant knows them
            return self.model_copy(update={"remedies": remedies_after(self.remedies, event)})
        if isinstance(event, CaseRouted):
            routed = CaseView.from_routed(event)
            return routed.model_copy(update=self._progress())
        changes: dict[str, Any] = {}
        if isinstance(event, CaseReferred):
            return self._hold(event)
        if isinstance(event, DeadlineStopped):
            return self._stopped(event)
        if isinstance(event, DeadlineSet) and event.stage and event.stage != self.stage:
            # A clock of a stage the strand has left, or not reached yet here: no date now.
            if is_response_clock(event.clock, event.procedure, event.stage):
                return self.model_copy(update={"ahead": (event.stage, event.due)})
            return self
        if event.stage and event.stage != self.stage:
            changes.update(self._new_stage(event.stage))
        if isinstance(event, DeadlineSet):
            changes["clocks"] = {**self.clocks, event.clock: event.due}
            if is_response_clock(event.clock, event.procedure, event.stage or self.stage):
                changes["target_date"] = event.due
                if isinstance(event, DeadlineResumed):
                    changes["suspended"] = False
                    if self.date_owed == "owed":
                        changes["date_owed"] = "given"
                extra = event.model_extra or {}
                if extra.get("extended"):
                    changes["extension_reason"] = str(extra.get("reason") or "") or None
        elif isinstance(event, CaseAutoProgressed):
            if event.to_stage != self.stage:
                changes.update(self._new_stage(event.to_stage))
            changes["status"], changes["moved"] = "escalated", True
        elif isinstance(event, CaseLifecycle):
            status = lifecycle_status(event)
            changes.update(_lifecycle_changes(status, event.detail))
            # A move stays unannounced until the new stage is dated, whatever comes between
            # (the new stage's acknowledgement is often heard of before its date).
            undated = self.moved and self.target_date is None
            changes["moved"] = "stage" in changes or undated
            if status == RELEASE_FACT:
                changes["released"] = True
            if alternative := _alternative(event.detail):
                changes["alternatives"] = {**self.alternatives, **alternative}
            if status in SUSPENSION:
                changes["suspended"] = SUSPENSION[status]
                if status == "suspended":
                    changes["date_owed"] = ""
            elif status == "extended" and self.suspended:
                # Deadlines keeps a clock extended during a suspension stopped, and dates
                # it only when handling resumes: the agreed date is not the date yet.
                changes["target_date"], changes["date_owed"] = None, "owed"
        changes.update(comments_after(self, event))  # the officers' comments asked for
        return self.model_copy(update=changes) if changes else self

    def _hold(self, event: CaseReferred) -> CaseView:
        """A referral whose letters wait for the provider release: kept until it comes."""
        held = [r for r in event.recipients or () if r.when == "on_release"]
        if not held or self.released:
            return self
        known = {(h.recipient.rule, h.recipient.kind, h.recipient.letter) for h in self.held}
        aspects = referred_aspects(event)
        new = tuple(
            HeldLetter(recipient=r, aspects=aspects, trigger=event.case_ref + "|" + r.rule)
            for r in held
            if (r.rule, r.kind, r.letter) not in known
        )
        return self.model_copy(update={"held": self.held + new}) if new else self

    def _stopped(self, event: DeadlineStopped) -> CaseView:
        """Deadlines stopped a clock: a stopped response clock of this stage has no date."""
        if event.stage not in (None, self.stage):
            return self
        if not is_response_clock(event.clock, event.procedure, event.stage or self.stage):
            return self
        clocks = {k: v for k, v in self.clocks.items() if k != event.clock}
        return self.model_copy(update={"suspended": True, "target_date": None, "clocks": clocks})

    def _new_stage(self, stage: str) -> dict[str, Any]:
        """A stage entered: its dates come from its own clocks, never the last stage's (a
        letter on the move gives the new stage's date once deadlines has set it)."""
        known = self.ahead[1] if self.ahead and self.ahead[0] == stage else None
        # Nor its officer: the last stage's investigator does not review (seed 001 step 3).
        return {"stage": stage, "clocks": {}, "target_date": known, "extension_reason": None,
                "ahead": None, "investigating_officer": None}  # fmt: skip

    def _progress(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "acknowledged": self.acknowledged,
            "investigating_officer": self.investigating_officer,
            "clocks": self.clocks,
            "target_date": self.target_date,
            "ahead": self.ahead,
            "moved": self.moved,
            "extension_reason": self.extension_reason,
            "suspended": self.suspended,
            "date_owed": self.date_owed,
            "outcome": self.outcome,
            "response_text": self.response_text,
            "held": self.held,
            "released": self.released,
            "alternatives": self.alternatives,
            "findings": self.findings,
            "remedies": self.remedies,
        }

    def concerns(self, event: Event) -> bool:
        """Whether ``event`` is about this strand: its own, or about the whole complaint
        (``strand`` None, e.g. a child-protection referral made before any strand)."""
        return event.reference == self.reference and event.strand in (None, self.strand)

    # -- derived facts ----------------------------------------------------------------------

    @property
    def case_ref(self) -> str:
        """The strand's own reference, e.g. ``DSO-2026-000123/1``."""
        return case_ref(self.reference, self.strand)

    @property
    def officers(self) -> tuple[str, ...]:
        """Officers named in the strand's aspects, in order of first mention, without repeats."""
        seen: dict[str, str] = {}
        for aspect in self.aspects:
            for name in aspect.officers_named:
                seen.setdefault(" ".join(name.lower().split()), " ".join(name.split()))
        return tuple(seen.values())

    @property
    def minimal_data(self) -> bool:
        """Only the complainant's details and the subject may travel (DSO seed 000,
        healthcare in Scotland / Northern Ireland), as routing decided (``minimal``)."""
        return self.minimal

    def addressees(self, letter: str) -> list[Recipient]:
        """The recipients of a series of letters (``correspondence``, ``position``,
        ``comments``, ``alerts``) routing decided."""
        return [r for r in self.recipients if r.letter == letter]

    @property
    def restricted(self) -> bool:
        """A confidential complaint by or about a child (children seed 004, "Confidential
        complaints"): only the complainant, the Children's Complaints Officer and the
        child-protection referral bodies may be told."""
        return self.confidential and (
            self.complainant.is_child or self.procedure == "children" or "restricted" in self.flags
        )

    @property
    def mp(self) -> str | None:
        """The MP advocating for the complainant, if any (children seed 004, MPs)."""
        rep = self.complainant.represented_by
        return rep.name if rep is not None and rep.kind == RepresentativeKind.MP else None


def _lifecycle_changes(status: str, detail: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {"status": status}
    if status == "acknowledged":
        changes["acknowledged"] = True
        if detail.get("officer"):
            changes["investigating_officer"] = str(detail["officer"])
        target = detail_date(detail, "target_date")
        if target is not None:  # records names the date its acknowledgement promises
            changes["target_date"] = target
    elif status == "officer-assigned":
        if not detail.get("officer"):
            raise PlanningError("case.officer-assigned carries no detail.officer")
        changes["investigating_officer"] = str(detail["officer"])
    elif status == "extended":
        due = detail_date(detail, "due", "new_due", "new_date", "target_date")
        if due is None:
            raise PlanningError("case.extended carries no new date (detail.due or new_due)")
        changes["target_date"] = due
        changes["extension_reason"] = str(detail.get("reason") or "") or None
    elif status == "responded":
        raw = normalise_token(str(detail.get("outcome", "")))
        if raw not in OUTCOMES:
            raise PlanningError(
                f"case.responded outcome {detail.get('outcome')!r} is not one of "
                "upheld, partly, not-upheld"
            )
        changes["outcome"] = OUTCOMES[raw]
        text = detail.get("summary") or detail.get("text") or detail.get("response")
        changes["response_text"] = str(text) if text else None
        changes["findings"] = tuple(dict(f) for f in detail.get("findings") or ())
        changes["remedies"] = tuple(dict(r) for r in detail.get("remedies") or ())
    return changes


def _alternative(detail: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The alternative a lifecycle fact records (``detail.mediation``/``referral``/``task``,
    records' typed record), by its type; empty for any other fact."""
    item = next((detail[k] for k in ("mediation", "referral", "task") if k in detail), None)
    return {str(item["type"]): dict(item)} if isinstance(item, dict) and "type" in item else {}


def detail_date(detail: dict[str, Any], *names: str) -> date | None:
    """The first of ``names`` present in ``detail``, as a date (ISO strings accepted)."""
    for name in names:
        value = detail.get(name)
        if isinstance(value, date):
            return value
        if isinstance(value, str) and value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError as exc:
                raise PlanningError(f"detail.{name} {value!r} is not an ISO date") from exc
    return None
