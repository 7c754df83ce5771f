"""The facts each service keeps about a strand to decide who may see it, and their codec.

Routing, deadlines and notifications learn them from the events they already consume:
procedure, partner, confidentiality and whether the complainant is a child from
`case.routed`; the investigating officer from `case.officer-assigned`. Records reads them
off the case file (`CaseFacts.of`). A strand whose facts were never recorded (stored
before the platform kept them) is treated as confidential and owned by no partner:
closed to everyone but the central team, the Children's Complaints Officer and auditors.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from common.access.policy import CaseFacts
from common.contracts.events import CaseLifecycle, CaseRouted

UNKNOWN = CaseFacts(confidential=True)
OFFICER_ASSIGNED = "officer-assigned"


def of_routed(event: CaseRouted) -> CaseFacts:
    """A strand's facts as routing decided them."""
    return CaseFacts(
        procedure=event.procedure,
        confidential=event.confidential,
        partner_id=event.partner_id or None,
        by_child=bool(event.complainant.is_child),
    )


def after(facts: CaseFacts, event: CaseLifecycle) -> CaseFacts:
    """The facts after a lifecycle fact: a new investigating officer, or unchanged."""
    officer = event.detail.get("officer")
    if event.status == OFFICER_ASSIGNED and isinstance(officer, str) and officer:
        return facts.model_copy(update={"officer": officer})
    return facts


def encode(facts: CaseFacts) -> dict[str, Any]:
    return facts.model_dump(mode="json")


def decode(data: dict[str, Any] | None) -> CaseFacts:
    """The stored facts, or `UNKNOWN` for a document stored without them."""
    if not data:
        return UNKNOWN
    try:
        return CaseFacts.model_validate(data)
    except ValidationError:
        return UNKNOWN
