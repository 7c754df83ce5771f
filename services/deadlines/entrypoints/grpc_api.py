"""gRPC entrypoint: DeadlineService (GetClocks, ListDue, AddWorkingDays)."""

from __future__ import annotations

import json
from datetime import date

import grpc
from pydantic import ValidationError

from common.access.gate import visible
from common.clock import Clock
from common.contracts.events import FieldError, field_errors
from common.contracts.submission import Nation
from common.grpc_server import BadRequest, NotFound, current_caller, maps_errors
from common.storage import Store, run_sync
from common.workdays import CALENDARS, Due
from complaints.v1 import deadlines_pb2, deadlines_pb2_grpc
from services.deadlines.adapters.calendars import CalendarBook, import_override
from services.deadlines.domain.clocks import Clock as StrandClock
from services.deadlines.queries import ClockQueries


def due_message(due: Due) -> deadlines_pb2.DueDate:
    return deadlines_pb2.DueDate(
        due=due.due.isoformat(),
        start=due.start.isoformat(),
        amount=due.amount,
        unit=str(due.unit),
        calendar=due.calendar,
        explanation=due.explain(),
        skipped=[
            deadlines_pb2.SkippedDay(date=s.date.isoformat(), reason=s.reason) for s in due.skipped
        ],
    )


def clock_message(case_ref: str, clock: StrandClock) -> deadlines_pb2.ClockState:
    msg = deadlines_pb2.ClockState(
        case_ref=case_ref, name=clock.name, status=str(clock.status), story=clock.explain()
    )
    if clock.due is not None:
        msg.due.CopyFrom(due_message(clock.due))
    return msg


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(
            [FieldError(field=field, rule="date", message=f"{value!r} is not a date (YYYY-MM-DD)")]
        ) from exc


def calendar_name(value: str) -> str:
    """A calendar name, or the calendar of a nation (``wales`` -> england-and-wales)."""
    if value in CALENDARS:
        return value
    try:
        return Nation(value).calendar
    except ValueError as exc:
        raise BadRequest(
            [
                FieldError(
                    field="nation",
                    rule="calendar",
                    message=f"{value!r}: use one of {', '.join(CALENDARS)}",
                )
            ]
        ) from exc


class DeadlineServicer(deadlines_pb2_grpc.DeadlineServiceServicer):
    def __init__(self, store: Store, queries: ClockQueries, book: CalendarBook, clock: Clock):
        self._store, self._queries, self._book, self._clock = store, queries, book, clock

    @maps_errors
    async def ImportBankHolidays(  # noqa: N802
        self, request: deadlines_pb2.ImportBankHolidaysRequest, context: grpc.aio.ServicerContext
    ) -> deadlines_pb2.CalendarVersion:
        caller = current_caller()  # who may: common.access.methods
        try:
            data = json.loads(request.json)
            doc = await run_sync(
                import_override, self._store, data, at=self._clock.now(), by=caller.sub
            )
        except ValidationError as exc:
            raise BadRequest(field_errors(exc)) from exc
        except ValueError as exc:
            raise BadRequest([FieldError(field="json", rule="json", message=str(exc))]) from exc
        await run_sync(self._book.refresh)
        return deadlines_pb2.CalendarVersion(
            version=doc.id,
            sha256=doc.sha256,
            imported_at=doc.imported_at.isoformat(),
            imported_by=doc.imported_by,
            events=doc.summary,
        )

    @maps_errors
    async def GetClocks(
        self,
        request: deadlines_pb2.GetClocksRequest,  # noqa: N802
        context: grpc.aio.ServicerContext,
    ) -> deadlines_pb2.GetClocksReply:
        clocks = await self._queries.clocks_of(request.reference)
        if not clocks:
            raise NotFound(f"no clocks for {request.reference!r}")
        return deadlines_pb2.GetClocksReply(clocks=[clock_message(r, c) for r, c in clocks])

    @maps_errors
    async def ListDue(
        self,
        request: deadlines_pb2.ListDueRequest,  # noqa: N802
        context: grpc.aio.ServicerContext,
    ) -> deadlines_pb2.ListDueReply:
        day = _day(request.before, "before")
        clocks = await self._queries.due_before(day, request.limit or 500, readable=visible)
        return deadlines_pb2.ListDueReply(clocks=[clock_message(r, c) for r, c in clocks])

    @maps_errors
    async def AddWorkingDays(
        self,
        request: deadlines_pb2.AddWorkingDaysRequest,  # noqa: N802
        context: grpc.aio.ServicerContext,
    ) -> deadlines_pb2.DueDate:
        start = _day(request.start, "start")
        if request.days < 0:
            raise BadRequest(
                [FieldError(field="days", rule="non-negative", message="days must be 0 or more")]
            )
        calendar = self._queries.calendar(calendar_name(request.nation))
        return due_message(calendar.add_working_days(start, request.days))
