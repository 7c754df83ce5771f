"""``complaints case <step>``: the steps the seeds name, one CaseService command each.

Each is allowed only at the stages that have it; a refusal names the stage it belongs to,
the step that must come first, or the independence rule broken, with the seed sentence.
docs/records.md "Casework steps" lists them with the seeds' words.
"""

from __future__ import annotations

import typer

from cli.records import Param, command

NOTE = Param("note", "a note for the file")
OUTCOME = Param("outcome", "upheld | partly | not-upheld", required=True)


def register(app: typer.Typer) -> None:
    """Add every step's command to ``complaints case``."""

    def step(name: str, rpc: str, request: str, doc: str, *params: Param) -> None:
        command(app, name, rpc, request, doc, *params)

    # HMIP (seed 001)
    step(
        "early-resolution",
        "RecordEarlyResolution",
        "EarlyResolutionRequest",
        "HMIP step 1: record the early resolution's outcome.",
        Param("outcome", "resolved | not-resolved", required=True),
        Param("summary", "the step 1 conclusion", required=True),
        Param("decided_by", "e.g. the Director of Operations"),
    )
    step(
        "new-evidence",
        "RecordNewEvidence",
        "NewEvidenceRequest",
        "HMIP: new evidence why the step 1 conclusion is inaccurate (needed before a step 1 "
        "matter goes on to a formal complaint).",
        Param("summary", "the new evidence", argument=True, required=True),
    )
    step(
        "conclude",
        "ConcludeInvestigation",
        "ConcludeInvestigationRequest",
        "HMIP: the formal investigation concluded (the reply is due within 10 working days).",
        Param("summary", "what the investigation found"),
    )
    # Children (seed 004)
    step(
        "provider-split",
        "DecideProviderSplit",
        "DecideProviderSplitRequest",
        "Children: which parts the authority considers and which go to the registered "
        "provider (within 10 working days); the complainant is told.",
        Param("authority_part", "a part the authority considers (repeat)", "authority_parts",
              many=True, required=True),
        Param("provider_part", "a part for the provider (repeat)", "provider_parts", many=True),
        Param("provider", "the registered provider"),
        NOTE,
    )  # fmt: skip
    step(
        "agree-statement",
        "AgreeStatement",
        "AgreeStatementRequest",
        "Children stage 2: the statement of complaint and desired outcome, agreed.",
        Param("statement", "the agreed statement of complaint", required=True),
        Param("desired_outcome", "what the complainant wants", required=True),
    )
    step(
        "draft-report",
        "SendDraftReport",
        "SendReportRequest",
        "Children stage 2: the draft report sent for factual accuracy (no conclusions).",
        Param("document", "the report's name or reference"),
        NOTE,
    )
    step(
        "final-report",
        "SendFinalReport",
        "SendReportRequest",
        "Children stage 2: the final report sent to the adjudicating officer.",
        Param("document", "the report's name or reference"),
        Param("adjudicating_officer", "who it goes to"),
        Param("comments", "the complainant's comments on the draft"),
    )
    step(
        "adjudicate",
        "Adjudicate",
        "AdjudicateRequest",
        "Children stage 2: the adjudicating officer's decision on the final report.",
        Param("adjudicating_officer", "the Head of Service", required=True),
        OUTCOME,
        Param("summary", "the adjudication in a sentence", required=True),
    )
    step(
        "panel-request",
        "RequestPanel",
        "PanelStepRequest",
        "Children: the complainant asked for a Review Panel. At stage 2, once answered, it "
        "moves the case to stage 3 (convene within 30 wd); at stage 3 it records the request.",
        NOTE,
    )
    step(
        "panel-schedule",
        "SchedulePanel",
        "SchedulePanelRequest",
        "Children stage 3: the panel's date and its three independent members.",
        Param("date", "the panel's date, YYYY-MM-DD", "panel_date", required=True),
        Param("member", "a member (repeat: three)", "members", many=True, required=True),
        Param("chair", "one of the members"),
        Param("attest", "independent-of-authority | not-officer | "
              "not-spouse-or-civil-partner-of-officer (repeat)", "attestations", many=True),
    )  # fmt: skip
    step(
        "panel-papers",
        "SendPanelPapers",
        "PanelStepRequest",
        "Children stage 3: papers sent (10 working days before the panel).",
        NOTE,
    )
    step("panel-held", "HoldPanel", "PanelStepRequest", "Children stage 3: the panel met.", NOTE)
    step(
        "panel-report",
        "ReportPanel",
        "ReportPanelRequest",
        "Children stage 3: the panel's report to the Director (5 working days after).",
        Param("recommendation", "a recommendation (repeat)", "recommendations", many=True,
              required=True),
        Param("summary"),
    )  # fmt: skip
    step(
        "director-response",
        "RecordDirectorResponse",
        "DirectorResponseRequest",
        "Children stage 3: the Director's response on the panel's recommendations.",
        OUTCOME,
        Param("summary", "the response in a sentence", required=True),
    )
    # DSO (seed 000)
    step(
        "quality-assure",
        "QualityAssure",
        "QualityAssureRequest",
        "DSO: the response quality assured by a senior officer (before it goes).",
        Param("by", "the senior officer", required=True),
        NOTE,
    )
    step(
        "dco-review",
        "ReviewDcoCertification",
        "DcoCertificationRequest",
        "DSO serious misconduct substantiated: DCO certification considered.",
        Param("decision", "what was decided", required=True),
        Param("by"),
    )
    step(
        "staff-guidance",
        "GiveStaffGuidance",
        "StaffGuidanceRequest",
        "DSO minor misconduct substantiated: guidance given to the staff member.",
        Param("staff_member", required=True),
        Param("guidance", required=True),
    )
    # SPSO (seed 002)
    step(
        "oral-response",
        "RecordOralResponse",
        "OralResponseRequest",
        "SPSO stage 1: answered face to face or by phone (a letter only if put in writing).",
        Param("channel", "face-to-face | phone", required=True),
        OUTCOME,
        Param("summary", "what the complainant was told", required=True),
        Param("letter", "the decision was also put in writing", flag=True),
    )
