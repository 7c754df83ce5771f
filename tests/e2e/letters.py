"""Letters in the e2e stack's SMTP sink, each tagged with the platform's day when it was
sent, and the check that no letter states a date already past on that day."""

from __future__ import annotations

import asyncio
import calendar
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from typing import Any

from tests.e2e.conftest import Stack

MONTHS = list(calendar.month_name)[1:]  # January ... December
_LONG = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def dates_in(text: str) -> list[date]:
    """Every full date written in ``text``: "30 November 2026" or "2026-11-30"."""
    found = [date(int(y), MONTHS.index(m) + 1, int(d)) for d, m, y in _LONG.findall(text)]
    found += [date(int(y), int(m), int(d)) for y, m, d in _ISO.findall(text)]
    return found


@dataclass
class Letter:
    to: str
    subject: str
    text: str
    sent_on: date  # the platform's day when it reached the sink

    def __contains__(self, phrase: str) -> bool:
        """``phrase`` in the subject line or the body."""
        return phrase in self.subject or phrase in self.text


@dataclass
class Post:
    """The sink, read as the platform's days pass: ``collect`` tags each new letter with
    the day it arrived on (wait for a step's letters before moving the clock on)."""

    stack: Stack
    letters: list[Letter] = field(default_factory=list)
    _seen: int = 0

    def _new(self, day: date) -> list[Letter]:
        mails: list[EmailMessage] = self.stack.mail()
        fresh = [
            Letter(str(m["To"]), str(m["Subject"]), m.get_content().replace("\r\n", "\n"), day)
            for m in mails[self._seen :]
        ]
        self._seen = len(mails)
        self.letters += fresh
        return fresh

    async def next_day(self, officer: Any, day: date, settle: float = 1.5) -> None:
        """Read the letters of the day that ends (so each is dated right), then move the
        platform's day on to ``day``."""
        await self.collect(officer.day, settle=settle)
        officer.on(day)

    async def collect(
        self,
        day: date,
        *wanted: Callable[[Letter], bool],
        timeout: float = 45.0,
        settle: float = 1.0,
    ) -> list[Letter]:
        """The letters that arrive on ``day``, waiting until each of ``wanted`` matched one
        (then ``settle`` seconds for stragglers); fails naming what never came."""
        got: list[Letter] = []
        deadline = time.monotonic() + timeout
        while True:
            got += self._new(day)
            missing = [w for w in wanted if not any(w(x) for x in got)]
            if not missing:
                break
            if time.monotonic() > deadline:
                seen = [(x.to, x.subject) for x in got]
                raise AssertionError(f"letters never came on {day}: {missing}; got {seen}")
            await asyncio.sleep(0.3)
        await asyncio.sleep(settle)
        return got + self._new(day)

    def to(self, address_part: str) -> list[Letter]:
        return [x for x in self.letters if address_part in x.to]


def to(address_part: str, *phrases: str) -> Callable[[Letter], bool]:
    """A letter to ``address_part`` holding every one of ``phrases``."""

    def match(x: Letter) -> bool:
        return address_part in x.to and all(p in x for p in phrases)

    match.__qualname__ = f"to({address_part!r}, {phrases!r})"
    return match


def passed_dates(letter: Letter, *, facts: tuple[date, ...] = ()) -> list[date]:
    """Dates in ``letter`` before the day it was sent, other than ``facts`` (days the
    letter reports as past facts, such as the day the complaint was received)."""
    return [d for d in dates_in(letter.text) if d < letter.sent_on and d not in facts]


def assert_no_passed_dates(letters: list[Letter], *, facts: tuple[date, ...] = ()) -> None:
    bad = [
        (
            x.sent_on.isoformat(),
            x.to,
            x.subject,
            [d.isoformat() for d in passed_dates(x, facts=facts)],
        )
        for x in letters
        if passed_dates(x, facts=facts)
    ]
    assert not bad, f"letters stating a date already past when sent: {bad}"


def long_date(d: date) -> str:
    """``d`` as letters write it: "1 December 2026"."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def one(letters: list[Letter], address_part: str, *phrases: str) -> Letter:
    """The one letter among ``letters`` to ``address_part`` holding all ``phrases``."""
    found = [x for x in letters if to(address_part, *phrases)(x)]
    assert len(found) == 1, [(x.to, x.subject) for x in letters]
    return found[0]
