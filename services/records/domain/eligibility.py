"""Children's social care: who may complain, which authority responds, a "frozen"
operational decision, and procedures running alongside the complaint, each a typed
record in the file's ``eligibility`` (seed 004, quoted by each rule).

The platform checks what it can: the procedure, a child's basis claimed for an adult
complainant without the child named, a "sufficient interest" without the authority's
decision, two or more authorities before the lead rule applies, the lead being one of
them, a freeze decided only by the Complaints Manager (central team) with the senior
manager consulted named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel

from services.records.domain.casefile import CaseLike
from services.records.domain.commands import Command
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import Action
from services.records.domain.model import Change, Context
from services.records.domain.stages import iso

SEED_QUALIFYING = (
    "seed 004 \"Complaints must be made by or on behalf of a 'qualifying individual'\""
)
SEED_SUFFICIENT = (
    'seed 004 "such other person as the local authority consider has sufficient interest in '
    "the child or young person's welfare to warrant his representations being considered by "
    'them"'
)
SEED_LEAD = (
    'seed 004 "Where a complaint relates to two or more local authorities, the complaint '
    "should be considered by the authority which is looking after the child or in any other "
    'case by the authority within whose area the child is ordinarily resident"'
)
SEED_FREEZE = (
    'seed 004 "The decision to postpone or stop an operational decision may only be made by '
    "the Complaints Manager after consultation with the appropriate senior manager (i.e. the "
    "Head of Children's and Families Service)\""
)
SEED_CONCURRENT = (
    'seed 004 "In the event of concurrent investigation, the Complaints Manager will liaise to '
    'ensure the other investigation is not prejudiced"'
)
SEED_COURT = (
    'seed 004 "The complainant should be informed that the complaints procedure cannot '
    'overturn a Court decision"'
)
COMPLAINTS_MANAGER_ROLE = "central-team"


class Basis(StrEnum):
    """Who may complain: seed 004 "Who can complain" (s.26(3), s.24D, ACA 2002 s.3(1))."""

    LOOKED_AFTER_CHILD = "looked-after-child"
    CHILD_IN_NEED = "child-in-need"
    PARENT = "parent-or-parental-responsibility"
    FOSTER_CARER = "foster-carer"
    CARE_LEAVER = "care-leaver"
    SPECIAL_GUARDIAN = "special-guardian"
    SPECIAL_GUARDIANSHIP_CHILD = "special-guardianship-child-or-parent"
    ASSESSMENT_14F = "assessment-14f-applicant"
    ADOPTION = "adoption"  # child who may be adopted, parents, guardians, adopters, adoptees
    SUFFICIENT_INTEREST = "sufficient-interest"
    NOT_QUALIFYING = "not-qualifying"


# Bases that are the child's own: an adult complainant acts on the child's behalf.
CHILD_BASES = {Basis.LOOKED_AFTER_CHILD, Basis.CHILD_IN_NEED, Basis.CARE_LEAVER}


class FreezeOp(StrEnum):
    REQUEST = "request"
    DECIDE = "decide"
    LIFT = "lift"


class ProcedureKind(StrEnum):
    """Seed 004 "Working with Other Procedures" (and child protection, s.47)."""

    SAFEGUARDING = "safeguarding"
    COURT = "court"
    GRIEVANCE = "grievance"
    DISCIPLINARY = "disciplinary"
    POLICE = "police"
    OTHER = "other"


@dataclass(frozen=True, kw_only=True)
class RecordEligibility(Command):
    action = Action.RECORD_ELIGIBILITY
    basis: Basis
    on_behalf_of: str = ""  # the qualifying individual the complainant acts for
    decided_by: str = ""  # "sufficient interest": who decided for the authority
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DecideLeadAuthority(Command):
    action = Action.DECIDE_LEAD_AUTHORITY
    authorities: tuple[str, ...]
    looking_after: str = ""
    ordinarily_resident: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class FreezeDecision(Command):
    action = Action.FREEZE_DECISION
    op: FreezeOp
    freeze_id: str = ""  # decide, lift
    decision: str = ""  # request: the operational decision to freeze
    requested_by: str = ""
    granted: bool = False  # decide
    consulted: str = ""  # decide: the senior manager consulted
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordConcurrentProcedure(Command):
    action = Action.CONCURRENT_PROCEDURE
    kind: ProcedureKind
    ended: bool = False  # the procedure of ``procedure_id`` has ended
    procedure_id: str = ""
    reference: str = ""
    liaison: str = ""  # who liaises so neither prejudices the other
    complainant_informed: bool = False  # court: told a complaint cannot overturn it
    note: str = ""


class Qualifying(BaseModel):
    basis: str
    qualifying: bool
    on_behalf_of: str = ""
    decided_by: str = ""
    recorded_on: str
    recorded_by: str
    note: str = ""


class LeadAuthority(BaseModel):
    authorities: list[str]
    lead: str
    rule: Literal["looking-after", "ordinarily-resident"]
    decided_on: str
    decided_by: str
    note: str = ""


class Freeze(BaseModel):
    id: str
    decision: str
    requested_on: str
    requested_by: str
    status: Literal["requested", "granted", "refused", "lifted"] = "requested"
    decided_on: str | None = None
    decided_by: str | None = None
    consulted: str | None = None
    note: str = ""


class Concurrent(BaseModel):
    id: str
    kind: str
    reference: str = ""
    liaison: str = ""
    started_on: str
    ended_on: str | None = None
    complainant_informed: bool = False
    recorded_by: str
    note: str = ""


def _get(case: CaseLike, key: str) -> Any:
    return (case.eligibility or {}).get(key)


def _put(case: CaseLike, key: str, value: Any) -> None:
    case.eligibility = {**(case.eligibility or {}), key: value}


def _children(ctx: Context, what: str) -> None:
    if ctx.procedure.name != "children":
        raise Refusal(f"{what} is a rule of the children's procedure (seed 004)")


def record_eligibility(case: CaseLike, cmd: RecordEligibility, ctx: Context, on: date) -> Change:
    """Who may complain, recorded and checked (seed 004 "Who can complain")."""
    _children(ctx, "a qualifying individual")
    child = bool((case.complainant or {}).get("is_child"))
    if cmd.basis in CHILD_BASES and not child and not cmd.on_behalf_of:
        raise InvalidField(
            "on_behalf_of",
            f"the complainant is not a child: name the {cmd.basis} they act for "
            f"({SEED_QUALIFYING})",
            "required",
        )
    if cmd.basis is Basis.SUFFICIENT_INTEREST and not cmd.decided_by:
        raise InvalidField("decided_by", SEED_SUFFICIENT, "required")
    if cmd.basis is Basis.NOT_QUALIFYING and not cmd.note:
        raise InvalidField("note", "say why the complainant is not a qualifying individual")
    item = Qualifying(
        basis=str(cmd.basis),
        qualifying=cmd.basis is not Basis.NOT_QUALIFYING,
        on_behalf_of=cmd.on_behalf_of,
        decided_by=cmd.decided_by,
        recorded_on=iso(on) or "",
        recorded_by=ctx.actor,
        note=cmd.note,
    )
    _put(case, "qualifying", item.model_dump(mode="json"))
    words = f"Who may complain: {cmd.basis}" + (
        f", on behalf of {cmd.on_behalf_of}" if cmd.on_behalf_of else ""
    )
    if not item.qualifying:
        words += f": not a qualifying individual ({cmd.note})"
    return Change("eligibility-recorded", words, {"qualifying": item.model_dump(mode="json")})


def check_before_escalation(case: CaseLike) -> None:
    """A complainant recorded as not a qualifying individual cannot take the complaint on
    under the procedure (they are told why when it is closed with its reason)."""
    q = (case.eligibility or {}).get("qualifying") or {}
    if q and not q.get("qualifying", True):
        raise Refusal(
            f"the complainant is recorded as not a qualifying individual ({q.get('note')}): "
            f"{SEED_QUALIFYING}; record who may complain again if that was wrong"
        )


def decide_lead_authority(
    case: CaseLike, cmd: DecideLeadAuthority, ctx: Context, on: date
) -> Change:
    """Which authority considers a complaint relating to several (seed 004)."""
    _children(ctx, "the lead authority")
    names = list(dict.fromkeys(a for a in cmd.authorities if a))
    if len(names) < 2:
        raise InvalidField("authorities", f"name two or more authorities ({SEED_LEAD})")
    lead, rule = (cmd.looking_after, "looking-after")
    if not lead:
        lead, rule = (cmd.ordinarily_resident, "ordinarily-resident")
    if not lead:
        raise InvalidField(
            "looking_after", f"name the authority looking after the child, or where the "
            f"child is ordinarily resident ({SEED_LEAD})", "required",
        )  # fmt: skip
    if lead not in names:
        raise InvalidField("authorities", f"{lead} must be one of the authorities named")
    item = LeadAuthority(
        authorities=names,
        lead=lead,
        rule=rule,  # type: ignore[arg-type]
        decided_on=iso(on) or "",
        decided_by=ctx.actor,
        note=cmd.note,
    )
    _put(case, "lead_authority", item.model_dump(mode="json"))
    why = "looks after the child" if rule == "looking-after" else "the child ordinarily lives there"
    others = ", ".join(n for n in names if n != lead)
    words = f"Lead authority {lead} ({why}); duty to cooperate: {others}"
    return Change("lead-authority-decided", words, {"lead_authority": item.model_dump(mode="json")})


def freeze_decision(case: CaseLike, cmd: FreezeDecision, ctx: Context, on: date) -> Change:
    """A request to "freeze" an operational decision: requested, decided, lifted."""
    _children(ctx, "freezing an operational decision")
    freezes = [Freeze.model_validate(f) for f in _get(case, "freezes") or []]
    if cmd.op is FreezeOp.REQUEST:
        if not cmd.decision:
            raise InvalidField("decision", "the operational decision to freeze", "required")
        item = Freeze(
            id=f"F{len(freezes) + 1}",
            decision=cmd.decision,
            requested_on=iso(on) or "",
            requested_by=cmd.requested_by or ctx.actor,
            note=cmd.note,
        )
        words = f"Freeze {item.id} requested by {item.requested_by}: {item.decision}"
    else:
        found = [f for f in freezes if f.id == cmd.freeze_id]
        if not found:
            known = ", ".join(f.id for f in freezes) or "none"
            raise InvalidField("freeze_id", f"no freeze {cmd.freeze_id!r} (known: {known})")
        item = found[0]
        if cmd.op is FreezeOp.DECIDE:
            if item.status != "requested":
                raise Refusal(f"freeze {item.id} is already {item.status}")
            if ctx.role != COMPLAINTS_MANAGER_ROLE:
                raise Refusal(SEED_FREEZE)
            if not cmd.consulted:
                raise InvalidField("consulted", SEED_FREEZE, "required")
            status = "granted" if cmd.granted else "refused"
            item = item.model_copy(
                update={
                    "status": status,
                    "decided_on": iso(on),
                    "decided_by": ctx.actor,
                    "consulted": cmd.consulted,
                    "note": cmd.note or item.note,
                }
            )
            words = f"Freeze {item.id} {status} by {ctx.actor} after consulting {cmd.consulted}"
        else:
            if item.status != "granted":
                raise Refusal(f"freeze {item.id} is {item.status}: only a granted one is lifted")
            item = item.model_copy(update={"status": "lifted", "note": cmd.note or item.note})
            words = f"Freeze {item.id} lifted: the operational decision may proceed"
    dumped = item.model_dump(mode="json")
    _put(case, "freezes", [dumped if f.id == item.id else f.model_dump(mode="json")
                           for f in freezes] + ([] if any(f.id == item.id for f in freezes)
                                                else [dumped]))  # fmt: skip
    detail = {"freeze": dumped}
    if item.status == "requested":
        return Change("freeze-requested", words, detail)
    if item.status == "granted":
        return Change("freeze-granted", words, detail)
    if item.status == "refused":
        return Change("freeze-refused", words, detail)
    return Change("freeze-lifted", words, detail)


def concurrent_procedure(
    case: CaseLike, cmd: RecordConcurrentProcedure, ctx: Context, on: date
) -> Change:
    """A safeguarding enquiry, court proceedings, a grievance... running alongside."""
    _children(ctx, "a concurrent procedure")
    items = [Concurrent.model_validate(c) for c in _get(case, "concurrent") or []]
    if cmd.ended:
        found = [c for c in items if c.id == cmd.procedure_id and c.ended_on is None]
        if not found:
            known = ", ".join(c.id for c in items if c.ended_on is None) or "none"
            raise InvalidField(
                "procedure_id", f"no running procedure {cmd.procedure_id!r} (known: {known})"
            )
        item = found[0].model_copy(update={"ended_on": iso(on), "note": cmd.note or found[0].note})
        words = f"Concurrent {item.kind} procedure {item.id} ended"
    else:
        item = Concurrent(
            id=f"P{len(items) + 1}",
            kind=str(cmd.kind),
            reference=cmd.reference,
            liaison=cmd.liaison or ctx.actor,
            started_on=iso(on) or "",
            complainant_informed=cmd.complainant_informed,
            recorded_by=ctx.actor,
            note=cmd.note,
        )
        words = f"Concurrent {item.kind} procedure {item.id}" + (
            f" ({item.reference})" if item.reference else ""
        )
        words += f"; {item.liaison} liaises so neither is prejudiced"
        if cmd.kind is ProcedureKind.COURT and not cmd.complainant_informed:
            words += f". The complainant is written to ({SEED_COURT})"
    dumped = item.model_dump(mode="json")
    kept = [dumped if c.id == item.id else c.model_dump(mode="json") for c in items]
    _put(case, "concurrent", kept if cmd.ended else [*kept, dumped])
    detail = {"procedure": dumped, "seed": SEED_CONCURRENT}
    if cmd.ended:
        return Change("concurrent-procedure-ended", words, detail)
    return Change("concurrent-procedure-recorded", words, detail)
