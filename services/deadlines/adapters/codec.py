"""Clocks to and from plain documents (the clock domain stays free of storage)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from common.timescales import Timescale
from common.workdays import Calendar, Due
from services.deadlines.domain.clocks import Clock, ClockStatus, Extension, Stop


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def encode(clock: Clock) -> dict[str, Any]:
    return {
        "name": clock.name,
        "calendar": clock.calendar.name,
        "start": clock.start.isoformat(),
        "timescale": clock.timescale.model_dump(mode="json"),
        "due": clock.due.model_dump(mode="json", exclude={"explanation"}) if clock.due else None,
        "cap": clock.cap.model_dump(mode="json") if clock.cap else None,
        "label": clock.label,
        "counted_from": clock.counted_from,
        "status": str(clock.status),
        "stops": [
            {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(s).items()}
            for s in clock.stops
        ],
        "extensions": [
            {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(e).items()}
            for e in clock.extensions
        ],
        "approaching_sent": clock.approaching_sent,
        "completed_on": clock.completed_on.isoformat() if clock.completed_on else None,
    }


def decode(data: dict[str, Any], calendar: Calendar) -> Clock:
    return Clock(
        name=data["name"],
        calendar=calendar,
        start=_day(data["start"]),  # type: ignore[arg-type]
        timescale=Timescale.model_validate(data["timescale"]),
        due=Due.model_validate(data["due"]) if data.get("due") else None,
        cap=Timescale.model_validate(data["cap"]) if data.get("cap") else None,
        label=data.get("label", ""),
        counted_from=data.get("counted_from", "the start"),
        status=ClockStatus(data["status"]),
        stops=tuple(
            Stop(
                on=_day(s["on"]),
                reason=s["reason"],
                remaining=s["remaining"],  # type: ignore[arg-type]
                resumed_on=_day(s.get("resumed_on")),
            )
            for s in data.get("stops", [])
        ),
        extensions=tuple(
            Extension(
                reason=e["reason"],
                previous_due=_day(e["previous_due"]),  # type: ignore[arg-type]
                due=_day(e["due"]),
            )
            for e in data.get("extensions", [])
        ),  # type: ignore[arg-type]
        approaching_sent=bool(data.get("approaching_sent")),
        completed_on=_day(data.get("completed_on")),
    )
