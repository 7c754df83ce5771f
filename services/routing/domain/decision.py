"""The routing decision for a submission: pure, no I/O, time and calendars passed in.

``decide(submission, today=..., calendar_for=...)`` checks the submission against its
procedure (raising `RoutingRejected` with every problem, each naming field and rule), then:

1. the procedure's safeguards (referrals that happen whatever else is decided);
2. compliments and representations: recorded, not run;
3. exclusions and the time limit (`exclusions.py`);
4. the procedure's own rules (`rules/<procedure>.py`): strands, referrals, copies;
5. good practice from every included procedure (`rules/code.py`);
6. who is told (`recipients.py`): every recipient, its rule, letter, time and data;

and returns a `RoutingDecision` whose ``rules`` explain each step in words, citing the seed.
"""

from __future__ import annotations

from datetime import date

from common.contracts.submission import Submission, received_day
from procedures import load_all
from procedures.schema import Procedure
from services.routing.domain.checks import (
    incident_errors,
    procedure_errors,
    read_flags,
    submission_errors,
)
from services.routing.domain.context import Calendar, CalendarFor, RoutingContext
from services.routing.domain.exclusions import apply_exclusions
from services.routing.domain.models import (
    AspectRef,
    Copy,
    Exclusion,
    Referral,
    Representation,
    RoutingDecision,
    RoutingRejected,
    Strand,
)
from services.routing.domain.recipients import decide_recipients
from services.routing.domain.rules import overlay_for, rules_for

__all__ = [
    "AspectRef",
    "Calendar",
    "CalendarFor",
    "Copy",
    "Exclusion",
    "Referral",
    "Representation",
    "RoutingDecision",
    "RoutingRejected",
    "Strand",
    "decide",
]


def decide(
    submission: Submission,
    *,
    today: date,
    calendar_for: CalendarFor,
    procedures: dict[str, Procedure] | None = None,
) -> RoutingDecision:
    """Route ``submission``; ``procedures`` defaults to the shipped files (`load_all`)."""
    procedures = load_all() if procedures is None else procedures
    errors = procedure_errors(submission.procedure, procedures)
    if errors:
        raise RoutingRejected(errors)
    procedure = procedures[submission.procedure]
    received_on = received_day(submission)
    rules = rules_for(procedure.name)
    flags, aspect_flags, flag_errors = read_flags(submission, procedure)
    errors = submission_errors(submission, procedure, today=today, received_on=received_on)
    errors += flag_errors
    if not flag_errors:
        errors += rules.check(submission, flags, aspect_flags)
    if not flags.get("representation_type"):
        errors += incident_errors(submission, procedure)
    if errors:
        raise RoutingRejected(errors)

    ctx = RoutingContext(
        submission=submission,
        procedure=procedure,
        today=today,
        received_on=received_on,
        calendar=calendar_for(submission.nation.calendar),
        flags=flags,
        aspect_flags=aspect_flags,
    )
    rules.safeguard(ctx)
    if not flags.get("representation_type"):
        apply_exclusions(ctx)
    if ctx.exclusion is None:
        rules.route(ctx)
        _after_routing(ctx, procedures)
    decision = ctx.decision()
    if decision.representation is None:
        decision.recipients = decide_recipients(ctx)
        decision.rules = list(ctx.rules)
    return decision


def _after_routing(ctx: RoutingContext, procedures: dict[str, Procedure]) -> None:
    if ctx.late_accepted:
        for strand in ctx.strands:
            strand.flags.append("late_accepted")
    for name in ctx.procedure.includes:
        overlay_for(name)(ctx, procedures[name])
