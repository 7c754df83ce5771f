"""Applying a command to a case file: check the lifecycle, change the file, name the event.

`execute` is pure: it mutates the file object it is given (the document, or a fake in
tests) and returns the lifecycle events to publish with their stable message ids
(``case.<status>:<case_ref>:<n>``, n counting the file's commands). Every command adds
one entry to the append-only history, naming who did it.

The lifecycle's own commands are in `services.records.domain.lifecycle_commands`; the
seeds' casework steps, outcomes and the rest in their own modules. `_HANDLERS` names the
function for each command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.contracts.events import CaseLifecycle
from services.records.domain import (
    advocacy,
    alternatives,
    clocks,
    eligibility,
    entries,
    feedback,
    lifecycle_commands,
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
from services.records.domain.lifecycle import check
from services.records.domain.model import Change, Context, facts_of


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


# -- the function for each command ---------------------------------------------------------


_HANDLERS: dict[type, Callable[..., Change]] = {
    Acknowledge: lifecycle_commands.acknowledge,
    AssignOfficer: lifecycle_commands.assign_officer,
    RequestComments: lifecycle_commands.request_comments,
    RecordComments: lifecycle_commands.record_comments,
    Investigate: lifecycle_commands.investigate,
    RecordResponse: lifecycle_commands.respond,
    Extend: lifecycle_commands.extend,
    Escalate: lifecycle_commands.escalate,
    AutoProgress: progress.auto_progress,
    Suspend: lifecycle_commands.suspend,
    Resume: lifecycle_commands.resume,
    Merge: lifecycle_commands.merge,
    Restrict: restrictions.apply,
    Close: lifecycle_commands.close,
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
