"""Working-day arithmetic, checked against examples worked out by hand, day by day.

Day-of-week anchors used below: 1 Dec 2025 is a Monday; the 1st of the month in 2026 falls
Jan Thu, Mar Sun, Apr Wed, May Fri, Jun Mon, Jul Wed, Aug Sat, Oct Thu, Nov Sun, Dec Tue;
in 2027 Mar Mon, Apr Thu, Jul Thu, Nov Mon, Dec Wed; 1 Jan 2028 is a Saturday.
"""

from __future__ import annotations

from datetime import date

import pytest

from common.timescales import Timescale
from common.workdays import calendar_for

EW, SCT, NI = "england-and-wales", "scotland", "northern-ireland"
D = date

# (calendar, start = day 0, working days, hand-worked due date)
CASES = [
    # -- England and Wales
    # Thu 17 Apr 2025: Fri 18 Good Friday, Sat, Sun, Mon 21 Easter Monday, Tue 22 (1), Wed 23 (2)
    (EW, D(2025, 4, 17), 2, D(2025, 4, 23)),
    # Starts on a Saturday. Sat 20 Dec 2025: Sun 21, Mon 22 (1), Tue 23 (2), Wed 24 (3),
    # Thu 25 Christmas, Fri 26 Boxing Day, Sat, Sun, Mon 29 (4), Tue 30 (5)
    (EW, D(2025, 12, 20), 5, D(2025, 12, 30)),
    # Thu 2 Apr 2026: Fri 3 Good Friday, Sat, Sun, Mon 6 Easter Monday, Tue 7 (1)
    (EW, D(2026, 4, 2), 1, D(2026, 4, 7)),
    # Fri 28 Aug 2026: Sat, Sun, Mon 31 late-August bank holiday, Tue 1 Sep (1)
    (EW, D(2026, 8, 28), 1, D(2026, 9, 1)),
    # Thu 24 Dec 2026: Fri 25 Christmas, Sat 26, Sun 27, Mon 28 Boxing Day substitute,
    # Tue 29 (1), Wed 30 (2)
    (EW, D(2026, 12, 24), 2, D(2026, 12, 30)),
    # Thu 3 Dec 2026 + 20: Fri 4 (1), 7-11 (2-6), 14-18 (7-11), 21-24 (12-15), skip 25 and 28,
    # 29-31 (16-18), skip Fri 1 Jan, Mon 4 Jan (19), Tue 5 Jan (20)
    (EW, D(2026, 12, 3), 20, D(2027, 1, 5)),
    # Fri 30 Apr 2027 + 20: Mon 3 May early May bank holiday; 4-7 (1-4), 10-14 (5-9),
    # 17-21 (10-14), 24-28 (15-19), Mon 31 May spring bank holiday, Tue 1 Jun (20)
    (EW, D(2027, 4, 30), 20, D(2027, 6, 1)),
    # Fri 24 Dec 2027: Sat 25, Sun 26, Mon 27 and Tue 28 substitutes, Wed 29 (1)
    (EW, D(2027, 12, 24), 1, D(2027, 12, 29)),
    # Fri 31 Dec 2027: Sat 1 Jan 2028, Sun 2, Mon 3 New Year substitute, Tue 4 (1)
    (EW, D(2027, 12, 31), 1, D(2028, 1, 4)),
    # -- Scotland
    # Tue 31 Dec 2024: Wed 1 Jan 2025, Thu 2 Jan both holidays, Fri 3 (1)
    (SCT, D(2024, 12, 31), 1, D(2025, 1, 3)),
    # Easter Monday is a working day. Thu 17 Apr 2025: Fri 18 Good Friday, Sat, Sun,
    # Mon 21 (1), Tue 22 (2)
    (SCT, D(2025, 4, 17), 2, D(2025, 4, 22)),
    # Fri 22 Aug 2025: Sat, Sun, Mon 25 Aug is a working day in Scotland (1)
    (SCT, D(2025, 8, 22), 1, D(2025, 8, 25)),
    # St Andrew's Day on Sun 30 Nov 2025, substitute Mon 1 Dec. Thu 27 Nov: Fri 28 (1),
    # Sat 29, Sun 30, Mon 1 Dec, Tue 2 (2), Wed 3 (3), Thu 4 (4), Fri 5 (5)
    (SCT, D(2025, 11, 27), 5, D(2025, 12, 5)),
    # World Cup bank holiday, Mon 15 Jun 2026. Fri 12 Jun: Sat, Sun, Mon 15, Tue 16 (1)
    (SCT, D(2026, 6, 12), 1, D(2026, 6, 16)),
    # Starts on a Saturday before the first Monday of August. Sat 1 Aug 2026: Sun 2,
    # Mon 3 summer bank holiday, Tue 4 (1)
    (SCT, D(2026, 8, 1), 1, D(2026, 8, 4)),
    # Fri 28 Aug 2026: Sat, Sun, Mon 31 Aug is a working day in Scotland (1)
    (SCT, D(2026, 8, 28), 1, D(2026, 8, 31)),
    # St Andrew's Day Mon 30 Nov 2026. Thu 26 Nov: Fri 27 (1), Sat, Sun, Mon 30,
    # Tue 1 Dec (2), Wed 2 (3)
    (SCT, D(2026, 11, 26), 3, D(2026, 12, 2)),
    # Starts on the holiday itself: Mon 30 Nov 2026, Tue 1 Dec (1)
    (SCT, D(2026, 11, 30), 1, D(2026, 12, 1)),
    # As England's 20 from Thu 3 Dec 2026, but Mon 4 Jan 2027 is the 2nd January substitute:
    # Tue 5 (19), Wed 6 (20)
    (SCT, D(2026, 12, 3), 20, D(2027, 1, 6)),
    # Fri 30 Jul 2027: Sat 31, Sun 1 Aug, Mon 2 Aug summer bank holiday, Tue 3 (1)
    (SCT, D(2027, 7, 30), 1, D(2027, 8, 3)),
    # St Andrew's Day Tue 30 Nov 2027. Mon 29 Nov: Tue 30, Wed 1 Dec (1)
    (SCT, D(2027, 11, 29), 1, D(2027, 12, 1)),
    # Fri 31 Dec 2027: Sat 1 Jan 2028, Sun 2, Mon 3 and Tue 4 substitutes, Wed 5 (1)
    (SCT, D(2027, 12, 31), 1, D(2028, 1, 5)),
    # -- Northern Ireland
    # St Patrick's Day Mon 17 Mar 2025. Fri 14 Mar: Sat, Sun, Mon 17, Tue 18 (1)
    (NI, D(2025, 3, 14), 1, D(2025, 3, 18)),
    # Boyne on Sat 12 Jul 2025, substitute Mon 14. Fri 11 Jul: Sat, Sun, Mon 14, Tue 15 (1)
    (NI, D(2025, 7, 11), 1, D(2025, 7, 15)),
    # Late-August bank holiday Mon 25 Aug 2025. Fri 22 Aug: Sat, Sun, Mon 25, Tue 26 (1)
    (NI, D(2025, 8, 22), 1, D(2025, 8, 26)),
    # St Patrick's Day Tue 17 Mar 2026. Mon 16 Mar: Tue 17, Wed 18 (1), Thu 19 (2)
    (NI, D(2026, 3, 16), 2, D(2026, 3, 19)),
    # Boyne on Sun 12 Jul 2026, substitute Mon 13. Fri 10 Jul: Sat 11, Sun 12, Mon 13,
    # Tue 14 (1), Wed 15 (2), Thu 16 (3)
    (NI, D(2026, 7, 10), 3, D(2026, 7, 16)),
    # Thu 24 Dec 2026: Fri 25, Sat, Sun, Mon 28 substitute, Tue 29 (1), Wed 30 (2)
    (NI, D(2026, 12, 24), 2, D(2026, 12, 30)),
    # St Patrick's Day Wed 17 Mar 2027, then Easter. Tue 16 Mar: Wed 17, Thu 18 (1),
    # Fri 19 (2), 22-25 (3-6), Fri 26 Good Friday, Sat, Sun, Mon 29 Easter Monday,
    # Tue 30 (7), Wed 31 (8), Thu 1 Apr (9), Fri 2 Apr (10)
    (NI, D(2027, 3, 16), 10, D(2027, 4, 2)),
    # Starts on a Sunday: Sun 11 Jul 2027, Mon 12 Jul Boyne, Tue 13 (1)
    (NI, D(2027, 7, 11), 1, D(2027, 7, 13)),
    # Starts on the holiday: Mon 12 Jul 2027, Tue 13 (1)
    (NI, D(2027, 7, 12), 1, D(2027, 7, 13)),
    # Thu 23 Dec 2027: Fri 24 (1), Sat, Sun, Mon 27, Tue 28, Wed 29 (2), Thu 30 (3),
    # Fri 31 (4), Sat 1 Jan 2028, Sun 2, Mon 3 substitute, Tue 4 (5)
    (NI, D(2027, 12, 23), 5, D(2028, 1, 4)),
    # The same five in Scotland: Tue 4 Jan 2028 is the 2nd January substitute too, so Wed 5
    (SCT, D(2027, 12, 23), 5, D(2028, 1, 5)),
    # The same ten in England and Wales: Wed 17 (1), Thu 18 (2), Fri 19 (3), 22-25 (4-7),
    # skip Fri 26 and Mon 29, Tue 30 (8), Wed 31 (9), Thu 1 Apr (10)
    (EW, D(2027, 3, 16), 10, D(2027, 4, 1)),
    # ...and in Scotland, where Easter Monday counts: ... Thu 25 (7), skip Fri 26,
    # Mon 29 (8), Tue 30 (9), Wed 31 (10)
    (SCT, D(2027, 3, 16), 10, D(2027, 3, 31)),
]


