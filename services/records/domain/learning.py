"""Learning from complaints: the root cause (a declared category), the lesson, the
service change, who owns it and how far it has got; recorded at any point, and on closure.

Seed 004: complaints "should prompt learnings"; seed 003 asks for learning from
complaints and remedies. The annual reports count them by root cause and status.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from services.records.domain.errors import InvalidField
from services.records.domain.outcome_commands import Acting, Done, OutcomeCommand
from services.records.domain.outcomes import CaseOutcomes, Learning, LearningStatus, RootCause


@dataclass(frozen=True, kw_only=True)
class RecordLearning(OutcomeCommand):
    """Record a lesson (``id`` empty), or update one (``id``: L1...)."""

    action = "record-learning"
    id: str = ""
    root_cause: RootCause | None = None
    lesson: str = ""
    service_change: str = ""
    owner: str = ""
    status: LearningStatus | None = None


def record_learning(record: CaseOutcomes, cmd: RecordLearning, by: Acting) -> Done:
    if by.status == "pending":
        raise InvalidField("ref", "the case has not been routed yet")
    if cmd.id:
        found = next((x for x in record.learning if x.id == cmd.id), None)
        if found is None:
            known = ", ".join(x.id for x in record.learning) or "none recorded"
            raise InvalidField("id", f"{cmd.id!r} is no learning record of this case ({known})")
        changed = {
            k: v for k, v in {
                "root_cause": cmd.root_cause, "lesson": cmd.lesson,
                "service_change": cmd.service_change, "owner": cmd.owner, "status": cmd.status,
            }.items() if v
        }  # fmt: skip
        if not changed:
            raise InvalidField("status", "give what changed (status, lesson, ...)", "required")
        for k, v in changed.items():
            setattr(found, k, v)
        found.updated_on = by.today
        words = f"Learning {found.id} updated: " + ", ".join(f"{k} {v}" for k, v in changed.items())
        return Done(
            "learning-updated", words, {"id": found.id, **{k: str(v) for k, v in changed.items()}}
        )
    if cmd.root_cause is None:
        cats = ", ".join(c.value for c in RootCause)
        raise InvalidField("root_cause", f"one of {cats}", "required")
    if not cmd.lesson:
        raise InvalidField("lesson", "say what was learned", "required")
    if not cmd.owner:
        raise InvalidField("owner", "name who owns the change", "required")
    item = Learning(
        id=f"L{len(record.learning) + 1}", root_cause=cmd.root_cause, lesson=cmd.lesson,
        service_change=cmd.service_change, owner=cmd.owner,
        status=cmd.status or LearningStatus.PROPOSED, recorded_by=by.actor, recorded_on=by.today,
    )  # fmt: skip
    record.learning.append(item)
    words = f"Learning {item.id} ({item.root_cause}, {item.status}, owner {item.owner})"
    words += f": {item.lesson}"
    if item.service_change:
        words += f"; service change: {item.service_change}"
    return Done("learning-recorded", words, item.model_dump(mode="json"))


@dataclass(frozen=True)
class LearningRow:
    """One learning record across cases, for the learning report."""

    case_ref: str
    procedure: str
    item: Learning


def themes(rows: list[LearningRow]) -> list[list[str]]:
    """Learning by root cause: how many, how many done (annual reports)."""
    total = Counter(str(r.item.root_cause) for r in rows)
    done = Counter(str(r.item.root_cause) for r in rows if r.item.status is LearningStatus.DONE)
    return [[cause, str(n), str(done[cause])] for cause, n in sorted(total.items())]
