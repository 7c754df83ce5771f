"""The operator override file (gov.uk bank-holidays.json format) and working-day properties."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from common.workdays import CALENDARS, calendar_for

D = date

# gov.uk's England and Wales list for 2026, as its bank-holidays.json carries it.
EW_2026 = [
    ("New Year's Day", "2026-01-01", ""),
    ("Good Friday", "2026-04-03", ""),
    ("Easter Monday", "2026-04-06", ""),
    ("Early May bank holiday", "2026-05-04", ""),
    ("Spring bank holiday", "2026-05-25", ""),
    ("Summer bank holiday", "2026-08-31", ""),
    ("Christmas Day", "2026-12-25", ""),
    ("Boxing Day", "2026-12-28", "Substitute day"),
]
ONE_OFF = D(2026, 10, 20)  # a Tuesday with no holiday


def gov_uk_file(events: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {
        "england-and-wales": {
            "division": "england-and-wales",
            "events": [{"title": t, "date": d, "notes": n, "bunting": True} for t, d, n in events],
        }
    }


WITH_ONE_OFF = gov_uk_file([*EW_2026, ("Operator one-off", ONE_OFF.isoformat(), "")])


def test_an_added_one_off_holiday_moves_the_due_date() -> None:
    # Mon 19 Oct 2026 + 1: normally Tue 20 (1); with the one-off, Tue 20 skipped, Wed 21 (1)
    assert calendar_for("england-and-wales").add_working_days(D(2026, 10, 19), 1).due == ONE_OFF
    overridden = calendar_for("england-and-wales", WITH_ONE_OFF)
    due = overridden.add_working_days(D(2026, 10, 19), 1)
    assert due.due == D(2026, 10, 21)
    assert "Tue 20 Oct (Operator one-off)" in due.explain()


def test_a_moved_holiday_is_expressed_by_the_years_list() -> None:
    moved = [
        e if e[1] != "2026-05-04" else ("Early May bank holiday", "2026-05-08", "") for e in EW_2026
    ]
    cal = calendar_for("england-and-wales", gov_uk_file(moved))
    # Fri 1 May 2026 + 1: Mon 4 May is now a working day (1)
    assert cal.add_working_days(D(2026, 5, 1), 1).due == D(2026, 5, 4)
    # Thu 7 May + 1: Fri 8 is the holiday, Sat, Sun, Mon 11 (1)
    assert cal.add_working_days(D(2026, 5, 7), 1).due == D(2026, 5, 11)


def test_years_and_nations_the_file_does_not_mention_keep_the_library_list() -> None:
    cal = calendar_for("england-and-wales", WITH_ONE_OFF)
    # 2027 untouched: Fri 24 Dec 2027, skip Mon 27 and Tue 28 substitutes, Wed 29 (1)
    assert cal.add_working_days(D(2027, 12, 24), 1).due == D(2027, 12, 29)
    # Scotland untouched: Mon 19 Oct 2026 + 1 is Tue 20
    assert calendar_for("scotland", WITH_ONE_OFF).add_working_days(D(2026, 10, 19), 1).due == (
        ONE_OFF
    )


def test_substitute_notes_become_part_of_the_name() -> None:
    cal = calendar_for("england-and-wales", WITH_ONE_OFF)
    assert cal.non_working_reason(D(2026, 12, 28)) == "Boxing Day (substitute day)"


@pytest.mark.parametrize(
    "bad",
    [
        {"wales": {"division": "wales", "events": []}},
        {"scotland": {"division": "england-and-wales", "events": []}},
        {"scotland": {"division": "scotland", "events": [{"title": "x", "date": "2026-02-30"}]}},
        {"scotland": {"division": "scotland"}},
    ],
)
def test_a_malformed_file_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        calendar_for("scotland", bad)


# -- properties ---------------------------------------------------------------------------------

calendars = st.sampled_from(CALENDARS).map(calendar_for)
days = st.dates(min_value=D(2024, 1, 1), max_value=D(2029, 12, 31))
amounts = st.integers(min_value=0, max_value=300)


@given(calendars, days, amounts)
def test_working_days_between_inverts_add(cal: Any, start: date, n: int) -> None:
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due.due) == n
    # every day after the start up to the due date is either counted or listed as skipped
    assert (due.due - start).days == n + len(due.skipped)
    assert all(start < s.date < due.due and not cal.is_working_day(s.date) for s in due.skipped)


@given(calendars, days, st.integers(min_value=1, max_value=300))
def test_the_due_date_is_a_working_day_and_grows_with_n(cal: Any, start: date, n: int) -> None:
    due = cal.add_working_days(start, n).due
    assert cal.is_working_day(due)
    assert cal.add_working_days(start, n - 1).due < due


@given(calendars, days, amounts)
def test_subtract_lands_on_a_working_day_from_which_add_comes_back(
    cal: Any, end: date, n: int
) -> None:
    back = cal.subtract_working_days(end, n).due
    assert back <= end
    if n and cal.is_working_day(end):
        assert cal.is_working_day(back)
        assert cal.add_working_days(back, n).due == end


@given(
    st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)),
    st.integers(min_value=1, max_value=80),
)
def test_an_override_holiday_shifts_the_due_date_by_one_working_day(start: date, n: int) -> None:
    plain = calendar_for("england-and-wales")
    overridden = calendar_for("england-and-wales", WITH_ONE_OFF)
    before = plain.add_working_days(start, n).due
    after = overridden.add_working_days(start, n).due
    if start < ONE_OFF <= before:
        # one working day lost inside the count, so one more is needed after the old due date
        assert after == plain.add_working_days(before, 1).due
        assert plain.working_days_between(start, after) == n + 1
    else:
        assert after == before


def test_weekends_are_never_working_days() -> None:
    cal = calendar_for("scotland")
    saturday = D(2026, 1, 3)
    for week in range(60):
        assert not cal.is_working_day(saturday + timedelta(weeks=week))
        assert not cal.is_working_day(saturday + timedelta(weeks=week, days=1))