@pytest.mark.parametrize(("calendar", "start", "n", "expected"), CASES)
def test_nth_working_day_after_matches_the_hand_worked_date(
    calendar: str, start: date, n: int, expected: date
) -> None:
    cal = calendar_for(calendar)
    assert cal.add_working_days(start, n).due == expected
    assert cal.working_days_between(start, expected) == n


# gov.uk's bank holidays for 2025-2027, weekday dates only (as gov.uk lists them).
GOV_UK = {
    EW: "2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26"
    " 2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28"
    " 2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28",
    SCT: "2025-01-01 2025-01-02 2025-04-18 2025-05-05 2025-05-26 2025-08-04 2025-12-01"
    " 2025-12-25 2025-12-26 2026-01-01 2026-01-02 2026-04-03 2026-05-04 2026-05-25 2026-06-15"
    " 2026-08-03 2026-11-30 2026-12-25 2026-12-28 2027-01-01 2027-01-04 2027-03-26 2027-05-03"
    " 2027-05-31 2027-08-02 2027-11-30 2027-12-27 2027-12-28",
    NI: "2025-01-01 2025-03-17 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-07-14"
    " 2025-08-25 2025-12-25 2025-12-26 2026-01-01 2026-03-17 2026-04-03 2026-04-06 2026-05-04"
    " 2026-05-25 2026-07-13 2026-08-31 2026-12-25 2026-12-28 2027-01-01 2027-03-17 2027-03-26"
    " 2027-03-29 2027-05-03 2027-05-31 2027-07-12 2027-08-30 2027-12-27 2027-12-28",
}


