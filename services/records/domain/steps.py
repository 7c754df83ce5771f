"""The steps the seeds name, each a command with its own event (``case.<status>``), recorded
on the stage's record so later steps (and the independence checks) can read them. Pure:
`casework.execute` calls one function per command.

Which stage offers which step is `lifecycle.STEP_STAGES`; the order within a stage (a
final report after the draft, a panel held after it is scheduled) is checked here, each
refusal naming the step that must come first and the seed sentence.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.records.domain import independence, progress
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import (
    Adjudicate,
    AgreeStatement,
    ConcludeInvestigation,
    DecideProviderSplit,
    Escalate,
    GiveStaffGuidance,
    HoldPanel,
    QualityAssure,
    RecordDirectorResponse,
    RecordEarlyResolution,
    RecordNewEvidence,
    RecordOralResponse,
    ReportPanel,
    RequestPanel,
    ReviewDcoCertification,
    SchedulePanel,
    SendDraftReport,
    SendFinalReport,
    SendPanelPapers,
)
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import STEP_STAGES, Action
from services.records.domain.model import Change, Context, current_stage, save_stage
from services.records.domain.stages import day, iso

# The notices seed 004 names when the stage 2 investigating officer is appointed.
STAGE2_NOTICES = (
    {
        "to": "Head of Service",
        "what": "a request has been made for an independent investigation",
        "source": 'seed 004 "Procedure stage 2" "The Complaints Manager will then inform the '
        "relevant Head of Service that a request has been made for an independent "
        'investigation"',
    },
    {
        "to": "team manager",
        "what": "an investigation has been arranged, and who the investigating officer is",
        "source": 'seed 004 "Procedure stage 2" "The Complaints Manager will write to the '
        "complainant and inform the team manager that an investigation has been arranged, "
        'and who the investigating officer is"',
    },
)


def _source(action: Action) -> str:
    return STEP_STAGES[action][1]


def _done(rec: dict[str, Any], key: str) -> Any:
    return (rec.get("steps") or {}).get(key)


def _mark(case: CaseLike, rec: dict[str, Any], key: str, on: date, **facts: Any) -> None:
    steps = dict(rec.get("steps") or {})
    steps[key] = {"on": iso(on), **facts}
    rec["steps"] = steps
    save_stage(case, rec)


def _needs(rec: dict[str, Any], key: str, action: Action, first: str) -> None:
    if not _done(rec, key):
        raise Refusal(f"cannot {action} before {first} ({_source(action)})")


def _not_before(on: date, rec: dict[str, Any], key: str, what: str, field: str = "on") -> None:
    earlier = day(_done(rec, key) and _done(rec, key).get("on"))
    if earlier and on < earlier:
        raise InvalidField(field, f"{on} is before the {what} on {earlier}")


def conclude_investigation(
    case: CaseLike, cmd: ConcludeInvestigation, ctx: Context, on: date
) -> Change:
    """The reply's date is the deadlines service's (the stage's response clock counts from
    this day); records files the fact."""
    rec = current_stage(case)
    if _done(rec, "investigation_concluded"):
        raise Refusal(
            f"the investigation already concluded on {_done(rec, 'investigation_concluded')['on']}"
        )
    _mark(case, rec, "investigation_concluded", on, summary=cmd.summary)
    detail = {"summary": cmd.summary, "officer": case.officer}
    return Change("investigation-concluded", f"Investigation concluded on {on}", detail)


def decide_provider_split(
    case: CaseLike, cmd: DecideProviderSplit, ctx: Context, on: date
) -> Change:
    if cmd.provider_parts and not cmd.provider:
        raise InvalidField("provider", "name the registered provider the parts go to", "required")
    rec = current_stage(case)
    if _done(rec, "provider_split"):
        raise Refusal(f"the split was already decided on {_done(rec, 'provider_split')['on']}")
    _mark(case, rec, "provider_split", on, authority_parts=list(cmd.authority_parts))
    detail = {
        "authority_parts": list(cmd.authority_parts),
        "provider_parts": list(cmd.provider_parts),
        "provider": cmd.provider,
        "note": cmd.note,
    }
    words = (
        f"Provider split decided on {on}: the authority considers {'; '.join(cmd.authority_parts)}"
    )
    if cmd.provider_parts:
        words += f"; to {cmd.provider}: {'; '.join(cmd.provider_parts)}"
    return Change("provider-split-decided", words, detail)


def agree_statement(case: CaseLike, cmd: AgreeStatement, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _mark(case, rec, "statement_agreed", on)
    detail = {"statement": cmd.statement, "desired_outcome": cmd.desired_outcome}
    return Change(
        "statement-agreed",
        f"Statement of complaint and desired outcome agreed on {on}: {cmd.desired_outcome}",
        detail,
    )


def send_draft_report(case: CaseLike, cmd: SendDraftReport, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "statement_agreed", Action.SEND_DRAFT_REPORT, "agree-statement")
    _mark(case, rec, "draft_report_sent", on, document=cmd.document)
    detail = {
        "document": cmd.document,
        "note": cmd.note,
        "purpose": "factual accuracy",
        "conclusions": False,
        "recommendations": False,
    }
    return Change(
        "draft-report-sent",
        f"Draft report sent to the complainant on {on} for comment on factual accuracy "
        "(no conclusions or recommendations)",
        detail,
    )


def send_final_report(case: CaseLike, cmd: SendFinalReport, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "draft_report_sent", Action.SEND_FINAL_REPORT, "send-draft-report")
    _not_before(on, rec, "draft_report_sent", "draft report")
    _mark(case, rec, "final_report_sent", on, document=cmd.document)
    detail = {
        "document": cmd.document,
        "adjudicating_officer": cmd.adjudicating_officer,
        "comments": cmd.comments,
    }
    to = f" to {cmd.adjudicating_officer}" if cmd.adjudicating_officer else ""
    return Change("final-report-sent", f"Final report sent{to} on {on}", detail)


def adjudicate(case: CaseLike, cmd: Adjudicate, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "final_report_sent", Action.ADJUDICATE, "send-final-report")
    _not_before(on, rec, "final_report_sent", "final report")
    rec["adjudicating_officer"] = cmd.adjudicating_officer
    _mark(case, rec, "adjudicated", on, outcome=str(cmd.outcome))
    _respond_on(case, current_stage(case), on, str(cmd.outcome), cmd.summary)
    detail = {
        "adjudicating_officer": cmd.adjudicating_officer,
        "outcome": str(cmd.outcome),
        "summary": cmd.summary,
    }
    # The adjudication is stage 2's formal response (seed 004 "The formal response to the
    # final report should be made by the relevant adjudicating officer"): also
    # ``case.responded``, so its decision letter, with the prescribed concluding paragraph,
    # goes.
    return Change(
        "adjudicated",
        f"Adjudicated by {cmd.adjudicating_officer} on {on}: {cmd.outcome}. {cmd.summary}",
        detail,
        also=[("responded", _responded(ctx, case))],
    )


def request_panel(case: CaseLike, cmd: RequestPanel, ctx: Context, on: date) -> Change:
    """At stage 2 (answered) the request moves the case to stage 3, as the stage machine's
    ``panel-requested`` transition says, within the 20 working-day window; at stage 3 (the
    case escalated there) it records the request."""
    move = ctx.procedure.stage(case.stage or "").transition("panel-requested")
    if move is not None:
        return _request_panel_moving(case, cmd, ctx, on, move.to)
    rec = current_stage(case)
    if _done(rec, "panel_requested"):
        raise Refusal(f"the panel was already requested on {_done(rec, 'panel_requested')['on']}")
    _mark(case, rec, "panel_requested", on)
    return Change("panel-requested", f"Review Panel requested on {on}", {"note": cmd.note})


def _request_panel_moving(
    case: CaseLike, cmd: RequestPanel, ctx: Context, on: date, to: str
) -> Change:
    from_stage = case.stage
    try:
        moved = progress.escalate(
            case, Escalate(reason=cmd.note or "Review Panel requested"), ctx, on
        )
    except Refusal as exc:  # late: accepted only with a reason, through `escalate`
        raise Refusal(f"{exc} (case escalate --late-reason ..., then panel-request)") from exc
    if case.stage != to:  # the stage's next_stage and its transition disagree: data error
        raise Refusal(f"panel-requested leads to {to}, but {from_stage} moves on to {case.stage}")
    _mark(case, current_stage(case), "panel_requested", on)
    title = ctx.procedure.stage(to).title
    return Change(
        "panel-requested",
        f"Review Panel requested on {on}: moved to {title}",
        {**moved.detail, "note": cmd.note},
    )


def schedule_panel(case: CaseLike, cmd: SchedulePanel, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_requested", Action.SCHEDULE_PANEL, "request-panel")
    if cmd.panel_date < on:
        raise InvalidField("panel_date", f"{cmd.panel_date} is before the day it is set ({on})")
    conflicts = independence.check_panel(
        cmd.members,
        aspects=case.aspects,
        stages=case.stages,
        stage=case.stage or "",
        attestations=cmd.attestations,
    )
    if cmd.chair and not any(independence.same_person(cmd.chair, m) for m in cmd.members):
        raise InvalidField("chair", f"{cmd.chair!r} is not one of the members")
    if conflicts:
        raise independence.NotIndependent("panel member", conflicts)
    attested = {
        code: independence.PANEL_ATTESTATIONS[code] for code in dict.fromkeys(cmd.attestations)
    }
    rec["panel_members"] = list(cmd.members)
    _mark(case, rec, "panel_scheduled", on, panel_date=iso(cmd.panel_date))
    detail = {
        "panel_date": iso(cmd.panel_date),
        "members": list(cmd.members),
        "chair": cmd.chair,
        "attestations": attested,
        "attested_by": ctx.actor,
    }
    return Change(
        "panel-scheduled",
        f"Review Panel set for {cmd.panel_date}: {', '.join(cmd.members)}",
        detail,
    )


def send_panel_papers(case: CaseLike, cmd: SendPanelPapers, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_scheduled", Action.SEND_PANEL_PAPERS, "schedule-panel")
    panel_date = _done(rec, "panel_scheduled")["panel_date"]
    _mark(case, rec, "panel_papers_sent", on)
    detail = {"panel_date": panel_date, "note": cmd.note}
    return Change("panel-papers-sent", f"Panel papers sent on {on} (panel on {panel_date})", detail)


def hold_panel(case: CaseLike, cmd: HoldPanel, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_scheduled", Action.HOLD_PANEL, "schedule-panel")
    if _done(rec, "panel_held"):
        raise Refusal(f"the panel was already held on {_done(rec, 'panel_held')['on']}")
    _not_before(on, rec, "panel_scheduled", "panel was set")
    _mark(case, rec, "panel_held", on)
    detail = {"members": rec.get("panel_members") or [], "note": cmd.note}
    return Change("panel-held", f"Review Panel held on {on}", detail)


def report_panel(case: CaseLike, cmd: ReportPanel, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_held", Action.REPORT_PANEL, "hold-panel")
    _not_before(on, rec, "panel_held", "panel")
    _mark(case, rec, "panel_reported", on)
    detail = {"recommendations": list(cmd.recommendations), "summary": cmd.summary}
    return Change(
        "panel-reported",
        f"Panel report to the Director on {on}: {len(cmd.recommendations)} recommendation(s)",
        detail,
    )


def _responded(ctx: Context, case: CaseLike) -> dict[str, Any]:
    """What ``case.responded`` says besides the step's own detail (as `RecordResponse`)."""
    return {
        "agreed_actions": [],
        "escalation": progress.route_after(ctx.procedure, case.stage or ""),
    }


