"""A case's statuses and the actions people (and the deadlines service) take on it: the
vocabulary of `services.records.domain.lifecycle`, which re-exports both."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"  # filed before its routing arrived
    EXCLUDED = "excluded"  # routed as not dealt with under the procedure: filed, answered
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    OFFICER_ASSIGNED = "officer-assigned"
    COMMENTS_REQUESTED = "comments-requested"
    INVESTIGATING = "investigating"
    RESPONDED = "responded"
    ESCALATED = "escalated"
    SUSPENDED = "suspended"
    MERGED = "merged"
    CLOSED = "closed"


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    ASSIGN_OFFICER = "assign-officer"
    REQUEST_COMMENTS = "request-comments"
    RECORD_COMMENTS = "record-comments"
    INVESTIGATE = "investigate"
    RESPOND = "respond"
    EXTEND = "extend"
    ESCALATE = "escalate"
    AUTO_PROGRESS = "auto-progress"
    SUSPEND = "suspend"
    RESUME = "resume"
    MERGE = "merge"
    RESTRICT = "restrict"
    CLOSE = "close"
    ADD_CORRESPONDENCE = "add-correspondence"
    ERASE_OR_REDACT = "erase-or-redact"
    # Reaching the person (issue 18: `release`, `advocacy`, `representations`).
    CONFIRM_RELEASE = "confirm-release"
    RECORD_ADVOCACY = "record-advocacy"
    RECORD_FEEDBACK = "record-feedback"
    # The steps the seeds name (`services.records.domain.steps`): a fact recorded on the
    # file, most without moving the status.
    CONCLUDE_INVESTIGATION = "conclude-investigation"
    DECIDE_PROVIDER_SPLIT = "decide-provider-split"
    AGREE_STATEMENT = "agree-statement"
    SEND_DRAFT_REPORT = "send-draft-report"
    SEND_FINAL_REPORT = "send-final-report"
    ADJUDICATE = "adjudicate"
    REQUEST_PANEL = "request-panel"
    SCHEDULE_PANEL = "schedule-panel"
    SEND_PANEL_PAPERS = "send-panel-papers"
    HOLD_PANEL = "hold-panel"
    REPORT_PANEL = "report-panel"
    RECORD_DIRECTOR_RESPONSE = "record-director-response"
    QUALITY_ASSURE = "quality-assure"
    RECORD_ORAL_RESPONSE = "record-oral-response"
    RECORD_EARLY_RESOLUTION = "record-early-resolution"
    RECORD_NEW_EVIDENCE = "record-new-evidence"
    REVIEW_DCO_CERTIFICATION = "review-dco-certification"
    GIVE_STAFF_GUIDANCE = "give-staff-guidance"
    # Alternatives and children's eligibility (`alternatives`, `eligibility`).
    MEDIATION = "mediation"
    EARLY_REFERRAL = "early-ombudsman-referral"
    HEALTHCARE_ESCALATION = "healthcare-escalation"
    RECORD_ELIGIBILITY = "record-eligibility"
    DECIDE_LEAD_AUTHORITY = "decide-lead-authority"
    FREEZE_DECISION = "freeze-decision"
    CONCURRENT_PROCEDURE = "concurrent-procedure"
