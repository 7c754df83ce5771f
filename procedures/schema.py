"""The shape of a procedure file, validated when it is loaded (see `procedures` for the format).

Field-level problems (a negative amount, a typo in a key) come from pydantic; the checks
that need the whole file (an owner or stage referenced but not defined, an extension cap
below the default, duplicate names) are in `Procedure._check_references`, and each names
the field it is about, e.g. ``stages[1].owner``. The loader adds the file name.

The parts live in their own modules and are re-exported here: the shared field types
(`procedures.fields`), stages and their clocks (`procedures.stages`), and the routing
rules (`procedures.routing_rules`). This module holds the procedure itself and its
smaller parts (owners, categories, the time limit, representations, good practice).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from common.contracts.submission import AspectKind, Nation
from procedures.fields import Name, Source, Strict, TimescaleField

# Re-exported: the parts other modules name as ``procedures.schema.<part>``.
from procedures.routing_rules import Copy as Copy
from procedures.routing_rules import Exclusion as Exclusion
from procedures.routing_rules import Referral as Referral
from procedures.stages import CLOCK_ROLES as CLOCK_ROLES
from procedures.stages import CLOCK_STARTS as CLOCK_STARTS
from procedures.stages import Clock as Clock
from procedures.stages import ClockRole as ClockRole
from procedures.stages import Duty as Duty
from procedures.stages import Stage as Stage
from procedures.stages import Transition as Transition
from procedures.validation import kind_problems, reference_problems


class Owner(Strict):
    id: Name
    title: str
    source: Source


class Category(Strict):
    name: Name
    title: str
    stage: str | None = None  # the stage a strand of this category normally starts at
    source: Source


class TimeLimit(Strict):
    timescale: TimescaleField
    required: bool = False  # an incident_date must be given
    discretion: str
    source: Source


class Representations(Strict):
    types: list[Literal["compliment", "representation"]]
    recorded: str
    source: Source


class GoodPractice(Strict):
    """What a good-practice procedure adds to every procedure that includes it."""

    clocks: dict[Name, Clock] = Field(default_factory=dict)
    forbidden_stage_names: list[str] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)


class Procedure(Strict):
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
