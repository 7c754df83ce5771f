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
from dataclasses import dataclass, replace
from datetime import date

from procedures.schema import Procedure, Stage
from services.records.domain.actions import Action, Status
from services.records.domain.errors import Refusal
from services.records.domain.step_stages import MOVING_STEPS, STEP_STAGES, steps_at

__all__ = [
    "MOVING_STEPS",
    "STEP_STAGES",
    "Action",
    "IllegalAction",
    "StageFacts",
    "Status",
    "allowed_actions",
    "check",
    "moves",
    "next_stage",
    "steps_at",
]


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
    """What the state machine needs to know about the current stage beyond the status:
    whether it is acknowledged (and must be), and which of the seeds' steps it offers."""

    acknowledged: bool = False
    needs_acknowledgement: bool = False
    steps: frozenset[str] = frozenset()
    # The complainant may ask for the next stage now: the stage was answered, or its
    # time limit passed unanswered where the procedure gives that right (children stage 1:
    # "can ... progress to Stage 2"); ``ask_from`` is the first day of that right.
    may_ask: bool = False
    ask_from: date | None = None
    # The officers named have been asked for comments (at routing: the strand's
    # ``officer_comments`` clock, seed 003; or `request-comments`) and have not answered.
    comments_asked: bool = False
    # The lifecycle facts that move a case out of the stage (its ``transitions``): a step
    # whose fact is one of them moves the case as an escalation does (children stage 2:
    # ``panel-requested`` -> stage 3).
    moves: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        stage: Stage | None,
        *,
        acknowledged: bool,
        procedure: str = "",
        may_ask: bool = False,
        ask_from: date | None = None,
        comments_asked: bool = False,
    ) -> StageFacts:
        """A stage needs acknowledging when it has a clock of ``role: acknowledgement``;
        its steps are `STEP_STAGES`' for the procedure and stage."""
        needs = stage is not None and any(
            c.role == "acknowledgement" for c in stage.clocks.values()
        )
        steps = steps_at(procedure, stage.name) if stage is not None else frozenset()
        moves = frozenset(
            t.fact for t in (stage.transitions if stage is not None else ()) if t.by != "time_limit"
        )
        return cls(
            acknowledged=acknowledged,
            needs_acknowledgement=needs,
            steps=steps,
            may_ask=may_ask,
            ask_from=ask_from,
            comments_asked=comments_asked,
            moves=moves,
        )


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


def _comments_guard(facts: StageFacts) -> str | None:
    if facts.comments_asked:
        return None
    return "no officer's comments are awaited (none were asked for, or they are recorded)"


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
    # Comments asked for at routing (seed 003: "send details of the complaint to those
    # named") are recorded as they come, whatever the case's step; once asked again by
    # `request-comments` the investigation goes on when they arrive.
    Action.RECORD_COMMENTS: Rule(
        STARTED | {S.ACKNOWLEDGED} | ASSIGNED,
        lambda cur: S.INVESTIGATING if cur is S.COMMENTS_REQUESTED else None,
        _comments_guard,
    ),
    Action.INVESTIGATE: Rule(frozenset({S.OFFICER_ASSIGNED}), _to(S.INVESTIGATING)),
    Action.RESPOND: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _to(S.RESPONDED), _respond_guard),
    Action.EXTEND: Rule(ACTIVE | {S.SUSPENDED}, _stay),  # deadlines extends a stopped clock
    Action.ESCALATE: Rule(frozenset({S.RESPONDED}), _to(S.ESCALATED)),
    Action.AUTO_PROGRESS: Rule(ACTIVE, _to(S.ESCALATED)),
    Action.SUSPEND: Rule(ACTIVE, _to(S.SUSPENDED)),
    Action.RESUME: Rule(frozenset({S.SUSPENDED}), _stay),  # back to where it was
    Action.MERGE: Rule(ACTIVE, _to(S.MERGED)),
    Action.RESTRICT: Rule(ANY - {S.MERGED}, _stay),
    Action.CLOSE: Rule(ACTIVE | {S.RESPONDED, S.SUSPENDED}, _to(S.CLOSED)),
    Action.ADD_CORRESPONDENCE: Rule(ANY - {S.MERGED}, _stay),
    Action.ERASE_OR_REDACT: Rule(ANY, _stay),
    Action.CONFIRM_RELEASE: Rule(ACTIVE | {S.SUSPENDED, S.RESPONDED}, _stay),
    Action.RECORD_ADVOCACY: Rule(ANY - {S.MERGED}, _stay),
    Action.RECORD_FEEDBACK: Rule(ANY - {S.MERGED}, _stay),
    # Steps: where each may be taken; which stage it belongs to is `steps.STEP_STAGES`.
    Action.CONCLUDE_INVESTIGATION: Rule(ASSIGNED, _stay),
    Action.DECIDE_PROVIDER_SPLIT: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.AGREE_STATEMENT: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.SEND_DRAFT_REPORT: Rule(ASSIGNED, _stay),
    Action.SEND_FINAL_REPORT: Rule(ASSIGNED, _stay),
    Action.ADJUDICATE: Rule(ASSIGNED, _to(S.RESPONDED), _respond_guard),  # stage 2 answered
    Action.REQUEST_PANEL: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.SCHEDULE_PANEL: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.SEND_PANEL_PAPERS: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.HOLD_PANEL: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.REPORT_PANEL: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.RECORD_DIRECTOR_RESPONSE: Rule(
        STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _to(S.RESPONDED), _respond_guard
    ),
    Action.QUALITY_ASSURE: Rule(STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _stay),
    Action.RECORD_ORAL_RESPONSE: Rule(
        STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _to(S.RESPONDED), _respond_guard
    ),
    Action.RECORD_EARLY_RESOLUTION: Rule(
        STARTED | {S.ACKNOWLEDGED} | ASSIGNED, _to(S.RESPONDED), _respond_guard
    ),
    Action.RECORD_NEW_EVIDENCE: Rule(frozenset({S.RESPONDED}), _stay),
    Action.REVIEW_DCO_CERTIFICATION: Rule(ASSIGNED | {S.ACKNOWLEDGED, S.RESPONDED}, _stay),
    Action.GIVE_STAFF_GUIDANCE: Rule(ASSIGNED | {S.ACKNOWLEDGED, S.RESPONDED}, _stay),
    # Alternatives: the module checks the procedure, stage and its own state.
    Action.MEDIATION: Rule(ACTIVE | {S.RESPONDED, S.SUSPENDED}, _stay),
    Action.EARLY_REFERRAL: Rule(frozenset({S.RESPONDED}), _stay),
    Action.HEALTHCARE_ESCALATION: Rule(frozenset({S.RESPONDED, S.CLOSED}), _stay),
    **{a: Rule(ACTIVE | {S.RESPONDED, S.SUSPENDED}, _stay) for a in (
        Action.RECORD_ELIGIBILITY, Action.DECIDE_LEAD_AUTHORITY, Action.FREEZE_DECISION,
        Action.CONCURRENT_PROCEDURE)},  # fmt: skip
}


