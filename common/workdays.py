"""Statutory working-day arithmetic on the UK bank-holiday calendars.

Rules (PROCEDURES.md, ARCHITECTURE.md "Clocks"):

- A working day is any day that is not a Saturday, a Sunday or a bank holiday of the
  nation handling the complaint: ``england-and-wales``, ``scotland`` or ``northern-ireland``.
- "Within N working days of X" is the Nth working day after X. X is day 0 and is never
  counted, even when it is itself a weekend or a holiday.
- Weeks are 7 calendar days each; calendar months land on the same day of the month, or on
  the last day of a shorter month (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year).

Holidays come from the ``holidays`` library (``GB`` with subdivision ENG, SCT or NIR), shown
the way gov.uk's ``bank-holidays.json`` shows them: gov.uk titles, substitute days named
"(substitute day)", and holidays that fall on a weekend left out (their substitute is listed).
Checked against gov.uk for 2025-2027 (see tests/common/unit/test_workdays.py): holidays 0.109
matches every date, including Scotland's one-off World Cup bank holiday on 15 June 2026.
``_ONE_OFFS`` restates that one-off so an older library (pyproject allows >=0.60) cannot drop it.

Operators may import an override file in gov.uk's ``bank-holidays.json`` format. For every
nation and year that appear in it, the file's events replace the library's for that year, so
it can add a one-off holiday or move one; years it does not mention keep the library's list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType
from typing import Any, Literal, get_args

import holidays
from pydantic import BaseModel, ConfigDict, RootModel, computed_field, model_validator

from common.timescales import Timescale, Unit

CalendarName = Literal["england-and-wales", "scotland", "northern-ireland"]
CALENDARS: tuple[str, ...] = get_args(CalendarName)
DISPLAY_NAMES = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
_SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}

# The library's names -> gov.uk's titles.
_GOV_UK_TITLES = {
    "New Year Holiday": "2nd January",
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
    "Summer Bank Holiday": "Summer bank holiday",
    "Saint Andrew's Day": "St Andrew's Day",
    "Saint Patrick's Day": "St Patrick's Day",
    "Battle of the Boyne": "Battle of the Boyne (Orangemen's Day)",
    "Scotland's participation in the FIFA World Cup final": "World Cup bank holiday",
}
# One-off holidays appointed by royal proclamation, as gov.uk lists them.
_ONE_OFFS: dict[str, dict[date, str]] = {
    "scotland": {date(2026, 6, 15): "World Cup bank holiday"},
}
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class UnknownCalendar(ValueError):
    """The name is not one of the three UK bank-holiday calendars."""


# -- the gov.uk bank-holidays.json format ---------------------------------------------------


class BankHolidayEvent(BaseModel):
    title: str
    date: date
    notes: str = ""
    bunting: bool = False


class Division(BaseModel):
    division: CalendarName
    events: list[BankHolidayEvent]


class BankHolidaysFile(RootModel[dict[CalendarName, Division]]):
    """An operator override file, in gov.uk's ``bank-holidays.json`` shape."""

    @model_validator(mode="after")
    def _keys_match_divisions(self) -> BankHolidaysFile:
        for key, division in self.root.items():
            if division.division != key:
                raise ValueError(f"{key!r} holds events for division {division.division!r}")
        return self

    def years_for(self, name: str) -> dict[int, dict[date, str]]:
        """The holidays this file states for one calendar, by year."""
        years: dict[int, dict[date, str]] = {}
        division = self.root.get(name)  # type: ignore[call-overload]
        for event in division.events if division else []:
            title = event.title
            if "substitute" in event.notes.lower():
                title += " (substitute day)"
            years.setdefault(event.date.year, {})[event.date] = title
        return years


# -- due dates and their explanations --------------------------------------------------------


class Skipped(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: date
    reason: str  # "Saturday", "Sunday" or the holiday's gov.uk title


class Due(BaseModel):
    """A due date with the arithmetic behind it, ready to explain to a person."""

    model_config = ConfigDict(frozen=True)

    due: date
    start: date
    amount: int
    unit: Unit | Literal["calendar_days"]
    calendar: CalendarName
    skipped: list[Skipped] = []
    direction: Literal["after", "before"] = "after"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def explanation(self) -> str:
        return self.explain()

    def explain(self) -> str:
        """English, e.g. "Wed 6 Jan 2027 is the 20th working day after Thu 3 Dec 2026 in
        Scotland: skips Fri 25 Dec (Christmas Day), ... and weekends"."""
        due, start, n = format_day(self.due), format_day(self.start), self.amount
        plural = "" if n == 1 else "s"
        if self.unit is Unit.IMMEDIATE:
            return f"{due}: immediately, the same day"
        if self.unit == "calendar_days":
            text = f"{due} is {n} calendar day{plural} {self.direction} {start}"
        elif self.unit is Unit.WEEKS:
            text = f"{due} is {n} week{plural} ({7 * n} calendar days) {self.direction} {start}"
        elif self.unit is Unit.CALENDAR_MONTHS:
            return (
                f"{due} is {n} calendar month{plural} {self.direction} {start}: the same day of"
                " the month, or the last day of a shorter month (31 Jan + 1 month = 28 Feb,"
                " or 29 Feb in a leap year)"
            )
        elif n == 0:
            return f"{due}: 0 working days, the same day"
        else:
            where = DISPLAY_NAMES[self.calendar]
            text = f"{due} is the {ordinal(n)} working day {self.direction} {start} in {where}"
            return f"{text}: {self._skips()}"
        return f"{text}; weekends and bank holidays count"

    def _skips(self) -> str:
        with_year = abs((self.due - self.start).days) > 300
        parts = [
            f"{format_day(s.date, year=with_year)} ({s.reason})"
            for s in self.skipped
            if s.reason not in ("Saturday", "Sunday")
        ]
        if len(parts) < len(self.skipped):
            parts.append("weekends")
        return "skips " + join_words(parts) if parts else "no days skipped"


# -- calendars --------------------------------------------------------------------------------


@cache
def _library_year(name: str, year: int) -> Mapping[date, str]:
    """One year of one nation's bank holidays, weekday dates only, with gov.uk titles."""
    found = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[name], years=year)
    days: dict[date, str] = {}
    for day, names in found.items():
        if day.weekday() < 5:
            days[day] = "; ".join(_gov_uk_title(part) for part in names.split("; "))
    for day, title in _ONE_OFFS.get(name, {}).items():
        if day.year == year:
            days[day] = title
    return MappingProxyType(days)


