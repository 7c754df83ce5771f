"""Consent before release (children, seed 004 "Complaints involving regulated services"):
"Any issues of safeguarding and potential vulnerability of the child should be confirmed
by the Complaints Manager with the child or young person before releasing the complaint to
the relevant care service provider."

The Complaints Manager confirms it here: safeguarding checked with the child, and the
child's agreement to the provider seeing their complaint. The fact
(``case.provider-release-confirmed``) finishes the ``provider_referral`` clock (5 working
days: "refer the relevant parts of the complaint to the registered provider within 5
working days") and is what notifications waits for before writing to the provider. The
complainant's ``consent.share_with_provider`` is recorded on the file as it stands after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from services.records.domain import entries
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import AddCorrespondence, Command, EntryKind
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import Action
from services.records.domain.model import Change, Context
from services.records.domain.stages import iso

SEED_004_RELEASE = (
    'seed 004 "Any issues of safeguarding and potential vulnerability of the child should '
    "be confirmed by the Complaints Manager with the child or young person before releasing "
    'the complaint to the relevant care service provider"'
)
FACT = "provider-release-confirmed"


@dataclass(frozen=True, kw_only=True)
class ConfirmRelease(Command):
    """The Complaints Manager confirmed safeguarding and the child's wishes: the relevant
    parts of the complaint may go to the provider."""

    action = Action.CONFIRM_RELEASE
    safeguarding_checked: bool
    child_agrees: bool
    wishes: str = ""  # what the child or young person said, in their words
    provider: str = ""  # default: the provider routing named
    note: str = ""


def reach_of(case: CaseLike) -> dict[str, Any]:
    """The file's record of how the person is reached (consent, release, advocacy...)."""
    return dict(getattr(case, "reach", None) or {})


def set_reach(case: CaseLike, reach: dict[str, Any]) -> None:
    case.reach = reach  # type: ignore[attr-defined]


def confirm(case: CaseLike, cmd: ConfirmRelease, ctx: Context, on: date) -> Change:
    """Record the release; refuse it without the safeguarding check and the child's
    agreement, outside the children's procedure, or twice."""
    if ctx.procedure.name != "children":
        raise Refusal(
            f"release to a care provider after safeguarding is checked is a step of the "
            f"children's procedure, not {ctx.procedure.name} ({SEED_004_RELEASE})"
        )
    if not cmd.safeguarding_checked:
        raise InvalidField(
            "safeguarding_checked",
            f"confirm safeguarding was checked with the child first ({SEED_004_RELEASE})",
            "required",
        )
    if not cmd.child_agrees:
        raise InvalidField(
            "child_agrees",
            "the child or young person must agree to the provider seeing the complaint; if "
            "they do not, record their wishes as a note: nothing is released",
            "required",
        )
    reach = reach_of(case)
    if reach.get("release"):
        done = reach["release"]
        raise Refusal(
            f"release to {done['provider'] or 'the provider'} was confirmed on "
            f"{done['on']} by {done['by']}: nothing to confirm again"
        )
    provider = cmd.provider or str(reach.get("provider") or "")
    if not provider:
        raise InvalidField(
            "provider", "name the care service provider it is released to", "required"
        )
    consent = dict(reach.get("consent") or {})
    before = bool(consent.get("share_with_provider"))
    consent["share_with_provider"] = True
    release = {
        "on": iso(on),
        "by": ctx.actor,
        "provider": provider,
        "safeguarding_checked": True,
        "child_agrees": True,
        "wishes": cmd.wishes,
        "consent_at_intake": before,
        "note": cmd.note,
    }
    set_reach(case, {**reach, "consent": consent, "release": release})
    words = (
        f"Safeguarding checked with the child and their agreement confirmed by {ctx.actor}: "
        f"the relevant parts may be released to {provider}"
    )
    paper = words + (f". The child's wishes: {cmd.wishes}" if cmd.wishes else "")
    entries.add(
        case, AddCorrespondence(kind=EntryKind.NOTE, summary=paper, party=provider), ctx, on
    )
    detail = {
        "provider": provider,
        "safeguarding_checked": True,
        "child_agrees": True,
        "consent": {"share_with_provider": True, "at_intake": before},
        "note": cmd.note,
    }
    return Change("provider-release-confirmed", words, detail)
