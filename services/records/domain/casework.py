"""Applying a command to a case file: check the lifecycle, change the file, name the event.

`execute` is pure: it mutates the file object it is given (the document, or a fake in
tests) and returns the lifecycle events to publish with their stable message ids
(``case.<status>:<case_ref>:<n>``, n counting the file's commands). Every command adds
one entry to the append-only history, naming who did it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from common.contracts.events import CaseLifecycle
from services.records.domain import (
    advocacy,
    alternatives,
    clocks,
    commitments,
    eligibility,
    entries,
    feedback,
    independence,
    outcomes,
    privacy,
    progress,
    release,
    restrictions,
    steps,
)
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import (
    Acknowledge,
    AddCorrespondence,
    Adjudicate,
    AgreeStatement,
    AssignOfficer,
    AutoProgress,
    Close,
    Command,
    ConcludeInvestigation,
    DecideProviderSplit,
    EraseOrRedact,
    Escalate,
    Extend,
    GiveStaffGuidance,
    HoldPanel,
    Investigate,
    Merge,
    QualityAssure,
    RecordComments,
    RecordDirectorResponse,
    RecordEarlyResolution,
    RecordNewEvidence,
    RecordOralResponse,
    RecordResponse,
    ReportPanel,
    RequestComments,
    RequestPanel,
    Restrict,
    Resume,
    ReviewDcoCertification,
    SchedulePanel,
    SendDraftReport,
    SendFinalReport,
    SendPanelPapers,
    Suspend,
)
from services.records.domain.errors import InvalidField
from services.records.domain.lifecycle import Status, check
from services.records.domain.model import Change, Context, current_stage, facts_of, save_stage
from services.records.domain.stages import ExtensionRefused, day, iso


@dataclass(frozen=True)
class Emitted:
    """A lifecycle event and its stable message id."""

    event: CaseLifecycle
    message_id: str


def execute(case: CaseLike, command: Command, ctx: Context) -> list[Emitted]:
    """Apply ``command``; raise `IllegalAction`, `Refusal` or `InvalidField` and change
    nothing if it may not be applied."""
    if command.on is not None and command.on > ctx.today:
        raise InvalidField("on", f"{command.on} is in the future (today is {ctx.today})")
    facts = facts_of(case, ctx.procedure, command.on or ctx.today, ctx.calendar)
    target = check(
        command.action, case_ref=case.id, status=case.status, stage=case.stage or "", facts=facts
    )
    on = command.on or ctx.today
    before, stage_before = case.status, case.stage
    change = _HANDLERS[type(command)](case, command, ctx, on)
    status = change.status or target
    if status is not None:
        case.status = status
    # The clocks this fact finishes are met now, so lists show them so without reading
    # the history (deadlines' own answer, filed later, says the same).
    for fact in [change.event, *(s for s, _ in change.also)]:
        if fact:
            case.clocks = clocks.after_fact(
                case.clocks or {}, procedure=case.procedure, stage=stage_before, fact=fact, on=on
            )
    case.next_due = clocks.next_due(
        case.clocks or {}, procedure=case.procedure, status=case.status, history=case.history
    )
    case.seq = (case.seq or 0) + 1
    emitted: list[Emitted] = []
    message_id = f"command.{command.action}:{case.id}:{case.seq}"
    if change.event is not None:
        for status, extra in [(change.event, {}), *change.also]:
            if status == "responded" and "findings" not in change.detail:
                # A step that is also the stage's response (adjudication, the Director's
                # response, an oral response put in writing): its letter answers each point.
                extra = {**outcomes.letter_detail(outcomes.of_case(case)), **extra}
            event = CaseLifecycle(
                reference=case.reference,
                strand=case.strand,
                procedure=case.procedure,
                stage=case.stage,
                occurred_at=ctx.now,
                status=status,
                actor=ctx.actor,
                detail={"on": on.isoformat(), **change.detail, **extra},
            )
            emitted.append(Emitted(event, f"case.{status}:{case.id}:{case.seq}"))
        message_id = emitted[0].message_id
    case.history = [
        *case.history,
        {
            "at": ctx.now,
            "type": f"case.{change.event}" if change.event else f"file.{command.action}",
            "summary": change.summary,
            "actor": ctx.actor,
            "role": ctx.role,
            "message_id": message_id,
            "from_status": before,
            "data": {"on": on.isoformat(), **change.detail}
            | ({"also": [f"case.{status}" for status, _ in change.also]} if change.also else {}),
        },
    ]
    return emitted


# -- one function per command ---------------------------------------------------------------


def _acknowledge(case: CaseLike, cmd: Acknowledge, ctx: Context, on: date) -> Change:
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


def _assign(case: CaseLike, cmd: AssignOfficer, ctx: Context, on: date) -> Change:
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


def _request_comments(case: CaseLike, cmd: RequestComments, ctx: Context, on: date) -> Change:
    named = [n for a in case.aspects for n in a.get("officers_named", [])]
    officers = list(cmd.officers) or list(dict.fromkeys(named))
    if not officers:
        raise InvalidField(
            "officers", "no officer is named in the complaint: name who to ask", "required"
        )
    due = ctx.calendar.add_working_days(on, 3).due  # seed 003: comments within 3 wd
    detail = {"officers": officers, "due": iso(due), "note": cmd.note}
    return Change("comments-requested", f"Comments asked of {', '.join(officers)} by {due}", detail)


def _record_comments(case: CaseLike, cmd: RecordComments, ctx: Context, on: date) -> Change:
    return Change(
        "comments-received", f"Comments received: {cmd.summary}", {"summary": cmd.summary}
    )


def _investigate(case: CaseLike, cmd: Investigate, ctx: Context, on: date) -> Change:
    return Change(
        "investigating",
        "Investigation started" + (f": {cmd.note}" if cmd.note else ""),
        {"note": cmd.note},
    )


def _respond(case: CaseLike, cmd: RecordResponse, ctx: Context, on: date) -> Change:
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


def _close(case: CaseLike, cmd: Close, ctx: Context, on: date) -> Change:
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


def _suspend(case: CaseLike, cmd: Suspend, ctx: Context, on: date) -> Change:
    case.resume_to = case.status
    case.suspensions = [*case.suspensions, {"from": iso(on), "to": None, "reason": cmd.reason}]
    return Change("suspended", f"Suspended: {cmd.reason}", {"reason": cmd.reason})


def _resume(case: CaseLike, cmd: Resume, ctx: Context, on: date) -> Change:
    back = Status(case.resume_to or Status.OPEN)
    last = dict(case.suspensions[-1]) if case.suspensions else {"from": iso(on)}
    last["to"] = iso(on)
    stopped = ctx.calendar.working_days_between(day(last["from"]) or on, on)  # type: ignore[arg-type]
    case.suspensions = [*case.suspensions[:-1], last]
    case.resume_to = None
    detail = {"to_status": str(back), "suspended_from": last["from"], "working_days": stopped}
    return Change("resumed", f"Resumed ({back}) after {stopped} working days", detail, back)


def _merge(case: CaseLike, cmd: Merge, ctx: Context, on: date) -> Change:
    case.merged_into = cmd.into
    case.closed_on = on  # retention counts from the day the file stopped being worked
    words = f"Merged into {cmd.into}: one investigation, one response"
    return Change(
        "merged",
        words + (f" ({cmd.reason})" if cmd.reason else ""),
        {"into": cmd.into, "reason": cmd.reason},
    )


def _extend(case: CaseLike, cmd: Extend, ctx: Context, on: date) -> Change:
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


def _escalate(case: CaseLike, cmd: Escalate, ctx: Context, on: date) -> Change:
    steps.check_before_escalation(case, ctx)
    eligibility.check_before_escalation(case)  # seed 004 "a 'qualifying individual'"
    return progress.escalate(case, cmd, ctx, on)


_HANDLERS: dict[type, Callable[..., Change]] = {
    Acknowledge: _acknowledge,
    AssignOfficer: _assign,
    RequestComments: _request_comments,
    RecordComments: _record_comments,
    Investigate: _investigate,
    RecordResponse: _respond,
    Extend: _extend,
    Escalate: _escalate,
    AutoProgress: progress.auto_progress,
    Suspend: _suspend,
    Resume: _resume,
    Merge: _merge,
    Restrict: restrictions.apply,
    Close: _close,
    AddCorrespondence: entries.add_command,
    EraseOrRedact: privacy.erase_or_redact,
    ConcludeInvestigation: steps.conclude_investigation,
    DecideProviderSplit: steps.decide_provider_split,
    AgreeStatement: steps.agree_statement,
    SendDraftReport: steps.send_draft_report,
    SendFinalReport: steps.send_final_report,
    Adjudicate: steps.adjudicate,
    RequestPanel: steps.request_panel,
    SchedulePanel: steps.schedule_panel,
    SendPanelPapers: steps.send_panel_papers,
    HoldPanel: steps.hold_panel,
    ReportPanel: steps.report_panel,
    RecordDirectorResponse: steps.record_director_response,
    QualityAssure: steps.quality_assure,
    RecordOralResponse: steps.record_oral_response,
    RecordEarlyResolution: steps.record_early_resolution,
    RecordNewEvidence: steps.record_new_evidence,
    ReviewDcoCertification: steps.review_dco_certification,
    GiveStaffGuidance: steps.give_staff_guidance,
    # reaching the person (issue 18)
    restrictions.CarryRestrictions: restrictions.carry,
    release.ConfirmRelease: release.confirm,
    advocacy.RecordAdvocacy: advocacy.record,
    feedback.RecordFeedback: feedback.record,
    alternatives.RecordMediation: alternatives.mediation,
    alternatives.ReferToOmbudsmanEarly: alternatives.early_referral,
    alternatives.EscalateHealthcare: alternatives.healthcare_escalation,
    eligibility.RecordEligibility: eligibility.record_eligibility,
    eligibility.DecideLeadAuthority: eligibility.decide_lead_authority,
    eligibility.FreezeDecision: eligibility.freeze_decision,
    eligibility.RecordConcurrentProcedure: eligibility.concurrent_procedure,
}
