"""Data protection on one file: redact named items, anonymise, or erase to statistics.

What the reports need is kept in every mode: procedure, stage, category, owner team,
nation, status, dates, the stage records (targets, dates, outcomes), breaches, and the
child / confidential flags used by the children's annual report. What identifies a person
goes: the complainant, the subject, the aspects' words, officers' names, letters'
addresses, entries' words. The change itself is recorded in the history (by whom, why):
nothing is removed silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from services.records.domain import outcomes
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import EraseOrRedact, RedactMode
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import Status
from services.records.domain.model import Change, Context

GONE = "[redacted]"
# Keys of routed / submitted data that identify someone.
PERSONAL_KEYS = (
    "subject",
    "complainant",
    "aspects",
    "location",
    "attachments",
    "summary",
    "text",
    "officer",
    "officers",
    "independent_person",
    "reasons",
    "note",
    "address",
    "recipient",
    "party",
    "document",
    "agreed_actions",
    "previous",
    *outcomes.PERSONAL_KEYS,
)
REDACTABLE = ("subject", "complainant", "aspects", "entry:<id>", "restriction:<id>")


def erase_or_redact(case: CaseLike, cmd: EraseOrRedact, ctx: Context, on: date) -> Change:
    """Apply ``cmd`` to the case file (the complaint file is the handler's: `scrub_submission`)."""
    if cmd.mode is RedactMode.REDACT:
        if not cmd.items:
            raise InvalidField("items", f"name what to redact: {', '.join(REDACTABLE)}")
        for item in cmd.items:
            redact_item(case, item)
        words = f"Redacted {', '.join(cmd.items)}: {cmd.reason}"
    else:
        if case.status not in (Status.CLOSED, Status.MERGED):
            raise Refusal(
                f"case {case.id} is {case.status}: only a closed or merged file may be "
                f"{'anonymised' if cmd.mode is RedactMode.ANONYMISE else 'erased'}"
            )
        anonymise(case, erase=cmd.mode is RedactMode.ERASE)
        words = f"{cmd.mode.title()}d, statistics kept: {cmd.reason}"
    return Change(
        None, words, {"mode": str(cmd.mode), "items": list(cmd.items), "reason": cmd.reason}
    )


def redact_item(case: CaseLike, item: str) -> None:
    kind, _, ident = item.partition(":")
    if kind == "subject":
        case.subject = GONE
        _scrub_history(case, ("subject",))
    elif kind == "complainant":
        case.complainant = _child_flag_only(case.complainant)
        _scrub_history(case, ("complainant",))
    elif kind == "aspects":
        case.aspects = [{"kind": a.get("kind", "other")} for a in case.aspects]
        _scrub_history(case, ("aspects", "outcome_sought"))
        outcomes.redact_points_on(case)
    elif kind == "entry" and any(e["id"] == ident for e in case.entries):
        case.entries = [_scrub(e) if e["id"] == ident else e for e in case.entries]
        _scrub_history(case, PERSONAL_KEYS, where=lambda h: h.get("data", {}).get("entry") == ident)
    elif kind == "restriction" and any(r["id"] == ident for r in case.restrictions):
        case.restrictions = [_scrub(r) if r["id"] == ident else r for r in case.restrictions]
        _scrub_history(case, PERSONAL_KEYS, where=lambda h: _about_restriction(h, ident))
    else:
        raise InvalidField("items", f"{item!r} is not in this file (use {', '.join(REDACTABLE)})")


def anonymise(case: CaseLike, *, erase: bool) -> None:
    """Strip everything personal; ``erase`` also drops the papers, keeping statistics."""
    case.subject = GONE
    case.complainant = _child_flag_only(case.complainant)
    case.aspects = [{"kind": a.get("kind", "other")} for a in case.aspects]
    case.officer = GONE if case.officer else None
    case.independent_person = GONE if case.independent_person else None
    case.stages = [
        {k: v for k, v in s.items() if k not in ("summary", "officer")} for s in case.stages
    ]
    if erase:
        case.entries, case.letters, case.restrictions = [], [], []
        case.history = [{k: h.get(k) for k in ("at", "type", "message_id")} for h in case.history]
    else:
        case.entries = [_scrub(e) for e in case.entries]
        case.letters = [
            {**x, "address": GONE, "recipient": x.get("recipient", "")} for x in case.letters
        ]
        case.restrictions = [_scrub(r) for r in case.restrictions]
        _scrub_history(case, PERSONAL_KEYS)
    outcomes.anonymise_on(case)
    case.data_protection = "erased" if erase else "anonymised"


def scrub_submission(submission: dict[str, Any], items: tuple[str, ...] | None) -> dict[str, Any]:
    """The complaint as received, without the personal items (all of them if None)."""
    keys = {"subject", "complainant", "aspects", "attachments", "location", "outcome_sought"}
    named = {i.partition(":")[0] for i in items or ()}
    named |= {"outcome_sought"} if "aspects" in named else set()  # what was sought goes too
    wanted = keys if items is None else keys & named
    out = dict(submission)
    for key in wanted & out.keys():
        if key == "complainant":
            out[key] = _child_flag_only(out.get(key) or {})
        elif key == "aspects":
            out[key] = [{"kind": a.get("kind", "other")} for a in out.get(key) or []]
        elif key in out:
            out[key] = GONE if isinstance(out[key], str) else None
    return out


def _child_flag_only(complainant: dict[str, Any]) -> dict[str, Any]:
    return {"is_child": bool(complainant.get("is_child")), "anonymised": True}


def _scrub(record: dict[str, Any]) -> dict[str, Any]:
    return {k: (GONE if k in PERSONAL_KEYS and v else v) for k, v in record.items()}


def _about_restriction(entry: dict[str, Any], ident: str) -> bool:
    restriction = entry.get("data", {}).get("restriction") or {}
    return isinstance(restriction, dict) and restriction.get("id") == ident


def _scrub_history(case: CaseLike, keys: tuple[str, ...], where=None) -> None:  # type: ignore[no-untyped-def]
    out = []
    for entry in case.history:
        if where is None or where(entry):
            summary = entry.get("summary", "")
            keep = "summary" not in keys or str(entry.get("type", "")).startswith(
                ("deadline.", "case.routed")
            )
            entry = {
                **entry,
                "data": _strip(entry.get("data") or {}, keys),
                "summary": summary if keep else GONE,
            }
        out.append(entry)
    case.history = out


def _strip(value: Any, keys: tuple[str, ...]) -> Any:
    """``value`` without ``keys`` at any depth (an event's detail, a restriction in it)."""
    if isinstance(value, dict):
        return {k: _strip(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [_strip(v, keys) for v in value]
    return value
