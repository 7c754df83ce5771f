"""Children stage 3, the Review Panel (seed 004): requested (at stage 2 the request moves
the case, as the stage machine's ``panel-requested`` transition says), scheduled with three
independent members, papers sent, held, reported. Pure; re-exported by
`services.records.domain.steps`."""

from __future__ import annotations

from datetime import date

from services.records.domain import independence, progress
from services.records.domain.casefile import CaseLike
from services.records.domain.commands import (
    Escalate,
    HoldPanel,
    ReportPanel,
    RequestPanel,
    SchedulePanel,
    SendPanelPapers,
)
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import Action
from services.records.domain.model import Change, Context, current_stage
from services.records.domain.stages import iso
from services.records.domain.step_facts import _done, _mark, _needs, _not_before


def request_panel(case: CaseLike, cmd: RequestPanel, ctx: Context, on: date) -> Change:
    """At stage 2 (answered) the request moves the case to stage 3, as the stage machine's
    ``panel-requested`` transition says, within the 20 working-day window; at stage 3 (the
    case escalated there) it records the request."""
    move = ctx.procedure.stage(case.stage or "").transition("panel-requested")
    if move is not None:
        return _request_panel_moving(case, cmd, ctx, on, move.to)
    rec = current_stage(case)
    if _done(rec, "panel_requested"):
        raise Refusal(f"the panel was already requested on {_done(rec, 'panel_requested')['on']}")
    _mark(case, rec, "panel_requested", on)
    return Change("panel-requested", f"Review Panel requested on {on}", {"note": cmd.note})


def _request_panel_moving(
    case: CaseLike, cmd: RequestPanel, ctx: Context, on: date, to: str
) -> Change:
    from_stage = case.stage
    try:
        moved = progress.escalate(
            case, Escalate(reason=cmd.note or "Review Panel requested"), ctx, on
        )
    except Refusal as exc:  # late: accepted only with a reason, through `escalate`
        raise Refusal(f"{exc} (case escalate --late-reason ..., then panel-request)") from exc
    if case.stage != to:  # the stage's next_stage and its transition disagree: data error
        raise Refusal(f"panel-requested leads to {to}, but {from_stage} moves on to {case.stage}")
    _mark(case, current_stage(case), "panel_requested", on)
    title = ctx.procedure.stage(to).title
    return Change(
        "panel-requested",
        f"Review Panel requested on {on}: moved to {title}",
        {**moved.detail, "note": cmd.note},
    )


def schedule_panel(case: CaseLike, cmd: SchedulePanel, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_requested", Action.SCHEDULE_PANEL, "request-panel")
    if cmd.panel_date < on:
        raise InvalidField("panel_date", f"{cmd.panel_date} is before the day it is set ({on})")
    conflicts = independence.check_panel(
        cmd.members,
        aspects=case.aspects,
        stages=case.stages,
        stage=case.stage or "",
        attestations=cmd.attestations,
    )
    if cmd.chair and not any(independence.same_person(cmd.chair, m) for m in cmd.members):
        raise InvalidField("chair", f"{cmd.chair!r} is not one of the members")
    if conflicts:
        raise independence.NotIndependent("panel member", conflicts)
    attested = {
        code: independence.PANEL_ATTESTATIONS[code] for code in dict.fromkeys(cmd.attestations)
    }
    rec["panel_members"] = list(cmd.members)
    _mark(case, rec, "panel_scheduled", on, panel_date=iso(cmd.panel_date))
    detail = {
        "panel_date": iso(cmd.panel_date),
        "members": list(cmd.members),
        "chair": cmd.chair,
        "attestations": attested,
        "attested_by": ctx.actor,
    }
    return Change(
        "panel-scheduled",
        f"Review Panel set for {cmd.panel_date}: {', '.join(cmd.members)}",
        detail,
    )


def send_panel_papers(case: CaseLike, cmd: SendPanelPapers, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_scheduled", Action.SEND_PANEL_PAPERS, "schedule-panel")
    panel_date = _done(rec, "panel_scheduled")["panel_date"]
    _mark(case, rec, "panel_papers_sent", on)
    detail = {"panel_date": panel_date, "note": cmd.note}
    return Change("panel-papers-sent", f"Panel papers sent on {on} (panel on {panel_date})", detail)


def hold_panel(case: CaseLike, cmd: HoldPanel, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_scheduled", Action.HOLD_PANEL, "schedule-panel")
    if _done(rec, "panel_held"):
        raise Refusal(f"the panel was already held on {_done(rec, 'panel_held')['on']}")
    _not_before(on, rec, "panel_scheduled", "panel was set")
    _mark(case, rec, "panel_held", on)
    detail = {"members": rec.get("panel_members") or [], "note": cmd.note}
    return Change("panel-held", f"Review Panel held on {on}", detail)


def report_panel(case: CaseLike, cmd: ReportPanel, ctx: Context, on: date) -> Change:
    rec = current_stage(case)
    _needs(rec, "panel_held", Action.REPORT_PANEL, "hold-panel")
    _not_before(on, rec, "panel_held", "panel")
    _mark(case, rec, "panel_reported", on)
    detail = {"recommendations": list(cmd.recommendations), "summary": cmd.summary}
    return Change(
        "panel-reported",
        f"Panel report to the Director on {on}: {len(cmd.recommendations)} recommendation(s)",
        detail,
    )
