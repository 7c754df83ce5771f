"""Alternatives to the formal route, each a typed record on the file (``alternatives``):

- mediation / alternative dispute resolution, offered and recorded with its outcome. It
  never stops the complainant's clock unless they agree; if they do, the case is suspended
  with reason ``mediation`` (the same suspension as any other, so deadlines stops the
  clock) and resumed when the mediation ends (seed 003 "Mediation and restorative
  engagement"; seed 004 "Alternative Dispute Resolution");
- early referral to the Local Government and Social Care Ombudsman after stage 2, with
  the complainant's agreement and an agreed written statement (seed 004 "Early Referral");
- DS Complaints' facilitated escalation of a Scottish or Northern Irish healthcare
  complaint to the appropriate Ombudsman, as a task with an owner (seed 000).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from services.records.domain.alternative_records import (
    LGSCO,
    EarlyReferral,
    HealthcareTask,
    Mediation,
    encode,
    next_id,
    records,
    save,
)
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import Command
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import ACTIVE, Action, Status
from services.records.domain.model import Change, Context, current_stage
from services.records.domain.stages import day, iso

SEED_003_MEDIATION = (
    'seed 003 "complainants should not be prevented from escalating their concerns to the '
    "next stage of the process if they feel that mediation or restorative conversations have "
    'broken down or they do not wish to use this route"'
)
SEED_004_ADR = 'seed 004 "Alternative Disputes Resolution may be considered for example, mediation"'
SEED_004_EARLY = (
    'seed 004 "The authority can only consider this option once Stage 2 has been concluded '
    "and the complainant has received the authority's final position on the complaints\""
)
SEED_004_AGREES = (
    'seed 004 "Where this is the case, and the complainant agrees, the Complaints Manager can '
    'then approach the Local Government and Social Care Ombudsman"'
)
SEED_004_STATEMENT = (
    'seed 004 "the local authority and the complainant should agree a written statement of '
    'the complaint for release, by the authority, to the Ombudsman"'
)
SEED_000_HEALTHCARE = (
    'seed 000 "DS Complaints will facilitate the escalation of healthcare complaints in '
    'detention (Scotland and Northern Ireland) to the appropriate Ombudsman"'
)
MEDIATION_REASON = "mediation"
# The Ombudsman for public services in each devolved nation (seed 000 "appropriate").
OMBUDSMAN = {
    "scotland": "Scottish Public Services Ombudsman (SPSO)",
    "northern-ireland": "Northern Ireland Public Services Ombudsman (NIPSO)",
}


class MediationOp(StrEnum):
    OFFER = "offer"
    ACCEPT = "accept"
    DECLINE = "decline"
    OUTCOME = "outcome"


class MediationOutcome(StrEnum):
    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly-resolved"
    BROKEN_DOWN = "broken-down"
    WITHDRAWN = "withdrawn"


class Safeguard(StrEnum):
    """What stage 2 should have delivered before an early referral (seed 004)."""

    ROBUST_REPORT = "robust-report"  # "a very robust report"
    COMPLETE_ADJUDICATION = "complete-adjudication"  # "a complete adjudication"
    ALL_UPHELD = "all-upheld"  # "an outcome where all complaints have been upheld"
    ACTION_PLAN = "action-plan"  # "already providing a clear action plan for delivery"
    DESIRED_OUTCOMES = "desired-outcomes-met"  # "agrees to meet the majority or all of ..."


class TaskOp(StrEnum):
    OPEN = "open"
    DONE = "done"


@dataclass(frozen=True, kw_only=True)
class RecordMediation(Command):
    """Offer mediation (or ADR), record the complainant's answer, then its outcome."""

    action = Action.MEDIATION
    op: MediationOp
    method: str = "mediation"  # mediation | restorative-conversation | conciliation
    mediator: str = ""
    pause_clock: bool = False  # accept: the complainant agrees the clock stops meanwhile
    outcome: MediationOutcome | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReferToOmbudsmanEarly(Command):
    """Children: refer to the Ombudsman after stage 2 without a Review Panel."""

    action = Action.EARLY_REFERRAL
    complainant_agreed: bool = False
    statement: str = ""  # the written statement of the complaint, agreed
    statement_agreed_on: date | None = None
    safeguards: tuple[Safeguard, ...] = ()
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class EscalateHealthcare(Command):
    """DSO: DS Complaints' task to facilitate a devolved healthcare escalation."""

    action = Action.HEALTHCARE_ESCALATION
    op: TaskOp = TaskOp.OPEN
    owner: str = ""
    due: date | None = None
    ombudsman: str = ""
    note: str = ""


