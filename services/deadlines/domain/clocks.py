"""The statutory clock of one case strand and stage: pure domain, no I/O.

A `Clock` is immutable. Every operation returns the clock's next state and the domain facts
it produced, e.g. ``clock, facts = clock.stop(on=day, reason="child protection referral")``.

Counting rules (ARCHITECTURE.md "Clocks"):

- The due date is ``calendar.add(start, timescale)``: the Nth working day after the start, or
  N weeks / calendar months later. Every due date carries its `Due` explanation.
- ``stop`` keeps the time remaining; ``resume`` sets the due date to that much time after the
  resume day. For working-day clocks the remainder is working days. For weeks and calendar
  months it is calendar days, because "3 months" has no fixed length once split in two.
- The extension cap is measured from the start, in the clock's own unit, not counting time
  spent stopped: a stop is a suspension (children's procedure, seed 004) and uses no time.
- ``tick`` fires `ClockApproaching` once and `ClockBreached` once per due date; a resume or
  an extension sets a new due date, whose reminder and breach fire afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from common.timescales import Timescale, Unit
from common.workdays import Calendar, Due, format_day
from procedures import extension_cap_refusal


class ClockStatus(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"
    COMPLETED = "completed"
    BREACHED = "breached"


class ClockError(Exception):
    """An operation that the clock's current state does not allow."""


class ExtensionRefused(ClockError):
    """An extension past the procedure's cap."""


# -- facts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockSet:
    clock: str
    due: Due


@dataclass(frozen=True)
class ClockStopped:
    clock: str
    on: date
    reason: str
    remaining: int
    remaining_unit: str  # "working_days" or "calendar_days"


@dataclass(frozen=True)
class ClockResumed:
    clock: str
    on: date
    due: Due


@dataclass(frozen=True)
class ClockExtended:
    clock: str
    reason: str
    previous_due: date
    due: Due


@dataclass(frozen=True)
class ClockApproaching:
    clock: str
    on: date
    due: Due
    working_days_left: int


@dataclass(frozen=True)
class ClockBreached:
    clock: str
    on: date
    due: Due


@dataclass(frozen=True)
class ClockCompleted:
    clock: str
    on: date
    due: Due | None  # None when completed while stopped
    late: bool


ClockFact = (
    ClockSet
    | ClockStopped
    | ClockResumed
    | ClockExtended
    | ClockApproaching
    | ClockBreached
    | ClockCompleted
)


# -- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stop:
    on: date
    reason: str
    remaining: int
    resumed_on: date | None = None


@dataclass(frozen=True)
class Extension:
    reason: str
    previous_due: date
    due: date


