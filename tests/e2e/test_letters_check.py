"""The letter-date check the casework e2e tests use (tests/e2e/letters.py), on its own."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.letters import Letter, assert_no_passed_dates, dates_in, one, passed_dates


def letter(text: str, sent_on: date, to: str = "Amal <amal@example.org>") -> Letter:
    return Letter(to=to, subject="Your complaint: update", text=text, sent_on=sent_on)


def test_every_written_date_is_found() -> None:
    text = "received on 2 November 2026; by 30 November 2026 (2026-12-01), not 27 November"
    assert dates_in(text) == [date(2026, 11, 2), date(2026, 11, 30), date(2026, 12, 1)]


def test_a_date_before_the_day_of_sending_is_past_unless_a_stated_fact() -> None:
    sent = letter("received on 2 November 2026. We aim to respond by 27 November 2026.",
                  date(2026, 12, 1))  # fmt: skip
    assert passed_dates(sent) == [date(2026, 11, 2), date(2026, 11, 27)]
    assert passed_dates(sent, facts=(date(2026, 11, 2),)) == [date(2026, 11, 27)]
    with pytest.raises(AssertionError, match="27"):
        assert_no_passed_dates([sent], facts=(date(2026, 11, 2),))
    # The same day, or later, is not past.
    assert_no_passed_dates([letter("by 1 December 2026", date(2026, 12, 1))])


def test_one_finds_exactly_one_letter() -> None:
    a = letter("Dear Amal, by 1 December 2026", date(2026, 12, 1))
    b = letter("Dear colleague", date(2026, 12, 1), to="IMB <imb@example.org>")
    assert one([a, b], "amal@", "1 December") is a
    with pytest.raises(AssertionError):
        one([a, a], "amal@")
