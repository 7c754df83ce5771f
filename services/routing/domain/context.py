"""The working state of one routing decision, and the helpers rules use to add to it.

Rules never build strands, referrals or copies by hand: they name a stage, a category, a
referral or copy ``rule`` from the procedure file, and `RoutingContext` fills in the words,
the clocks and the seed citation, and records the rule in the explanation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from common.contracts.events import RuleFired
from common.contracts.submission import Aspect, Submission
from common.timescales import Unit
from procedures.schema import Procedure
from services.routing.domain.models import (
    AspectRef,
    Copy,
    Exclusion,
    Referral,
    Representation,
    RoutingDecision,
    Strand,
)


class Due(Protocol):
    @property
    def due(self) -> date: ...


class Calendar(Protocol):
    """The part of `common.workdays.Calendar` routing needs."""

    def add_working_days(self, start: date, n: int) -> Due: ...

    def working_days_between(self, a: date, b: date) -> int: ...


CalendarFor = Callable[[str], Calendar]


@dataclass
class RoutingContext:
    submission: Submission
    procedure: Procedure
    today: date
    received_on: date
    calendar: Calendar
    flags: dict[str, Any]
    aspect_flags: list[dict[str, Any]]
    strands: list[Strand] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    rules: list[RuleFired] = field(default_factory=list)
    exclusion: Exclusion | None = None
    excluded_aspects: list[Exclusion] = field(default_factory=list)
    representation: Representation | None = None
    late_accepted: bool = False

    # -- reading the submission -----------------------------------------------------------

    def flag(self, name: str) -> Any:
        """A submission-level flag's value (None when not sent)."""
        return self.flags.get(name)

    def aspect_flag(self, index: int, name: str) -> Any:
        """A flag of aspect ``index`` (None when not sent)."""
        return self.aspect_flags[index].get(name)

    @property
    def active_aspects(self) -> list[int]:
        """Indexes of the aspects still to be dealt with (not excluded)."""
        dropped = {i for e in self.excluded_aspects for i in e.aspects}
        return [i for i in range(len(self.submission.aspects)) if i not in dropped]

    def aspects_of(self, *kinds: str, among: Iterable[int] | None = None) -> list[int]:
        """Indexes of the aspects of ``kinds``, among the active ones unless told otherwise."""
        pool = self.active_aspects if among is None else list(among)
        return [i for i in pool if self.aspect(i).kind in kinds]

    def aspect(self, index: int) -> Aspect:
        return self.submission.aspects[index]

    # -- recording ------------------------------------------------------------------------

    def fire(self, rule: str, reason: str, source: str = "") -> None:
        """Record a rule in the explanation, in words, with its seed citation."""
        self.rules.append(RuleFired(rule=rule, reason=reason, source=source))

    def add_strand(
        self,
        *,
        stage: str,
        category: str,
        aspects: Iterable[int],
        because: str,
        source: str = "",
        owner: str | None = None,
        minimal: bool = False,
        flags: Iterable[str] = (),
        conditional_clocks: Iterable[str] = (),
    ) -> Strand:
        """A new strand at ``stage``: the stage's clocks plus the conditional ones named."""
        stage_def = self.procedure.stage(stage)
        self.procedure.category(category)
        owner = owner or stage_def.owner
        self.procedure.owner(owner)
        clocks = [n for n, c in stage_def.clocks.items() if not c.conditional]
        for name in conditional_clocks:
            if name not in stage_def.clocks or not stage_def.clocks[name].conditional:
                raise KeyError(f"{self.procedure.name} stage {stage!r} has no conditional {name!r}")
            clocks.append(name)
        strand = Strand(
            strand=len(self.strands) + 1,
            procedure=self.procedure.name,
            stage=stage,
            category=category,
            owner=owner,
            aspects=[AspectRef(index=i, kind=str(self.aspect(i).kind)) for i in aspects],
            minimal=minimal,
            clocks=clocks,
            flags=list(flags),
        )
        self.strands.append(strand)
        title = self.procedure.owner(owner).title
        self.fire(
            f"{category.replace('-', '_')}_strand",
            f"strand {strand.strand}: {because}; {stage_def.title}, owned by {title}",
            source or stage_def.source,
        )
        return strand

    def refer(
        self,
        rule: str,
        *,
        aspects: Iterable[int] = (),
        strand: Strand | None = None,
        to: str | None = None,
    ) -> Referral:
        """Fire the procedure's referral ``rule``; a 'within' referral gets its due date."""
        spec = self.procedure.referral(rule)
        due = None
        if spec.urgency == "immediate":
            due = self.received_on
        elif spec.within is not None and spec.within.unit is Unit.WORKING_DAYS:
            due = self.calendar.add_working_days(self.received_on, spec.within.amount).due
        referral = Referral(
            rule=rule,
            to=to or spec.to,
            urgency=spec.urgency,
            reason=spec.reason,
            data_shared=list(spec.data_shared),
            source=spec.source,
            aspects=list(aspects),
            strand=strand.strand if strand else None,
            due=due,
        )
        self.referrals.append(referral)
        when = f"within {spec.within}" if spec.within else spec.urgency
        self.fire(rule, f"referred to {referral.to} ({when}): {spec.reason}", spec.source)
        return referral

    def copy(self, rule: str, *, strand: Strand | None = None) -> Copy | None:
        """Fire the procedure's copy ``rule``, unless it needs an authority not granted."""
        spec = self.procedure.copy_rule(rule)
        if spec.consent is not None and not getattr(self.submission.consent, spec.consent):
            self.fire(rule, f"not copied to {spec.to}: no authority ({spec.consent})", spec.source)
            return None
        copy = Copy(
            rule=rule,
            to=spec.to,
            when=spec.when,
            marking=spec.marking,
            data_shared=list(spec.data_shared),
            source=spec.source,
            strand=strand.strand if strand else None,
        )
        self.copies.append(copy)
        marked = f", marked '{spec.marking}'" if spec.marking else ""
        shared = ", ".join(spec.data_shared) or "nothing"
        self.fire(
            rule, f"copy to {spec.to} {spec.when.replace('_', ' ')}{marked}: {shared}", spec.source
        )
        return copy

    def decision(self) -> RoutingDecision:
        """The finished decision."""
        sub = self.submission
        return RoutingDecision(
            procedure=self.procedure.name,
            partner_ref=sub.partner_ref,
            nation=str(sub.nation),
            calendar=sub.nation.calendar,
            received_on=self.received_on,
            strands=self.strands,
            referrals=self.referrals,
            copies=self.copies,
            exclusion=self.exclusion,
            excluded_aspects=self.excluded_aspects,
            representation=self.representation,
            rules=self.rules,
        )