# -- the clock ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """One clock, e.g. ``response`` for a children's stage 1 complaint.

    ``label`` and ``counted_from`` only word the messages: "children stage 1 response may be
    extended to at most 20 working days from receipt".
    """

    name: str
    calendar: Calendar
    start: date
    timescale: Timescale
    due: Due | None
    cap: Timescale | None = None
    label: str = ""
    counted_from: str = "the start"
    status: ClockStatus = ClockStatus.RUNNING
    stops: tuple[Stop, ...] = ()
    extensions: tuple[Extension, ...] = ()
    approaching_sent: bool = False
    completed_on: date | None = None

    @property
    def in_working_days(self) -> bool:
        return self.timescale.unit is Unit.WORKING_DAYS

    def stop(self, on: date, reason: str) -> tuple[Clock, list[ClockFact]]:
        """Suspend the clock on ``on``, keeping the time still to run."""
        due = self._due_when("stop", ClockStatus.RUNNING)
        if on > due.due:
            raise ClockError(
                f"clock {self.name!r} can only be stopped by its due date {due.due}; got {on}"
            )
        # A clock dated from a later day (the hmip reply, from the latest day the
        # investigation may end) stops too: all its time from ``on`` is kept, so resuming
        # moves it on by the time suspended, as the clock it follows moves.
        if self.in_working_days:
            remaining = self.calendar.working_days_between(on, due.due)
        else:
            remaining = (due.due - on).days
        unit = "working_days" if self.in_working_days else "calendar_days"
        stopped = replace(
            self,
            status=ClockStatus.STOPPED,
            due=None,
            stops=(*self.stops, Stop(on=on, reason=reason, remaining=remaining)),
        )
        return stopped, [ClockStopped(self.name, on, reason, remaining, unit)]

    def resume(self, on: date) -> tuple[Clock, list[ClockFact]]:
        """Restart the clock: the due date is the remaining time after ``on``."""
        if self.status is not ClockStatus.STOPPED:
            raise ClockError(f"clock {self.name!r} is {self.status}, not stopped")
        last = self.stops[-1]
        if on < last.on:
            raise ClockError(
                f"clock {self.name!r} cannot resume on {on}, before its stop {last.on}"
            )
        if self.in_working_days:
            due = self.calendar.add_working_days(on, last.remaining)
        else:
            due = self.calendar.add_calendar_days(on, last.remaining)
        resumed = replace(
            self._fresh_due(due),
            stops=(*self.stops[:-1], replace(last, resumed_on=on)),
        )
        return resumed, [ClockResumed(self.name, on, due)]

    def extend(
        self, *, reason: str, to: date | None = None, by: Timescale | None = None
    ) -> tuple[Clock, list[ClockFact]]:
        """Move the due date later, to a date or by an amount in the clock's unit.

        Raises `ExtensionRefused`, naming the cap, when the new date is past it.
        """
        current = self._due_when("extend", ClockStatus.RUNNING, ClockStatus.BREACHED)
        if by is not None and to is None:
            if by.unit is not self.timescale.unit:
                raise ClockError(f"clock {self.name!r} counts {self.timescale.unit}, not {by.unit}")
            due = self.calendar.add(current.due, by)
        elif to is not None and by is None:
            due = self._due_on(to, after=current)
        else:
            raise ClockError("extend needs exactly one of `to` (a date) or `by` (a Timescale)")
        if due.due <= current.due:
            raise ClockError(f"an extension must move {self.name!r} later than {current.due}")
        self._check_cap(due.due)
        extension = Extension(reason=reason, previous_due=current.due, due=due.due)
        extended = replace(self._fresh_due(due), extensions=(*self.extensions, extension))
        return extended, [ClockExtended(self.name, reason, current.due, due)]

    def extend_stopped(self, *, reason: str, to: date) -> tuple[Clock, list[ClockFact]]:
        """Extend a stopped clock to ``to``: it stays stopped (no clock runs during a
        suspension), with the time it had left counted to ``to`` instead; resuming runs
        that. Nothing is announced until it resumes with its new date."""
        if self.status is not ClockStatus.STOPPED or not self.stops:
            raise ClockError(f"clock {self.name!r} is {self.status}, not stopped")
        last = self.stops[-1]
        if self.in_working_days:
            previous = self.calendar.add_working_days(last.on, last.remaining).due
            remaining = self.calendar.working_days_between(last.on, to)
        else:
            previous = self.calendar.add_calendar_days(last.on, last.remaining).due
            remaining = (to - last.on).days
        if to <= previous:
            raise ClockError(f"an extension must move {self.name!r} later than {previous}")
        self._check_cap(to)
        extension = Extension(reason=reason, previous_due=previous, due=to)
        held = replace(
            self,
            stops=(*self.stops[:-1], replace(last, remaining=remaining)),
            extensions=(*self.extensions, extension),
        )
        return held, []

    def complete(self, on: date) -> tuple[Clock, list[ClockFact]]:
        """Stop the clock for good. Completing a completed clock again changes nothing."""
        if self.status is ClockStatus.COMPLETED:
            return self, []
        late = self.due is not None and on > self.due.due
        done = replace(self, status=ClockStatus.COMPLETED, completed_on=on)
        return done, [ClockCompleted(self.name, on, self.due, late)]

    def tick(
        self, today: date, approaching_lead_working_days: int = 2, *, remind: bool = True
    ) -> tuple[Clock, list[ClockFact]]:
        """Fire the reminder and the breach, each once; late rather than never. ``remind``
        False holds a reminder that falls due today (the day's reminder time has not come:
        a clock the team finishes during the day sends none); a reminder from an earlier
        day that was not sent (the service was down at that time) goes at once, and the
        breach is never held."""
        if self.status is not ClockStatus.RUNNING or self.due is None:
            return self, []
        due = self.due
        if today > due.due:
            breached = replace(self, status=ClockStatus.BREACHED, approaching_sent=True)
            return breached, [ClockBreached(self.name, today, due)]
        remind_from = self.calendar.subtract_working_days(due.due, approaching_lead_working_days)
        if not self.approaching_sent and (
            today > remind_from.due or (remind and today == remind_from.due)
        ):
            left = self.calendar.working_days_between(today, due.due)
            return replace(self, approaching_sent=True), [
                ClockApproaching(self.name, today, due, left)
            ]
        return self, []

    def explain(self) -> str:
        """The clock's story in English: its timescale, stops, extensions and due date."""
        what = self.label or self.name
        lines = [f"{what}: {self.timescale} from {self.counted_from}, {format_day(self.start)}"]
        for stop in self.stops:
            unit = "working" if self.in_working_days else "calendar"
            line = (
                f"stopped {format_day(stop.on)} ({stop.reason}), {stop.remaining} {unit} days left"
            )
            if stop.resumed_on:
                line += f"; resumed {format_day(stop.resumed_on)}"
            lines.append(line)
        lines += [f"extended to {format_day(e.due)} ({e.reason})" for e in self.extensions]
        if self.status is ClockStatus.COMPLETED and self.completed_on:
            lines.append(f"completed {format_day(self.completed_on)}")
        if self.due is not None:
            lines.append(f"due {self.due.explain()}")
        return "; ".join(lines)

    # -- internals ----------------------------------------------------------------------------

    def _due_when(self, action: str, *allowed: ClockStatus) -> Due:
        if self.status not in allowed or self.due is None:
            raise ClockError(f"cannot {action} clock {self.name!r}: it is {self.status}")
        return self.due

    def _fresh_due(self, due: Due) -> Clock:
        return replace(self, due=due, status=ClockStatus.RUNNING, approaching_sent=False)

    def _due_on(self, to: date, after: Due) -> Due:
        """``to`` as a `Due` counted on from the current due date ``after``."""
        if to <= after.due:
            raise ClockError(f"an extension must move {self.name!r} later than {after.due}")
        if not self.in_working_days:
            return self.calendar.add_calendar_days(after.due, (to - after.due).days)
        reason = self.calendar.non_working_reason(to)
        if reason is not None:
            where = self.calendar.display_name
            raise ClockError(f"{to} is not a working day in {where} ({reason})")
        return self.calendar.add_working_days(
            after.due, self.calendar.working_days_between(after.due, to)
        )

    def _check_cap(self, new_due: date) -> None:
        if self.cap is None:
            return
        stopped = [(s.on, s.resumed_on) for s in self.stops if s.resumed_on is not None]
        why = extension_cap_refusal(self.cap, self.calendar, self.start, new_due, stopped)
        if why:
            what = f"{self.label or self.name} may be extended to at most {self.cap} from"
            raise ExtensionRefused(f"{what} {self.counted_from}, {format_day(self.start)}: {why}")


def start_clock(
    name: str,
    calendar: Calendar,
    start: date,
    timescale: Timescale,
    *,
    cap: Timescale | None = None,
    label: str = "",
    counted_from: str = "the start",
) -> tuple[Clock, list[ClockFact]]:
    """Set a clock running from ``start`` (day 0)."""
    if cap is not None and cap.unit is not timescale.unit:
        raise ValueError(f"clock {name!r}: the cap ({cap}) must be in {timescale.unit}")
    due = calendar.add(start, timescale)
    clock = Clock(name, calendar, start, timescale, due, cap, label, counted_from)
    return clock, [ClockSet(name, due)]
