"""A commitment's reminder reaches its owner, with the owning team copied. Pure.

Seed 004: "ensuring that commitments given in responses (including adjudications) are
implemented"; the issue: "every remedy or action with a due date is tracked; owners are
reminded before and when it falls due". Records' commitments sweep publishes
``case.commitment-reminder`` naming the remedy's ``owner``; the letter calendar sends it on
the ``alerts`` series to the owning team (`rules.RULES`). Once planned, with the address
directory at hand (`address_owner`):

- the owner has an ``officer:`` entry (the lookup the compliment notice to a manager uses,
  `directory.officer_address`): the reminder goes to them too, and the team's letter says it
  is the team's copy;
- they have none: the team's letter says the owner named could not be addressed directly,
  and why, so the team passes it on;
- a confidential child's complaint: only those who may know of it are told (the Children's
  Complaints Officer, children seed 004); the owner is not written to, and the letter says so.
"""

from __future__ import annotations

from common.contracts.events import CaseLifecycle, Event
from services.notifications.domain.caseview import CaseView, lifecycle_status
from services.notifications.domain.context import COMMITMENT
from services.notifications.domain.directory import Directory, officer_address
from services.notifications.domain.letters import Letter, idempotency_key

OWNER = "owner"  # the recipient kind of the letter to a commitment's owner
TEMPLATES = frozenset({"reminder", "breach"})
OWNING_TEAM = frozenset({"team", "cco"})  # the alerts series (routing's owner recipients)


def commitment_owner(trigger: Event) -> str | None:
    """The owner a ``case.commitment-reminder`` names ("" when none); None for any other
    event."""
    if not isinstance(trigger, CaseLifecycle) or lifecycle_status(trigger) != COMMITMENT:
        return None
    return " ".join(str(trigger.detail.get("owner") or "").split())


def address_owner(
    planned: list[Letter], view: CaseView, trigger: Event, directory: Directory
) -> list[Letter]:
    """``planned`` with each commitment reminder to the owning team worded for who else is
    told, and a letter to the owner where the directory knows them (its key is stable, so
    a redelivered event plans it once)."""
    owner = commitment_owner(trigger)
    if owner is None:
        return planned
    out: list[Letter] = []
    for letter in planned:
        if not _to_team(letter):
            out.append(letter)
        elif view.restricted:
            out.append(_noted(letter, _confidential(owner)))
        elif not owner:
            out.append(_noted(letter, NO_OWNER))
        else:
            out += _to_owner(letter, owner, directory)
    return out


def _to_team(letter: Letter) -> bool:
    """A commitment's reminder or breach alert to the owning team (planned, not failed)."""
    return (
        not letter.error and letter.template in TEMPLATES and letter.recipient_kind in OWNING_TEAM
    )


NO_OWNER = "No owner was named for this commitment: please see that someone carries it out."
TO_OWNER = "You are named as the owner of this commitment; the owning team has a copy."


def _to_owner(letter: Letter, owner: str, directory: Directory) -> list[Letter]:
    """The team's letter, worded for the owner's fate, and the owner's when they have an
    ``officer:`` entry."""
    key, missing = officer_address(owner, directory)
    if missing is not None:
        why = f"The owner named, {owner}, could not be addressed directly ({missing}): "
        return [_noted(letter, why + "please pass this on to them.")]
    copy = f"A copy for the owning team: this reminder went to {owner}, the commitment's owner."
    mine = letter.model_copy(
        update={
            "key": idempotency_key(letter.trigger, OWNER, key, letter.template),
            "recipient_kind": OWNER,
            "address_key": key,
        }
    )
    return [_noted(letter, copy), _noted(mine, TO_OWNER)]


def _confidential(owner: str) -> str:
    named = f" The owner named, {owner}, is not written to." if owner else ""
    return (
        "This is a confidential complaint: only you are told of this reminder." + named
        + " Please pass it on only to those who may know of the complaint."
    )  # fmt: skip


def _noted(letter: Letter, note: str) -> Letter:
    return letter.model_copy(update={"context": {**letter.context, "owner_note": note}})
