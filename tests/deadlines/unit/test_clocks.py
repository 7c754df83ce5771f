"""Statutory clocks: stops, extensions up to the cap, reminders and breaches.

Dates worked by hand. December 2026 starts on a Tuesday: Thu 3 Dec is day 0, Fri 4 is day 1,
the week of Mon 7 is days 2-6, the week of Mon 14 is days 7-11. In England and Wales Fri 25 Dec,
Mon 28 Dec (Boxing Day substitute) and Fri 1 Jan 2027 are holidays; Scotland adds Mon 4 Jan.
"""

from __future__ import annotations

from datetime import date

import pytest

from common.timescales import Timescale
from common.workdays import calendar_for
from services.deadlines.domain.clocks import (
    ClockApproaching,
    ClockBreached,
    ClockCompleted,
    ClockError,
    ClockExtended,
    ClockResumed,
    ClockSet,
    ClockStatus,
    ClockStopped,
    ExtensionRefused,
    start_clock,
)

D = date
WD = Timescale
RECEIPT = D(2026, 12, 3)


def stage1_response(nation: str = "england-and-wales"):  # type: ignore[no-untyped-def]
    """Children's stage 1: respond within 10 wd of receipt, extendable to at most 20 wd."""
    return start_clock(
        "response",
        calendar_for(nation),
        RECEIPT,
        WD(amount=10),
        cap=WD(amount=20),
        label="children stage 1 response",
        counted_from="receipt",
    )


def test_start_sets_the_due_date_with_its_explanation() -> None:
    clock, facts = stage1_response()
    # Fri 4 (1), Mon 7-Fri 11 (2-6), Mon 14 (7), Tue 15 (8), Wed 16 (9), Thu 17 (10)
    assert [type(f) for f in facts] == [ClockSet]
    assert facts[0].due.due == D(2026, 12, 17) == clock.due.due
    assert facts[0].due.explain() == (
        "Thu 17 Dec 2026 is the 10th working day after Thu 3 Dec 2026 in England and Wales:"
        " skips weekends"
    )


@pytest.mark.parametrize(
    ("nation", "expected"),
    [
        # 6 left from Wed 23 Dec: Thu 24 (1), skip 25 and 28, Tue 29 (2), Wed 30 (3),
        # Thu 31 (4), skip Fri 1 Jan, Mon 4 (5), Tue 5 (6)
        ("england-and-wales", D(2027, 1, 5)),
        # Scotland also skips Mon 4 Jan: Tue 5 (5), Wed 6 (6)
        ("scotland", D(2027, 1, 6)),
    ],
)
def test_stop_keeps_the_remaining_working_days_and_resume_carries_them_over_christmas(
    nation: str, expected: date
) -> None:
    clock, _ = stage1_response(nation)
    # stopped on Wed 9 Dec: Fri 4, Mon 7, Tue 8, Wed 9 used (4), so 6 remain
    clock, facts = clock.stop(D(2026, 12, 9), "child protection referral")
    assert facts == [
        ClockStopped("response", D(2026, 12, 9), "child protection referral", 6, "working_days")
    ]
    assert clock.status is ClockStatus.STOPPED and clock.due is None
    clock, facts = clock.resume(D(2026, 12, 23))
    assert [type(f) for f in facts] == [ClockResumed]
    assert facts[0].due.due == expected == clock.due.due
    assert clock.stops[0].reason == "child protection referral"
    assert clock.stops[0].resumed_on == D(2026, 12, 23)


def test_every_stop_is_kept_in_the_history() -> None:
    clock, _ = stage1_response()
    clock, _ = clock.stop(D(2026, 12, 7), "advocate being engaged")  # 2 used, 8 left
    clock, _ = clock.resume(D(2026, 12, 8))  # Wed 9 (1) ... Fri 11 (3), Mon 14 (4) ... Fri 18 (8)
    assert clock.due.due == D(2026, 12, 18)
    clock, _ = clock.stop(D(2026, 12, 10), "child protection referral")  # Wed 9, Thu 10: 6 left
    clock, _ = clock.resume(D(2026, 12, 10))  # the same day: due unchanged
    assert clock.due.due == D(2026, 12, 18)
    assert [(s.on, s.reason) for s in clock.stops] == [
        (D(2026, 12, 7), "advocate being engaged"),
        (D(2026, 12, 10), "child protection referral"),
    ]


