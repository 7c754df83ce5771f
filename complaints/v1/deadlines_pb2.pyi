from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ImportBankHolidaysRequest(_message.Message):
    __slots__ = ("json",)
    JSON_FIELD_NUMBER: _ClassVar[int]
    json: str
    def __init__(self, json: _Optional[str] = ...) -> None: ...

class CalendarVersion(_message.Message):
    __slots__ = ("version", "sha256", "imported_at", "imported_by", "events")
    class EventsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    version: int
    sha256: str
    imported_at: str
    imported_by: str
    events: _containers.ScalarMap[str, int]
    def __init__(self, version: _Optional[int] = ..., sha256: _Optional[str] = ..., imported_at: _Optional[str] = ..., imported_by: _Optional[str] = ..., events: _Optional[_Mapping[str, int]] = ...) -> None: ...

class SkippedDay(_message.Message):
    __slots__ = ("date", "reason")
    DATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    date: str
    reason: str
    def __init__(self, date: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DueDate(_message.Message):
    __slots__ = ("due", "start", "amount", "unit", "calendar", "skipped", "explanation")
    DUE_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    due: str
    start: str
    amount: int
    unit: str
    calendar: str
    skipped: _containers.RepeatedCompositeFieldContainer[SkippedDay]
    explanation: str
    def __init__(self, due: _Optional[str] = ..., start: _Optional[str] = ..., amount: _Optional[int] = ..., unit: _Optional[str] = ..., calendar: _Optional[str] = ..., skipped: _Optional[_Iterable[_Union[SkippedDay, _Mapping]]] = ..., explanation: _Optional[str] = ...) -> None: ...

class ClockState(_message.Message):
    __slots__ = ("case_ref", "name", "status", "due", "story")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    STORY_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    name: str
    status: str
    due: DueDate
    story: str
    def __init__(self, case_ref: _Optional[str] = ..., name: _Optional[str] = ..., status: _Optional[str] = ..., due: _Optional[_Union[DueDate, _Mapping]] = ..., story: _Optional[str] = ...) -> None: ...

class GetClocksRequest(_message.Message):
    __slots__ = ("reference",)
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    reference: str
    def __init__(self, reference: _Optional[str] = ...) -> None: ...

class GetClocksReply(_message.Message):
    __slots__ = ("clocks",)
    CLOCKS_FIELD_NUMBER: _ClassVar[int]
    clocks: _containers.RepeatedCompositeFieldContainer[ClockState]
    def __init__(self, clocks: _Optional[_Iterable[_Union[ClockState, _Mapping]]] = ...) -> None: ...

class ListDueRequest(_message.Message):
    __slots__ = ("before", "limit")
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    before: str
    limit: int
    def __init__(self, before: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListDueReply(_message.Message):
    __slots__ = ("clocks",)
    CLOCKS_FIELD_NUMBER: _ClassVar[int]
    clocks: _containers.RepeatedCompositeFieldContainer[ClockState]
    def __init__(self, clocks: _Optional[_Iterable[_Union[ClockState, _Mapping]]] = ...) -> None: ...

class AddWorkingDaysRequest(_message.Message):
    __slots__ = ("start", "days", "nation")
    START_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    NATION_FIELD_NUMBER: _ClassVar[int]
    start: str
    days: int
    nation: str
    def __init__(self, start: _Optional[str] = ..., days: _Optional[int] = ..., nation: _Optional[str] = ...) -> None: ...
