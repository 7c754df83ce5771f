"""Letters on the alternatives to the formal route records keeps (``alternatives`` on the
file, records' ``services.records.domain.alternatives``): pure, no I/O.

- mediation offered: the complainant (and an authorised representative) is told what it is,
  that it is voluntary and that it never stops them escalating (seed 003 "Mediation and
  restorative engagement"; seed 004 "Alternative Dispute Resolution");
- mediation's outcome: told to them too, with the response date when the clock was stopped
  for it (deadlines' resumed clock dates it; the letter waits for that date);
- an early referral to the Ombudsman (children seed 004): the referral itself, carrying the
  agreed written statement, to the Ombudsman's entry in the address directory (``ombudsman:``)
  or, when it has none, to the fallback desk with the reason, loudly; and a letter to the
  complainant confirming it was made;
- DS Complaints' facilitated healthcare escalation (dso seed 000): a notice to the team,
  for the owner's attention, when the task is opened and when it is done; the reminder as
  its due date nears and the breach once it passed (deadlines' clock for the task,
  ``healthcare_escalation_<id>``), to the team too, not to the owning team.

Records decides each fact (the event is the referral, the task, the offer); the rules of the
letter calendar (`rules.RULES`) send these templates on them; this module gives their facts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from common.contracts.deadline_events import HEALTHCARE_TASK as TASK_CLOCK
from common.contracts.events import CaseLifecycle, DeadlineResumed, DeadlineSet, Event
from services.notifications.domain.caseview import CaseView, detail_date, lifecycle_status

MEDIATION_OFFER = "mediation_offer"
MEDIATION_OUTCOME = "mediation_outcome"
EARLY_REFERRAL = "early_referral"
EARLY_REFERRAL_CONFIRMATION = "early_referral_confirmation"
HEALTHCARE_TASK = "healthcare_escalation_task"

REFERRED = "referred-to-ombudsman"
TASK_FACTS = {"healthcare-escalation-opened": "opened", "healthcare-escalation-done": "done"}
# The recipient kind of a body an early referral goes to (`directory` kind ``ombudsman``).
OMBUDSMAN = "ombudsman"
DS_COMPLAINTS = "ds_complaints"

_MEDIATION = {"mediation_method", "mediator", "mediation_outcome", "mediation_note"}
_REFERRAL = {"ombudsman_name", "statement", "statement_agreed_on", "referred_on"}
_TASK = {"task_event", "task_owner", "task_due", "task_ombudsman", "task_note", "task_done_on"}

CONTEXT: dict[str, frozenset[str]] = {
    MEDIATION_OFFER: frozenset({"reference", "complainant_name", "subject", "mediation_method",
                                "mediator"}),
    MEDIATION_OUTCOME: frozenset({"reference", "complainant_name", "subject", "target_date",
                                  "mediation_method", "mediation_outcome", "mediation_note",
                                  "clock_paused"}),
    EARLY_REFERRAL: frozenset({"reference", "complainant_name", "subject", "received_on",
                               "local_authority", *_REFERRAL, "safeguards"}),
    EARLY_REFERRAL_CONFIRMATION: frozenset({"reference", "complainant_name", "subject",
                                            *_REFERRAL}),
    HEALTHCARE_TASK: frozenset({"reference", "complainant_name", "complainant_ref", "subject",
                                "marker", *_TASK}),
}  # fmt: skip

# What each person or body told of an alternative may see besides its usual fields.
PERSON_FIELDS = frozenset({*_MEDIATION, "clock_paused", *_REFERRAL})
OMBUDSMAN_FIELDS = CONTEXT[EARLY_REFERRAL]
# ... and its reminder and breach (the `reminder` / `breach` templates' fields).
DS_COMPLAINTS_FIELDS = frozenset({*_TASK, "marker", "clock", "due", "explanation", "stage",
                                  "owner_note"})  # fmt: skip

OUTCOME_WORDS = {
    "resolved": "resolved your complaint",
    "partly-resolved": "resolved part of your complaint",
    "broken-down": "broke down",
    "withdrawn": "was withdrawn",
}
SAFEGUARD_WORDS = {
    "robust-report": "a very robust stage 2 report",
    "complete-adjudication": "a complete adjudication",
    "all-upheld": "all complaints upheld",
    "action-plan": "a clear action plan for delivery",
    "desired-outcomes-met": "agreement to meet the majority or all of the desired outcomes",
}


def _long(value: Any) -> str | None:
    day = detail_date({"d": value}, "d") if value else None
    return f"{day.day} {day:%B %Y}" if isinstance(day, date) else None


def facts(view: CaseView, trigger: Event) -> dict[str, Any]:
    """The values the alternatives' templates use (`context.facts` adds them)."""
    m = view.alternatives.get("mediation", {})
    r = view.alternatives.get("early-referral", {})
    t = view.alternatives.get("healthcare-escalation", {})
    event = lifecycle_status(trigger) if isinstance(trigger, CaseLifecycle) else ""
    reminder = _task_reminder(t, view.case_ref, trigger) if is_task_clock(trigger) else {}
    return reminder | {
        "mediation_method": str(m.get("method") or "mediation").replace("-", " "),
        "mediator": str(m.get("mediator") or ""),
        "mediation_outcome": OUTCOME_WORDS.get(str(m.get("outcome") or ""), ""),
        "mediation_note": str(m.get("note") or ""),
        "clock_paused": bool(m.get("clock_paused")),
        "ombudsman_name": str(r.get("ombudsman") or ""),
        "statement": str(r.get("statement") or ""),
        "statement_agreed_on": _long(r.get("statement_agreed_on")),
        "referred_on": _long(r.get("referred_on")),
        "safeguards": [SAFEGUARD_WORDS.get(s, s) for s in r.get("safeguards") or ()],
        "task_event": TASK_FACTS.get(event, "opened"),
        "task_owner": str(t.get("owner") or ""),
        "task_due": _long(t.get("due")),
        "task_ombudsman": str(t.get("ombudsman") or ""),
        "task_note": str(t.get("note") or ""),
        "task_done_on": _long(t.get("done_on")),
    }


