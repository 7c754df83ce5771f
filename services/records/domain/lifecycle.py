"""The lifecycle of a strand as a state machine, driven by its procedure's data.

States (a case's ``status``)::

    open -> acknowledged -> officer-assigned -> comments-requested -> investigating
         -> responded -> escalated (the next stage: as open again) ... -> closed
    any active state <-> suspended;  any active state -> merged (into another case)
    excluded (routed as not dealt with: the complainant is told why; only filed, restricted,
    corresponded with or erased)

``extended`` and ``restricted`` are facts about the current state, not states: the
status stays. Which steps a stage needs comes from the procedure file (seed in brackets):

- a stage with a clock of ``role: acknowledgement`` must be acknowledged before it is answered
  (hmip 5 wd, spso stage 2 3 wd, children stage 1 3 wd); others may be answered at once
  (spso frontline "on the spot", dso "acknowledged; details of investigating officer");
- ``escalate`` goes to the stage's ``next_stage``; a stage without one names its external
  route instead (dso service delivery -> IEC), a ``final`` stage says it is final;
- a stage with the ``independent_person`` duty needs one named when the officer is
  assigned (children stage 2, Regulation 17(2));
- ``extend`` needs a clock of the stage and stays within its ``extension_cap``.

An action not allowed now raises `IllegalAction`, naming the state and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from procedures.schema import Procedure, Stage
from services.records.domain.errors import Refusal


class Status(StrEnum):
    PENDING = "pending"  # filed before its routing arrived
    EXCLUDED = "excluded"  # routed as not dealt with under the procedure: filed, answered
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    OFFICER_ASSIGNED = "officer-assigned"
    COMMENTS_REQUESTED = "comments-requested"
    INVESTIGATING = "investigating"
    RESPONDED = "responded"
    ESCALATED = "escalated"
    SUSPENDED = "suspended"
    MERGED = "merged"
    CLOSED = "closed"


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    ASSIGN_OFFICER = "assign-officer"
    REQUEST_COMMENTS = "request-comments"
    RECORD_COMMENTS = "record-comments"
    INVESTIGATE = "investigate"
    RESPOND = "respond"
    EXTEND = "extend"
    ESCALATE = "escalate"
    AUTO_PROGRESS = "auto-progress"
    SUSPEND = "suspend"
    RESUME = "resume"
    MERGE = "merge"
    RESTRICT = "restrict"
    CLOSE = "close"
    ADD_CORRESPONDENCE = "add-correspondence"
    ERASE_OR_REDACT = "erase-or-redact"


S = Status
# Being worked: clocks may run, the case may be suspended, merged or extended.
ACTIVE = frozenset(
    {S.OPEN, S.ACKNOWLEDGED, S.OFFICER_ASSIGNED, S.COMMENTS_REQUESTED, S.INVESTIGATING, S.ESCALATED}
)
STARTED = frozenset({S.OPEN, S.ESCALATED})  # a stage entered, nothing done yet
ASSIGNED = frozenset({S.OFFICER_ASSIGNED, S.COMMENTS_REQUESTED, S.INVESTIGATING})
ANY = frozenset(Status) - {S.PENDING}


class IllegalAction(Refusal):
    """The action is not allowed in the case's current state."""

    def __init__(
        self, case_ref: str, status: str, stage: str, action: str, why: str, allowed: list[str]
    ):
        self.status, self.action, self.allowed = status, action, list(allowed)
        now = ", ".join(self.allowed) or "nothing (the case is finished)"
        super().__init__(
            f"case {case_ref} is {status} at stage {stage or '-'}: cannot {action}: {why}. "
            f"Allowed now: {now}"
        )


@dataclass(frozen=True)
class StageFacts:
    """What the state machine needs to know about the current stage beyond the status."""

    acknowledged: bool = False
    needs_acknowledgement: bool = False

    @classmethod
    def of(cls, stage: Stage | None, *, acknowledged: bool) -> StageFacts:
        """A stage needs acknowledging when it has a clock of ``role: acknowledgement``."""
        needs = stage is not None and any(
            c.role == "acknowledgement" for c in stage.clocks.values()
        )
        return cls(acknowledged=acknowledged, needs_acknowledgement=needs)


@dataclass(frozen=True)
class Rule:
    """Where an action may start, where it leads (None: the status stays), and a guard."""

    sources: frozenset[Status]
    target: Callable[[Status], Status | None]
    guard: Callable[[StageFacts], str | None] = lambda facts: None


