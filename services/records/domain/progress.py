"""Moving a case on in time and through stages: extensions (capped), escalation to the next
stage (within its request window), and the automatic progress the deadlines service calls.
"""

from __future__ import annotations

from datetime import date

from procedures import clock_for
from procedures.schema import Procedure
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import AutoProgress, Escalate, Extend
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import next_stage
from services.records.domain.model import Change, Context, current_stage, facts_of, save_stage
from services.records.domain.stages import (
    Starts,
    check_extension,
    clock_due,
    clock_start,
    day,
    escalation_window,
    filed_due,
    iso,
    new_stage_record,
)


def route_after(procedure: Procedure, stage: str) -> str:
    """Where the complainant goes next, for the response letter (seed 000: every response
    states its escalation route)."""
    here = procedure.stage(stage)
    asked = here.transition("escalated")  # the stage machine: the complainant's request
    if asked is not None:
        return procedure.stage(asked.to).title
    return here.escalation.body if here.escalation else ""


def _starts(case: CaseLike, record: dict) -> Starts:  # type: ignore[type-arg]
    previous = [s for s in case.stages[:-1] if s.get("responded_on")]
    received = case.received_on or day(record.get("started_on")) or date.min
    return Starts(
        received=received,
        stage_start=day(record.get("started_on")) or received,
        previous_response=day(previous[-1]["responded_on"]) if previous else None,
    )


def extend(case: CaseLike, cmd: Extend, ctx: Context, on: date) -> Change:
    """Move a clock's target later, refused past the procedure's cap (seed 004: 10 -> at most
    20 wd at stage 1, 25 -> 65 wd at stage 2)."""
    stage, proc = case.stage or "", ctx.procedure
    rec = current_stage(case)
    name = cmd.clock or rec.get("response_clock") or ""
    try:
        spec = clock_for(proc.name, stage, name)
    except KeyError as exc:
        clocks = ", ".join(proc.stage(stage).clocks) or "none"
        why = f"stage {stage} has no clock {name!r} (its clocks: {clocks})"
        raise InvalidField("clock", why) from exc
    starts = _starts(case, rec)
    start = clock_start(proc, stage, name, starts, ctx.calendar)
    if start is None:
        raise Refusal(f"the {name} clock of stage {stage} has not started yet")
    is_response = name == rec.get("response_clock")
    # Deadlines' date for the clock; the clock's own timescale only if none is filed yet.
    current = filed_due(case.clocks, name, stage)
    current = current or (day(rec.get("response_due")) if is_response else None)
    current = current or clock_due(proc, stage, name, starts, ctx.calendar)
    suspended = [
        (begun, day(s["to"]) or ctx.today)
        for s in case.suspensions
        if (begun := day(s.get("from"))) is not None
    ]
    check_extension(
        spec,
        clock=name,
        start=start,
        current_due=current,
        to=cmd.to,
        suspended=suspended,
        calendar=ctx.calendar,
    )
    rec["extensions"] = int(rec.get("extensions") or 0) + 1
    if is_response:
        rec["response_due"] = iso(cmd.to)
    save_stage(case, rec)
    detail = {
        "clock": name,
        "to": iso(cmd.to),
        "due": iso(cmd.to),
        "previous_due": iso(current),
        "reason": cmd.reason,
        "cap": str(spec.extension_cap) if spec.extension_cap else None,
    }
    return Change("extended", f"{spec.title} extended to {cmd.to}: {cmd.reason}", detail)


def _enter(case: CaseLike, ctx: Context, to_stage: str, on: date) -> dict:  # type: ignore[type-arg]
    """Move the case to ``to_stage`` from ``on``: new owner, no officer yet, new targets."""
    stage = ctx.procedure.stage(to_stage)
    previous = current_stage(case)
    received = case.received_on or on
    starts = Starts(
        received=received, stage_start=on, previous_response=day(previous.get("responded_on"))
    )
    from_stage = case.stage
    case.stage, case.owner, case.officer = stage.name, stage.owner, None
    save_stage(case, new_stage_record(ctx.procedure, stage.name, starts, ctx.calendar))
    return {"from_stage": from_stage, "to_stage": stage.name, "owner": stage.owner}


def escalate(case: CaseLike, cmd: Escalate, ctx: Context, on: date) -> Change:
    """To the next stage at the complainant's request, within the next stage's window
    (children: 20 wd of the response; hmip: 10 wd of the decision letter)."""
    target = next_stage(
        ctx.procedure,
        case.stage or "",
        case_ref=case.id,
        status=case.status,
        facts=facts_of(case, ctx.procedure, on, ctx.calendar),
    )
    responded = day(current_stage(case).get("responded_on"))
    window = escalation_window(
        ctx.procedure, target.name, responded, on, ctx.calendar, filed=case.clocks
    )
    if window.late and not cmd.late_reason:
        raise Refusal(
            f"the request for {target.title} came on {on}, outside the window "
            f"({window.explanation}); give late_reason to accept it all the same"
        )
    detail = _enter(case, ctx, target.name, on)
    detail.update(
        requested_on=iso(on),
        window_ends=iso(window.latest),
        late=window.late,
        late_reason=cmd.late_reason,
        reason=cmd.reason,
        automatic=False,
    )
    words = f"Escalated to {target.title} on request of {on}"
    words += f" (late: {cmd.late_reason})" if window.late else ""
    return Change("escalated", words, detail)


def auto_progress(case: CaseLike, cmd: AutoProgress, ctx: Context, on: date) -> Change:
    """The deadlines service moved the stage on (children stage 1 past 20 wd)."""
    try:
        ctx.procedure.stage(cmd.to_stage)
    except KeyError as exc:
        raise InvalidField("to_stage", str(exc)) from exc
    detail = _enter(case, ctx, cmd.to_stage, on)
    detail.update(reason=cmd.reason, automatic=True)
    # No case.escalated: case.auto-progressed already told deadlines and notifications.
    return Change(None, f"Progressed automatically to {cmd.to_stage}: {cmd.reason}", detail)
