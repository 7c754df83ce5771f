"""Notifications domain: the letters for routing's recipients, with what, in which words.
Pure, no I/O. Who is told is routing's decision (``Recipient`` on its events, issue 18).

- `CaseView` (caseview): the service's projection of a strand, built from ``case.routed``
  and folded forward with ``view.apply(event)``.
- `RULES` (rules): the letter calendar, which letter of a series goes on which fact.
- `plan_letters` / `advance` (recipients): the letters an event calls for.
- `build_context` (entitlements): each recipient's context, only what it may see.
- `render` (letters): template, anonymisation, subject and sha256.
- `Directory` (directory): operator-maintained addresses.
"""

from services.notifications.domain.anonymise import anonymise, officer_labels
from services.notifications.domain.caseview import AspectView, CaseView
from services.notifications.domain.directory import (
    Address,
    Directory,
    address_key,
    load_directory,
    resolve_recipient,
)
from services.notifications.domain.errors import (
    ConfidentialityError,
    DirectoryError,
    EntitlementError,
    NoContactAddress,
    NotificationsError,
    PlanningError,
    TemplateContractError,
    UnknownAddress,
)
from services.notifications.domain.letters import Letter, RenderedLetter, idempotency_key, render
from services.notifications.domain.recipients import advance, plan_letters
from services.notifications.domain.rules import RULES, Rule

__all__ = [
    "RULES",
    "Address",
    "AspectView",
    "CaseView",
    "ConfidentialityError",
    "Directory",
    "DirectoryError",
    "EntitlementError",
    "Letter",
    "NoContactAddress",
    "NotificationsError",
    "PlanningError",
    "RenderedLetter",
    "Rule",
    "TemplateContractError",
    "UnknownAddress",
    "address_key",
    "advance",
    "anonymise",
    "idempotency_key",
    "load_directory",
    "officer_labels",
    "plan_letters",
    "render",
    "resolve_recipient",
]
