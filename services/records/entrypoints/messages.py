"""Case files as protobuf messages (complaints.v1.cases)."""

from __future__ import annotations

import json
from typing import Any

import procedures
from complaints.v1 import cases_pb2
from services.records.adapters.documents import AccessRecord, CaseFile, ComplaintFile
from services.records.domain.clocks import next_due as clock_next_due
from services.records.domain.clocks import view as clock_view
from services.records.domain.model import allowed_now


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def history_entry(entry: dict[str, Any]) -> cases_pb2.HistoryEntry:
    return cases_pb2.HistoryEntry(
        at=_iso(entry.get("at")),
        type=entry.get("type", ""),
        summary=entry.get("summary", ""),
        message_id=entry.get("message_id", ""),
        data_json=json.dumps(entry.get("data", {}), default=str),
        actor=_s(entry.get("actor")),
        role=_s(entry.get("role")),
    )


def _allowed(doc: CaseFile) -> list[str]:
    try:
        return allowed_now(doc, procedures.get(doc.procedure))
    except (KeyError, ValueError):
        return []


def _clocks(doc: CaseFile) -> dict[str, dict[str, Any]]:
    """Each clock in its real state (met, running, stopped, breached): `clocks.view`."""
    return clock_view(
        doc.clocks or {}, procedure=doc.procedure or "", status=doc.status or "",
        history=doc.history or [],
    )  # fmt: skip


def _next_due(doc: CaseFile) -> Any:
    return clock_next_due(
        doc.clocks or {}, procedure=doc.procedure or "", status=doc.status or "",
        history=doc.history or [],
    )  # fmt: skip


def case_message(doc: CaseFile, *, full: bool) -> cases_pb2.Case:
    """The case with its clocks and letters; ``full`` adds the stages, papers, restrictions
    and history (lists leave them out)."""
    msg = cases_pb2.Case(
        case_ref=doc.id,
        reference=doc.reference,
        strand=doc.strand or 0,
        strands_total=doc.strands_total or 1,
        procedure=doc.procedure or "",
        stage=doc.stage or "",
        category=doc.category or "",
        owner=doc.owner or "",
        status=doc.status or "",
        nation=doc.nation or "",
        received_on=_iso(doc.received_on)[:10],
        subject=doc.subject or "",
        confidential=bool(doc.confidential),
        partner_id=doc.partner_id or "",
        opened_at=_iso(doc.opened_at),
        breached=bool(doc.breached),
        officer=doc.officer or "",
        merged_into=doc.merged_into or "",
        closed_on=_iso(doc.closed_on)[:10],
        data_protection=doc.data_protection or "",
        next_due=_iso(_next_due(doc))[:10],
        allowed_actions=_allowed(doc),
    )
    for name, clock in sorted(_clocks(doc).items(), key=lambda kv: kv[1].get("due", "")):
        explanation = clock.get("explanation", "")
        if clock.get("met_on"):
            explanation = f"{explanation}; met {clock['met_on']}".lstrip("; ")
        elif clock.get("stopped_because"):
            explanation = f"{explanation}; stopped: {clock['stopped_because']}".lstrip("; ")
        msg.clocks.add(
            name=name,
            due=clock.get("due", ""),
            status=clock.get("status", ""),
            explanation=explanation,
        )
    for letter in doc.letters or []:
        keys = ("recipient", "address", "channel", "template", "content_sha256", "status", "at")
        msg.letters.add(**{k: _s(letter.get(k, "")) for k in keys})
    if doc.alternatives:
        msg.alternatives_json = json.dumps(list(doc.alternatives), default=str)
    if doc.eligibility:
        msg.eligibility_json = json.dumps(dict(doc.eligibility), default=str)
    if not full:
        return msg
    msg.independent_person = doc.independent_person or ""
    msg.merged_from.extend(doc.merged_from or [])
    for rec in doc.stages or []:
        msg.stages.add(
            **{k: _s(rec.get(k)) for k in _STAGE_TEXT},
            extensions=int(rec.get("extensions") or 0),
            breached=bool(rec.get("breached")),
        )
    for e in doc.entries or []:
        document = e.get("document") or {}
        msg.entries.add(
            **{k: _s(e.get(k)) for k in _ENTRY_TEXT},
            document_name=_s(document.get("name")),
            document_ref=_s(document.get("ref")),
            document_sha256=_s(document.get("sha256")),
        )
    for r in doc.restrictions or []:
        appeal = r.get("appeal") or {}
        msg.restrictions.add(
            **{k: _s(r.get(k)) for k in _RESTRICTION_TEXT},
            reasons=[str(x) for x in r.get("reasons") or []],
            appeal_status=_s(appeal.get("status")),
            detail_json=json.dumps(
                {"appeal": r.get("appeal"), "reviews": r.get("reviews")}
                | ({"carried_from": r["carried_from"]} if r.get("carried_from") else {})
            ),
        )
    if getattr(doc, "reach", None):
        msg.reach_json = json.dumps(doc.reach, default=str)
    for entry in doc.history or []:
        msg.history.append(history_entry(entry))
    return msg


_STAGE_TEXT = (
    "stage", "started_on", "ack_due", "acknowledged_on", "response_clock", "response_due",
    "responded_on", "outcome", "summary", "officer",
)  # fmt: skip
_ENTRY_TEXT = (
    "id", "kind", "on", "by", "stage", "summary", "direction", "party", "channel", "location",
    "action_id",
)  # fmt: skip
_RESTRICTION_TEXT = (
    "id", "kind", "imposed_on", "imposed_by", "approved_by", "review_on", "status", "signpost",
)  # fmt: skip


def access_entry(record: AccessRecord) -> cases_pb2.AccessEntry:
    return cases_pb2.AccessEntry(
        at=_iso(record.at),
        who=record.who,
        role=record.role,
        action=record.action,
        outcome=record.outcome,
        detail=record.detail or "",
    )


def complaint_message(doc: ComplaintFile | None) -> cases_pb2.ComplaintRecord:
    if doc is None:
        return cases_pb2.ComplaintRecord()
    msg = cases_pb2.ComplaintRecord(
        reference=doc.id,
        received_at=_iso(doc.received_at),
        partner_id=doc.partner_id or "",
        partner_ref=doc.partner_ref or "",
        submission_json=json.dumps(doc.submission or {}, default=str),
    )
    for entry in doc.history or []:
        msg.history.append(history_entry(entry))
    return msg