def _respond_on(case: CaseLike, rec: dict[str, Any], on: date, outcome: str, summary: str) -> None:
    rec.update(responded_on=iso(on), outcome=outcome, summary=summary)
    save_stage(case, rec)


def record_director_response(
    case: CaseLike, cmd: RecordDirectorResponse, ctx: Context, on: date
) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_reported", Action.RECORD_DIRECTOR_RESPONSE, "report-panel")
    _not_before(on, rec, "panel_reported", "panel report")
    _mark(case, rec, "director_responded", on)
    _respond_on(case, current_stage(case), on, str(cmd.outcome), cmd.summary)
    detail = {"outcome": str(cmd.outcome), "summary": cmd.summary, "final": True}
    # The Director's response is the stage's answer: also ``case.responded`` (its letter).
    return Change(
        "director-responded",
        f"The Director responded on {on}: {cmd.outcome}. {cmd.summary}",
        detail,
        also=[("responded", _responded(ctx, case))],
    )


def quality_assure(case: CaseLike, cmd: QualityAssure, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    conflicts = independence.check_quality_assurer(cmd.by, record=rec)
    if conflicts:
        raise independence.NotIndependent("quality assurer", conflicts)
    rec["quality_assured_by"] = cmd.by
    _mark(case, rec, "quality_assured", on, by=cmd.by)
    detail = {"by": cmd.by, "note": cmd.note, "recorded_by": ctx.actor}
    return Change("quality-assured", f"Response quality assured by {cmd.by} on {on}", detail)


def record_oral_response(case: CaseLike, cmd: RecordOralResponse, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _respond_on(case, rec, on, str(cmd.outcome), cmd.summary)
    detail = {
        "channel": str(cmd.channel),
        "outcome": str(cmd.outcome),
        "summary": cmd.summary,
        "letter": cmd.letter,
    }
    words = f"Answered {cmd.channel} on {on}: {cmd.outcome}. {cmd.summary}"
    # Put in writing: the decision letter goes too, as for any ``case.responded``.
    also = [("responded", _responded(ctx, case))] if cmd.letter else []
    return Change(
        "oral-response-recorded",
        words + (" (confirmed in writing)" if cmd.letter else ""),
        detail,
        also=also,
    )


def record_early_resolution(
    case: CaseLike, cmd: RecordEarlyResolution, ctx: Context, on: date
) -> Change:
    rec = current_stage(case)
    _respond_on(case, rec, on, str(cmd.outcome), cmd.summary)
    detail = {"outcome": str(cmd.outcome), "summary": cmd.summary, "decided_by": cmd.decided_by}
    return Change(
        "early-resolution", f"Step 1 early resolution on {on}: {cmd.outcome}. {cmd.summary}", detail
    )


def record_new_evidence(case: CaseLike, cmd: RecordNewEvidence, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _mark(case, rec, "new_evidence", on, summary=cmd.summary)
    return Change(
        "new-evidence",
        f"New evidence on {on} why the step 1 conclusion is inaccurate: {cmd.summary}",
        {"summary": cmd.summary},
    )


def review_dco_certification(
    case: CaseLike, cmd: ReviewDcoCertification, ctx: Context, on: date
) -> Change:
    rec = current_stage(case)
    _mark(case, rec, "dco_certification_reviewed", on, decision=cmd.decision)
    detail = {"decision": cmd.decision, "by": cmd.by}
    return Change(
        "dco-certification-reviewed",
        f"DCO certification considered on {on}: {cmd.decision}",
        detail,
    )


def give_staff_guidance(case: CaseLike, cmd: GiveStaffGuidance, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _mark(case, rec, "staff_guidance_given", on, staff_member=cmd.staff_member)
    detail = {"staff_member": cmd.staff_member, "guidance": cmd.guidance}
    return Change(
        "staff-guidance-given",
        f"Guidance given to {cmd.staff_member} on {on}: {cmd.guidance}",
        detail,
    )


# -- what other commands must wait for --------------------------------------------------------

# Substantiated misconduct: the step the seed requires before the case closes.
MISCONDUCT_STEPS = {
    "serious_misconduct": ("dco_certification_reviewed", Action.REVIEW_DCO_CERTIFICATION),
    "minor_misconduct": ("staff_guidance_given", Action.GIVE_STAFF_GUIDANCE),
}
SUBSTANTIATED = ("upheld", "partly")


def check_before_response(case: CaseLike, ctx: Context) -> None:
    """A DSO decision letter goes only once the response is quality assured (the stages
    with the ``quality_assured`` duty)."""
    stage = ctx.procedure.stage(case.stage or "")
    duty = next((d for d in stage.duties if d.rule == "quality_assured"), None)
    if duty is not None and not _done(current_stage(case), "quality_assured"):
        raise Refusal(
            f"the response at {stage.title} must be quality assured first "
            f"(quality-assure, by a senior officer): {duty.source}"
        )


def check_before_close(case: CaseLike, ctx: Context) -> None:
    """Substantiated misconduct is closed only once the seed's follow-up is recorded."""
    rec = current_stage(case)
    needed = MISCONDUCT_STEPS.get(case.stage or "")
    if ctx.procedure.name != "dso" or needed is None or rec.get("outcome") not in SUBSTANTIATED:
        return
    key, action = needed
    if not _done(rec, key):
        raise Refusal(
            f"the misconduct was substantiated ({rec.get('outcome')}): record {action} before "
            f"closing ({_source(action)})"
        )


def check_before_escalation(case: CaseLike, ctx: Context) -> None:
    """HMIP: a matter already considered at step 1 goes on only with new evidence."""
    if (ctx.procedure.name, case.stage) != ("hmip", "early_resolution"):
        return
    rec = current_stage(case)
    if rec.get("outcome") and not _done(rec, "new_evidence"):
        raise Refusal(
            "this matter was considered at step 1: record-new-evidence first "
            f"({_source(Action.RECORD_NEW_EVIDENCE)})"
        )


def stage2_notices(procedure: str, stage: str, officer: str) -> list[dict[str, str]]:
    """The notices seed 004 requires when the stage 2 investigating officer is appointed."""
    if (procedure, stage) != ("children", "investigation"):
        return []
    return [{**n, "officer": officer} for n in STAGE2_NOTICES]