# -- mediation ------------------------------------------------------------------------------


def mediation(case: CaseLike, cmd: RecordMediation, ctx: Context, on: date) -> Change:
    """Offer, accept (stopping the clock only with the complainant's agreement), decline,
    or record the outcome (resuming a clock that mediation stopped)."""
    open_ = [m for m in records(case, Mediation) if m.status in ("offered", "accepted")]
    if cmd.op is MediationOp.OFFER:
        if open_:
            raise Refusal(f"mediation {open_[0].id} is already {open_[0].status}")
        item = Mediation(
            id=next_id(case, "M"),
            stage=case.stage or "",
            method=cmd.method or "mediation",
            mediator=cmd.mediator,
            offered_on=iso(on) or "",
            offered_by=ctx.actor,
            note=cmd.note,
        )
        save(case, item)
        words = f"{item.method.capitalize()} {item.id} offered" + (
            f" (mediator {item.mediator})" if item.mediator else ""
        )
        return Change("mediation-offered", words, {"mediation": encode(item)})
    if not open_:
        raise Refusal("no mediation is offered or under way: offer it first")
    item = open_[0]
    if cmd.op is MediationOp.DECLINE:
        if item.status != "offered":
            raise Refusal(f"mediation {item.id} was already accepted: record its outcome")
        item = item.model_copy(update={"status": "declined", "answered_on": iso(on)})
        save(case, item)
        return Change(
            "mediation-declined",
            f"Mediation {item.id} declined: the complaint goes on as before",
            {"mediation": encode(item)},
        )
    if cmd.op is MediationOp.ACCEPT:
        return _accept(case, item, cmd, ctx, on)
    return _conclude(case, item, cmd, ctx, on)


def _accept(
    case: CaseLike, item: Mediation, cmd: RecordMediation, ctx: Context, on: date
) -> Change:
    if item.status != "offered":
        raise Refusal(f"mediation {item.id} is already {item.status}")
    paused = cmd.pause_clock
    if paused and case.status not in ACTIVE:
        raise InvalidField(
            "pause_clock", f"the case is {case.status}: no stage clock runs to stop", "state"
        )
    item = item.model_copy(
        update={"status": "accepted", "answered_on": iso(on), "clock_paused": paused}
    )
    if cmd.mediator:
        item = item.model_copy(update={"mediator": cmd.mediator})
    save(case, item)
    detail = {"mediation": encode(item)}
    if not paused:
        words = f"Mediation {item.id} accepted; the clocks run on ({SEED_003_MEDIATION})"
        return Change("mediation-accepted", words, detail)
    # The complainant agreed to stop the clock: the ordinary suspension, reason "mediation".
    case.resume_to = case.status
    case.suspensions = [
        *case.suspensions,
        {"from": iso(on), "to": None, "reason": MEDIATION_REASON, "mediation": item.id},
    ]
    words = f"Mediation {item.id} accepted; the complainant agreed to stop the clock meanwhile"
    return Change(
        "suspended",
        words,
        {"reason": MEDIATION_REASON, **detail},
        Status.SUSPENDED,
        also=[("mediation-accepted", {})],
    )


def _conclude(
    case: CaseLike, item: Mediation, cmd: RecordMediation, ctx: Context, on: date
) -> Change:
    if item.status != "accepted":
        raise Refusal(f"mediation {item.id} was not accepted: record accept or decline first")
    if cmd.outcome is None:
        names = ", ".join(o.value for o in MediationOutcome)
        raise InvalidField("outcome", f"one of {names}", "required")
    item = item.model_copy(
        update={
            "status": "concluded",
            "outcome": str(cmd.outcome),
            "concluded_on": iso(on),
            "note": cmd.note or item.note,
        }
    )
    save(case, item)
    detail: dict[str, Any] = {"mediation": encode(item)}
    words = f"Mediation {item.id} ended: {cmd.outcome}" + (f". {cmd.note}" if cmd.note else "")
    last = case.suspensions[-1] if case.suspensions else {}
    if not (case.status == Status.SUSPENDED and last.get("mediation") == item.id):
        return Change("mediation-concluded", words, detail)
    back = Status(case.resume_to or Status.OPEN)
    stopped = ctx.calendar.working_days_between(day(last["from"]) or on, on)
    case.suspensions = [*case.suspensions[:-1], {**last, "to": iso(on)}]
    case.resume_to = None
    resumed = {"to_status": str(back), "suspended_from": last["from"], "working_days": stopped}
    words += f"; the clock runs again ({back}) after {stopped} working days"
    return Change("resumed", words, {**resumed, **detail}, back, also=[("mediation-concluded", {})])