def test_extension_within_the_cap_is_accepted() -> None:
    clock, _ = stage1_response()
    # by 10 wd from Thu 17 Dec: Fri 18 (1), 21-24 (2-5), skip 25 and 28, 29-31 (6-8),
    # skip Fri 1 Jan, Mon 4 (9), Tue 5 (10): the 20th working day from receipt
    extended, facts = clock.extend(by=WD(amount=10), reason="agreed with the complainant")
    assert extended.due.due == D(2027, 1, 5)
    assert facts == [
        ClockExtended("response", "agreed with the complainant", D(2026, 12, 17), extended.due)
    ]
    same, _ = clock.extend(to=D(2027, 1, 5), reason="agreed with the complainant")
    assert same.due.due == D(2027, 1, 5)


def test_extension_beyond_the_cap_is_refused_naming_the_cap() -> None:
    clock, _ = stage1_response()
    # Wed 6 Jan 2027 is the 21st working day after receipt in England and Wales
    with pytest.raises(ExtensionRefused) as refused:
        clock.extend(to=D(2027, 1, 6), reason="investigation not finished")
    assert str(refused.value) == (
        "children stage 1 response may be extended to at most 20 working days from receipt,"
        " Thu 3 Dec 2026: 2027-01-06 would be the 21st working day;"
        " the latest permitted date is 2027-01-05"
    )
    with pytest.raises(ExtensionRefused, match="at most 20 working days"):
        clock.extend(by=WD(amount=11), reason="investigation not finished")


def test_the_cap_does_not_count_the_days_the_clock_was_stopped() -> None:
    clock, _ = stage1_response()
    clock, _ = clock.stop(D(2026, 12, 9), "child protection referral")  # 4 used
    clock, _ = clock.resume(D(2026, 12, 23))  # due Tue 5 Jan, 10 used
    # 10 more from Tue 5 Jan: Wed 6 (1) .. Fri 8 (3), Mon 11 (4) .. Fri 15 (8), 18 (9), 19 (10)
    extended, _ = clock.extend(to=D(2027, 1, 19), reason="agreed")
    assert extended.due.due == D(2027, 1, 19)
    # stopped Thu 10 - Wed 23 Dec: 2 + 5 + 3 = 10 working days
    with pytest.raises(ExtensionRefused) as refused:
        clock.extend(to=D(2027, 1, 20), reason="agreed")
    assert str(refused.value).endswith(
        "2027-01-20 would be the 21st working day (not counting 10 working days stopped);"
        " the latest permitted date is 2027-01-19"
    )


def test_extensions_that_cannot_apply_are_refused() -> None:
    clock, _ = stage1_response()
    with pytest.raises(ClockError, match="not a working day in England and Wales \\(Christmas"):
        clock.extend(to=D(2026, 12, 25), reason="x")
    with pytest.raises(ClockError, match="later than 2026-12-17"):
        clock.extend(to=D(2026, 12, 16), reason="x")
    with pytest.raises(ClockError, match="not weeks"):
        clock.extend(by=Timescale(amount=1, unit="weeks"), reason="x")
    with pytest.raises(ClockError, match="exactly one"):
        clock.extend(reason="x")
    stopped, _ = clock.stop(D(2026, 12, 9), "referral")
    with pytest.raises(ClockError, match="it is stopped"):
        stopped.extend(by=WD(amount=1), reason="x")


def test_approaching_and_breached_each_fire_once() -> None:
    clock, _ = stage1_response()  # due Thu 17 Dec; 2 wd before is Tue 15 Dec
    fired = []
    for day in (14, 15, 15, 16, 17, 18, 18, 21):
        clock, facts = clock.tick(D(2026, 12, day))
        fired += [(day, type(f).__name__) for f in facts]
    assert fired == [(15, "ClockApproaching"), (18, "ClockBreached")]
    assert clock.status is ClockStatus.BREACHED


def test_a_late_first_tick_reports_the_breach_only() -> None:
    clock, _ = stage1_response()
    clock, facts = clock.tick(D(2027, 1, 4))  # after downtime: fire late rather than never
    assert facts == [ClockBreached("response", D(2027, 1, 4), clock.due)]
    assert clock.tick(D(2027, 1, 5))[1] == []


def test_the_reminder_counts_working_days_left() -> None:
    clock, _ = stage1_response()
    _, facts = clock.tick(D(2026, 12, 16))  # Thu 17 is left
    assert facts == [ClockApproaching("response", D(2026, 12, 16), clock.due, 1)]


def test_a_stopped_clock_never_breaches_and_a_resumed_one_reminds_afresh() -> None:
    clock, _ = stage1_response()
    clock, _ = clock.tick(D(2026, 12, 15))  # approaching sent
    clock, _ = clock.stop(D(2026, 12, 15), "child protection referral")  # 2 left
    assert clock.tick(D(2027, 3, 1))[1] == []
    clock, _ = clock.resume(D(2027, 1, 11))  # Tue 12 (1), Wed 13 (2)
    assert clock.due.due == D(2027, 1, 13)
    _, facts = clock.tick(D(2027, 1, 11))
    assert [type(f) for f in facts] == [ClockApproaching]


