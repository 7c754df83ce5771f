"""Every RPC of the platform, with who may call it and on which cases. The gate applies
this table on all five servers; a method missing from it is refused to everyone (and
tests/common/unit/test_access_matrix.py fails), so a new RPC cannot go out unguarded.

A rule says:
- ``who``: the roles that may call the method at all;
- ``cases``: the request fields holding case references. The caller must be allowed on
  every strand each reference names: to read it (`policy.can_read`), or, with ``action``,
  to take that action (`policy.can_act`);
- ``listed``: the reply is a list of cases; the servicer keeps only those the caller may
  read (`policy.can_read`, through `gate.visible`);
- ``report``: the request field naming a procedure (or a fixed ``procedure``) the caller
  must be allowed to report on (`policy.can_report`);
- ``why``: in words, for the docs (docs/access.md is generated from this table).
"""

from __future__ import annotations

from dataclasses import dataclass

from common.access.policy import HAND_OVER_LETTER, RESEND_LETTER
from common.auth import Role

CT, IO, CCO = Role.CENTRAL_TEAM, Role.INVESTIGATING_OFFICER, Role.CHILDRENS_COMPLAINTS_OFFICER
AUD, PARTNER, OPS = Role.AUDITOR, Role.PARTNER, Role.OPERATOR
CASEWORKERS = frozenset({CT, IO, CCO})
READERS = frozenset({CT, IO, CCO, AUD, PARTNER})
EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class Rule:
    who: frozenset[Role]
    cases: tuple[str, ...] = ()
    action: str = ""
    listed: bool = False
    report: str = ""
    procedure: str = ""
    why: str = ""


def _read(*fields: str, who: frozenset[Role] = READERS, why: str = "") -> Rule:
    return Rule(who=who, cases=fields or ("ref",), why=why)


def _act(action: str, *fields: str, who: frozenset[Role] = CASEWORKERS, why: str = "") -> Rule:
    why = why or f"casework ({action}): whoever may take this step on the case"
    return Rule(who=who, cases=fields or ("ref",), action=action, why=why)


def _report(field: str = "", procedure: str = "", why: str = "") -> Rule:
    return Rule(
        who=frozenset({CT, AUD, CCO}),
        report=field,
        procedure=procedure,
        why=why or "reports: central team, auditors; the CCO on children's complaints only",
    )


