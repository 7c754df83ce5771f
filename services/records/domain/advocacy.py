"""Advocacy for children's complaints (seed 004, the Complaints Manager's duties "in
conjunction with the Children's Complaints Officer": "ensuring that advocacy services are
explained, offered and provided when required"; "Children in need have the right to
independent advocacy where they are making or intending to make representations").

Each step is recorded by command, once, on the file's ``reach.advocacy`` (shown with the
case) and as a paper of the file; ``case.advocacy-recorded`` tells the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.records.domain import entries
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import AddCorrespondence, Command, EntryKind
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import Action
from services.records.domain.model import Change, Context
from services.records.domain.release import reach_of, set_reach
from services.records.domain.stages import iso

SEED_004_ADVOCACY = (
    'seed 004 "ensuring that advocacy services are explained, offered and provided when required"'
)
FACT = "advocacy-recorded"


class AdvocacyStep(StrEnum):
    EXPLAINED = "explained"  # what an advocate does, told to the child
    OFFERED = "offered"  # an advocate offered
    DECLINED = "declined"  # the child did not want one
    PROVIDED = "provided"  # an advocate (named) is acting


@dataclass(frozen=True, kw_only=True)
class RecordAdvocacy(Command):
    """One step of advocacy for a child's complaint."""

    action = Action.RECORD_ADVOCACY
    step: AdvocacyStep
    advocate: str = ""  # who, when provided (e.g. "Dorset Advocacy: Jo Bright")
    note: str = ""


def record(case: CaseLike, cmd: RecordAdvocacy, ctx: Context, on: date) -> Change:
    """Record the step; provided needs the advocate named, declined or provided an offer
    first, and a step is recorded once."""
    by_child = bool((case.complainant or {}).get("is_child"))
    if ctx.procedure.name != "children" and not by_child:
        raise Refusal(f"advocacy is recorded for children's complaints ({SEED_004_ADVOCACY})")
    reach = reach_of(case)
    done = dict(reach.get("advocacy") or {})
    if str(cmd.step) in done:
        raise Refusal(f"advocacy {cmd.step} is already recorded (on {done[str(cmd.step)]['on']})")
    if cmd.step is AdvocacyStep.PROVIDED and not cmd.advocate:
        raise InvalidField("advocate", "name the advocate provided", "required")
    if cmd.step in (AdvocacyStep.DECLINED, AdvocacyStep.PROVIDED) and "offered" not in done:
        raise Refusal(f"advocacy must be offered before it is {cmd.step} ({SEED_004_ADVOCACY})")
    done[str(cmd.step)] = {
        "on": iso(on),
        "by": ctx.actor,
        "advocate": cmd.advocate,
        "note": cmd.note,
    }
    set_reach(case, {**reach, "advocacy": done})
    words = f"Advocacy {cmd.step}" + (f": {cmd.advocate}" if cmd.advocate else "")
    words += f" ({cmd.note})" if cmd.note else ""
    entries.add(
        case, AddCorrespondence(kind=EntryKind.NOTE, summary=words, party=cmd.advocate), ctx, on
    )
    detail = {"step": str(cmd.step), "advocate": cmd.advocate, "note": cmd.note}
    return Change("advocacy-recorded", words, detail)
