"""Folding domain events into a strand's case file. Pure: no store, no broker.

The file keeps the history append-only: each event adds one entry with a summary in
words; derived fields (stage, owner, clocks, letters, breached) are updated from it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from common.contracts import Event
from common.contracts.events import (
    CaseLifecycle,
    CaseRouted,
    DeadlineSet,
    DeadlineStopped,
    NotificationFailed,
    NotificationSent,
)


class CaseLike(Protocol):
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
            return f"Letter {event.template} sent to {event.recipient} by {event.channel}"
        case NotificationFailed():
            return f"Letter {event.template} to {event.recipient} FAILED: {event.error}"
    fields = event.model_dump(exclude={"reference", "strand", "procedure", "stage", "occurred_at"})
    detail = ", ".join(f"{k}={v}" for k, v in fields.items() if isinstance(v, str | int))
    return f"{event.routing_key}: {detail}"[:300]


def apply(case: CaseLike, event: Event, *, message_id: str) -> None:
    """Record ``event`` in the file and update what it changes."""
    case.history = [
        *case.history,
        {
            "at": event.occurred_at,
            "type": event.routing_key,
            "summary": summary(event),
            "message_id": message_id,
            "data": event.model_dump(mode="json"),
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
            if case.status == "pending":
                case.status = "open"
        case DeadlineStopped():
            clock = dict(case.clocks.get(event.clock, {}))
            clock["status"] = "stopped"
            case.clocks = {**case.clocks, event.clock: clock}
        case DeadlineSet():
            kind = event.routing_key.split(".", 1)[1]
            status = {
                "set": "running",
                "resumed": "running",
                "approaching": "approaching",
                "breached": "breached",
            }.get(kind, kind)
            explanation = event.explanation.get("text") or event.explanation.get("explanation", "")
            case.clocks = {
                **case.clocks,
                event.clock: {
                    "due": event.due.isoformat(),
                    "status": status,
                    "explanation": explanation,
                },
            }
            if kind == "breached":
                case.breached = True
        case NotificationSent() | NotificationFailed():
            case.letters = [
                *case.letters,
                {
                    "recipient": event.recipient,
                    "address": event.address,
                    "channel": event.channel,
                    "template": event.template,
                    "content_sha256": getattr(event, "content_sha256", ""),
                    "status": "sent" if isinstance(event, NotificationSent) else "failed",
                    "at": event.occurred_at.isoformat(),
                },
            ]
    if isinstance(event, CaseLifecycle) and event.routing_key != "case.opened":
        case.status = event.status
    if event.stage and not isinstance(event, CaseRouted):
        case.stage = event.stage
    case.next_due = earliest_due(case.clocks)


def earliest_due(clocks: dict[str, Any]) -> date | None:
    running = [
        date.fromisoformat(c["due"])
        for c in clocks.values()
        if c.get("status") in ("running", "approaching") and c.get("due")
    ]
    return min(running) if running else None


# Clocks whose due date is the target date promised to the complainant.
TARGET_CLOCKS = ("response", "investigation", "adjudication", "stage1_response", "stage2_response")


def acknowledges(case: CaseLike, event: Event) -> bool:
    """Whether ``event`` gives an open strand the target date its acknowledgement names."""
    return (
        case.status == "open"
        and event.routing_key == "deadline.set"
        and isinstance(event, DeadlineSet)
        and event.clock in TARGET_CLOCKS
    )
