"""Each letter of a case as the case page lists it: to whom, by which channel (email,
post, by hand, or the fallback desk when no channel could reach the person) and where it
stands (sent, queued for print, printed, handed over, undeliverable, failed, waiting).

Read from what the services already answer: NotificationService.ListNotifications (each
letter, its route and fate), ListPrintQueue (a paper letter's print state; for the roles
that may read the print queue) and the case file's history (a hand-over is filed there
for everyone who may read the case). Without ListNotifications, the case file's own
``letters`` (sent or failed, and the channel). Pure."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from services.console.domain.dates import uk_date, uk_datetime

ROUTES = {"email": "email", "post": "post", "hand": "by hand", "desk": "fallback desk"}
# Notifications' delivery channels, for a letter without a route (a body in the directory).
CHANNELS = {
    "smtp": "email",
    "notify": "email",
    "notify-letter": "post",
    "print-queue": "print queue",
}
PRINT_STATES = {"queued": "queued for print", "printed": "printed", "handed-over": "handed over"}
HANDED_OVER = "notification.handed-over"


class LetterRow(BaseModel):
    case_ref: str
    template: str
    recipient: str
    to_detail: str  # the fallback desk it went to instead, and whom it was for
    channel: str  # email | post | by hand | fallback desk | print queue | not chosen yet
    status: str  # sent | queued for print | printed | handed over | undeliverable | ...
    detail: str
    preview: bool  # NotificationService can render it again


def channel_of(route: str, channel: str) -> str:
    if route:
        return ROUTES.get(route, route)
    return CHANNELS.get(channel, channel) or "not chosen yet"


def hand_overs(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The case file's ``notification.handed-over`` facts: ``letter`` (its key),
    ``template``, ``recipient``, ``handed_over_on``, ``establishment``, ``by``."""
    found = []
    for entry in history:
        if entry.get("type") != HANDED_OVER:
            continue
        try:
            data = json.loads(entry.get("data_json") or "{}")
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def _handed_words(fact: dict[str, Any]) -> str:
    by = f" ({fact['by']})" if fact.get("by") else ""
    where = (
        f" by the complaints clerk of {fact['establishment']}" if fact.get("establishment") else ""
    )
    return f"on {uk_date(str(fact.get('handed_over_on', '')))}{where}{by}"


def _job_words(job: dict[str, Any]) -> str:
    if job.get("status") == "handed-over":
        by = f" by {job['handed_over_by']}" if job.get("handed_over_by") else ""
        return f"on {uk_date(job.get('handed_over_on', ''))}{by}"
    queue = job.get("queue", "")
    if job.get("status") == "printed":
        return f"on {uk_datetime(job.get('printed_at', ''))}, not yet handed over ({queue})"
    return f"since {uk_datetime(job.get('queued_at', ''))} ({queue})"


def _attempts(n: dict[str, Any]) -> str:
    count = int(n.get("attempts") or 0)
    return f"{count} attempt{'' if count == 1 else 's'}"


def letter_rows(
    notifications: list[dict[str, Any]],
    print_jobs: list[dict[str, Any]] | None,
    history: list[dict[str, Any]],
) -> list[LetterRow]:
    """``print_jobs`` is None when the print queue is not the reader's to see; a paper
    letter's hand-over then comes from the case file's history."""
    jobs = {j.get("key", ""): j for j in print_jobs or []}
    handed = {h.get("letter", ""): h for h in hand_overs(history)}
    rows = []
    for n in notifications:
        key, route = n.get("key", ""), n.get("route", "")
        to_detail, provided = "", n.get("provided", "")
        if n.get("fallback_desk") or route == "desk":
            desk = n.get("fallback_desk", "")
            to_detail = f"fallback desk {desk}, intended {n.get('intended', '')}"
            status = "undeliverable"
            detail = (
                f"failed even at the fallback desk: {n.get('last_error', '')}"
                if n.get("status") == "failed"
                else f"no channel could reach them: sent to the fallback desk {desk}"
            )
        elif n.get("status") == "failed":
            status, detail = "failed", f"{n.get('last_error', '')} ({_attempts(n)})"
        elif n.get("status") == "pending":
            status, detail = "waiting to be sent", _attempts(n)
        elif key in jobs:
            job = jobs[key]
            status = PRINT_STATES.get(job.get("status", ""), job.get("status", ""))
            detail = _job_words(job)
        elif key in handed:
            status, detail = "handed over", _handed_words(handed[key])
        elif n.get("channel") == "print-queue" and print_jobs is None:
            status = "in the print queue"
            detail = "whether it is printed yet is for the print queue's readers to see"
        else:
            status = "sent"
            detail = f"on {uk_datetime(n.get('sent_at', ''))}" if n.get("sent_at") else ""
        rows.append(
            LetterRow(
                case_ref=n.get("case_ref", ""),
                template=n.get("template", ""),
                recipient=n.get("recipient", ""),
                to_detail=to_detail,
                channel=channel_of(route, n.get("channel", "")),
                status=status,
                detail="; ".join(x for x in (detail, provided) if x),
                preview=True,
            )
        )
    return rows


def file_letter_rows(case: dict[str, Any]) -> list[LetterRow]:
    """The letters as the case file holds them (GetFile's ``case.letters``): each sent or
    failed, by which channel; a hand-over from the file's history."""
    handed = {
        (h.get("template", ""), h.get("recipient", "")): h
        for h in hand_overs(case.get("history", []))
    }
    rows = []
    for x in case.get("letters", []):
        template, recipient = x.get("template", ""), x.get("recipient", "")
        fact = handed.get((template, recipient))
        if fact and x.get("status") == "sent":
            status, detail = "handed over", _handed_words(fact)
        else:
            status, detail = x.get("status", ""), f"on {uk_datetime(x.get('at', ''))}"
        rows.append(
            LetterRow(
                case_ref=case.get("case_ref", ""),
                template=template,
                recipient=recipient,
                to_detail="",
                channel=channel_of("", x.get("channel", "")),
                status=status,
                detail=detail,
                preview=False,
            )
        )
    return rows
