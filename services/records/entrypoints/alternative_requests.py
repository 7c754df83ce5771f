"""gRPC requests -> the alternatives' and children's eligibility commands
(`domain.alternatives`, `domain.eligibility`), each bad field named."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from services.records.domain import alternatives as a
from services.records.domain import eligibility as e

if TYPE_CHECKING:
    from services.records.domain.commands import Command
    from services.records.entrypoints.requests import Fields


def _mediation(f: Fields) -> Command:
    op = f.choice("op", a.MediationOp)
    outcome = None
    if op is a.MediationOp.OUTCOME:
        outcome = f.choice("outcome", a.MediationOutcome)
    return a.RecordMediation(
        op=op or a.MediationOp.OFFER,
        method=f.text("method") or "mediation",
        mediator=f.text("mediator"),
        pause_clock=bool(f.request.pause_clock),
        outcome=outcome,
        note=f.text("note"),
    )


def _safeguards(f: Fields) -> tuple[a.Safeguard, ...]:
    found = []
    for value in f.texts("safeguards"):
        try:
            found.append(a.Safeguard(value))
        except ValueError:
            names = ", ".join(s.value for s in a.Safeguard)
            f._bad("safeguards", "enum", f"{value!r} is not one of {names}")
    return tuple(found)


def _early(f: Fields) -> Command:
    return a.ReferToOmbudsmanEarly(
        complainant_agreed=bool(f.request.complainant_agreed),
        statement=f.text("statement"),
        statement_agreed_on=f.day("statement_agreed_on"),
        safeguards=_safeguards(f),
        note=f.text("note"),
    )


def _healthcare(f: Fields) -> Command:
    return a.EscalateHealthcare(
        op=f.choice("op", a.TaskOp, default=a.TaskOp.OPEN) or a.TaskOp.OPEN,
        owner=f.text("owner"),
        due=f.day("due"),
        ombudsman=f.text("ombudsman"),
        note=f.text("note"),
    )


def _eligibility(f: Fields) -> Command:
    return e.RecordEligibility(
        basis=f.choice("basis", e.Basis) or e.Basis.NOT_QUALIFYING,
        on_behalf_of=f.text("on_behalf_of"),
        decided_by=f.text("decided_by"),
        note=f.text("note"),
    )


def _lead(f: Fields) -> Command:
    return e.DecideLeadAuthority(
        authorities=f.texts("authorities", required=True, what="the authorities involved"),
        looking_after=f.text("looking_after"),
        ordinarily_resident=f.text("ordinarily_resident"),
        note=f.text("note"),
    )


def _freeze(f: Fields) -> Command:
    op = f.choice("op", e.FreezeOp) or e.FreezeOp.REQUEST
    return e.FreezeDecision(
        op=op,
        freeze_id=f.text("freeze_id", required=op is not e.FreezeOp.REQUEST),
        decision=f.text("decision", required=op is e.FreezeOp.REQUEST),
        requested_by=f.text("requested_by"),
        granted=bool(f.request.granted),
        consulted=f.text("consulted"),
        note=f.text("note"),
    )


def _concurrent(f: Fields) -> Command:
    ended = bool(f.request.ended)
    return e.RecordConcurrentProcedure(
        kind=f.choice("kind", e.ProcedureKind, default=e.ProcedureKind.OTHER if ended else None)
        or e.ProcedureKind.OTHER,
        ended=ended,
        procedure_id=f.text("procedure_id", required=ended),
        reference=f.text("reference"),
        liaison=f.text("liaison"),
        complainant_informed=bool(f.request.complainant_informed),
        note=f.text("note"),
    )


BUILDERS: dict[str, Callable[[Fields], Command]] = {
    "Mediation": _mediation,
    "ReferToOmbudsmanEarly": _early,
    "EscalateHealthcare": _healthcare,
    "RecordEligibility": _eligibility,
    "DecideLeadAuthority": _lead,
    "FreezeDecision": _freeze,
    "RecordConcurrentProcedure": _concurrent,
}
