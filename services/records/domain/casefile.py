"""Folding other services' events into a strand's case file. Pure: no store, no broker.

The file keeps the history append-only: each event adds one entry with a summary in
words; derived fields (routing, clocks, letters, breached) are updated from it. The
lifecycle (status, stage) changes only through `casework` commands: a lifecycle event
from elsewhere is filed, never obeyed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Protocol

import procedures
from common.contracts import Event
from common.contracts.deadline_events import own_clock
from common.contracts.events import (
    CaseReferred,
    CaseRouted,
    DeadlineSet,
    DeadlineStopped,
    LetterUndeliverable,
    NotificationFailed,
    NotificationHandedOver,
    NotificationSent,
    NotificationTaskRaised,
    ReferralUnaddressed,
)
from common.workdays import Calendar
from services.records.domain import clocks
from services.records.domain.stages import Starts, deadline_of, new_stage_record, show_targets


class CaseLike(Protocol):
    """The fields of a case file the domain reads and writes (the document, or a fake)."""

    id: str
    reference: str
    strand: int | None
    strands_total: int
    procedure: str
    stage: str | None
    category: str | None
    owner: str | None
    status: str
    nation: str | None
    received_on: date | None
    subject: str | None
    confidential: bool
    partner_id: str | None
    opened_at: datetime | None
    clocks: dict[str, Any]
    letters: list[dict[str, Any]]
    history: list[dict[str, Any]]
    breached: bool
    next_due: date | None
    calendar: str | None
    complainant: dict[str, Any]
    aspects: list[dict[str, Any]]
    officer: str | None
    independent_person: str | None
    seq: int
    resume_to: str | None
    stages: list[dict[str, Any]]
    suspensions: list[dict[str, Any]]
    entries: list[dict[str, Any]]
    restrictions: list[dict[str, Any]]
    alternatives: list[dict[str, Any]]
    eligibility: dict[str, Any]
    merged_into: str | None
    merged_from: list[str]
    closed_on: date | None
    data_protection: str | None


def summary(event: Event) -> str:
    """One line, in words, for the file's history."""
    match event:
        case CaseRouted():
            return (
                f"Routed to {event.owner} as {event.category} "
                f"({event.procedure} {event.stage}); strand {event.strand} of "
                f"{event.strands_total}"
            )
        case DeadlineStopped():
            return f"Clock {event.clock} stopped: {event.reason}"
        case DeadlineSet():
            verb = event.routing_key.split(".", 1)[1]
            return f"Clock {event.clock} {verb}: due {event.due.isoformat()}"
        case NotificationSent():
            how = f": {event.provided}" if event.provided else ""
            return f"Letter {event.template} sent to {event.recipient} by {event.channel}{how}"
        case NotificationHandedOver():
            return (
                f"Letter {event.template} handed to the {event.recipient} on "
                f"{event.handed_over_on.isoformat()} by the complaints clerk of "
                f"{event.establishment}{f' ({event.by})' if event.by else ''}"
            )
        case NotificationTaskRaised():
            due = f", due {event.due.isoformat()} ({event.explanation})" if event.due else ""
            lang = f" into {event.language}" if event.language else ""
            return (
                f"Letter {event.template} to the {event.recipient} needs {event.task}{lang}: "
                f"task raised to {event.desk}{due}"
            )
        case LetterUndeliverable():
            return (
                f"Letter {event.template} to the {event.recipient} could not be sent "
                f"({event.reason}): sent to the fallback desk {event.fallback}"
            )
        case NotificationFailed():
            return f"Letter {event.template} to {event.recipient} FAILED: {event.error}"
        case ReferralUnaddressed():
            went = "sent to" if event.outcome == "to-desk" else "FAILED even at"
            return (
                f"Referral to {event.to or event.recipient} could not be addressed "
                f"({event.reason}): {went} the fallback desk {event.fallback}"
            )
    fields = event.model_dump(exclude={"reference", "strand", "procedure", "stage", "occurred_at"})
    detail = ", ".join(f"{k}={v}" for k, v in fields.items() if isinstance(v, str | int))
    return f"{event.routing_key}: {detail}"[:300]


# Who reports each kind of fact (CONTRACTS.md, Domain events).
SOURCES = {"complaint": "intake", "deadline": "deadlines", "notification": "notifications"}


def source(event: Event) -> str:
    """The service a filed event comes from, named in the history as its author."""
    prefix = event.routing_key.split(".", 1)[0]
    if event.routing_key == "case.auto-progressed":
        return "deadlines"
    if event.routing_key == "case.opened":
        return "platform"
    return SOURCES.get(prefix, "routing" if prefix == "case" else prefix)


def filed_data(event: Event) -> dict[str, Any]:
    """The event as the file keeps it: a referral's aspects meant for its recipient only
    (minimal-data strands, seed 000) are not kept."""
    data = event.model_dump(mode="json")
    if isinstance(event, CaseReferred) and event.aspects_for_recipient_only:
        data["aspects"] = []
    return data


