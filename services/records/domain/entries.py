"""The file's own papers (seed 003 "Case management and record keeping"): correspondence,
records of contact, supporting document references, the key evidence and where it is,
agreed actions and the evidence they were done. Append-only: an entry is never changed,
only redacted (its text replaced, the fact of the redaction recorded)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.records.domain.casefile import CaseLike
from services.records.domain.commands import AddCorrespondence, EntryKind
from services.records.domain.errors import InvalidField
from services.records.domain.model import Change, Context

__all__ = ["EntryKind", "add", "add_command"]

_WORDS = {
    EntryKind.LETTER: "Correspondence",
    EntryKind.NOTE: "Contact recorded",
    EntryKind.DOCUMENT: "Document",
    EntryKind.EVIDENCE: "Key evidence",
    EntryKind.ACTION: "Agreed action",
    EntryKind.ACTION_DONE: "Action completed",
}


def add(case: CaseLike, cmd: AddCorrespondence, ctx: Context, on: date) -> dict[str, Any]:
    """Append one entry; an ``action-done`` must name an agreed action of the file."""
    if cmd.kind is EntryKind.ACTION_DONE:
        actions = {e["id"] for e in case.entries if e.get("kind") == EntryKind.ACTION}
        if cmd.action_id not in actions:
            known = ", ".join(sorted(actions)) or "none recorded"
            raise InvalidField("action_id", f"{cmd.action_id!r} is no agreed action ({known})")
    if cmd.kind is EntryKind.DOCUMENT and not cmd.document.get("name"):
        raise InvalidField("document.name", "a document entry needs the document's name")
    entry = {
        "id": f"E{len(case.entries) + 1}",
        "kind": str(cmd.kind),
        "on": on.isoformat(),
        "at": ctx.now,
        "by": ctx.actor,
        "stage": case.stage,
        "summary": cmd.summary,
        "direction": cmd.direction,
        "party": cmd.party,
        "channel": cmd.channel,
        "document": dict(cmd.document),
        "location": cmd.location,
        "action_id": cmd.action_id,
    }
    case.entries = [*case.entries, entry]
    return entry


def add_command(case: CaseLike, cmd: AddCorrespondence, ctx: Context, on: date) -> Change:
    entry = add(case, cmd, ctx, on)
    words = f"{_WORDS[cmd.kind]} {entry['id']}"
    if cmd.party:
        words += f" {'from' if cmd.direction == 'in' else 'to'} {cmd.party}"
    return Change(None, f"{words}: {cmd.summary}", {"entry": entry["id"], "kind": str(cmd.kind)})
