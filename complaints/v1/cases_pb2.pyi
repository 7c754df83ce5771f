from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetCaseRequest(_message.Message):
    __slots__ = ("ref",)
    REF_FIELD_NUMBER: _ClassVar[int]
    ref: str
    def __init__(self, ref: _Optional[str] = ...) -> None: ...

class Clock(_message.Message):
    __slots__ = ("name", "due", "status", "explanation")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    name: str
    due: str
    status: str
    explanation: str
    def __init__(self, name: _Optional[str] = ..., due: _Optional[str] = ..., status: _Optional[str] = ..., explanation: _Optional[str] = ...) -> None: ...

class Letter(_message.Message):
    __slots__ = ("recipient", "address", "channel", "template", "content_sha256", "status", "at")
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    recipient: str
    address: str
    channel: str
    template: str
    content_sha256: str
    status: str
    at: str
    def __init__(self, recipient: _Optional[str] = ..., address: _Optional[str] = ..., channel: _Optional[str] = ..., template: _Optional[str] = ..., content_sha256: _Optional[str] = ..., status: _Optional[str] = ..., at: _Optional[str] = ...) -> None: ...

class HistoryEntry(_message.Message):
    __slots__ = ("at", "type", "summary", "message_id", "data_json")
    AT_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_JSON_FIELD_NUMBER: _ClassVar[int]
    at: str
    type: str
    summary: str
    message_id: str
    data_json: str
    def __init__(self, at: _Optional[str] = ..., type: _Optional[str] = ..., summary: _Optional[str] = ..., message_id: _Optional[str] = ..., data_json: _Optional[str] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_ref", "reference", "strand", "strands_total", "procedure", "stage", "category", "owner", "status", "nation", "received_on", "subject", "confidential", "clocks", "letters", "history", "partner_id", "opened_at", "breached")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    STRAND_FIELD_NUMBER: _ClassVar[int]
    STRANDS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    NATION_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_ON_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENTIAL_FIELD_NUMBER: _ClassVar[int]
    CLOCKS_FIELD_NUMBER: _ClassVar[int]
    LETTERS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    PARTNER_ID_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    BREACHED_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    reference: str
    strand: int
    strands_total: int
    procedure: str
    stage: str
    category: str
    owner: str
    status: str
    nation: str
    received_on: str
    subject: str
    confidential: bool
    clocks: _containers.RepeatedCompositeFieldContainer[Clock]
    letters: _containers.RepeatedCompositeFieldContainer[Letter]
    history: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    partner_id: str
    opened_at: str
    breached: bool
    def __init__(self, case_ref: _Optional[str] = ..., reference: _Optional[str] = ..., strand: _Optional[int] = ..., strands_total: _Optional[int] = ..., procedure: _Optional[str] = ..., stage: _Optional[str] = ..., category: _Optional[str] = ..., owner: _Optional[str] = ..., status: _Optional[str] = ..., nation: _Optional[str] = ..., received_on: _Optional[str] = ..., subject: _Optional[str] = ..., confidential: _Optional[bool] = ..., clocks: _Optional[_Iterable[_Union[Clock, _Mapping]]] = ..., letters: _Optional[_Iterable[_Union[Letter, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ..., partner_id: _Optional[str] = ..., opened_at: _Optional[str] = ..., breached: _Optional[bool] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("procedure", "stage", "owner", "status", "due_before", "breached_only", "page_size", "page_token")
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    BREACHED_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    procedure: str
    stage: str
    owner: str
    status: str
    due_before: str
    breached_only: bool
    page_size: int
    page_token: str
    def __init__(self, procedure: _Optional[str] = ..., stage: _Optional[str] = ..., owner: _Optional[str] = ..., status: _Optional[str] = ..., due_before: _Optional[str] = ..., breached_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCasesReply(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
