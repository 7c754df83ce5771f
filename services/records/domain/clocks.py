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

from common.contracts.events import DeadlineSet, DeadlineStopped

STATUS = {"set": "running", "resumed": "running", "approaching": "approaching"}
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
    if not current or (current.get("at", ""), current.get("rank", 0)) <= mine:
        current = {**current, **fresh}
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
