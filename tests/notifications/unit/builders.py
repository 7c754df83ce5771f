"""Event builders for the notifications unit tests: realistic strands per procedure."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from common.contracts.events import (
    CaseLifecycle,
    CaseReferred,
    CaseRouted,
    DeadlineApproaching,
    DeadlineBreached,
    DeadlineSet,
)
from tests.support.recipients import decided, referral_decided

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

# Per procedure: a typical strand, as routing would publish it.
DEFAULTS: dict[str, dict[str, Any]] = {
    "dso": {
        "reference": "DSO-2026-000123", "stage": "minor_misconduct",
        "category": "minor-misconduct", "owner": "supplier", "nation": "england",
        "calendar": "england-and-wales",
        "subject": "Treatment at reception",
        "aspects": [
            {"kind": "minor-misconduct", "officers_named": ["John Smith"],
             "text": "Officer Smith shouted at me at reception and Mr Smith refused a form."},
        ],
        "complainant": {"name": "Ade Okafor", "contact": "ade.okafor@example.org",
                        "detained_person_ref": "AB123456"},
        "location": {"establishment": "Ashgrove IRC"},
    },
    "hmip": {
        "reference": "HMIP-2026-000045", "stage": "formal_complaint",
        "category": "staff-conduct", "owner": "investigating-officer", "nation": "england",
        "calendar": "england-and-wales",
        "subject": "Conduct of an inspector during interviews",
        "aspects": [
            {"kind": "other", "officers_named": ["Karen Blake"],
             "text": "Karen Blake was dismissive throughout the interview."},
        ],
        "complainant": {"name": "Morgan Reid", "contact": "morgan.reid@example.org"},
    },
    "spso": {
        "reference": "SPSO-2026-000078", "stage": "investigation", "category": "complex",
        "owner": "investigator", "nation": "scotland", "calendar": "scotland",
        "subject": "Missed home care visits",
        "aspects": [
            {"kind": "service-delivery", "officers_named": [],
             "text": "Three home care visits were missed in January."},
        ],
        "complainant": {"name": "Isla Campbell", "contact": "isla.campbell@example.org"},
        "location": {"local_authority": "Riverside"},
    },
    "children": {
        "reference": "CHI-2026-000012", "stage": "local_resolution",
        "category": "social-care", "owner": "team-manager",
        "flags": ["childrens_complaints_officer"], "nation": "england",
        "calendar": "england-and-wales", "subject": "Contact arrangements with my sister",
        "aspects": [
            {"kind": "service-delivery", "officers_named": ["Dana Price"],
             "text": "My social worker Dana Price cancelled contact twice."},
        ],
        "complainant": {"name": "Jordan Lee", "contact": "jordan.lee@example.org",
                        "is_child": True},
        "location": {"local_authority": "Westshire Council"},
    },
}


def routed(procedure: str = "dso", **overrides: Any) -> CaseRouted:
    """A `case.routed` strand of ``procedure``; keyword arguments replace defaults.

    Its ``recipients`` are routing's own decision for the same complaint (`decided`), unless
    given: notifications never decides who is told (issue 18)."""
    body: dict[str, Any] = {
        "strand": 1, "procedure": procedure, "occurred_at": AT,
        "received_on": date(2026, 3, 2), **DEFAULTS[procedure],
    }
    body.update(overrides)
    # routing's strands carry each aspect's place in the submission
    body["aspects"] = [{"index": i, **a} for i, a in enumerate(body.get("aspects") or [])]
    if "recipients" not in body:
        body["recipients"] = [r.model_dump(mode="json") for r in decided(procedure, body)]
        body["recipients_decided"] = True
    return CaseRouted.model_validate(body)


def _common(event: CaseRouted) -> dict[str, Any]:
    return {"reference": event.reference, "strand": event.strand,
            "procedure": event.procedure, "stage": event.stage}


def lifecycle(event: CaseRouted, status: str, **detail: Any) -> CaseLifecycle:
    """A lifecycle fact of the strand, e.g. ``lifecycle(ev, "responded", outcome="upheld")``."""
    return CaseLifecycle(**_common(event), occurred_at=AT, status=status, detail=detail)


def deadline(event: CaseRouted, kind: str = "set", clock: str = "response",
             due: date = date(2026, 3, 30), text: str = "20th working day after 2 March 2026",
             **extra: Any) -> DeadlineSet:
    """``deadline.set`` / ``approaching`` / ``breached`` for the strand (the explanation as
    deadlines sends it: the `Due` model with its ``explanation`` words)."""
    cls = {"set": DeadlineSet, "approaching": DeadlineApproaching,
           "breached": DeadlineBreached}[kind]
    return cls(**_common(event), occurred_at=AT, clock=clock, due=due,
               explanation={"due": due.isoformat(), "explanation": text}, **extra)


def comments_clock(event: CaseRouted, start: date = date(2026, 3, 2),
                   due: date = date(2026, 3, 5), kind: str = "set") -> DeadlineSet:
    """Deadlines' ``officer_comments`` clock (seed 003: 3 wd), counted from ``start``: the
    explanation as deadlines sends it, the `Due` with the day it counts from. The letter
    asking the officers named for their comments states its date (`comments_letters`)."""
    return deadline(event, kind, clock="officer_comments", due=due).model_copy(
        update={"explanation": {"start": start.isoformat(), "due": due.isoformat(),
                                "amount": 3, "unit": "working_days",
                                "explanation": f"3rd working day after {start}"}})


def referred(event: CaseRouted, to: str, reason: str = "concern about a child's welfare",
             urgency: str = "immediate", **extra: Any) -> CaseReferred:
    """A ``case.referred`` of the strand to ``to``; ``extra`` adds e.g. routing's ``rule``.

    With a ``rule`` (and no ``recipients``), its recipients are routing's for that rule of
    the procedure data (`services.routing.domain.recipients.referral_recipients`); without
    one it is a referral from before routing decided who is told (``recipients`` None)."""
    rule = extra.get("rule")
    if rule and "recipients" not in extra:
        extra["recipients"] = [
            r.model_dump(mode="json")
            for r in referral_decided(event, rule, to, reason, extra.get("aspects") or [])
        ]
    return CaseReferred(**_common(event), occurred_at=AT, to=to, reason=reason,
                        urgency=urgency, **extra)


def message_id() -> str:
    """A fresh AMQP message id."""
    return f"msg-{uuid.uuid4().hex}"


def run(*events: Any, message_ids: bool = True) -> tuple[Any, list[Any]]:
    """Fold ``events`` through `advance`; return the final view and ALL letters planned."""
    from services.notifications.domain import advance

    view = None
    letters: list[Any] = []
    for event in events:
        view, planned = advance(view, event, message_id=message_id() if message_ids else None)
        letters += planned
    return view, letters


def lifecycle_events(event: CaseRouted) -> list[Any]:
    """A strand's whole life: deadline (and the officers' clock when some are named),
    acknowledgement, officer, extension, response, reminder and breach, in order."""
    named = any(a.get("officers_named") for a in event.aspects)
    return [
        event,
        deadline(event, "set"),
        *([comments_clock(event)] if named else []),
        lifecycle(event, "acknowledged"),
        lifecycle(event, "officer-assigned", officer="Sam Jones"),
        lifecycle(event, "extended", due="2026-04-14", reason="a witness is on leave"),
        deadline(event, "approaching", due=date(2026, 4, 14)),
        deadline(event, "breached", due=date(2026, 4, 14)),
        lifecycle(event, "responded", outcome="partly",
                  summary="We found that the officer did not follow the reception guidance."),
        *window_after_response(event),
    ]


def window_after_response(event: CaseRouted) -> list[Any]:
    """Deadlines' window to the IEC / PPO, dated after a DSO response (the decision letter
    states its last day, so it goes once the window is dated)."""
    from procedures import ESCALATION_CLOCK, escalation_windows

    if ESCALATION_CLOCK not in escalation_windows(event.procedure, event.stage or ""):
        return []
    return [deadline(event, "set", clock=ESCALATION_CLOCK, due=date(2026, 6, 30))]


def sent(letters: list, kind: str | None = None) -> list[tuple[str, str, str]]:
    """(recipient kind, address key, template) of each letter, optionally of one kind."""
    return sorted((x.recipient_kind, x.address_key, x.template) for x in letters
                  if kind is None or x.recipient_kind == kind)


def responded(ev, outcome: str = "upheld"):  # type: ignore[no-untyped-def]
    return [ev, lifecycle(ev, "responded", outcome=outcome, summary="We have apologised.")]