def _task_reminder(task: dict[str, Any], ref: str, trigger: Event) -> dict[str, Any]:
    """The reminder's and breach's words for DS Complaints' task: what is due, for whom."""
    task_id = getattr(trigger, "clock", "").removeprefix(TASK_CLOCK)
    task = task if task.get("id") == task_id else {}
    what = f"healthcare escalation task {task_id}"
    if task.get("ombudsman"):
        what += f" (to the {task['ombudsman']})"
    owner = str(task.get("owner") or "")
    note = f"For the attention of {owner}, the task's owner. " if owner else ""
    note += f"Record it done once escalated: complaints case healthcare-escalation {ref} done."
    return {"clock": what, "owner_note": note}


def is_task_clock(trigger: Event) -> bool:
    """A deadline event of DS Complaints' task (deadlines' ``healthcare_escalation_<id>``)."""
    return isinstance(trigger, DeadlineSet) and trigger.clock.startswith(TASK_CLOCK)


# -- conditions of the letter calendar (`conditions.CONDITIONS`) ------------------------------


def task_clock(view: CaseView, trigger: Event) -> bool:
    """The task's due date nears or passed: DS Complaints is reminded, for the owner's
    attention (dso seed 000 "DS Complaints will facilitate the escalation ...")."""
    return is_task_clock(trigger)


def not_task_clock(view: CaseView, trigger: Event) -> bool:
    """Any other clock: the owning team's reminder, as before (the task's is DS
    Complaints' own, not the team's)."""
    return not is_task_clock(trigger)


def mediation_dated(view: CaseView, trigger: Event) -> bool:
    """Mediation ended and the letter can say where the complaint stands: the clocks ran on
    (never stopped), or deadlines has already given the resumed response date."""
    m = view.alternatives.get("mediation", {})
    if m.get("status") != "concluded":
        return False
    return not m.get("clock_paused") or (view.target_date is not None and not view.suspended)


def mediation_resumed_dated(view: CaseView, trigger: Event) -> bool:
    """Deadlines resumed the response clock that a mediation stopped, with its new date:
    the outcome letter gives it (keyed on the mediation, so it goes once)."""
    m = view.alternatives.get("mediation", {})
    return (
        isinstance(trigger, DeadlineResumed)
        and m.get("status") == "concluded"
        and bool(m.get("clock_paused"))
        and view.target_date is not None
        and trigger.stage in (None, view.stage)
    )


def alternative_basis(view: CaseView) -> str:
    """The key basis of a letter sent once per mediation (``Rule.once = "mediation"``)."""
    m = view.alternatives.get("mediation", {})
    return f"case:{view.case_ref}:mediation:{m.get('id', '')}"


def must_reach(kind: str, trigger: Event) -> bool:
    """The early referral to the Ombudsman and DS Complaints' task notices (and the task's
    reminder and breach) go to the fallback desk when their recipient cannot be addressed,
    never nowhere."""
    if kind == DS_COMPLAINTS and is_task_clock(trigger):
        return True
    if not isinstance(trigger, CaseLifecycle):
        return False
    status = lifecycle_status(trigger)
    return (kind == OMBUDSMAN and status == REFERRED) or (
        kind == DS_COMPLAINTS and status in TASK_FACTS
    )


def ombudsman_name(trigger: Event) -> str:
    """The Ombudsman an early referral names (records' ``detail.referral.ombudsman``)."""
    if isinstance(trigger, CaseLifecycle):
        item = trigger.detail.get("referral") or {}
        if isinstance(item, dict):
            return str(item.get("ombudsman") or "")
    return ""