def apply(
    case: CaseLike,
    event: Event,
    *,
    message_id: str,
    calendar_for: Callable[[str], Calendar] | None = None,
) -> None:
    """Record ``event`` in the file and update what it changes (routing starts stage 1)."""
    case.history = [
        *case.history,
        {
            "at": event.occurred_at,
            "type": event.routing_key,
            "summary": summary(event),
            "actor": getattr(event, "actor", None) or source(event),
            "message_id": message_id,
            "data": filed_data(event),
        },
    ]
    match event:
        case CaseRouted():
            case.strands_total, case.procedure, case.stage = (
                event.strands_total,
                event.procedure,
                event.stage,
            )
            case.category, case.owner, case.nation = event.category, event.owner, event.nation
            case.received_on, case.subject = event.received_on, event.subject
            case.confidential, case.partner_id = event.confidential, event.partner_id
            case.opened_at = event.occurred_at
            case.calendar = event.calendar
            case.complainant = event.complainant.model_dump(mode="json")
            case.aspects = list(event.aspects)
            if case.status == "pending" and event.excluded:
                # Not dealt with under the procedure: filed, answered, never worked; its
                # retention runs from the day it was decided, as a closed file's would.
                case.status, case.stage = "excluded", event.stage
                case.closed_on = event.occurred_at.date()
            elif case.status == "pending":
                case.status, case.stage = "open", event.stage
                _start_first_stage(case, event, calendar_for)
                if event.clocks_suspended:
                    _suspended_at_routing(case, event)
        case DeadlineSet() | DeadlineStopped():
            case.clocks = clocks.fold(case.clocks, event)
            show_current_targets(case)
            # A restriction's review or DS Complaints' task overdue is its owner's reminder,
            # not a breach of the procedure's time limits.
            if event.routing_key == "deadline.breached" and not own_clock(event.clock):
                case.breached = True
                _mark_breached(case, event.clock)
        case NotificationSent() | NotificationFailed():
            case.letters = [
                *case.letters,
                {
                    "recipient": event.recipient,
                    "address": event.address,
                    "channel": event.channel,
                    "template": event.template,
                    "content_sha256": getattr(event, "content_sha256", ""),
                    "provided": getattr(event, "provided", ""),
                    "status": "sent" if isinstance(event, NotificationSent) else "failed",
                    "at": event.occurred_at.isoformat(),
                },
            ]
    case.next_due = clocks.next_due(
        case.clocks, procedure=case.procedure, status=case.status, history=case.history
    )


def _suspended_at_routing(case: CaseLike, event: CaseRouted) -> None:
    """A child-protection referral at routing suspends handling (seed 004, "Child
    protection": "The handling of any associated complaint can be suspended"); the
    deadlines service stopped the clocks. The team resumes the case when it may go on."""
    case.status, case.resume_to = "suspended", "open"
    reason = "child-protection referral at routing: handling suspended (seed 004)"
    case.suspensions = [
        *case.suspensions,
        {"from": event.received_on.isoformat(), "to": None, "reason": reason},
    ]


def _start_first_stage(
    case: CaseLike, event: CaseRouted, calendar_for: Callable[[str], Calendar] | None
) -> None:
    """Stage 1's record with its targets, when the procedure and calendar are known."""
    if calendar_for is None or not event.stage:
        return
    try:
        procedure = procedures.get(event.procedure)
        procedure.stage(event.stage)
        calendar = calendar_for(event.calendar)
    except (KeyError, ValueError):
        return  # filed all the same; reports count it without targets
    starts = Starts(received=event.received_on, stage_start=event.received_on)
    record = new_stage_record(procedure, event.stage, starts, calendar, owner=event.owner)
    case.stages = [*case.stages, record]
    show_current_targets(case)  # the deadlines service may have dated its clocks already


def show_current_targets(case: CaseLike) -> None:
    """The current stage's targets as the deadlines service dated them (after each clock
    fact, and whenever a stage record is created: its dates may have come first)."""
    if case.stages and case.stages[-1].get("stage") == case.stage:
        shown = show_targets(case.stages[-1], case.procedure, case.clocks)
        if shown != case.stages[-1]:
            case.stages = [*case.stages[:-1], shown]


def _mark_breached(case: CaseLike, clock: str) -> None:
    if case.stages and case.stages[-1].get("stage") == case.stage:
        current = dict(case.stages[-1])
        current["breached"] = True
        current.setdefault("breached_clocks", [])
        current["breached_clocks"] = [*current["breached_clocks"], clock]
        case.stages = [*case.stages[:-1], current]


def acknowledgement_target(case: CaseLike, event: Event) -> date | None:
    """The target date an automatic acknowledgement would name now, or None.

    A stage just entered (stage 1 once routed, a later one once escalated) is acknowledged
    once the deadlines service has dated its response clock (``role: response``), in
    whichever order the routing and that date arrive. The date is deadlines'.
    """
    if case.status not in ("open", "escalated"):
        return None
    name = procedures.response_clock(case.procedure, case.stage or "")
    entry = deadline_of(case.clocks, name, case.stage)
    return date.fromisoformat(entry["due"]) if entry else None
