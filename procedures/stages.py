"""A procedure's stages: their clocks, escalation, transitions and duties.

What a clock is for (`ClockRole`), where it starts (`CLOCK_STARTS`), which lifecycle
facts finish or recount it, and how a case leaves a stage (`Transition`); each model
checks what it can on its own. Part of the procedure file format (`procedures.schema`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from common.contracts.lifecycle_facts import LIFECYCLE_FACTS as RECORDS_FACTS
from common.timescales import Unit
from procedures.fields import Name, Source, Strict, TimescaleField

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


class Clock(Strict):
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


class Escalation(Strict):
    """Where a complainant goes after the stage, and within what window (None: seed is silent)."""

    body: str
    window: TimescaleField | None = None
    starts: str = "response_received"
    source: Source


class Transition(Strict):
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


class Duty(Strict):
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


class Stage(Strict):
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
