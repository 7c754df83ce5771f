"""One injectable clock for the whole platform.

Services never call ``datetime.now()``: they are handed a `Clock`. In production it is
`SystemClock`. For the demo and end-to-end tests every process reads a `FileClock`, whose
offset lives in one small JSON file, so moving time in one place moves it everywhere.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    def now(self) -> datetime: ...


def today(clock: Clock) -> date:
    """The current calendar day in the UK, the day that statutory clocks count in."""
    return clock.now().astimezone(LONDON).date()


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests: stands still until moved."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at = self.at + delta


@dataclass
class FileClock:
    """System time plus an offset read from ``path`` (``{"offset_seconds": 86400}``).

    The file is re-read only when its modification time changes. A missing file means
    no offset. `move` is how the demo and tests jump the whole platform forward.
    """

    path: Path
    _mtime: float = field(default=-1.0, init=False)
    _offset: timedelta = field(default=timedelta(0), init=False)

    def now(self) -> datetime:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return datetime.now(UTC)
        if mtime != self._mtime:
            data = json.loads(self.path.read_text() or "{}")
            self._offset = timedelta(seconds=float(data.get("offset_seconds", 0)))
            self._mtime = mtime
        return datetime.now(UTC) + self._offset

    def move(self, delta: timedelta) -> None:
        """Shift the platform's time by ``delta`` (cumulative), atomically."""
        current = self.now() - datetime.now(UTC)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"offset_seconds": (current + delta).total_seconds()}))
        os.replace(tmp, self.path)


def clock_from(clock_file: Path | None) -> Clock:
    return FileClock(clock_file) if clock_file else SystemClock()
