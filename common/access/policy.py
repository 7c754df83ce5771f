"""Who may read and work a case, by role (ARCHITECTURE.md; seed 004 on confidential
children's complaints). Pure: the gate (and records' use cases) ask, log the answer, then
act or refuse. Every service answers from the same `CaseFacts`, so a case is as closed
through routing, deadlines and notifications as through records.

- central team (DS Complaints, Complaints Managers): read and work every case;
- investigating officer: read and work only the cases assigned to them, and only the
  investigation steps (comments, investigation and its conclusion, the statement of
  complaint, draft and final reports, the response, an oral response, the file's papers);
- Children's Complaints Officer: children's complaints and complaints by a child, with
  the steps that oversee them (acknowledge, suspend / resume, restrict, papers, a letter
  sent again) and those that carry the child's voice (the agreed statement of complaint, a
  Review Panel requested);
- auditor: read everything, including who saw what; change nothing;
- partner: read its own submissions, never a confidential one; change nothing;
- operator: queues and health, not case files; may put a failed letter of a case that is
  not confidential back in the queue, without reading it.

A confidential complaint (a child's "confidential complaint", or flagged by the partner or
routing) is readable only by the central team, the Children's Complaints Officer, the
auditor and the officer assigned to it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from common.auth import Caller, Role

CONFIDENTIAL_READERS = {Role.CENTRAL_TEAM, Role.CHILDRENS_COMPLAINTS_OFFICER, Role.AUDITOR}
# Actions are named as records' lifecycle names them (`Action`), plus the other services'.
RESEND_LETTER = "resend-letter"
# An establishment's complaints clerk (its partner account) prints paper letters from the
# print queue and records handing them over (issue 18).
HAND_OVER_LETTER = "hand-over-letter"
PARTNER_ACTIONS = {HAND_OVER_LETTER}
OFFICER_ACTIONS = {
    "request-comments",
    "record-comments",
    "investigate",
    "respond",
    "add-correspondence",
    # the investigation's own steps (seed 001 step 2; seed 004 stage 2; seed 002 stage 1)
    "conclude-investigation",
    "agree-statement",
    "send-draft-report",
    "send-final-report",
    "record-oral-response",
    # outcomes (issue 19): points, findings, remedies up to the role's limit, learning
    "agree-outcome",
    "record-finding",
    "add-remedy",
    "amend-remedy",
    "cancel-remedy",
    "approve-remedy",
    "complete-commitment",
    "record-learning",
}
CCO_ACTIONS = {
    "acknowledge",
    "suspend",
    "resume",
    "restrict",
    "add-correspondence",
    RESEND_LETTER,
    HAND_OVER_LETTER,
    # the child's voice in the procedure: what they want looked at, and a panel on request
    "agree-statement",
    "request-panel",
    "agree-outcome",
    "approve-remedy",
    "complete-commitment",
    "record-learning",
    # seed 004: safeguarding confirmed with the child before release; advocacy
    "confirm-release",
    "record-advocacy",
}
OPERATOR_ACTIONS = {RESEND_LETTER}
REPORT_READERS = {Role.CENTRAL_TEAM, Role.AUDITOR, Role.CHILDRENS_COMPLAINTS_OFFICER}


class CaseFacts(BaseModel):
    """What access decisions look at, for one strand. Each service keeps these for the
    cases it holds (`common.access.facts`); records reads them off the case file."""

    model_config = ConfigDict(frozen=True)

    procedure: str = ""
    confidential: bool = False
    partner_id: str | None = None
    officer: str | None = None
    by_child: bool = False

    @classmethod
    def of(cls, case) -> CaseFacts:  # type: ignore[no-untyped-def]
        """The facts of a records case file (the document or a fake)."""
        return cls(
            procedure=case.procedure or "",
            confidential=bool(case.confidential),
            partner_id=case.partner_id,
            officer=case.officer,
            by_child=bool((case.complainant or {}).get("is_child")),
        )


def can_read(caller: Caller, case: CaseFacts) -> tuple[bool, str]:
    """Whether ``caller`` may read the case, and why not if they may not."""
    role = caller.role
    if role is Role.OPERATOR:
        return False, "operators see queues and health, not case files"
    if role is Role.PARTNER:
        if not caller.partner or caller.partner != case.partner_id:
            return False, "partners may read only their own submissions"
        if case.confidential:
            return False, "the case is confidential; partners may not read it"
        return True, ""
    if role is Role.INVESTIGATING_OFFICER and caller.sub != case.officer:
        return False, "investigating officers may read only the cases assigned to them"
    if role is Role.CHILDRENS_COMPLAINTS_OFFICER and not (
        case.procedure == "children" or case.by_child
    ):
        return False, "the Children's Complaints Officer sees children's complaints only"
    if case.confidential and role not in CONFIDENTIAL_READERS and caller.sub != case.officer:
        return False, f"the case is confidential; role {role} may not read it"
    return True, ""


def can_act(caller: Caller, action: str, case: CaseFacts) -> tuple[bool, str]:
    """Whether ``caller`` may take ``action`` on the case (reading it is needed first,
    except for an operator's own actions on a case that is not confidential)."""
    role = caller.role
    if role is Role.OPERATOR and action in OPERATOR_ACTIONS:
        if case.confidential:
            return False, "the case is confidential; operators may not act on it"
        return True, ""
    allowed, why = can_read(caller, case)
    if not allowed:
        return False, why
    if role is Role.CENTRAL_TEAM:
        return True, ""
    if role is Role.INVESTIGATING_OFFICER and action in OFFICER_ACTIONS:
        return True, ""
    if role is Role.CHILDRENS_COMPLAINTS_OFFICER and action in CCO_ACTIONS:
        return True, ""
    if role is Role.PARTNER and action in PARTNER_ACTIONS:
        return True, ""
    if role in (Role.AUDITOR, Role.PARTNER):
        return False, f"role {role} is read-only"
    return False, f"role {role} may not {action}"


def can_report(caller: Caller, procedure: str) -> tuple[bool, str]:
    """Whether ``caller`` may run reports on ``procedure`` ("" for all)."""
    if caller.role not in REPORT_READERS:
        return False, f"role {caller.role} may not read reports"
    if caller.role is Role.CHILDRENS_COMPLAINTS_OFFICER and procedure != "children":
        return False, "the Children's Complaints Officer reports on children's complaints only"
    return True, ""


def can_see_access_log(caller: Caller) -> tuple[bool, str]:
    """Who may see who accessed a case: auditors and the central team."""
    if caller.role in (Role.AUDITOR, Role.CENTRAL_TEAM):
        return True, ""
    return False, f"role {caller.role} may not see who accessed a case"


def can_manage_data(caller: Caller) -> tuple[bool, str]:
    """Retention runs, erasure and subject access exports: the central team only."""
    if caller.role is Role.CENTRAL_TEAM:
        return True, ""
    return False, f"role {caller.role} may not run data protection tasks"