def test_completion_records_lateness_once() -> None:
    clock, _ = stage1_response()
    done, facts = clock.complete(D(2026, 12, 18))
    assert facts == [ClockCompleted("response", D(2026, 12, 18), clock.due, late=True)]
    assert done.complete(D(2026, 12, 18)) == (done, [])
    assert done.tick(D(2027, 1, 1))[1] == []
    _, facts = clock.complete(D(2026, 12, 17))
    assert facts[0].late is False


def test_a_stop_after_the_due_date_is_refused() -> None:
    clock, _ = stage1_response()
    with pytest.raises(ClockError, match="by its due date 2026-12-17; got 2026-12-18"):
        clock.stop(D(2026, 12, 18), "too late")
    # Before its day 0 (a clock dated from a later day): all its time from the stop is kept.
    early, _ = clock.stop(D(2026, 12, 1), "suspended before it started")
    assert early.stops[-1].remaining == 12  # 2-4 Dec, 7-11, 14-17 Dec
    stopped, _ = clock.stop(D(2026, 12, 9), "referral")
    with pytest.raises(ClockError, match="stopped"):
        stopped.stop(D(2026, 12, 10), "again")
    with pytest.raises(ClockError, match="before its stop"):
        stopped.resume(D(2026, 12, 8))
    with pytest.raises(ClockError, match="not stopped"):
        clock.resume(D(2026, 12, 10))


def test_a_weeks_clock_carries_calendar_days_over_a_stop() -> None:
    cal = calendar_for("england-and-wales")
    # PSU serious misconduct: 12 weeks. Wed 3 Dec 2025 + 84 days = Wed 25 Feb 2026
    clock, _ = start_clock("response", cal, D(2025, 12, 3), Timescale(amount=12, unit="weeks"))
    assert clock.due.due == D(2026, 2, 25)
    # stopped Wed 14 Jan: 17 days of January + 25 of February = 42 days left
    clock, facts = clock.stop(D(2026, 1, 14), "police investigation")
    assert (facts[0].remaining, facts[0].remaining_unit) == (42, "calendar_days")
    # resumed Wed 28 Jan: + 3 = 31 Jan, + 28 = 28 Feb, + 11 = Wed 11 Mar
    clock, facts = clock.resume(D(2026, 1, 28))
    assert clock.due.due == D(2026, 3, 11)
    assert facts[0].due.explain().startswith("Wed 11 Mar 2026 is 42 calendar days after")


def test_a_months_cap_is_clamped_like_the_months_themselves() -> None:
    cal = calendar_for("northern-ireland")
    months = Timescale(amount=3, unit="calendar_months")
    # Sat 31 Oct 2026 + 3 months = 31 Jan 2027; the 4-month cap is 28 Feb 2027 (clamped)
    clock, _ = start_clock(
        "escalation_window", cal, D(2026, 10, 31), months, cap=Timescale(amount=4, unit=months.unit)
    )
    assert clock.due.due == D(2027, 1, 31)
    assert clock.extend(to=D(2027, 2, 28), reason="ok")[0].due.due == D(2027, 2, 28)
    with pytest.raises(ExtensionRefused, match="after the latest permitted date 2027-02-28"):
        clock.extend(to=D(2027, 3, 1), reason="too far")


def test_the_cap_must_share_the_clocks_unit() -> None:
    with pytest.raises(ValueError, match="must be in working_days"):
        start_clock(
            "response",
            calendar_for("scotland"),
            RECEIPT,
            WD(amount=5),
            cap=Timescale(amount=1, unit="weeks"),
        )


def test_the_clock_explains_its_history() -> None:
    clock, _ = stage1_response()
    clock, _ = clock.stop(D(2026, 12, 9), "child protection referral")
    clock, _ = clock.resume(D(2026, 12, 23))
    assert clock.explain() == (
        "children stage 1 response: 10 working days from receipt, Thu 3 Dec 2026;"
        " stopped Wed 9 Dec 2026 (child protection referral), 6 working days left;"
        " resumed Wed 23 Dec 2026;"
        " due Tue 5 Jan 2027 is the 6th working day after Wed 23 Dec 2026 in England and Wales:"
        " skips Fri 25 Dec (Christmas Day), Mon 28 Dec (Boxing Day (substitute day)),"
        " Fri 1 Jan (New Year's Day) and weekends"
    )
