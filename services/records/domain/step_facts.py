"""What a stage's record says of the seeds' steps (``steps``: key -> {on, ...facts}), and
the checks on their order. Pure; shared by the step commands."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.records.domain.casefile import CaseLike
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import STEP_STAGES, Action
from services.records.domain.model import save_stage
from services.records.domain.stages import day, iso


def _source(action: Action) -> str:
    return STEP_STAGES[action][1]


def _done(rec: dict[str, Any], key: str) -> Any:
    return (rec.get("steps") or {}).get(key)


def _mark(case: CaseLike, rec: dict[str, Any], key: str, on: date, **facts: Any) -> None:
    steps = dict(rec.get("steps") or {})
    steps[key] = {"on": iso(on), **facts}
    rec["steps"] = steps
    save_stage(case, rec)


def _needs(rec: dict[str, Any], key: str, action: Action, first: str) -> None:
    if not _done(rec, key):
        raise Refusal(f"cannot {action} before {first} ({_source(action)})")


def _not_before(on: date, rec: dict[str, Any], key: str, what: str, field: str = "on") -> None:
    earlier = day(_done(rec, key) and _done(rec, key).get("on"))
    if earlier and on < earlier:
        raise InvalidField(field, f"{on} is before the {what} on {earlier}")
