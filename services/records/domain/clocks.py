"""The strand's clocks as the deadlines service reports them, folded in any order. Pure.

Records consumes its queue with several messages in flight, so two facts about one clock
may be filed in either order (a clock set and, at the same instant, stopped by a
child-protection referral). Each clock therefore keeps the time and rank of the fact that
decided its state: a later fact wins, and at the same instant the rank decides (set <
reminder < breach < stopped < resumed). A losing fact still fills in a due date the clock
did not have yet. Each clock keeps the stage it belongs to: a name such as ``response``
recurs from stage to stage.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from common.contracts.deadline_events import HEALTHCARE_TASK, RESTRICTION_REVIEW
from common.contracts.events import DeadlineSet, DeadlineStopped

STATUS = {"set": "running", "resumed": "running", "approaching": "approaching"}
MET = ("met", "met late")
RANK = {"set": 0, "approaching": 1, "breached": 2, "window-closed": 2, "out-of-time": 2,
        "stopped": 3, "resumed": 4}  # fmt: skip


def fold(clocks: dict[str, Any], event: DeadlineSet | DeadlineStopped) -> dict[str, Any]:
    """``clocks`` with ``event`` taken into account (a new dict; the input is unchanged)."""
    kind = event.routing_key.split(".", 1)[1]
    at = event.occurred_at.astimezone(UTC).isoformat()
    mine = (at, RANK.get(kind, 0))
    current = dict(clocks.get(event.clock, {}))
    fresh: dict[str, Any] = {"status": STATUS.get(kind, kind), "at": at, "rank": mine[1]}
    if event.stage:
        fresh["stage"] = event.stage  # clock names recur from stage to stage (response)
    if isinstance(event, DeadlineSet):
        explanation = event.explanation.get("text") or event.explanation.get("explanation", "")
        fresh.update(due=event.due.isoformat(), explanation=explanation)
    if current.get("status") in MET and kind in ("approaching", "breached", "window-closed"):
        pass  # a sweep that fired before the fact was filed: the clock stays met
    elif not current or (current.get("at", ""), current.get("rank", 0)) <= mine:
        current = {k: v for k, v in {**current, **fresh}.items() if k != "met_on"}
    else:  # an older fact arriving late: only what the clock still lacks
        current.update({k: v for k, v in fresh.items() if k in ("due", "explanation", "stage")
                        and not current.get(k)})  # fmt: skip
    return {**clocks, event.clock: current}


def earliest_due(clocks: dict[str, Any]) -> date | None:
    """The soonest due date of the clocks still running."""
    running = [
        date.fromisoformat(c["due"])
        for c in clocks.values()
        if c.get("status") in ("running", "approaching") and c.get("due")
    ]
    return min(running) if running else None


# Case statuses after which no clock runs (nothing is "next due" on a finished file).
FINISHED = frozenset({"closed", "merged", "excluded"})


def met_on(history: list[dict[str, Any]], procedure: str) -> dict[tuple[str, str], str]:
    """(stage, clock) -> the day a lifecycle fact in the file's history finished it, by the
    procedure data's ``finished_by`` (the rule the deadlines service applies). The stage of
    each fact is the stage the file was at when it happened."""
    from procedures import clock_role, finished_by  # the data, not a service

    stage: str | None = None
    met: dict[tuple[str, str], str] = {}
    names: set[str] = set()
    for entry in history:
        kind, data = str(entry.get("type", "")), entry.get("data") or {}
        if kind == "case.routed":
            stage = data.get("stage") or stage
        elif kind.startswith("deadline.") and data.get("clock"):
            names.add(str(data["clock"]))
        elif kind == "case.restricted" and stage is not None:
            # a restriction lifted: its review (services.deadlines.domain.reviews) is over
            item = data.get("restriction") or {}
            if data.get("op") != "carry" and item.get("status", "active") != "active":
                key = (stage, f"{RESTRICTION_REVIEW}{item.get('id')}")
                met.setdefault(key, str(data.get("on") or entry.get("at", ""))[:10])
        elif kind == "case.healthcare-escalation-done" and stage is not None:
            # DS Complaints' task done: its clock (services.deadlines.domain.tasks) is met
            item = data.get("task") or {}
            key = (stage, f"{HEALTHCARE_TASK}{item.get('id')}")
            met.setdefault(key, str(data.get("on") or entry.get("at", ""))[:10])
        elif kind.startswith("case.") and stage is not None:
            fact = kind.removeprefix("case.")
            for name in names | {"acknowledgement", "response"}:
                known = clock_role(procedure, stage, name) is not None
                if known and finished_by(procedure, stage, name, fact):
                    met.setdefault((stage, name), str(data.get("on") or entry.get("at", ""))[:10])
        stage = data.get("to_stage") or stage
    return met


def view(
    clocks: dict[str, Any], *, procedure: str, status: str, history: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Each clock's real state for the case file and its views: ``met`` once the fact the
    procedure names has finished it (also when it was late: ``breached`` is kept as
    ``met late``), ``stopped`` while suspended or once the case is finished, else as the
    deadlines service last reported it (``running``, ``approaching``, ``breached``)."""
    met = met_on(history, procedure)
    out: dict[str, dict[str, Any]] = {}
    for name, entry in clocks.items():
        shown = dict(entry)
        done = met.get((str(entry.get("stage") or ""), name))
        state = str(entry.get("status", ""))
        if done:
            shown["status"] = "met late" if state == "breached" else "met"
            shown["met_on"] = done
        elif status in FINISHED and state in ("running", "approaching", "breached"):
            shown["status"] = "breached" if state == "breached" else "stopped"
            shown["stopped_because"] = f"case {status}"
        out[name] = shown
    return out


def next_due(
    clocks: dict[str, Any], *, procedure: str, status: str, history: list[dict[str, Any]]
) -> date | None:
    """The soonest due date of the clocks still running in their real state; none once the
    case is finished."""
    if status in FINISHED:
        return None
    return earliest_due(view(clocks, procedure=procedure, status=status, history=history))


def after_fact(
    clocks: dict[str, Any], *, procedure: str, stage: str | None, fact: str, on: date
) -> dict[str, Any]:
    """``clocks`` with those of ``stage`` that ``fact`` finishes marked ``met`` on ``on``
    (for a command's own fact, so that lists show it without reading the history)."""
    from procedures import finished_by

    out = dict(clocks)
    for name, entry in clocks.items():
        mine = str(entry.get("stage") or stage or "") == (stage or "")
        live = entry.get("status") in ("running", "approaching", "breached")
        if mine and live and finished_by(procedure, stage, name, fact):
            status = "met late" if entry.get("status") == "breached" else "met"
            out[name] = {**entry, "status": status, "met_on": on.isoformat()}
    return out
