"""Representations and compliments answered (children, seed 004), on the complaint file
(a representation has no strand: it is recorded, not run as a complaint).

- "Representations that are not complaints are recorded and handled in the first instance
  locally (Stage 1). The Directorate will respond to the issues raised and set out what
  action will be taken" (`answer`: the response and the action, in the file);
- "When the representation is not a complaint, failure to respond to the child or young
  person's satisfaction will mean that this failure will move to a complaint at Stage 1 of
  the procedure" (`convert`: the submission to route again as a complaint, received on
  the day of the conversion, so its clocks run from that day);
- compliments: "It is the responsibility of the first line manager to ensure that the
  positive sentiments are feedback to the staff concerned" and "Line managers are expected
  to take responsibility for ensuring that staff who have been the subject of a compliment
  are properly acknowledged" (`pass_on`: to whom, by whom, when).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from common.contracts.events import ComplimentPassedOn, RepresentationAnswered
from common.contracts.submission import Complainant, Location
from services.records.domain.errors import InvalidField, Refusal

SEED_RESPOND = (
    'seed 004 "The Directorate will respond to the issues raised and set out what action will '
    'be taken"'
)
SEED_MOVE = (
    "seed 004 \"failure to respond to the child or young person's satisfaction will mean that "
    'this failure will move to a complaint at Stage 1"'
)
SEED_COMPLIMENT = (
    'seed 004 "the first line manager ... ensure that the positive sentiments are feedback to '
    'the staff concerned"'
)


class RepresentationLike(Protocol):
    id: str
    representation_type: str | None
    submission: dict[str, Any]
    handling: dict[str, Any]
    history: list[dict[str, Any]]


def _kind(doc: RepresentationLike, wanted: str, what: str) -> None:
    if doc.representation_type != wanted:
        have = doc.representation_type or "a complaint"
        raise Refusal(f"{doc.id} is {have}, not a {wanted}: {what}")


def _note(doc: RepresentationLike, kind: str, words: str, by: str, at: datetime,
          data: dict[str, Any]) -> None:  # fmt: skip
    doc.history = [
        *doc.history,
        {"at": at, "type": kind, "summary": words, "actor": by, "data": data},
    ]


def answer(
    doc: RepresentationLike, *, summary: str, action: str, by: str, on: date, at: datetime
) -> dict[str, Any]:
    """The response to a representation and the action to be taken."""
    _kind(doc, "representation", f"only a representation is answered this way ({SEED_RESPOND})")
    if not action:
        raise InvalidField("action", f"set out what action will be taken ({SEED_RESPOND})",
                           "required")  # fmt: skip
    if (doc.handling or {}).get("converted"):
        raise Refusal(f"{doc.id} moved to a complaint: answer it as a complaint")
    item = {"on": on.isoformat(), "by": by, "summary": summary, "action": action}
    doc.handling = {**(doc.handling or {}), "answers": [*(doc.handling or {}).get("answers", []),
                                                         item]}  # fmt: skip
    _note(doc, "representation.answered", f"Answered: {summary}. Action: {action}", by, at, item)
    return item


def convert(doc: RepresentationLike, *, reason: str, by: str, at: datetime) -> dict[str, Any]:
    """The submission to route as a stage 1 complaint, received ``at`` (its clocks count
    from that day); the file notes the move."""
    _kind(doc, "representation", f"only a representation moves to a complaint ({SEED_MOVE})")
    handling = dict(doc.handling or {})
    if handling.get("converted"):
        raise Refusal(f"{doc.id} already moved to a complaint on {handling['converted']['on']}")
    if not handling.get("answers"):
        raise Refusal(
            f"answer the representation first: it moves to a complaint only when the "
            f"answer does not satisfy ({SEED_MOVE})"
        )
    if not reason:
        raise InvalidField("reason", "say why the answer did not satisfy", "required")
    submission = {k: v for k, v in doc.submission.items() if k != "representation_type"}
    submission["received_at"] = at.isoformat()
    item = {"on": at.date().isoformat(), "by": by, "reason": reason}
    doc.handling = {**handling, "converted": item}
    _note(
        doc,
        "representation.converted",
        f"Moved to a complaint at stage 1, received {at.date()}: {reason}",
        by,
        at,
        item,
    )
    return submission


def pass_on(
    doc: RepresentationLike,
    *,
    staff: tuple[str, ...],
    manager: str,
    note: str,
    by: str,
    on: date,
    at: datetime,
) -> dict[str, Any]:
    """A compliment fed back to the staff concerned and their manager."""
    _kind(doc, "compliment", f"only a compliment is passed on ({SEED_COMPLIMENT})")
    if not staff:
        raise InvalidField("staff", "name the staff the compliment is about", "required")
    if not manager:
        raise InvalidField("manager", f"name their first line manager ({SEED_COMPLIMENT})",
                           "required")  # fmt: skip
    item = {"on": on.isoformat(), "by": by, "staff": list(staff), "manager": manager,
            "note": note}  # fmt: skip
    doc.handling = {**(doc.handling or {}), "passed_on": [
        *(doc.handling or {}).get("passed_on", []), item]}  # fmt: skip
    _note(
        doc,
        "compliment.passed-on",
        f"Compliment passed to {', '.join(staff)} and their manager {manager}",
        by,
        at,
        item,
    )
    return item


def _about(doc: RepresentationLike) -> dict[str, Any]:
    """What the letters need from the submission (a representation has no routed strand)."""
    sub = doc.submission or {}
    received = str(sub.get("received_at") or "")[:10]
    return {
        "reference": doc.id,
        "procedure": getattr(doc, "procedure", None) or "children",
        "nation": str(sub.get("nation") or "england"),
        "subject": str(sub.get("subject") or ""),
        "received_on": date.fromisoformat(received),
        "complainant": Complainant.model_validate(sub.get("complainant") or {}),
        "location": Location.model_validate(sub.get("location") or {}),
    }


def answered_event(doc: RepresentationLike, item: dict[str, Any], at: datetime
                   ) -> RepresentationAnswered:  # fmt: skip
    """``case.representation-answered`` for the answer ``item`` (the latest), so the person
    is written to with the response and the action (seed 004)."""
    n = len((doc.handling or {}).get("answers", []))
    return RepresentationAnswered(
        **_about(doc), occurred_at=at, key=f"{doc.id}:answer:{n}", summary=item["summary"],
        action=item["action"], answered_on=date.fromisoformat(item["on"]),
    )  # fmt: skip


def passed_on_event(doc: RepresentationLike, item: dict[str, Any], at: datetime
                    ) -> ComplimentPassedOn:  # fmt: skip
    """``case.compliment-passed-on`` for ``item`` (the latest), so the manager is sent the
    compliment to feed back to the staff concerned."""
    sub = doc.submission or {}
    said = " ".join(str(a.get("text") or "") for a in sub.get("aspects") or []).strip()
    n = len((doc.handling or {}).get("passed_on", []))
    return ComplimentPassedOn(
        **_about(doc), occurred_at=at, key=f"{doc.id}:passed-on:{n}", compliment=said,
        staff=list(item["staff"]), manager=item["manager"], note=item.get("note") or "",
        passed_on=date.fromisoformat(item["on"]),
    )  # fmt: skip
