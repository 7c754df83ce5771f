"""Records use cases for reaching the person across their complaints (issue 18): who the
complainant is on a new file, and their restrictions following them (seed 003 "Managing
unreasonable actions": restrictions are placed "on an individual's contact").

- A routed strand learns who its complainant is (`restrictions.person_key`), their consent
  as given and the provider routing named (`on_routed`); when it opens, the person's
  active restrictions on their other cases are recorded on it (`carry_onto`), with the
  ``case.restricted`` that sends them the letter saying so.
- A restriction imposed on one case is recorded on the person's other open cases too
  (`CaseWork` calls `spread`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from common.bus import Outgoing
from common.contracts.events import CaseRouted
from common.outbox import Applied, apply_once
from common.storage import Store
from services.records.adapters.documents import CaseFile
from services.records.domain.casework import execute
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import ACTIVE
from services.records.domain.model import Context
from services.records.domain.restrictions import CarryRestrictions, person_key, to_carry
from services.records.handlers.emit import outgoing

log = logging.getLogger(__name__)


def on_routed(doc: CaseFile, event: CaseRouted) -> None:
    """The person's key, their consent as given and the provider, filed with the routing."""
    doc.person = person_key(doc.complainant or {}, doc.partner_id)
    doc.reach = {
        **(doc.reach or {}),
        "consent": event.consent.model_dump(mode="json"),
        "provider": event.location.provider or "",
    }


def access_restricted(doc: CaseFile) -> bool:
    """The person's access to the procedure is restricted (seed 002 ¶11): the file is not
    acknowledged by the platform; the letter carrying the restriction signposts them."""
    return any(
        r.get("status") == "active" and r.get("kind") == "access-to-procedure"
        for r in doc.restrictions or []
    )


def restrictions_of(store: Store, person: str, but: str) -> list[tuple[str, dict[str, Any]]]:
    """Every active restriction on the person's other case files (one indexed query, on
    their restricted files only)."""
    if not person:
        return []
    return [
        (other.id, dict(item))
        for other in store.find(CaseFile, {"person": person, "restricted": True})
        if other.id != but
        for item in other.restrictions or []
        if item.get("status") == "active"
    ]


def carry_onto(store: Store, doc: CaseFile, ctx: Context) -> list[Outgoing]:
    """Record the person's active restrictions on ``doc``; the events to emit."""
    found = to_carry(doc, restrictions_of(store, doc.person or "", doc.id))
    if not found:
        return []
    command = CarryRestrictions(found=tuple(found), identity=doc.person or "")
    try:
        return outgoing(doc, execute(doc, command, ctx))
    except (Refusal, InvalidField) as exc:
        log.info("restrictions not carried onto %s: %s", doc.id, exc)
        return []


def spread(
    store: Store, doc: CaseFile, key: str, context_of: Callable[[CaseFile], Context]
) -> list[Applied[CaseFile]]:
    """A restriction just imposed on ``doc`` is recorded on the person's other open cases
    (each once: keyed on the imposing request)."""
    if not doc.person:
        return []
    applied = []
    for other in store.find(CaseFile, {"person": doc.person}):
        if other.id == doc.id or other.status not in ACTIVE:
            continue

        def decide(target: CaseFile) -> list[Outgoing]:
            return carry_onto(store, target, context_of(target))

        applied.append(apply_once(store, CaseFile, other.id, f"{key}:carry:{doc.id}", decide))
    return applied
