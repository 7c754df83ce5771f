"""Feedback on how a complaint was handled (HMIP seed 001 §5 "Complaints feedback": "You
are invited to provide feedback on how your concerns were handled. Feedback will be used to
improve our complaints handling process"). The invitation is in HMIP's decision letter;
what comes back is kept here, on the file's ``reach.feedback``, for the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.records.domain.casefile import CaseLike
from services.records.domain.commands import Command
from services.records.domain.errors import InvalidField
from services.records.domain.lifecycle import Action
from services.records.domain.model import Change, Context
from services.records.domain.release import reach_of, set_reach
from services.records.domain.stages import iso

FACT = "feedback-recorded"
SATISFACTION = ("satisfied", "partly", "dissatisfied", "")


@dataclass(frozen=True, kw_only=True)
class RecordFeedback(Command):
    """The complainant's feedback on how their complaint was handled."""

    action = Action.RECORD_FEEDBACK
    summary: str
    satisfaction: str = ""  # satisfied | partly | dissatisfied (optional)


def record(case: CaseLike, cmd: RecordFeedback, ctx: Context, on: date) -> Change:
    if cmd.satisfaction not in SATISFACTION:
        raise InvalidField("satisfaction", "one of satisfied, partly, dissatisfied", "enum")
    reach = reach_of(case)
    kept = [
        *(reach.get("feedback") or []),
        {"on": iso(on), "by": ctx.actor, "summary": cmd.summary, "satisfaction": cmd.satisfaction},
    ]
    set_reach(case, {**reach, "feedback": kept})
    words = f"Feedback on the handling of the complaint: {cmd.summary}"
    words += f" ({cmd.satisfaction})" if cmd.satisfaction else ""
    detail = {"satisfaction": cmd.satisfaction, "summary": cmd.summary}
    return Change("feedback-recorded", words, detail)
