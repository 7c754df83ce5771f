"""The lifecycle's own commands on a case file: acknowledge, assign the officer, ask for and
record comments, investigate, respond, extend, escalate, suspend and resume, merge, close.

One function per command, each ``(case, command, ctx, on) -> Change``: it checks what the
command needs (raising `InvalidField`, `ExtensionRefused`, `NotIndependent`...), changes the
file and says what happened. `services.records.domain.casework.execute` picks the function
for a command, checks the lifecycle first and publishes the change.
"""

from __future__ import annotations

from datetime import date

from services.records.domain import (
    commitments,
    eligibility,
    entries,
    independence,
    outcomes,
    progress,
    steps,
)
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import (
    Acknowledge,
    AddCorrespondence,
    AssignOfficer,
    Close,
    Escalate,
    Extend,
    Investigate,
    Merge,
    RecordComments,
    RecordResponse,
    RequestComments,
    Resume,
    Suspend,
)
from services.records.domain.errors import InvalidField
from services.records.domain.lifecycle import Status
from services.records.domain.model import Change, Context, current_stage, save_stage
from services.records.domain.stages import ExtensionRefused, day, iso


def acknowledge(case: CaseLike, cmd: Acknowledge, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    rec["acknowledged_on"] = iso(on)
    save_stage(case, rec)
    if case.status == Status.SUSPENDED and case.resume_to in (Status.OPEN, Status.ESCALATED):
        case.resume_to = Status.ACKNOWLEDGED  # where resuming will take it
    target = cmd.target_date or day(rec.get("response_due"))
    detail = {
        "target_date": iso(target),
        "ack_due": rec.get("ack_due"),
        "officer": case.officer,
        "automatic": cmd.automatic,
        "note": cmd.note,
    }
    late = rec.get("ack_due") and on > day(rec["ack_due"])  # type: ignore[operator]
    words = f"Acknowledged on {on}" + (f"; target date {target}" if target else "")
    words += " (late)" if late else ""
    return Change("acknowledged", words + (" (automatic)" if cmd.automatic else ""), detail)


def assign_officer(case: CaseLike, cmd: AssignOfficer, ctx: Context, on: date) -> Change:
    stage = ctx.procedure.stage(case.stage or "")
    duty = next((d for d in stage.duties if d.rule == "independent_person"), None)
    rec = current_stage(case)
    person = cmd.independent_person or rec.get("independent_person") or ""
    if duty is not None and not person:
        raise InvalidField(
            "independent_person", f"{duty.text} at {stage.title} ({duty.source})", "required"
        )
    where = {"aspects": case.aspects, "stages": case.stages}
    conflicts = independence.check_officer(
        cmd.officer, procedure=ctx.procedure.name, stage=stage.name, **where
    )
    if conflicts:
        raise independence.NotIndependent("investigating officer", conflicts)
    attested: dict[str, str] = {}
    if cmd.independent_person:
        conflicts = independence.check_independent_person(
            cmd.independent_person,
            officer=cmd.officer,
            stage=stage.name,
            attestations=cmd.attestations,
            **where,
        )
        if conflicts:
            raise independence.NotIndependent("Independent Person", conflicts)
        attested = {c: independence.IP_ATTESTATIONS[c] for c in dict.fromkeys(cmd.attestations)}
    elif person and independence.same_person(person, cmd.officer):
        conflicts = [
            independence.Conflict(
                person, "ip-is-officer", "is the Independent Person", independence.SEED_004_IP
            )
        ]
        raise independence.NotIndependent("investigating officer", conflicts)
    previous = case.officer
    case.officer = cmd.officer
    if cmd.independent_person:
        case.independent_person = cmd.independent_person
        rec["independent_person"] = cmd.independent_person
    rec["officer"] = cmd.officer
    notices = steps.stage2_notices(ctx.procedure.name, stage.name, cmd.officer)
    if notices:
        rec["notices_required"] = notices
    save_stage(case, rec)
    detail: dict[str, object] = {"officer": cmd.officer, "previous": previous}
    if person:
        detail["independent_person"] = cmd.independent_person or person
    if attested:
        detail.update(attestations=attested, attested_by=ctx.actor)
    if notices:
        detail["notices"] = notices
    words = f"Investigating officer {cmd.officer}" + (f" (was {previous})" if previous else "")
    if person:
        words += f"; Independent Person {cmd.independent_person or person}"
    if notices:
        words += "; to be told: " + ", ".join(n["to"] for n in notices)
    return Change("officer-assigned", words, detail)


def request_comments(case: CaseLike, cmd: RequestComments, ctx: Context, on: date) -> Change:
    named = [n for a in case.aspects for n in a.get("officers_named", [])]
    officers = list(cmd.officers) or list(dict.fromkeys(named))
    if not officers:
        raise InvalidField(
            "officers", "no officer is named in the complaint: name who to ask", "required"
        )
    # The day they are due has one home: deadlines counts the ``officer_comments`` clock
    # again from ``on`` (seed 003, procedures/data/code.yaml); the file shows it with the
    # clocks, and the letter asking them states it.
    detail = {"officers": officers, "note": cmd.note}
    return Change("comments-requested", f"Comments asked of {', '.join(officers)}", detail)


def record_comments(case: CaseLike, cmd: RecordComments, ctx: Context, on: date) -> Change:
    return Change(
        "comments-received", f"Comments received: {cmd.summary}", {"summary": cmd.summary}
    )


def investigate(case: CaseLike, cmd: Investigate, ctx: Context, on: date) -> Change:
    return Change(
        "investigating",
        "Investigation started" + (f": {cmd.note}" if cmd.note else ""),
        {"note": cmd.note},
    )


def respond(case: CaseLike, cmd: RecordResponse, ctx: Context, on: date) -> Change:
    steps.check_before_response(case, ctx)
    rec = current_stage(case)
    rec.update(responded_on=iso(on), outcome=str(cmd.outcome), summary=cmd.summary)
    save_stage(case, rec)
    for text in cmd.agreed_actions:
        entries.add(case, AddCorrespondence(kind=entries.EntryKind.ACTION, summary=text), ctx, on)
    route = progress.route_after(ctx.procedure, case.stage or "")
    due = day(rec.get("response_due"))
    detail = {
        "outcome": str(cmd.outcome),
        "summary": cmd.summary,
        "agreed_actions": list(cmd.agreed_actions),
        "escalation": route,
        "late": bool(due and on > due),
    }
    detail.update(outcomes.letter_detail(outcomes.of_case(case)))  # per point, remedies
    return Change("responded", f"Response sent on {on}: {cmd.outcome}. {cmd.summary}", detail)


def close(case: CaseLike, cmd: Close, ctx: Context, on: date) -> Change:
    if case.status != Status.RESPONDED and not cmd.reason:
        raise InvalidField(
            "reason", f"the case is {case.status}: say why it closes unanswered", "required"
        )
    steps.check_before_close(case, ctx)
    late = commitments.check_close(
        outcomes.of_case(case), on, cmd.reason, case.status == Status.RESPONDED
    )
    case.closed_on = on
    return Change(
        "closed",
        f"Closed on {on}" + (f": {cmd.reason}" if cmd.reason else ""),
        {"reason": cmd.reason} | ({"overdue_commitments": late} if late else {}),
    )


def suspend(case: CaseLike, cmd: Suspend, ctx: Context, on: date) -> Change:
    case.resume_to = case.status
    case.suspensions = [*case.suspensions, {"from": iso(on), "to": None, "reason": cmd.reason}]
    return Change("suspended", f"Suspended: {cmd.reason}", {"reason": cmd.reason})


def resume(case: CaseLike, cmd: Resume, ctx: Context, on: date) -> Change:
    back = Status(case.resume_to or Status.OPEN)
    last = dict(case.suspensions[-1]) if case.suspensions else {"from": iso(on)}
    last["to"] = iso(on)
    stopped = ctx.calendar.working_days_between(day(last["from"]) or on, on)  # type: ignore[arg-type]
    case.suspensions = [*case.suspensions[:-1], last]
    case.resume_to = None
    detail = {"to_status": str(back), "suspended_from": last["from"], "working_days": stopped}
    return Change("resumed", f"Resumed ({back}) after {stopped} working days", detail, back)


def merge(case: CaseLike, cmd: Merge, ctx: Context, on: date) -> Change:
    case.merged_into = cmd.into
    case.closed_on = on  # retention counts from the day the file stopped being worked
    words = f"Merged into {cmd.into}: one investigation, one response"
    return Change(
        "merged",
        words + (f" ({cmd.reason})" if cmd.reason else ""),
        {"into": cmd.into, "reason": cmd.reason},
    )


def extend(case: CaseLike, cmd: Extend, ctx: Context, on: date) -> Change:
    """An extension never gives a date already past, nor one earlier than a date the file
    has already promised for that clock at this stage (even before the deadlines service
    has answered the last extension); then the cap (`progress.extend`)."""
    if cmd.to <= on:
        raise ExtensionRefused(
            f"{cmd.to} is not after {on}, the day of the extension: a letter would give the "
            "complainant a date already passed"
        )
    name = cmd.clock or current_stage(case).get("response_clock") or ""
    promised = [
        day(h["data"].get("to"))
        for h in case.history
        if h.get("type") == "case.extended"
        and h.get("data", {}).get("clock") == name
        and h.get("data", {}).get("stage", case.stage) == case.stage
    ]
    latest = max((d for d in promised if d), default=None)
    if latest is not None and cmd.to <= latest:
        raise ExtensionRefused(
            f"an extension must move the {name} clock later than the {latest} already given "
            "to the complainant"
        )
    change = progress.extend(case, cmd, ctx, on)
    change.detail.setdefault("stage", case.stage)
    return change


def escalate(case: CaseLike, cmd: Escalate, ctx: Context, on: date) -> Change:
    steps.check_before_escalation(case, ctx)
    eligibility.check_before_escalation(case)  # seed 004 "a 'qualifying individual'"
    return progress.escalate(case, cmd, ctx, on)