@pytest.mark.parametrize("calendar", [EW, SCT, NI])
def test_holidays_2025_to_2027_are_exactly_gov_uks(calendar: str) -> None:
    cal = calendar_for(calendar)
    found = {d for year in (2025, 2026, 2027) for d in cal.holidays_in(year)}
    assert sorted(found) == sorted(date.fromisoformat(d) for d in GOV_UK[calendar].split())


@pytest.mark.parametrize(
    ("calendar", "day", "reason"),
    [
        (SCT, D(2025, 12, 1), "St Andrew's Day (substitute day)"),
        (SCT, D(2027, 1, 4), "2nd January (substitute day)"),
        (SCT, D(2026, 6, 15), "World Cup bank holiday"),
        (NI, D(2026, 7, 13), "Battle of the Boyne (Orangemen's Day) (substitute day)"),
        (NI, D(2027, 3, 17), "St Patrick's Day"),
        (EW, D(2027, 12, 27), "Christmas Day (substitute day)"),
        (EW, D(2026, 8, 31), "Summer bank holiday"),
        (EW, D(2026, 12, 26), "Saturday"),  # Boxing Day itself: the Monday is the holiday
        (EW, D(2026, 7, 12), "Sunday"),
    ],
)
def test_non_working_days_are_named_as_gov_uk_names_them(
    calendar: str, day: date, reason: str
) -> None:
    assert calendar_for(calendar).non_working_reason(day) == reason


def test_explanation_names_each_skipped_holiday_and_the_weekends() -> None:
    due = calendar_for(SCT).add_working_days(D(2026, 12, 3), 20)
    assert due.explain() == (
        "Wed 6 Jan 2027 is the 20th working day after Thu 3 Dec 2026 in Scotland: skips"
        " Fri 25 Dec (Christmas Day), Mon 28 Dec (Boxing Day (substitute day)),"
        " Fri 1 Jan (New Year's Day), Mon 4 Jan (2nd January (substitute day)) and weekends"
    )
    # 3 Dec to 6 Jan is 34 days: 20 working days and 14 skipped (10 weekend days, 4 holidays)
    assert len(due.skipped) == 14
    assert [s.reason for s in due.skipped[:2]] == ["Saturday", "Sunday"]


