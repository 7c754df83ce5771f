"""What a routing decision says: strands, referrals, copies, exclusions and the rules fired.

Everything here is plain data, so a decision can be stored, explained (`complaints route
explain`) and turned into `case.routed` / `case.referred` / `case.excluded` events.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from common.contracts.events import FieldError, RuleFired
from common.contracts.recipients import Recipient


class AspectRef(BaseModel):
    """One aspect of the submission, by its index in ``submission.aspects``."""

    index: int
    kind: str


class Strand(BaseModel):
    """A part of a complaint with its own owner and clocks (a split complaint has several).

    ``minimal`` marks a strand whose events carry only the complainant's details and the
    subject (dso healthcare in Scotland and Northern Ireland). ``clocks`` names the clocks
    the deadlines service runs, looked up with `procedures.clock_for`.
    """

    strand: int
    procedure: str
    stage: str
    category: str
    owner: str
    aspects: list[AspectRef]
    minimal: bool = False
    clocks: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)


class Referral(BaseModel):
    """A referral outside the owning team (police, children's social care, a provider...)."""

    rule: str
    to: str
    urgency: Literal["immediate", "prompt", "within", "normal"]
    reason: str
    data_shared: list[str] = Field(default_factory=list)
    source: str
    aspects: list[int] = Field(default_factory=list)
    strand: int | None = None
    due: date | None = None


class Copy(BaseModel):
    """Someone sent a copy of the complaint, its response or its outcome."""

    rule: str
    to: str
    when: str
    marking: str | None = None
    data_shared: list[str] = Field(default_factory=list)
    source: str
    strand: int | None = None


class Exclusion(BaseModel):
    """A matter not dealt with; ``aspects`` empty means the whole complaint. ``signpost``
    says where the complainant goes instead (the procedure rule's)."""

    rule: str
    reason: str
    signpost: str = ""
    source: str
    aspects: list[int] = Field(default_factory=list)


class Representation(BaseModel):
    """A compliment or other representation: recorded and reported, not run as a complaint."""

    type: Literal["compliment", "representation"]
    recorded: str
    source: str


class RoutingDecision(BaseModel):
    """Who owns which part of a complaint, who else is told, and why, in words."""

    procedure: str
    partner_ref: str
    nation: str
    calendar: str
    received_on: date
    strands: list[Strand] = Field(default_factory=list)
    referrals: list[Referral] = Field(default_factory=list)
    copies: list[Copy] = Field(default_factory=list)
    exclusion: Exclusion | None = None
    excluded_aspects: list[Exclusion] = Field(default_factory=list)
    representation: Representation | None = None
    # Everyone told, with the rule, the kind of body, the letter, when and the data it may
    # see (issue 18); the events carry them (`events.decision_messages`).
    recipients: list[Recipient] = Field(default_factory=list)
    rules: list[RuleFired] = Field(default_factory=list)

    def fired(self, rule: str) -> list[RuleFired]:
        """The explanations recorded under ``rule`` (empty if it did not fire)."""
        return [r for r in self.rules if r.rule == rule]


class RoutingRejected(Exception):  # noqa: N818 - a domain outcome, named as the contract says
    """The submission cannot be routed; every error names the field and the rule it broke."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message} [{e.rule}]" for e in errors))
