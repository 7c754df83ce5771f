"""The procedure's exclusions and time limit, applied the same way for every procedure.

An exclusion fires on a submission flag, on aspects carrying an aspect flag or of a kind, or
on the time limit. The first one that covers the whole complaint becomes the decision's
exclusion (later ones are still recorded in the explanation); an aspect exclusion that
covers only some aspects drops those (``ctx.excluded_aspects``) and the rest go ahead,
unless the rule is ``wholly`` (then they stay in as part of the wider complaint). A rule's
``unless_flag``, when set, keeps the matter in. Referrals named by a rule go with it, for the
aspects it takes out.
"""

from __future__ import annotations

import calendar as calendar_module
from datetime import date, timedelta

from common.timescales import Unit
from procedures.schema import Exclusion as ExclusionRule
from services.routing.domain.context import RoutingContext
from services.routing.domain.models import Exclusion


def add_months(start: date, n: int) -> date:
    """``n`` calendar months after ``start``, on the last day of a shorter month."""
    month0 = start.month - 1 + n
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar_module.monthrange(year, month)[1]))


def time_limit_last_day(ctx: RoutingContext, incident: date) -> date:
    """The last day a complaint about ``incident`` is in time."""
    assert ctx.procedure.time_limit is not None
    limit = ctx.procedure.time_limit.timescale
    if limit.unit is Unit.WORKING_DAYS:
        return ctx.calendar.add_working_days(incident, limit.amount).due
    if limit.unit is Unit.WEEKS:
        return incident + timedelta(weeks=limit.amount)
    if limit.unit is Unit.CALENDAR_MONTHS:
        return add_months(incident, limit.amount)
    return incident


def out_of_time(ctx: RoutingContext) -> bool:
    """Whether the complaint missed the time limit and no late acceptance was recorded.

    The check is recorded in the explanation whichever way it goes.
    """
    limit = ctx.procedure.time_limit
    if limit is None:
        return False
    incident = ctx.submission.incident_date
    if incident is None:
        ctx.fire(
            "time_limit", f"not checked: no incident_date given ({limit.discretion})", limit.source
        )
        return False
    last_day = time_limit_last_day(ctx, incident)
    if ctx.received_on <= last_day:
        ctx.fire(
            "time_limit",
            f"in time: received {ctx.received_on}, within {limit.timescale} "
            f"of {incident} (last day {last_day})",
            limit.source,
        )
        return False
    late = f"received {ctx.received_on}, more than {limit.timescale} after {incident}"
    if limit.timescale.unit is Unit.WORKING_DAYS:
        days = ctx.calendar.working_days_between(incident, ctx.received_on)
        late += f" ({days} working days)"
    reason = ctx.flag("late_accepted_reason")
    if reason:
        ctx.late_accepted = True
        ctx.fire(
            "time_limit_discretion",
            f"out of time but considered: {late}; recorded reason: {reason}",
            limit.source,
        )
        return False
    ctx.fire("time_limit", f"out of time: {late} (last day {last_day})", limit.source)
    return True


def apply_exclusions(ctx: RoutingContext) -> None:
    """Set ``ctx.exclusion`` and ``ctx.excluded_aspects`` from the procedure's exclusions.

    ``wholly`` rules are judged last, on the aspects the other rules leave in scope: a
    complaint about a Section 7 report and a staff grievance is, once the grievance is
    taken out, wholly about the report.
    """
    for rule in sorted(ctx.procedure.exclusions, key=lambda r: r.when.wholly):
        aspects = _matches(ctx, rule)
        if aspects is None:
            continue
        whole = not aspects or set(aspects) >= set(ctx.active_aspects)
        unless = rule.when.unless_flag
        if unless is not None and ctx.flag(unless):
            ctx.fire(rule.rule, f"{_which(aspects)} kept in ({unless}): {rule.kept}", rule.source)
        elif rule.when.wholly and not whole:
            ctx.fire(
                rule.rule,
                f"{_which(aspects)} kept in, not wholly this matter: {rule.kept}",
                rule.source,
            )
        elif whole and ctx.exclusion is None:
            ctx.exclusion = Exclusion(
                rule=rule.rule, reason=rule.reason, signpost=rule.signpost, source=rule.source
            )
            ctx.fire(rule.rule, f"not dealt with: {rule.reason}", rule.source)
            if rule.referral is not None:
                ctx.refer(rule.referral, aspects=aspects)
        elif whole:
            ctx.fire(rule.rule, f"also applies: {rule.reason}", rule.source)
        else:
            ctx.excluded_aspects.append(
                Exclusion(
                    rule=rule.rule,
                    reason=rule.reason,
                    signpost=rule.signpost,
                    source=rule.source,
                    aspects=aspects,
                )
            )
            ctx.fire(
                rule.rule,
                f"{_which(aspects)} not dealt with: {rule.reason}; the rest go ahead",
                rule.source,
            )
            if rule.referral is not None:
                ctx.refer(rule.referral, aspects=aspects)


def _which(aspects: list[int]) -> str:
    if not aspects:
        return "the complaint"
    return f"aspect{'s' if len(aspects) > 1 else ''} {', '.join(str(i) for i in aspects)}"


def _matches(ctx: RoutingContext, rule: ExclusionRule) -> list[int] | None:
    """None when the rule does not apply; [] for the whole complaint; else the aspects hit."""
    when = rule.when
    if when.flag is not None:
        return [] if ctx.flag(when.flag) else None
    if when.aspect_flag is not None:
        return [i for i in ctx.active_aspects if ctx.aspect_flag(i, when.aspect_flag)] or None
    if when.aspect_kind is not None:
        return ctx.aspects_of(str(when.aspect_kind)) or None
    return [] if out_of_time(ctx) else None