# -- early referral (children) --------------------------------------------------------------


def early_referral(case: CaseLike, cmd: ReferToOmbudsmanEarly, ctx: Context, on: date) -> Change:
    """Record the early referral, checking what the platform can check."""
    if ctx.procedure.name != "children" or case.stage != "investigation":
        raise Refusal(f"early referral follows children's stage 2 only ({SEED_004_EARLY})")
    rec = current_stage(case)
    if not rec.get("responded_on"):
        raise Refusal(f"stage 2 has not been concluded ({SEED_004_EARLY})")
    if records(case, EarlyReferral):
        raise Refusal("the complaint was already referred early to the Ombudsman")
    if not cmd.complainant_agreed:
        raise InvalidField("complainant_agreed", SEED_004_AGREES, "required")
    if not cmd.statement:
        raise InvalidField("statement", SEED_004_STATEMENT, "required")
    agreed_on = cmd.statement_agreed_on or on
    if agreed_on > on:
        raise InvalidField("statement_agreed_on", f"{agreed_on} is after the referral ({on})")
    _check_safeguards(set(cmd.safeguards), rec)
    item = EarlyReferral(
        id=next_id(case, "O"),
        stage=case.stage or "",
        referred_on=iso(on) or "",
        referred_by=ctx.actor,
        complainant_agreed=True,
        statement=cmd.statement,
        statement_agreed_on=iso(agreed_on) or "",
        safeguards=[str(s) for s in cmd.safeguards],
        note=cmd.note,
    )
    save(case, item)
    words = f"Referred early to the {LGSCO} with the written statement agreed on {agreed_on}"
    return Change("referred-to-ombudsman", words, {"referral": encode(item)})


def _check_safeguards(given: set[Safeguard], rec: dict[str, Any]) -> None:
    S = Safeguard
    missing = [s for s in (S.ROBUST_REPORT, S.COMPLETE_ADJUDICATION) if s not in given]
    if missing or not ({S.ALL_UPHELD, S.ACTION_PLAN} <= given or S.DESIRED_OUTCOMES in given):
        raise InvalidField(
            "safeguards",
            'seed 004 "Stage 2 should have delivered": robust-report, complete-adjudication, '
            "and all-upheld with action-plan, or desired-outcomes-met",
            "required",
        )
    if S.ALL_UPHELD in given and rec.get("outcome") not in (None, "upheld"):
        raise InvalidField(
            "safeguards", f"stage 2's recorded outcome is {rec['outcome']}, not upheld", "state"
        )


# -- healthcare escalation (DSO, Scotland and Northern Ireland) ------------------------------


def healthcare_escalation(
    case: CaseLike, cmd: EscalateHealthcare, ctx: Context, on: date
) -> Change:
    """Open DS Complaints' task (owner, optional due date) or mark it done."""
    if ctx.procedure.name != "dso" or case.stage != "healthcare_devolved":
        raise Refusal(f"only a devolved healthcare complaint ({SEED_000_HEALTHCARE})")
    tasks = [t for t in records(case, HealthcareTask) if t.status == "open"]
    if cmd.op is TaskOp.DONE:
        if not tasks:
            raise Refusal("no escalation task is open")
        task = tasks[0].model_copy(
            update={"status": "done", "done_on": iso(on), "note": cmd.note or tasks[0].note}
        )
        save(case, task)
        words = f"Escalation {task.id} to the {task.ombudsman} done"
        return Change("healthcare-escalation-done", words, {"task": encode(task)})
    if tasks:
        raise Refusal(f"escalation task {tasks[0].id} is already open (owner {tasks[0].owner})")
    if not cmd.owner:
        raise InvalidField("owner", "the person in DS Complaints who facilitates it", "required")
    if cmd.due is not None and cmd.due <= on:
        raise InvalidField("due", f"{cmd.due} is not after today ({on})")
    ombudsman = cmd.ombudsman or OMBUDSMAN.get(case.nation or "", "")
    if not ombudsman:
        raise InvalidField("ombudsman", "name the appropriate Ombudsman", "required")
    task = HealthcareTask(
        id=next_id(case, "H"),
        ombudsman=ombudsman,
        owner=cmd.owner,
        due=iso(cmd.due),
        opened_on=iso(on) or "",
        opened_by=ctx.actor,
        note=cmd.note,
    )
    save(case, task)
    words = f"Escalation {task.id} to the {ombudsman}: DS Complaints task for {task.owner}"
    words += f", due {task.due}" if task.due else ""
    return Change("healthcare-escalation-opened", words, {"task": encode(task)})
