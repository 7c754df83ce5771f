"""Who must be told what: the recipient rules per procedure and trigger, as data.

A rule names the trigger, the recipient kind, the template, the conditions that must all
hold (`conditions.CONDITIONS`), and the seed sentence it comes from. Rules in ``"*"`` apply
to every procedure. ``recipient="referral"`` means "the body the ``case.referred`` names"
(`referrals.referral_target`). `recipients.plan_letters` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Rule:
    """When ``trigger`` happens and every condition in ``when`` holds, send ``template`` to
    each recipient of kind ``recipient``.

    ``once`` keys the letter on the case (``"case"``) or on the case and its new target date
    (``"target"``) instead of the trigger, so that two triggers for the same letter (routing
    and a referral; records' ``case.extended`` and deadlines' extended clock) send it once.
    """

    trigger: str
    recipient: str
    template: str
    when: tuple[str, ...] = ()
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    once: Literal["", "case", "target"] = ""


_REACH = ("complainant_reachable",)
_MP = ("mp_represents", "not_restricted")
_EXT = "003 update letters; 001 'you will be informed and given a date'; 004 extensions"
_PROVIDER = ("referred_to_provider", "not_restricted")
_STAGE2 = "004 'Procedure stage 2': "
# The recipients of the notices records requires on a step (`notices`).
NOTICE_RECIPIENTS = ("head_of_service", "team_manager")

RULES: dict[str, tuple[Rule, ...]] = {
    "*": (
        Rule(
            "case.acknowledged",
            "complainant",
            "acknowledgement",
            _REACH,
            "003 template letters; 000 'acknowledged; details of investigating officer and "
            "target date'",
        ),
        Rule(
            "case.officer-assigned",
            "complainant",
            "update",
            (*_REACH, "acknowledged"),
            "001 'We will give you the name ... of this Investigating Officer'",
            {"update_kind": "officer-assigned"},
        ),
        Rule("case.extended", "complainant", "extension", _REACH, _EXT, once="target"),
        Rule(
            "deadline.set",
            "complainant",
            "extension",
            ("clock_extended", *_REACH),
            _EXT,
            once="target",
        ),
        Rule(
            "case.responded",
            "complainant",
            "decision",
            _REACH,
            "003 decision letters; every response states its escalation route",
        ),
        # The letter on a move gives the new stage's date, from its own clock: sent on the
        # move when deadlines dated it first, else on the date (keyed on it, so once).
        Rule(
            "case.auto-progressed",
            "complainant",
            "update",
            (*_REACH, "stage_dated"),
            "a procedure whose data moves a stage on by itself (transitions by: time_limit)",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "case.escalated",
            "complainant",
            "update",
            (*_REACH, "stage_dated"),
            "004 'ensuring the complainant is kept informed at all stages'",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "case.panel-requested",
            "complainant",
            "update",
            (*_REACH, "stage_dated"),
            "004 'ensuring the complainant is kept informed at all stages'",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "deadline.set",
            "complainant",
            "update",
            ("stage_entered", *_REACH),
            "004 'ensuring the complainant is kept informed at all stages'",
            {"update_kind": "stage-changed"},
            once="target",
        ),
        Rule(
            "deadline.resumed",
            "complainant",
            "update",
            ("owed_date_given", *_REACH),
            "the extension letter sent during a suspension said the date would be set when "
            "handling resumed: this letter gives it",
            {"update_kind": "resumed"},
            once="target",
        ),
        Rule(
            "case.merged",
            "complainant",
            "update",
            _REACH,
            "001 'a single investigation of them all and provide a single response'",
            {"update_kind": "merged"},
        ),
        Rule(
            "case.routed",
            "complainant",
            "exclusion",
            ("exclusions_to_explain", *_REACH),
            "001 §3 'If we cannot deal with your matter, we will write to you to explain "
            "why'; 002 ¶11 'we must signpost the customer/service user to the SPSO'; 004 "
            "exemptions name the separate procedure",
        ),
        Rule(
            "case.routed",
            "officer",
            "comments_request",
            ("not_minimal", "not_restricted", "not_excluded"),
            "003 'send details of the complaint to those named ... comments ... three "
            "working days'; 001 'they will be informed ... and given the opportunity to "
            "comment'",
        ),
        Rule(
            "case.comments-requested",
            "officer",
            "comments_request",
            ("not_minimal", "not_restricted"),
            "003, as requested by the case officer",
        ),
        Rule(
            "case.acknowledged",
            "mp",
            "mp_position",
            _MP,
            "004 'write to the MP ... current position ... date by which the complainant will "
            "receive a response'",
        ),
        Rule(
            "case.extended", "mp", "mp_position", _MP, "004, the response date moved", once="target"
        ),
        Rule(
            "deadline.set",
            "mp",
            "mp_position",
            ("clock_extended", *_MP),
            "004, as above",
            once="target",
        ),
        Rule("deadline.approaching", "team", "reminder", ("not_restricted",)),
        Rule(
            "deadline.approaching",
            "cco",
            "reminder",
            ("restricted",),
            "004 confidential complaints: the CCO, not the team",
        ),
        Rule("deadline.breached", "team", "breach", ("not_restricted",)),
        Rule("deadline.breached", "cco", "breach", ("restricted",)),
        Rule(
            "case.referred",
            "referral",
            "referral",
            (),
            "004 welfare concerns 'referred immediately'; 000 'criminal allegations referred "
            "to police'; routing's referral rules",
        ),
    ),
    "dso": (
        Rule(
            "case.routed",
            "imb",
            "copy",
            ("formal", "imb_authority", "not_minimal", "not_healthcare"),
            "000 'copied to IMB (where authority has been granted)'",
        ),
        Rule(
            "case.escalated",
            "imb",
            "copy",
            ("became_formal", "imb_authority", "not_minimal"),
            "000 'copied to IMB (where authority has been granted)': the formal complaint a "
            "local resolution became",
            once="case",
        ),
        Rule(
            "case.routed",
            "imb",
            "healthcare_copy",
            ("imb_authority", "minimal"),
            "000 healthcare Scotland/NI: complainant and subject only, 'healthcare complaint'",
        ),
        Rule("case.routed", "ds_complaints", "healthcare_copy", ("minimal",), "000, as above"),
        Rule(
            "case.routed",
            "healthcare_manager",
            "copy",
            ("healthcare", "not_minimal"),  # minimal strands: the referral carries the points
            "000 cross-cutting: 'copied to both the onsite healthcare manager and DS "
            "Complaints Team'",
            once="case",
        ),
        Rule(
            "case.routed",
            "ds_complaints",
            "copy",
            ("serious_misconduct", "cross_cutting", "not_minimal"),
            "000 cross-cutting: 'copied to both the onsite healthcare manager and DS "
            "Complaints Team'; the serious misconduct strand is the PSU's",
            once="case",
        ),
        Rule(
            "case.routed",
            "provider",
            "copy",
            ("supplier_investigates",),
            "000 'investigated by IRC or escorting supplier'",
            once="case",
        ),
        Rule(
            "case.responded",
            "ds_complaints",
            "response_copy",
            ("formal", "not_minimal", "not_healthcare"),
            "000 'response copied to DS Complaints and IMB (where appropriate)'",
        ),
        Rule(
            "case.responded",
            "imb",
            "response_copy",
            ("formal", "imb_authority", "not_minimal", "not_healthcare"),
            "000, as above",
        ),
        Rule(
            "case.responded",
            "ie_manager",
            "response_copy",
            ("serious_misconduct",),
            "000 serious misconduct 'response ... copied to IE manager'",
        ),
        Rule(
            "case.responded",
            "ds_complaints",
            "healthcare_copy",
            ("minimal",),
            "000 'outcome of complaint notified to DS Complaints, IMB (if authority given) "
            "and IE manager'",
        ),
        Rule(
            "case.responded",
            "imb",
            "healthcare_copy",
            ("imb_authority", "minimal"),
            "000, as above",
        ),
        Rule("case.responded", "ie_manager", "healthcare_copy", ("minimal",), "000, as above"),
    ),
    "hmip": (),
    "spso": (),
    "children": (
        Rule(
            "case.routed",
            "cco",
            "copy",
            ("child_or_restricted",),
            "004 complaints by children are overseen by the Children's Complaints Officer",
        ),
        Rule("case.responded", "cco", "response_copy", ("child_or_restricted",), "004"),
        Rule(
            "case.referred",
            "care_management",
            "copy",
            _PROVIDER,
            "004 'also be sent to the local authority's care management team'",
            once="case",
        ),
        Rule(
            "case.referred",
            "contract_monitoring",
            "copy",
            _PROVIDER,
            "004 '... and the contract monitoring team'",
            once="case",
        ),
        Rule(
            "case.referred",
            "complainant",
            "update",
            (*_PROVIDER, *_REACH),
            "004 'The local authority should also inform the child'",
            {"update_kind": "provider-referral"},
            once="case",
        ),
        Rule(
            "case.provider-split-decided",
            "complainant",
            "update",
            _REACH,
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
        Rule(
            "case.concurrent-procedure-recorded",
            "complainant",
            "update",
            (*_REACH, "court_not_yet_told"),
            "004 'The complainant should be informed that the complaints procedure cannot "
            "overturn a Court decision'",
            {"update_kind": "court"},
        ),
    ),
}

PROCEDURES = frozenset(RULES) - {"*"}
