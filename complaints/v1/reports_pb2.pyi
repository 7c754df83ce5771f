from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class KpiRequest(_message.Message):
    __slots__ = ("procedure", "group_by", "period", "to", "as_of", "stage", "owner")
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    procedure: str
    group_by: _containers.RepeatedScalarFieldContainer[str]
    period: str
    to: str
    as_of: str
    stage: str
    owner: str
    def __init__(self, procedure: _Optional[str] = ..., group_by: _Optional[_Iterable[str]] = ..., period: _Optional[str] = ..., to: _Optional[str] = ..., as_of: _Optional[str] = ..., stage: _Optional[str] = ..., owner: _Optional[str] = ..., **kwargs) -> None: ...

class KpiRow(_message.Message):
    __slots__ = ("procedure", "stage", "owner", "period", "stages", "ack_targets", "ack_within", "ack_within_share", "answered", "answered_within", "answered_within_share", "avg_working_days", "breaches", "extensions", "open", "answer_targets")
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    STAGES_FIELD_NUMBER: _ClassVar[int]
    ACK_TARGETS_FIELD_NUMBER: _ClassVar[int]
    ACK_WITHIN_FIELD_NUMBER: _ClassVar[int]
    ACK_WITHIN_SHARE_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_WITHIN_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_WITHIN_SHARE_FIELD_NUMBER: _ClassVar[int]
    AVG_WORKING_DAYS_FIELD_NUMBER: _ClassVar[int]
    BREACHES_FIELD_NUMBER: _ClassVar[int]
    EXTENSIONS_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    ANSWER_TARGETS_FIELD_NUMBER: _ClassVar[int]
    procedure: str
    stage: str
    owner: str
    period: str
    stages: int
    ack_targets: int
    ack_within: int
    ack_within_share: float
    answered: int
    answered_within: int
    answered_within_share: float
    avg_working_days: float
    breaches: int
    extensions: int
    open: int
    answer_targets: int
    def __init__(self, procedure: _Optional[str] = ..., stage: _Optional[str] = ..., owner: _Optional[str] = ..., period: _Optional[str] = ..., stages: _Optional[int] = ..., ack_targets: _Optional[int] = ..., ack_within: _Optional[int] = ..., ack_within_share: _Optional[float] = ..., answered: _Optional[int] = ..., answered_within: _Optional[int] = ..., answered_within_share: _Optional[float] = ..., avg_working_days: _Optional[float] = ..., breaches: _Optional[int] = ..., extensions: _Optional[int] = ..., open: _Optional[int] = ..., answer_targets: _Optional[int] = ...) -> None: ...

class KpiReply(_message.Message):
    __slots__ = ("rows", "group_by", "as_of")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[KpiRow]
    group_by: _containers.RepeatedScalarFieldContainer[str]
    as_of: str
    def __init__(self, rows: _Optional[_Iterable[_Union[KpiRow, _Mapping]]] = ..., group_by: _Optional[_Iterable[str]] = ..., as_of: _Optional[str] = ...) -> None: ...

class AnnualRequest(_message.Message):
    __slots__ = ("year",)
    YEAR_FIELD_NUMBER: _ClassVar[int]
    year: int
    def __init__(self, year: _Optional[int] = ...) -> None: ...

class AlternativesRequest(_message.Message):
    __slots__ = ("year", "procedure", "as_of")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    year: int
    procedure: str
    as_of: str
    def __init__(self, year: _Optional[int] = ..., procedure: _Optional[str] = ..., as_of: _Optional[str] = ...) -> None: ...

class QuarterRequest(_message.Message):
    __slots__ = ("year", "quarter")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    QUARTER_FIELD_NUMBER: _ClassVar[int]
    year: int
    quarter: int
    def __init__(self, year: _Optional[int] = ..., quarter: _Optional[int] = ...) -> None: ...

class Row(_message.Message):
    __slots__ = ("cells",)
    CELLS_FIELD_NUMBER: _ClassVar[int]
    cells: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, cells: _Optional[_Iterable[str]] = ...) -> None: ...

class Table(_message.Message):
    __slots__ = ("title", "columns", "rows")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    title: str
    columns: _containers.RepeatedScalarFieldContainer[str]
    rows: _containers.RepeatedCompositeFieldContainer[Row]
    def __init__(self, title: _Optional[str] = ..., columns: _Optional[_Iterable[str]] = ..., rows: _Optional[_Iterable[_Union[Row, _Mapping]]] = ...) -> None: ...

class Report(_message.Message):
    __slots__ = ("title", "tables", "notes")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TABLES_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    title: str
    tables: _containers.RepeatedCompositeFieldContainer[Table]
    notes: str
    def __init__(self, title: _Optional[str] = ..., tables: _Optional[_Iterable[_Union[Table, _Mapping]]] = ..., notes: _Optional[str] = ...) -> None: ...
