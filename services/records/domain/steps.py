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
    GiveStaffGuidance,
    QualityAssure,
    RecordDirectorResponse,
    RecordEarlyResolution,
    RecordNewEvidence,
    RecordOralResponse,
    ReviewDcoCertification,
    SendDraftReport,
    SendFinalReport,
)
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import Action
from services.records.domain.model import Change, Context, current_stage, save_stage
from services.records.domain.panel_steps import (  # re-exported: one place for the steps
    hold_panel as hold_panel,
)
from services.records.domain.panel_steps import report_panel as report_panel
from services.records.domain.panel_steps import request_panel as request_panel
from services.records.domain.panel_steps import schedule_panel as schedule_panel
from services.records.domain.panel_steps import send_panel_papers as send_panel_papers
from services.records.domain.stages import iso
from services.records.domain.step_facts import _done, _mark, _needs, _not_before
from services.records.domain.step_guards import MISCONDUCT_STEPS as MISCONDUCT_STEPS
from services.records.domain.step_guards import SUBSTANTIATED as SUBSTANTIATED
from services.records.domain.step_guards import check_before_close as check_before_close
from services.records.domain.step_guards import (
    check_before_escalation as check_before_escalation,
)
from services.records.domain.step_guards import check_before_response as check_before_response

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


def stage2_notices(procedure: str, stage: str, officer: str) -> list[dict[str, str]]:
    """The notices seed 004 requires when the stage 2 investigating officer is appointed."""
    if (procedure, stage) != ("children", "investigation"):
        return []
    return [{**n, "officer": officer} for n in STAGE2_NOTICES]