CASE = "complaints.v1.CaseService"
REPORTS = "complaints.v1.ReportService"
OUTCOMES = "complaints.v1.OutcomeService"
RULES: dict[str, Rule] = {
    # intake
    "/complaints.v1.IntakeService/Submit": Rule(
        who=frozenset({PARTNER}), why="partners submit, as the partner their token names"
    ),
    # routing
    "/complaints.v1.RoutingService/Explain": _read(
        "reference",
        who=frozenset({CT, CCO, AUD, PARTNER}),
        why="why a complaint went where it did: those who may read every strand of it "
        "(investigating officers read their strand's file through records)",
    ),
    # deadlines
    "/complaints.v1.DeadlineService/GetClocks": _read(
        "reference", why="a case's clocks: whoever may read the case"
    ),
    "/complaints.v1.DeadlineService/ListDue": Rule(
        who=frozenset({CT, IO, CCO, AUD}),
        listed=True,
        why="clocks due across cases: each caller sees only the cases they may read",
    ),
    "/complaints.v1.DeadlineService/AddWorkingDays": Rule(
        who=EVERYONE, why="the working-day calculator: no case involved"
    ),
    "/complaints.v1.DeadlineService/ImportBankHolidays": Rule(
        who=frozenset({CT, OPS}), why="a new calendar version: operators and the central team"
    ),
    # notifications
    "/complaints.v1.NotificationService/ListNotifications": _read(
        "reference", why="a case's letters and their fate: whoever may read the case"
    ),
    "/complaints.v1.NotificationService/Preview": _read(
        "reference", why="a letter's text: whoever may read the case"
    ),
    "/complaints.v1.NotificationService/Resend": _act(
        RESEND_LETTER,
        "case_ref",
        who=frozenset({CT, CCO, OPS}),
        why="a letter sent again: the central team, the CCO on children's complaints, "
        "operators on cases that are not confidential",
    ),
    "/complaints.v1.NotificationService/CompleteTask": _act(
        RESEND_LETTER,
        "case_ref",
        who=frozenset({CT, CCO}),
        why="a desk's translation or format task recorded done (its reminder withdrawn): the "
        "central team, the CCO on children's complaints",
    ),
    "/complaints.v1.NotificationService/ListPrintQueue": Rule(
        who=frozenset({CT, CCO, PARTNER}),
        listed=True,
        why="paper letters waiting to be printed and handed over: each caller sees only "
        "the cases they may read (an establishment's clerk, its own partner's)",
    ),
    "/complaints.v1.NotificationService/GetPrintedLetter": _read(
        "case_ref",
        who=frozenset({CT, CCO, PARTNER}),
        why="a paper letter's PDF: the central team, the CCO, the partner's clerk",
    ),
    "/complaints.v1.NotificationService/MarkPrinted": _act(
        HAND_OVER_LETTER,
        "case_ref",
        who=frozenset({CT, CCO, PARTNER}),
        why="a paper letter printed: the establishment's clerk (its partner), the central "
        "team, the CCO on children's complaints",
    ),
    "/complaints.v1.NotificationService/MarkHandedOver": _act(
        HAND_OVER_LETTER,
        "case_ref",
        who=frozenset({CT, CCO, PARTNER}),
        why="a paper letter handed to its recipient, with the day: the establishment's "
        "clerk (its partner), the central team, the CCO on children's complaints",
    ),
    # records: reading
    f"/{CASE}/GetCase": _read(why="the case: whoever may read it"),
    f"/{CASE}/GetFile": _read(why="the whole file: whoever may read it"),
    f"/{CASE}/AccessLog": Rule(
        who=frozenset({CT, AUD}), cases=("ref",), why="who saw the file: auditors and central"
    ),
    f"/{CASE}/ListCases": Rule(
        who=READERS, listed=True, why="a caseload: each caller sees only the cases they may read"
    ),
    # records: casework
    f"/{CASE}/Acknowledge": _act("acknowledge"),
    f"/{CASE}/AssignOfficer": _act("assign-officer"),
    f"/{CASE}/RequestComments": _act("request-comments"),
    f"/{CASE}/RecordComments": _act("record-comments"),
    f"/{CASE}/Investigate": _act("investigate"),
    f"/{CASE}/RecordResponse": _act("respond"),
    f"/{CASE}/Extend": _act("extend"),
    f"/{CASE}/Escalate": _act("escalate"),
    f"/{CASE}/Suspend": _act("suspend"),
    f"/{CASE}/Resume": _act("resume"),
    f"/{CASE}/Merge": _act("merge", "ref", "into"),
    f"/{CASE}/Restrict": _act("restrict"),
    f"/{CASE}/Close": _act("close"),
    f"/{CASE}/AddCorrespondence": _act("add-correspondence"),
    # records: the seeds' steps
    f"/{CASE}/ConcludeInvestigation": _act("conclude-investigation"),
    f"/{CASE}/DecideProviderSplit": _act("decide-provider-split"),
    f"/{CASE}/AgreeStatement": _act("agree-statement"),
    f"/{CASE}/SendDraftReport": _act("send-draft-report"),
    f"/{CASE}/SendFinalReport": _act("send-final-report"),
    f"/{CASE}/Adjudicate": _act("adjudicate"),
    f"/{CASE}/RequestPanel": _act("request-panel"),
    f"/{CASE}/SchedulePanel": _act("schedule-panel"),
    f"/{CASE}/SendPanelPapers": _act("send-panel-papers"),
    f"/{CASE}/HoldPanel": _act("hold-panel"),
    f"/{CASE}/ReportPanel": _act("report-panel"),
    f"/{CASE}/RecordDirectorResponse": _act("record-director-response"),
    f"/{CASE}/QualityAssure": _act("quality-assure"),
    f"/{CASE}/RecordOralResponse": _act("record-oral-response"),
    f"/{CASE}/RecordEarlyResolution": _act("record-early-resolution"),
    f"/{CASE}/RecordNewEvidence": _act("record-new-evidence"),
    f"/{CASE}/ReviewDcoCertification": _act("review-dco-certification"),
    f"/{CASE}/GiveStaffGuidance": _act("give-staff-guidance"),
    # records: reaching the person (issue 18)
    f"/{CASE}/ConfirmRelease": _act("confirm-release"),
    f"/{CASE}/RecordAdvocacy": _act("record-advocacy"),
    f"/{CASE}/RecordFeedback": _act("record-feedback"),
    **{
        f"/{CASE}/{name}": Rule(
            who=frozenset({CT, CCO}),
            why="representations and compliments (seed 004, no strand): the central team and "
            "the Children's Complaints Officer",
        )
        for name in ("AnswerRepresentation", "ConvertRepresentation", "PassOnCompliment")
    },
    f"/{CASE}/Mediation": _act("mediation"),
    f"/{CASE}/ReferToOmbudsmanEarly": _act("early-ombudsman-referral"),
    f"/{CASE}/EscalateHealthcare": _act("healthcare-escalation"),
    f"/{CASE}/RecordEligibility": _act("record-eligibility"),
    f"/{CASE}/DecideLeadAuthority": _act("decide-lead-authority"),
    f"/{CASE}/FreezeDecision": _act("freeze-decision"),
    f"/{CASE}/RecordConcurrentProcedure": _act("concurrent-procedure"),
    # records: data protection
    f"/{CASE}/EraseOrRedact": _act(
        "erase-or-redact", who=frozenset({CT}), why="data protection: the central team"
    ),
    f"/{CASE}/ExpireRecords": Rule(who=frozenset({CT}), why="retention: the central team"),
    f"/{CASE}/ExportSubject": Rule(who=frozenset({CT}), why="subject access: the central team"),
    # records: reports
    f"/{REPORTS}/Kpi": _report("procedure"),
    f"/{REPORTS}/HmipAnnual": _report(procedure="hmip"),
    f"/{REPORTS}/ChildrenAnnual": _report(procedure="children"),
    f"/{REPORTS}/Representations": _report(procedure="children"),
    # records: outcome sought, findings, remedies, commitments, learning (issue 19)
    f"/{OUTCOMES}/GetOutcomes": _read(why="a case's outcomes record: whoever may read it"),
    f"/{OUTCOMES}/AgreeOutcome": _act("agree-outcome"),
    f"/{OUTCOMES}/SetPoint": _act("agree-outcome"),
    f"/{OUTCOMES}/RecordFinding": _act("record-finding"),
    f"/{OUTCOMES}/AddRemedy": _act("add-remedy"),
    f"/{OUTCOMES}/ApproveRemedy": _act(
        "approve-remedy",
        why="a financial remedy: caseworkers, each up to their role's configured limit",
    ),
    f"/{OUTCOMES}/AmendRemedy": _act(
        "amend-remedy", why="who may give a remedy may amend it; a raised payment is approved again"
    ),
    f"/{OUTCOMES}/CancelRemedy": _act("cancel-remedy", why="who may give a remedy may cancel it"),
    f"/{OUTCOMES}/CompleteCommitment": _act("complete-commitment"),
    f"/{OUTCOMES}/RecordLearning": _act("record-learning"),
    f"/{OUTCOMES}/Commitments": _report("procedure"),
    f"/{OUTCOMES}/Learning": _report("procedure"),
    f"/{REPORTS}/Alternatives": _report("procedure"),
}