def _step_guard(action: Action, facts: StageFacts) -> str | None:
    if action not in STEP_STAGES or action in facts.steps:
        return None
    where, source = STEP_STAGES[action]
    stages = ", ".join(f"{p} {s}" for p, s in sorted(where))
    return f"not a step of this stage: it belongs to {stages} ({source})"


# Actions people take (auto-progress is the deadlines service's, never offered).
OFFERED = tuple(a for a in Action if a is not Action.AUTO_PROGRESS)


def moves(action: Action, facts: StageFacts) -> bool:
    """Whether ``action`` moves the case to another stage here (the stage's transitions)."""
    return MOVING_STEPS.get(action) in facts.moves


def _sources(action: Action, facts: StageFacts) -> frozenset[Status]:
    """Where ``action`` may start: its rule's statuses, and for an escalation (or a step
    the stage machine makes a move, e.g. a Review Panel asked for at stage 2) the answered
    stage, also a stage still being worked once the complainant's right to ask unanswered
    has opened."""
    if action is not Action.ESCALATE and moves(action, facts):
        return _sources(Action.ESCALATE, facts)
    if action is Action.ESCALATE and facts.may_ask:
        return RULES[action].sources | ACTIVE
    return RULES[action].sources


def _known(facts: StageFacts, current: Status) -> StageFacts:
    """``facts`` with what the status itself says (asked for comments: they are awaited)."""
    if current is S.COMMENTS_REQUESTED and not facts.comments_asked:
        return replace(facts, comments_asked=True)
    return facts


def allowed_actions(status: str, facts: StageFacts) -> list[str]:
    """Every action a person may take now, in the order of the lifecycle."""
    current = Status(status)
    facts = _known(facts, current)
    return [
        str(a)
        for a in OFFERED
        if current in _sources(a, facts)
        and RULES[a].guard(facts) is None
        and _step_guard(a, facts) is None
    ]


def check(
    action: Action, *, case_ref: str, status: str, stage: str, facts: StageFacts
) -> Status | None:
    """The status ``action`` leads to (None: unchanged), or `IllegalAction` saying why not."""
    current = Status(status)
    facts = _known(facts, current)
    rule = RULES[action]
    allowed = allowed_actions(status, facts)
    if current not in _sources(action, facts):
        why = f"not allowed when {status}"
        if moves(action, facts) and facts.ask_from is not None:
            why += ": the stage must be answered first, or the complainant may ask from "
            why += f"{facts.ask_from}"
        raise IllegalAction(case_ref, status, stage, action, why, allowed)
    why = _step_guard(action, facts) or rule.guard(facts)
    if why:
        raise IllegalAction(case_ref, status, stage, action, why, allowed)
    if action is not Action.ESCALATE and moves(action, facts):
        return RULES[Action.ESCALATE].target(current)
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
