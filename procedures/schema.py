"""The shape of a procedure file, validated when it is loaded (see `procedures` for the format).

Field-level problems (a negative amount, a typo in a key) come from pydantic; the checks
that need the whole file (an owner or stage referenced but not defined, an extension cap
below the default, duplicate names) are in `Procedure._check_references`, and each names
the field it is about, e.g. ``stages[1].owner``. The loader adds the file name.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from common.contracts.lifecycle_facts import LIFECYCLE_FACTS as RECORDS_FACTS
from common.contracts.submission import AspectKind, Nation
from common.timescales import Timescale, Unit
from procedures.validation import kind_problems, reference_problems

_UNITS = {
    "working day": Unit.WORKING_DAYS,
    "week": Unit.WEEKS,
    "calendar month": Unit.CALENDAR_MONTHS,
}
_SHORTHAND = re.compile(r"^\s*(-?\d+)\s+(working day|week|calendar month)s?\s*$")


def _timescale(value: Any) -> Any:
    """Accept "20 working days", "12 weeks", "3 calendar months", "immediately" or a mapping."""
    if isinstance(value, str):
        if value.strip() in ("immediately", "immediate"):
            return {"amount": 0, "unit": Unit.IMMEDIATE}
        match = _SHORTHAND.match(value)
        if match is None:
            raise ValueError(
                f"{value!r} is not a timescale; write e.g. '20 working days', '12 weeks', "
                "'3 calendar months' or 'immediately'"
            )
        value = {"amount": int(match[1]), "unit": _UNITS[match[2]]}
    if isinstance(value, dict) and isinstance(value.get("amount"), int) and value["amount"] < 0:
        raise ValueError(f"amount must not be negative (got {value['amount']})")
    return value


TimescaleField = Annotated[Timescale, BeforeValidator(_timescale)]
Source = Annotated[str, Field(min_length=3, description="the seed paragraph, e.g. 'seed 004 ...'")]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]

# Events a clock can start from; "after:<clock>" starts when another clock of the stage ends.
CLOCK_STARTS = (
    "received",  # the day the complaint was received (day 0)
    "incident",  # the incident or the grounds for the complaint
    "stage_start",  # the day the stage was requested or entered
    "acceptance",  # the day a request was accepted
    "previous_response",  # the previous stage's response or decision letter
    "panel",  # the date of a review panel
    "response_received",  # the complainant receiving the response (escalation windows)
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# What a clock is for (one meaning per clock, read by deadlines, records and notifications):
ClockRole = Literal[
    "acknowledgement",  # the complaint acknowledged to the complainant
    "response",  # the answer promised to the complainant: the stage's target date
    "escalation_window",  # the complainant's time to ask for the next stage (nobody breaches)
    "step",  # an internal step: officer comments, provider referral, panel papers...
]
CLOCK_ROLES: tuple[str, ...] = ClockRole.__args__  # type: ignore[attr-defined]

# The lifecycle facts (``case.<fact>``, from records, ``detail.on`` the day it happened)
# that can finish, start or recount a clock, or move a case between stages.
LIFECYCLE_FACTS = (*RECORDS_FACTS, "auto-progressed")  # records', and deadlines' one
# Who moves a case from one stage to the next (``transitions[].by``).
MOVERS = ("complainant", "time_limit", "officer")
# The complainant's letters a transition may send (notifications' template names).
LETTERS = ("acknowledgement", "update", "extension", "decision")
# What finishes a clock of each role unless its ``finished_by`` says otherwise.
FINISHED_BY_ROLE = {
    "acknowledgement": ("acknowledged",),
    "response": ("responded",),
    "escalation_window": ("escalated",),
    "step": (),
}


class Clock(_Strict):
    """A statutory timescale of a stage: what it is for, how long, from when, how far it may
    be extended, and which lifecycle facts finish it."""

    title: str
    role: ClockRole
    finished_by: tuple[str, ...] | None = None  # default: FINISHED_BY_ROLE[role]
    timescale: TimescaleField
    extension_cap: TimescaleField | None = None
    starts: str = "received"
    before: bool = False  # counts back from `starts` (panel papers 10 wd before the panel)
    # Lifecycle facts that count the clock again from the day they happened (the panel's
    # report: 5 wd after the panel is held, not after the day it was scheduled for).
    recounted_by: tuple[str, ...] = ()
    conditional: bool = False  # started only when a routing rule names it
    source: Source

    @property
    def finishers(self) -> tuple[str, ...]:
        """The lifecycle facts that finish this clock."""
        return FINISHED_BY_ROLE[self.role] if self.finished_by is None else self.finished_by

    @model_validator(mode="after")
    def _check(self) -> Clock:
        for field, facts in (
            ("finished_by", self.finished_by),
            ("recounted_by", self.recounted_by),
        ):
            unknown = [f for f in facts or () if f not in LIFECYCLE_FACTS]
            if unknown:
                raise ValueError(
                    f"{field}: {', '.join(map(repr, unknown))} is not a lifecycle fact "
                    f"({', '.join(LIFECYCLE_FACTS)})"
                )
        if self.starts not in CLOCK_STARTS and not self.starts.startswith("after:"):
            raise ValueError(
                f"starts: {self.starts!r} is not one of {', '.join(CLOCK_STARTS)} "
                "or 'after:<clock>'"
            )
        cap = self.extension_cap
        if cap is not None:
            if self.timescale.unit is Unit.IMMEDIATE:
                raise ValueError("extension_cap: an immediate clock cannot be extended")
            if cap.unit != self.timescale.unit:
                raise ValueError(
                    f"extension_cap: {cap} is not in the clock's unit ({self.timescale.unit})"
                )
            if cap.amount < self.timescale.amount:
                raise ValueError(
                    f"extension_cap: {cap} is below the default timescale {self.timescale}"
                )
        return self


class Escalation(_Strict):
    """Where a complainant goes after the stage, and within what window (None: seed is silent)."""

    body: str
    window: TimescaleField | None = None
    starts: str = "response_received"
    source: Source


class Transition(_Strict):
    """How a case leaves a stage: the lifecycle fact that moves it (``on``), where to, who
    decides (``by``), and the letters the complainant is sent.

    ``by: complainant`` is a request (escalation) made after the stage's response; with
    ``after: <clock>`` the right opens earlier too, once that clock has run past its
    extension cap without a response (children stage 1 "can" progress past 20 wd).
    ``by: time_limit`` moves the case by itself when ``after``'s clock (and its cap) runs
    out (the deadlines service then announces ``case.auto-progressed``). ``by: officer``
    is a team's decision. The next stage's clocks start on the day of the move.
    """

    fact: str
    to: str
    by: Literal["complainant", "time_limit", "officer"]
    after: str | None = None
    letters: list[Literal["acknowledgement", "update", "extension", "decision"]] = Field(
        default_factory=list
    )
    source: Source

    @model_validator(mode="after")
    def _check(self) -> Transition:
        if self.fact not in LIFECYCLE_FACTS:
            raise ValueError(f"fact: {self.fact!r} is not a lifecycle fact")
        if self.by == "time_limit" and (self.after is None or self.fact != "auto-progressed"):
            raise ValueError(
                "by: a time_limit transition needs after: <clock> and fact: auto-progressed"
            )
        if self.by != "time_limit" and self.fact == "auto-progressed":
            raise ValueError("fact: only a time_limit transition is on auto-progressed")
        return self


class Duty(_Strict):
    """Something the stage requires that is not a clock (an Independent Person, a named IO)."""

    rule: Name
    text: str
    source: Source


def one_per_role_problems(clocks: dict[str, Clock], where: str = "clocks") -> list[str]:
    """A stage has at most one acknowledgement clock and one response clock."""
    problems = []
    for role in ("acknowledgement", "response"):
        named = [name for name, clock in clocks.items() if clock.role == role]
        if len(named) > 1:
            problems.append(
                f"{where}.{named[1]}.role: a stage has at most one {role} clock "
                f"({', '.join(named)} are all role: {role})"
            )
    return problems


class Stage(_Strict):
    name: Name
    title: str
    owner: str
    clocks: dict[Name, Clock] = Field(default_factory=dict)
    next_stage: str | None = None
    escalation: Escalation | None = None
    transitions: list[Transition] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)
    overlay: bool = True  # good practice (e.g. `code`) applies to strands at this stage
    final: bool = False
    source: Source

    def transition(self, fact: str) -> Transition | None:
        """The transition the lifecycle fact ``fact`` makes from this stage, if any."""
        return next((t for t in self.transitions if t.fact == fact), None)

    @property
    def auto_progress(self) -> Transition | None:
        """The move the stage makes by itself when a time limit runs out, if any."""
        return next((t for t in self.transitions if t.by == "time_limit"), None)

    @model_validator(mode="after")
    def _check_roles(self) -> Stage:
        problems = one_per_role_problems(self.clocks)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Owner(_Strict):
    id: Name
    title: str
    source: Source


class Category(_Strict):
    name: Name
    title: str
    stage: str | None = None  # the stage a strand of this category normally starts at
    source: Source


class ExclusionWhen(_Strict):
    """Exactly one trigger: a submission flag set, aspects carrying an aspect flag, aspects of
    a kind, or the time limit missed.

    ``wholly``: an aspect trigger that excludes only when it covers every aspect still in
    scope; otherwise the aspects stay in, as part of the wider complaint. ``unless_flag``: a
    submission flag that, when set, keeps the matter in scope.
    """

    flag: str | None = None
    aspect_flag: str | None = None
    aspect_kind: AspectKind | None = None
    out_of_time: bool = False
    wholly: bool = False
    unless_flag: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ExclusionWhen:
        triggers = [self.flag, self.aspect_flag, self.aspect_kind]
        if sum(t is not None for t in triggers) + self.out_of_time != 1:
            raise ValueError(
                "when: give exactly one of flag, aspect_flag, aspect_kind, out_of_time: true"
            )
        if self.wholly and self.aspect_flag is None and self.aspect_kind is None:
            raise ValueError("wholly: only an aspect_flag or aspect_kind trigger can be wholly")
        return self

    @property
    def per_aspect(self) -> bool:
        return self.aspect_flag is not None or self.aspect_kind is not None


class Exclusion(_Strict):
    rule: Name
    when: ExclusionWhen
    reason: str
    # Where the complainant should go instead, said in the letter that answers the
    # exclusion (seed 001 §3 "we will write to you to explain why"; seed 002 ¶11 signposting).
    signpost: str = Field(min_length=1)
    # Why matched aspects stay in scope when the rule does not exclude them (``when.wholly``
    # and a wider complaint, or ``when.unless_flag`` set): recorded in the explanation.
    kept: str | None = None
    referral: str | None = None  # a referral rule fired with the exclusion (signposting)
    source: Source

    @model_validator(mode="after")
    def _kept(self) -> Exclusion:
        keeps = self.when.wholly or self.when.unless_flag is not None
        if keeps and not self.kept:
            raise ValueError(
                "kept: required when when.wholly or when.unless_flag can keep aspects in scope"
            )
        if self.kept and not keeps:
            raise ValueError("kept: only for a rule with when.wholly or when.unless_flag")
        return self


# The kinds of body a copy or referral goes to (issue 18): notifications addresses each
# through its directory entry for the case (`services.notifications.domain.recipients`).
BodyKind = Literal[
    "imb",
    "ds_complaints",
    "ie_manager",
    "provider",
    "psu",
    "police",
    "social_care",
    "healthcare_manager",
    "care_management",
    "contract_monitoring",
    "school",
    "officer",
    "mp",
    "cco",
    "complainant",
]


class Referral(_Strict):
    rule: Name
    to: str
    kind: BodyKind  # who receives it (``complainant``: signposting, not a body)
    letter: str = "referral"  # its template
    urgency: Literal["immediate", "prompt", "within", "normal"] = "normal"
    within: TimescaleField | None = None
    reason: str
    data_shared: list[str] = Field(default_factory=list)
    # The data the body may see (`common.contracts.events.RecipientData`).
    data: Literal["concern", "relevant", "complaint", "none"] = "concern"
    # Held until the Complaints Manager confirms the release (children seed 004: "confirmed
    # by the Complaints Manager with the child or young person before releasing").
    release: bool = False
    # The complainant is told the referral was made (children seed 004: "The local authority
    # should also inform the child"), when the body itself is sent it.
    inform_complainant: bool = False
    source: Source

    @model_validator(mode="after")
    def _within(self) -> Referral:
        if (self.urgency == "within") != (self.within is not None):
            raise ValueError("within: give a timescale exactly when urgency is 'within'")
        return self


class Copy(_Strict):
    rule: Name
    to: str
    kind: BodyKind  # who receives it
    letter: str = "copy"  # its template (or ``position``: an MP's letters)
    when: Literal["on_receipt", "on_routing", "with_response", "on_outcome", "on_formal"]
    consent: Literal["imb_copy", "share_with_provider"] | None = None
    marking: str | None = None
    data_shared: list[str] = Field(default_factory=list)
    # The data the body may see (`common.contracts.events.RecipientData`).
    data: Literal["complaint", "relevant", "minimal", "position", "outcome"] = "complaint"
    # Only the strand's aspects of these kinds (none listed: every aspect of the strand).
    aspect_kinds: list[AspectKind] = Field(default_factory=list)
    # Sent with the referral of this rule, showing its parts (children seed 004: the parts
    # for the registered provider "should also be sent to ... care management team").
    with_referral: Name | None = None
    source: Source


class TimeLimit(_Strict):
    timescale: TimescaleField
    required: bool = False  # an incident_date must be given
    discretion: str
    source: Source


class Representations(_Strict):
    types: list[Literal["compliment", "representation"]]
    recorded: str
    source: Source


class GoodPractice(_Strict):
    """What a good-practice procedure adds to every procedure that includes it."""

    clocks: dict[Name, Clock] = Field(default_factory=dict)
    forbidden_stage_names: list[str] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)


class Procedure(_Strict):
    name: Name
    title: str
    seed: Annotated[str, Field(pattern=r"^\d{3}$")]
    kind: Literal["complaints", "good-practice"] = "complaints"
    includes: list[str] = Field(default_factory=list)
    nations: list[Nation] = Field(min_length=1)
    nations_source: Source
    aspect_kinds: list[AspectKind] = Field(default_factory=lambda: list(AspectKind))
    aspect_kinds_source: Source | None = None
    flags: list[str] = Field(default_factory=list)
    owners: list[Owner] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    entry_stage: str | None = None
    categories: list[Category] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    referrals: list[Referral] = Field(default_factory=list)
    copies: list[Copy] = Field(default_factory=list)
    time_limit: TimeLimit | None = None
    representations: Representations | None = None
    good_practice: GoodPractice | None = None

    @model_validator(mode="after")
    def _check_references(self) -> Procedure:
        problems = kind_problems(self) + reference_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # -- look-ups used by routing ---------------------------------------------------------

    @property
    def submittable(self) -> bool:
        return self.kind == "complaints"

    def stage(self, name: str) -> Stage:
        """The stage called ``name``; `KeyError` lists the defined ones (also below)."""
        return _one(self.stages, "name", name, f"{self.name} stage")

    def owner(self, id_: str) -> Owner:
        return _one(self.owners, "id", id_, f"{self.name} owner")

    def category(self, name: str) -> Category:
        return _one(self.categories, "name", name, f"{self.name} category")

    def referral(self, rule: str) -> Referral:
        return _one(self.referrals, "rule", rule, f"{self.name} referral rule")

    def copy_rule(self, rule: str) -> Copy:
        return _one(self.copies, "rule", rule, f"{self.name} copy rule")


def _one(items: list[Any], attr: str, value: str, what: str) -> Any:
    for item in items:
        if getattr(item, attr) == value:
            return item
    known = ", ".join(getattr(i, attr) for i in items) or "none"
    raise KeyError(f"unknown {what} {value!r} (defined: {known})")