def test_a_start_on_a_non_working_day_is_still_day_0() -> None:
    # Sat 5 Dec 2026 + 1: Sun 6 skipped, Mon 7 (1)
    due = calendar_for(EW).add_working_days(D(2026, 12, 5), 1)
    assert due.due == D(2026, 12, 7)
    assert [(s.date, s.reason) for s in due.skipped] == [(D(2026, 12, 6), "Sunday")]
    assert due.explain() == (
        "Mon 7 Dec 2026 is the 1st working day after Sat 5 Dec 2026 in England and Wales:"
        " skips weekends"
    )


def test_zero_working_days_is_the_same_day_and_negative_is_refused() -> None:
    cal = calendar_for(NI)
    assert cal.add_working_days(D(2026, 7, 13), 0).due == D(2026, 7, 13)
    with pytest.raises(ValueError, match="cannot be negative"):
        cal.add_working_days(D(2026, 7, 13), -1)


def test_subtract_counts_back_over_holidays() -> None:
    # Panel Mon 12 Oct 2026, papers 10 wd before: Fri 9 (1), 8, 7, 6, Mon 5 (5), Fri 2 (6),
    # Thu 1 (7), Wed 30 Sep (8), Tue 29 (9), Mon 28 Sep (10)
    ew = calendar_for(EW)
    assert ew.subtract_working_days(D(2026, 10, 12), 10).due == D(2026, 9, 28)
    # Tue 5 Jan 2027, 3 wd before. England: Mon 4 (1), Fri 1 Jan holiday, Thu 31 (2), Wed 30 (3).
    # Scotland: Mon 4 and Fri 1 holidays, Thu 31 (1), Wed 30 (2), Tue 29 (3)
    assert ew.subtract_working_days(D(2027, 1, 5), 3).due == D(2026, 12, 30)
    back = calendar_for(SCT).subtract_working_days(D(2027, 1, 5), 3)
    assert back.due == D(2026, 12, 29)
    assert back.explain().startswith("Tue 29 Dec 2026 is the 3rd working day before Tue 5 Jan")


def test_working_days_between_refuses_a_reversed_range() -> None:
    with pytest.raises(ValueError, match="a <= b"):
        calendar_for(EW).working_days_between(D(2026, 1, 2), D(2026, 1, 1))


@pytest.mark.parametrize(
    ("timescale", "start", "expected"),
    [
        # 12 weeks = 84 days: Wed 3 Dec 2025 + 28 = 31 Dec, + 28 = 28 Jan, + 28 = Wed 25 Feb
        (Timescale(amount=12, unit="weeks"), D(2025, 12, 3), D(2026, 2, 25)),
        (Timescale(amount=1, unit="calendar_months"), D(2026, 1, 31), D(2026, 2, 28)),
        (Timescale(amount=1, unit="calendar_months"), D(2028, 1, 31), D(2028, 2, 29)),
        (Timescale(amount=3, unit="calendar_months"), D(2025, 11, 30), D(2026, 2, 28)),
        (Timescale(amount=3, unit="calendar_months"), D(2026, 3, 15), D(2026, 6, 15)),
        (Timescale(amount=4, unit="calendar_months"), D(2026, 10, 31), D(2027, 2, 28)),
        (Timescale(amount=1, unit="calendar_months"), D(2026, 8, 31), D(2026, 9, 30)),
        (Timescale(amount=12, unit="calendar_months"), D(2026, 12, 25), D(2027, 12, 25)),
        (Timescale(amount=0, unit="immediate"), D(2026, 12, 25), D(2026, 12, 25)),
        (Timescale(amount=3, unit="working_days"), D(2026, 12, 24), D(2026, 12, 31)),
    ],
)
def test_add_dispatches_on_the_timescale_unit(
    timescale: Timescale, start: date, expected: date
) -> None:
    assert calendar_for(EW).add(start, timescale).due == expected


def test_month_and_week_explanations_state_their_rule() -> None:
    ew = calendar_for(EW)
    months = ew.add(D(2026, 1, 31), Timescale(amount=1, unit="calendar_months")).explain()
    assert months.startswith("Sat 28 Feb 2026 is 1 calendar month after Sat 31 Jan 2026")
    assert "last day of a shorter month" in months
    weeks = ew.add(D(2025, 12, 3), Timescale(amount=12, unit="weeks")).explain()
    assert weeks.startswith("Wed 25 Feb 2026 is 12 weeks (84 calendar days) after Wed 3 Dec 2025")
    assert "bank holidays count" in weeks


def test_unknown_calendar_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="'wales'.*england-and-wales, scotland, northern-ireland"):
        calendar_for("wales")