def _gov_uk_title(name: str) -> str:
    if name.endswith(" (observed)"):
        return _gov_uk_title(name.removesuffix(" (observed)")) + " (substitute day)"
    return _GOV_UK_TITLES.get(name, name)


@dataclass(frozen=True)
class Calendar:
    """One nation's working days. Build it with `calendar_for`; it never changes."""

    name: CalendarName
    overrides: Mapping[int, Mapping[date, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @property
    def display_name(self) -> str:
        return DISPLAY_NAMES[self.name]

    def holidays_in(self, year: int) -> Mapping[date, str]:
        """The bank holidays of ``year`` (override file first, then the library)."""
        return self.overrides.get(year) or _library_year(self.name, year)

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day ("Saturday", a holiday's title), or None."""
        if day.weekday() >= 5:
            return "Saturday" if day.weekday() == 5 else "Sunday"
        return self.holidays_in(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def add_working_days(self, start: date, n: int) -> Due:
        """The Nth working day after ``start`` (``start`` is day 0, never counted)."""
        return self._count(start, n, step=1)

    def subtract_working_days(self, end: date, n: int) -> Due:
        """The Nth working day before ``end``, e.g. panel papers out 10 wd before the panel."""
        return self._count(end, n, step=-1)

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days fall after ``a`` up to and including ``b`` (``b >= a``)."""
        if b < a:
            raise ValueError(f"working_days_between needs a <= b; got {a} > {b}")
        days = (a + timedelta(days=i) for i in range(1, (b - a).days + 1))
        return sum(1 for day in days if self.is_working_day(day))

    def add_calendar_days(self, start: date, n: int) -> Due:
        """``n`` calendar days after ``start`` (a stopped clock's remaining time)."""
        _check_amount(n)
        return Due(
            due=start + timedelta(days=n),
            start=start,
            amount=n,
            unit="calendar_days",
            calendar=self.name,
        )

    def add(self, start: date, timescale: Timescale) -> Due:
        """The due date ``timescale`` after ``start``, in the timescale's own unit."""
        n, unit = timescale.amount, timescale.unit
        if unit is Unit.WORKING_DAYS:
            return self.add_working_days(start, n)
        due = {
            Unit.WEEKS: lambda: start + timedelta(weeks=n),
            Unit.CALENDAR_MONTHS: lambda: add_months(start, n),
            Unit.IMMEDIATE: lambda: start,
        }[unit]()
        return Due(due=due, start=start, amount=n, unit=unit, calendar=self.name)

    def _count(self, start: date, n: int, step: int) -> Due:
        _check_amount(n)
        day, counted, skipped = start, 0, []
        while counted < n:
            day += timedelta(days=step)
            reason = self.non_working_reason(day)
            if reason is None:
                counted += 1
            else:
                skipped.append(Skipped(date=day, reason=reason))
        return Due(
            due=day,
            start=start,
            amount=n,
            unit=Unit.WORKING_DAYS,
            calendar=self.name,
            skipped=skipped,
            direction="after" if step > 0 else "before",
        )


def calendar_for(
    name: str, overrides: BankHolidaysFile | Mapping[str, Any] | None = None
) -> Calendar:
    """The calendar of ``name``, with an operator override file already parsed from JSON.

    Raises `UnknownCalendar` for a bad name and pydantic's ValidationError for a bad file.
    """
    if name not in CALENDARS:
        raise UnknownCalendar(f"unknown calendar {name!r}; expected one of {', '.join(CALENDARS)}")
    if overrides is None:
        return Calendar(name)  # type: ignore[arg-type]
    parsed = BankHolidaysFile.model_validate(overrides)
    years = {y: MappingProxyType(days) for y, days in parsed.years_for(name).items()}
    return Calendar(name, MappingProxyType(years))  # type: ignore[arg-type]


# -- small helpers ----------------------------------------------------------------------------


def add_months(start: date, n: int) -> date:
    """Same day of the month ``n`` months later, clamped to the end of a shorter month."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(start.day, (next_month - timedelta(days=1)).day))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_day(day: date, year: bool = True) -> str:
    """'Thu 3 Dec 2026' (or 'Thu 3 Dec'), independent of the process locale."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def join_words(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _check_amount(n: int) -> None:
    if n < 0:
        raise ValueError(f"a number of days cannot be negative; got {n}")
