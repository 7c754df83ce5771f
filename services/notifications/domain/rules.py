"""The letter calendar: which letter each series of recipients is sent on which fact.

Who is told is routing's decision (the ``recipients`` of ``case.routed``, issue 18): the
complainant and each authorised representative get the ``correspondence`` series, an MP the
``position`` series, officers named the ``comments`` series, the owning team (or the
Children's Complaints Officer) the ``alerts`` series; a copy or referral routing decided is
one letter on its own event (`recipients.plan_letters`). A rule here names the trigger, the
series (or the notice kind records requires on a step), the template, the conditions on the
case's progress that must all hold (`conditions.CONDITIONS`) and the seed sentence it comes
from. Rules in ``"*"`` apply to every procedure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Rule:
    """When ``trigger`` happens and every condition in ``when`` holds, send ``template`` to
    each recipient of the series ``recipient`` routing decided (or of the notice kind).

    ``once`` keys the letter on the case (``"case"``), on the case and its new target date
    (``"target"``), on the mediation (``"mediation"``) or on the request for the officers'
    comments (``"comments"``) instead of the trigger, so that two triggers for the same
    letter (routing and a referral; records' ``case.extended`` and deadlines' extended
    clock; a mediation's end and its resumed clock; a request and the clock dating it) send
    it once.
    """

    trigger: str
    recipient: str
    template: str
    when: tuple[str, ...] = ()
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    once: Literal["", "case", "target", "mediation", "comments"] = ""


_EXT = "003 update letters; 001 'you will be informed and given a date'; 004 extensions"
# The series routing's recipients get (`common.contracts.events.SERIES`).
TO = "correspondence"
MP = "position"
_STAGE2 = "004 'Procedure stage 2': "
_COMMIT = (
    "004 'ensuring that commitments given in responses (including adjudications) are "
    "implemented'"
)
_ADR = (
    "003 'Mediation and restorative engagement': 'complainants should not be prevented from "
    "escalating their concerns to the next stage ... if they feel that mediation or "
    "restorative conversations have broken down or they do not wish to use this route'; 004 "
    "'Alternative Disputes Resolution may be considered for example, mediation'"
)
_EARLY = (
    "004 'Early Referral': 'the local authority and the complainant should agree a written "
    "statement of the complaint for release, by the authority, to the Ombudsman'"
)
_REMEDY = (
    "004 'ensuring the complainant is kept informed at all stages'; 003 'appropriate remedies "
    "can be provided at any stage of the complaints process'"
)
_HEALTHCARE = (
    "000 'DS Complaints will facilitate the escalation of healthcare complaints in detention "
    "(Scotland and Northern Ireland) to the appropriate Ombudsman'"
)
# The recipients of the notices records requires on a step (`notices`).
NOTICE_RECIPIENTS = ("head_of_service", "team_manager")

RULES: dict[str, tuple[Rule, ...]] = {
    "*": (
        Rule(
            "case.acknowledged",
            TO,
            "acknowledgement",
            (),
            "003 template letters; 000 'acknowledged; details of investigating officer and "
            "target date'",
        ),
        Rule(
            "case.officer-assigned",
            TO,
            "update",
            ("acknowledged",),
            "001 'We will give you the name ... of this Investigating Officer'",
            {"update_kind": "officer-assigned"},
        ),
        Rule("case.extended", TO, "extension", (), _EXT, once="target"),
        Rule("deadline.set", TO, "extension", ("clock_extended",), _EXT, once="target"),
        Rule(
            "case.responded",
            TO,
            "decision",
            ("window_known",),
            "003 decision letters; every response states its escalation route",
        ),
        # ... with the day the window to the external body ends, once deadlines dated it.
        Rule(
            "deadline.set",
            TO,
            "decision",
            ("window_dated",),
            "000 IEC / PPO 'within 3 months of the complainant receiving the response'",
        ),
        # The letter on a move gives the new stage's date, from its own clock: sent on the
        # move when deadlines dated it first, else on the date (keyed on it, so once).
        Rule(
            "case.auto-progressed",
            TO,
            "update",
            ("stage_dated",),
            "a procedure whose data moves a stage on by itself (transitions by: time_limit)",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "case.escalated",
            TO,
            "update",
            ("stage_dated",),
            "004 'ensuring the complainant is kept informed at all stages'",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "case.panel-requested",
            TO,
            "update",
            ("stage_dated",),
            "004 'ensuring the complainant is kept informed at all stages'",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "deadline.set",
            TO,
            "update",
            ("stage_entered",),
            "004 'ensuring the complainant is kept informed at all stages'",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "deadline.resumed",
            TO,
            "update",
            ("owed_date_given",),
            "the extension letter sent during a suspension said the date would be set when "
            "handling resumed: this letter gives it",
            {"update_kind": "resumed"},
            once="target",
        ),
        Rule(
            "case.merged",
            TO,
            "update",
            (),
            "001 'a single investigation of them all and provide a single response'",
            {"update_kind": "merged"},
        ),
        Rule(
            "case.routed",
            TO,
            "exclusion",
            ("exclusions_to_explain",),
            "001 §3 'If we cannot deal with your matter, we will write to you to explain "
            "why'; 002 ¶11 'we must signpost the customer/service user to the SPSO'; 004 "
            "exemptions name the separate procedure",
        ),
        # The officers named are asked for their comments (routing's request, or the team's
        # again) by the day deadlines' ``officer_comments`` clock gives: sent with the
        # request when deadlines dated it first, else on the date (keyed on the request:
        # once per request; `comments_letters`).
        Rule(
            "case.comments-requested",
            "comments",
            "comments_request",
            ("comments_dated",),
            "003, as requested by the case officer: 'Three working days should be "
            "sufficient', counted again from that day",
            once="comments",
        ),
        Rule(
            "deadline.set",
            "comments",
            "comments_request",
            ("comments_clock_dated",),
            "003 'send details of the complaint to those named ... comments ... three "
            "working days'; 001 'they will be informed ... and given the opportunity to "
            "comment'",
            once="comments",
        ),
        Rule(
            "case.acknowledged",
            MP,
            "mp_position",
            (),
            "004 'write to the MP ... current position ... date by which the complainant will "
            "receive a response'",
        ),
        Rule("case.extended", MP, "mp_position", (), "004, the response date moved", once="target"),
        Rule(
            "deadline.set", MP, "mp_position", ("clock_extended",), "004, as above", once="target"
        ),
        Rule(
            "case.restricted",
            TO,
            "restriction",
            (),
            "002 ¶10 'communicate that decision, notify the customer/service user of their "
            "right of appeal, and review any decision'; ¶11 'we must signpost ... to the SPSO'",
        ),
        # Alternatives to the formal route (records' `alternatives`; `alternative_letters`).
        Rule("case.mediation-offered", TO, "mediation_offer", (), _ADR),
        # Its outcome, with the response date: at once when the clocks ran on, else when
        # deadlines resumes the clock mediation stopped (keyed on the mediation: once).
        Rule("case.mediation-concluded", TO, "mediation_outcome", ("mediation_dated",), _ADR,
             once="mediation"),  # fmt: skip
        Rule("deadline.resumed", TO, "mediation_outcome", ("mediation_resumed_dated",), _ADR,
             once="mediation"),  # fmt: skip
        # The owning team's reminders; DS Complaints' task has its own (below, "dso").
        Rule("deadline.approaching", "alerts", "reminder", ("not_task_clock",)),
        Rule("deadline.breached", "alerts", "breach", ("not_task_clock",)),
        # A remedy the response told them of, amended or cancelled since (`remedy_letters`):
        # none for one changed before the response, or for a change it never showed.
        Rule("case.remedy-amended", TO, "remedy_amended", ("remedy_told",), _REMEDY),
        Rule("case.remedy-cancelled", TO, "remedy_cancelled", ("remedy_told",), _REMEDY),
        # records' commitments sweep: the owning team (a confidential child's: the CCO)
        # hears of a remedy falling due, then of it overdue.
        Rule(
            "case.commitment-reminder", "alerts", "reminder", ("commitment_falls_due",), _COMMIT
        ),
        Rule("case.commitment-reminder", "alerts", "breach", ("commitment_overdue",), _COMMIT),
    ),
    "dso": (
        # DS Complaints' task: its owner is told when it is opened (with its due date, if
        # any) and when it is done; the team's mailbox, for the owner's attention.
        Rule("case.healthcare-escalation-opened", "ds_complaints", "healthcare_escalation_task",
             (), _HEALTHCARE),  # fmt: skip
        Rule("case.healthcare-escalation-done", "ds_complaints", "healthcare_escalation_task",
             (), _HEALTHCARE),  # fmt: skip
        # ... and reminded as its due date nears, alerted once it passed (deadlines' clock
        # for the task): the team's mailbox again, not the owning team's.
        Rule("deadline.approaching", "ds_complaints", "reminder", ("task_clock",), _HEALTHCARE),
        Rule("deadline.breached", "ds_complaints", "breach", ("task_clock",), _HEALTHCARE),
    ),
    "hmip": (),
    "spso": (),
    "children": (
        Rule(
            "case.provider-split-decided",
            TO,
            "update",
            (),
            "004 providers: 'It should also advise the complainant which parts of the "
            "complaint the local authority is considering'",
            {"update_kind": "provider-split"},
        ),
        Rule(
            "case.officer-assigned",
            "head_of_service",
            "investigation_requested",
            ("stage2_investigation", "notice_to_head_of_service", "not_restricted"),
            _STAGE2 + "'inform the relevant Head of Service that a request has been made for "
            "an independent investigation'",
        ),
        Rule(
            "case.officer-assigned",
            "team_manager",
            "investigation_arranged",
            ("stage2_investigation", "notice_to_team_manager", "not_restricted"),
            _STAGE2 + "'inform the team manager that an investigation has been arranged, "
            "and who the investigating officer is'",
        ),
        # Early referral: the referral itself, with the agreed statement, to the Ombudsman
        # (its `ombudsman:` entry, else the fallback desk, loudly), and the complainant told.
        Rule("case.referred-to-ombudsman", "ombudsman", "early_referral", (), _EARLY),
        Rule("case.referred-to-ombudsman", TO, "early_referral_confirmation", (), _EARLY),
        Rule(
            "case.concurrent-procedure-recorded",
            TO,
            "update",
            ("court_not_yet_told",),
            "004 'The complainant should be informed that the complaints procedure cannot "
            "overturn a Court decision'",
            {"update_kind": "court"},
        ),
    ),
}

PROCEDURES = frozenset(RULES) - {"*"}
