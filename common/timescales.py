"""Timescales in their legal units, as the procedures state them.

A `Timescale` is data: "20 working days", "12 weeks", "3 calendar months", "immediately".
Working-day arithmetic lives in `common.workdays`; this module only names the units.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    CALENDAR_MONTHS = "calendar_months"
    IMMEDIATE = "immediate"


class Timescale(BaseModel):
    """An amount in a legal unit, e.g. ``Timescale(amount=20, unit="working_days")``."""

    model_config = ConfigDict(frozen=True)

    amount: int = Field(ge=0)
    unit: Unit = Unit.WORKING_DAYS

    def __str__(self) -> str:
        if self.unit is Unit.IMMEDIATE:
            return "immediately"
        words = {
            Unit.WORKING_DAYS: "working day",
            Unit.WEEKS: "week",
            Unit.CALENDAR_MONTHS: "calendar month",
        }[self.unit]
        return f"{self.amount} {words}{'' if self.amount == 1 else 's'}"