def _to(status: Status) -> Callable[[Status], Status]:
    return lambda _current: status


def _stay(_current: Status) -> None:
    return None


def _ack_guard(facts: StageFacts) -> str | None:
    return "the stage is already acknowledged" if facts.acknowledged else None


def _respond_guard(facts: StageFacts) -> str | None:
    if facts.needs_acknowledgement and not facts.acknowledged:
        return "this stage must be acknowledged before it is answered"
    return None


RULES: dict[Action, Rule] = {
    Action.ACKNOWLEDGE: Rule(  # also while suspended: the complainant hears all the same
        STARTED | ASSIGNED | {S.SUSPENDED},
        lambda cur: S.ACKNOWLEDGED if cur in STARTED else None,
        _ack_guard,
    ),
    Action.ASSIGN_OFFICER: Rule(
        STARTED | {S.ACKNOWLEDGED} | ASSIGNED,
        lambda cur: None if cur in ASSIGNED else S.OFFICER_ASSIGNED,
    ),
    Action.REQUEST_COMMENTS: Rule(
        frozenset({S.OFFICER_ASSIGNED, S.INVESTIGATING}), _to(S.COMMENTS_REQUESTED)
    ),
    Action.RECORD_COMMENTS: Rule(frozenset({S.COMMENTS_REQUESTED}), _to(S.INVESTIGATING)),
    Action.INVESTIGATE: Rule(frozenset({S.OFFICER_ASSIGNED}), _to(S.INVESTIGATING)),
    Action.RESPOND: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _to(S.RESPONDED), _respond_guard),
    Action.EXTEND: Rule(ACTIVE, _stay),
    Action.ESCALATE: Rule(frozenset({S.RESPONDED}), _to(S.ESCALATED)),
    Action.AUTO_PROGRESS: Rule(ACTIVE, _to(S.ESCALATED)),
    Action.SUSPEND: Rule(ACTIVE, _to(S.SUSPENDED)),
    Action.RESUME: Rule(frozenset({S.SUSPENDED}), _stay),  # back to where it was
    Action.MERGE: Rule(ACTIVE, _to(S.MERGED)),
    Action.RESTRICT: Rule(ANY - {S.MERGED}, _stay),
    Action.CLOSE: Rule(ACTIVE | {S.RESPONDED, S.SUSPENDED}, _to(S.CLOSED)),
    Action.ADD_CORRESPONDENCE: Rule(ANY - {S.MERGED}, _stay),
    Action.ERASE_OR_REDACT: Rule(ANY, _stay),
}

# Actions people take (auto-progress is the deadlines service's, never offered).
OFFERED = tuple(a for a in Action if a is not Action.AUTO_PROGRESS)


def allowed_actions(status: str, facts: StageFacts) -> list[str]:
    """Every action a person may take now, in the order of the lifecycle."""
    current = Status(status)
    return [
        str(a) for a in OFFERED if current in RULES[a].sources and RULES[a].guard(facts) is None
    ]


def check(
    action: Action, *, case_ref: str, status: str, stage: str, facts: StageFacts
) -> Status | None:
    """The status ``action`` leads to (None: unchanged), or `IllegalAction` saying why not."""
    current = Status(status)
    rule = RULES[action]
    allowed = allowed_actions(status, facts)
    if current not in rule.sources:
        raise IllegalAction(case_ref, status, stage, action, f"not allowed when {status}", allowed)
    why = rule.guard(facts)
    if why:
        raise IllegalAction(case_ref, status, stage, action, why, allowed)
    return rule.target(current)


def next_stage(
    procedure: Procedure, stage: str, *, case_ref: str, status: str, facts: StageFacts
) -> Stage:
    """The stage an escalation leads to, from the procedure file, or why there is none."""
    here = procedure.stage(stage)
    if here.next_stage:
        return procedure.stage(here.next_stage)
    if here.final:
        why = f"stage {stage} is final in {procedure.name} ({here.source})"
    else:
        why = f"stage {stage} is the last stage of {procedure.name}"
    if here.escalation is not None:
        why += f"; the complainant's route now is external: {here.escalation.body}"
    allowed = [a for a in allowed_actions(status, facts) if a != Action.ESCALATE]
    raise IllegalAction(case_ref, status, stage, Action.ESCALATE, why, allowed)
