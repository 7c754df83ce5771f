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
    __slots__ = ("at", "type", "summary", "message_id", "data_json", "actor", "role")
    AT_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_JSON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    at: str
    type: str
    summary: str
    message_id: str
    data_json: str
    actor: str
    role: str
    def __init__(self, at: _Optional[str] = ..., type: _Optional[str] = ..., summary: _Optional[str] = ..., message_id: _Optional[str] = ..., data_json: _Optional[str] = ..., actor: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class StageRecord(_message.Message):
    __slots__ = ("stage", "started_on", "ack_due", "acknowledged_on", "response_clock", "response_due", "responded_on", "outcome", "summary", "extensions", "breached", "officer")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STARTED_ON_FIELD_NUMBER: _ClassVar[int]
    ACK_DUE_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_ON_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_CLOCK_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_ON_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    EXTENSIONS_FIELD_NUMBER: _ClassVar[int]
    BREACHED_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    stage: str
    started_on: str
    ack_due: str
    acknowledged_on: str
    response_clock: str
    response_due: str
    responded_on: str
    outcome: str
    summary: str
    extensions: int
    breached: bool
    officer: str
    def __init__(self, stage: _Optional[str] = ..., started_on: _Optional[str] = ..., ack_due: _Optional[str] = ..., acknowledged_on: _Optional[str] = ..., response_clock: _Optional[str] = ..., response_due: _Optional[str] = ..., responded_on: _Optional[str] = ..., outcome: _Optional[str] = ..., summary: _Optional[str] = ..., extensions: _Optional[int] = ..., breached: _Optional[bool] = ..., officer: _Optional[str] = ...) -> None: ...

class FileEntry(_message.Message):
    __slots__ = ("id", "kind", "on", "by", "stage", "summary", "direction", "party", "channel", "document_name", "document_ref", "document_sha256", "location", "action_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    PARTY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_REF_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    on: str
    by: str
    stage: str
    summary: str
    direction: str
    party: str
    channel: str
    document_name: str
    document_ref: str
    document_sha256: str
    location: str
    action_id: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., on: _Optional[str] = ..., by: _Optional[str] = ..., stage: _Optional[str] = ..., summary: _Optional[str] = ..., direction: _Optional[str] = ..., party: _Optional[str] = ..., channel: _Optional[str] = ..., document_name: _Optional[str] = ..., document_ref: _Optional[str] = ..., document_sha256: _Optional[str] = ..., location: _Optional[str] = ..., action_id: _Optional[str] = ...) -> None: ...

class Restriction(_message.Message):
    __slots__ = ("id", "kind", "reasons", "imposed_on", "imposed_by", "approved_by", "review_on", "status", "signpost", "appeal_status", "detail_json")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    IMPOSED_ON_FIELD_NUMBER: _ClassVar[int]
    IMPOSED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SIGNPOST_FIELD_NUMBER: _ClassVar[int]
    APPEAL_STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_JSON_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    imposed_on: str
    imposed_by: str
    approved_by: str
    review_on: str
    status: str
    signpost: str
    appeal_status: str
    detail_json: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ..., imposed_on: _Optional[str] = ..., imposed_by: _Optional[str] = ..., approved_by: _Optional[str] = ..., review_on: _Optional[str] = ..., status: _Optional[str] = ..., signpost: _Optional[str] = ..., appeal_status: _Optional[str] = ..., detail_json: _Optional[str] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_ref", "reference", "strand", "strands_total", "procedure", "stage", "category", "owner", "status", "nation", "received_on", "subject", "confidential", "clocks", "letters", "history", "partner_id", "opened_at", "breached", "officer", "independent_person", "allowed_actions", "stages", "merged_into", "merged_from", "closed_on", "restrictions", "entries", "data_protection", "next_due", "reach_json", "alternatives_json", "eligibility_json")
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
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    INDEPENDENT_PERSON_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    STAGES_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    MERGED_FROM_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_FIELD_NUMBER: _ClassVar[int]
    RESTRICTIONS_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    DATA_PROTECTION_FIELD_NUMBER: _ClassVar[int]
    NEXT_DUE_FIELD_NUMBER: _ClassVar[int]
    REACH_JSON_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVES_JSON_FIELD_NUMBER: _ClassVar[int]
    ELIGIBILITY_JSON_FIELD_NUMBER: _ClassVar[int]
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
    officer: str
    independent_person: str
    allowed_actions: _containers.RepeatedScalarFieldContainer[str]
    stages: _containers.RepeatedCompositeFieldContainer[StageRecord]
    merged_into: str
    merged_from: _containers.RepeatedScalarFieldContainer[str]
    closed_on: str
    restrictions: _containers.RepeatedCompositeFieldContainer[Restriction]
    entries: _containers.RepeatedCompositeFieldContainer[FileEntry]
    data_protection: str
    next_due: str
    reach_json: str
    alternatives_json: str
    eligibility_json: str
    def __init__(self, case_ref: _Optional[str] = ..., reference: _Optional[str] = ..., strand: _Optional[int] = ..., strands_total: _Optional[int] = ..., procedure: _Optional[str] = ..., stage: _Optional[str] = ..., category: _Optional[str] = ..., owner: _Optional[str] = ..., status: _Optional[str] = ..., nation: _Optional[str] = ..., received_on: _Optional[str] = ..., subject: _Optional[str] = ..., confidential: _Optional[bool] = ..., clocks: _Optional[_Iterable[_Union[Clock, _Mapping]]] = ..., letters: _Optional[_Iterable[_Union[Letter, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ..., partner_id: _Optional[str] = ..., opened_at: _Optional[str] = ..., breached: _Optional[bool] = ..., officer: _Optional[str] = ..., independent_person: _Optional[str] = ..., allowed_actions: _Optional[_Iterable[str]] = ..., stages: _Optional[_Iterable[_Union[StageRecord, _Mapping]]] = ..., merged_into: _Optional[str] = ..., merged_from: _Optional[_Iterable[str]] = ..., closed_on: _Optional[str] = ..., restrictions: _Optional[_Iterable[_Union[Restriction, _Mapping]]] = ..., entries: _Optional[_Iterable[_Union[FileEntry, _Mapping]]] = ..., data_protection: _Optional[str] = ..., next_due: _Optional[str] = ..., reach_json: _Optional[str] = ..., alternatives_json: _Optional[str] = ..., eligibility_json: _Optional[str] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("procedure", "stage", "owner", "status", "due_before", "breached_only", "page_size", "page_token", "officer", "received_from", "received_to")
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    BREACHED_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FROM_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TO_FIELD_NUMBER: _ClassVar[int]
    procedure: str
    stage: str
    owner: str
    status: str
    due_before: str
    breached_only: bool
    page_size: int
    page_token: str
    officer: str
    received_from: str
    received_to: str
    def __init__(self, procedure: _Optional[str] = ..., stage: _Optional[str] = ..., owner: _Optional[str] = ..., status: _Optional[str] = ..., due_before: _Optional[str] = ..., breached_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., officer: _Optional[str] = ..., received_from: _Optional[str] = ..., received_to: _Optional[str] = ...) -> None: ...

class ListCasesReply(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ComplaintRecord(_message.Message):
    __slots__ = ("reference", "received_at", "partner_id", "partner_ref", "submission_json", "history")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    PARTNER_ID_FIELD_NUMBER: _ClassVar[int]
    PARTNER_REF_FIELD_NUMBER: _ClassVar[int]
    SUBMISSION_JSON_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    reference: str
    received_at: str
    partner_id: str
    partner_ref: str
    submission_json: str
    history: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    def __init__(self, reference: _Optional[str] = ..., received_at: _Optional[str] = ..., partner_id: _Optional[str] = ..., partner_ref: _Optional[str] = ..., submission_json: _Optional[str] = ..., history: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ...) -> None: ...

class AccessEntry(_message.Message):
    __slots__ = ("at", "who", "role", "action", "outcome", "detail")
    AT_FIELD_NUMBER: _ClassVar[int]
    WHO_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    at: str
    who: str
    role: str
    action: str
    outcome: str
    detail: str
    def __init__(self, at: _Optional[str] = ..., who: _Optional[str] = ..., role: _Optional[str] = ..., action: _Optional[str] = ..., outcome: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class CaseFileReply(_message.Message):
    __slots__ = ("case", "complaint", "access_log")
    CASE_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    ACCESS_LOG_FIELD_NUMBER: _ClassVar[int]
    case: Case
    complaint: ComplaintRecord
    access_log: _containers.RepeatedCompositeFieldContainer[AccessEntry]
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., complaint: _Optional[_Union[ComplaintRecord, _Mapping]] = ..., access_log: _Optional[_Iterable[_Union[AccessEntry, _Mapping]]] = ...) -> None: ...

class AccessLogReply(_message.Message):
    __slots__ = ("entries", "readers")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    READERS_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessEntry]
    readers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessEntry, _Mapping]]] = ..., readers: _Optional[_Iterable[str]] = ...) -> None: ...

class CommandReply(_message.Message):
    __slots__ = ("case", "duplicate", "events")
    CASE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    case: Case
    duplicate: bool
    events: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., duplicate: _Optional[bool] = ..., events: _Optional[_Iterable[str]] = ...) -> None: ...

class AcknowledgeRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class AssignOfficerRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "officer", "independent_person", "attestations")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    INDEPENDENT_PERSON_FIELD_NUMBER: _ClassVar[int]
    ATTESTATIONS_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    officer: str
    independent_person: str
    attestations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., officer: _Optional[str] = ..., independent_person: _Optional[str] = ..., attestations: _Optional[_Iterable[str]] = ...) -> None: ...

class RequestCommentsRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "officers", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OFFICERS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    officers: _containers.RepeatedScalarFieldContainer[str]
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., officers: _Optional[_Iterable[str]] = ..., note: _Optional[str] = ...) -> None: ...

class RecordCommentsRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "summary")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    summary: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class InvestigateRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RecordResponseRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "outcome", "summary", "agreed_actions")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    AGREED_ACTIONS_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    outcome: str
    summary: str
    agreed_actions: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., outcome: _Optional[str] = ..., summary: _Optional[str] = ..., agreed_actions: _Optional[_Iterable[str]] = ...) -> None: ...

class ExtendRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "to", "reason", "clock")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    to: str
    reason: str
    clock: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., to: _Optional[str] = ..., reason: _Optional[str] = ..., clock: _Optional[str] = ...) -> None: ...

class EscalateRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "reason", "late_reason")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LATE_REASON_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    reason: str
    late_reason: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., reason: _Optional[str] = ..., late_reason: _Optional[str] = ...) -> None: ...

class SuspendRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "reason")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    reason: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ResumeRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class MergeRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "into", "reason")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    INTO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    into: str
    reason: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., into: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RestrictRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "op", "restriction_id", "kind", "reasons", "review_on", "approved_by", "note", "outcome")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OP_FIELD_NUMBER: _ClassVar[int]
    RESTRICTION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ON_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    op: str
    restriction_id: str
    kind: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    review_on: str
    approved_by: str
    note: str
    outcome: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., op: _Optional[str] = ..., restriction_id: _Optional[str] = ..., kind: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ..., review_on: _Optional[str] = ..., approved_by: _Optional[str] = ..., note: _Optional[str] = ..., outcome: _Optional[str] = ...) -> None: ...

class CloseRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "reason")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    reason: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class AddCorrespondenceRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "kind", "summary", "direction", "party", "channel", "document_name", "document_ref", "document_sha256", "location", "action_id")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    PARTY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_REF_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ACTION_ID_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    kind: str
    summary: str
    direction: str
    party: str
    channel: str
    document_name: str
    document_ref: str
    document_sha256: str
    location: str
    action_id: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., kind: _Optional[str] = ..., summary: _Optional[str] = ..., direction: _Optional[str] = ..., party: _Optional[str] = ..., channel: _Optional[str] = ..., document_name: _Optional[str] = ..., document_ref: _Optional[str] = ..., document_sha256: _Optional[str] = ..., location: _Optional[str] = ..., action_id: _Optional[str] = ...) -> None: ...

class EraseOrRedactRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "mode", "reason", "items")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    mode: str
    reason: str
    items: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., mode: _Optional[str] = ..., reason: _Optional[str] = ..., items: _Optional[_Iterable[str]] = ...) -> None: ...

class ExpireRecordsRequest(_message.Message):
    __slots__ = ("dry_run", "as_of", "procedure")
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    dry_run: bool
    as_of: str
    procedure: str
    def __init__(self, dry_run: _Optional[bool] = ..., as_of: _Optional[str] = ..., procedure: _Optional[str] = ...) -> None: ...

class ExpiredFile(_message.Message):
    __slots__ = ("case_ref", "procedure", "closed_on", "expires_on", "action", "done")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_ON_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    procedure: str
    closed_on: str
    expires_on: str
    action: str
    done: bool
    def __init__(self, case_ref: _Optional[str] = ..., procedure: _Optional[str] = ..., closed_on: _Optional[str] = ..., expires_on: _Optional[str] = ..., action: _Optional[str] = ..., done: _Optional[bool] = ...) -> None: ...

class ExpireRecordsReply(_message.Message):
    __slots__ = ("files", "dry_run")
    FILES_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    files: _containers.RepeatedCompositeFieldContainer[ExpiredFile]
    dry_run: bool
    def __init__(self, files: _Optional[_Iterable[_Union[ExpiredFile, _Mapping]]] = ..., dry_run: _Optional[bool] = ...) -> None: ...

class ExportSubjectRequest(_message.Message):
    __slots__ = ("name", "contact", "detained_person_ref", "reference")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    DETAINED_PERSON_REF_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    contact: str
    detained_person_ref: str
    reference: str
    def __init__(self, name: _Optional[str] = ..., contact: _Optional[str] = ..., detained_person_ref: _Optional[str] = ..., reference: _Optional[str] = ...) -> None: ...

class ExportSubjectReply(_message.Message):
    __slots__ = ("document_json", "complaints", "cases")
    DOCUMENT_JSON_FIELD_NUMBER: _ClassVar[int]
    COMPLAINTS_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    document_json: str
    complaints: int
    cases: int
    def __init__(self, document_json: _Optional[str] = ..., complaints: _Optional[int] = ..., cases: _Optional[int] = ...) -> None: ...

class ConcludeInvestigationRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "summary")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    summary: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class DecideProviderSplitRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "authority_parts", "provider_parts", "provider", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_PARTS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_PARTS_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    authority_parts: _containers.RepeatedScalarFieldContainer[str]
    provider_parts: _containers.RepeatedScalarFieldContainer[str]
    provider: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., authority_parts: _Optional[_Iterable[str]] = ..., provider_parts: _Optional[_Iterable[str]] = ..., provider: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class AgreeStatementRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "statement", "desired_outcome")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    DESIRED_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    statement: str
    desired_outcome: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., statement: _Optional[str] = ..., desired_outcome: _Optional[str] = ...) -> None: ...

class SendReportRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "document", "note", "adjudicating_officer", "comments")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ADJUDICATING_OFFICER_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    document: str
    note: str
    adjudicating_officer: str
    comments: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., document: _Optional[str] = ..., note: _Optional[str] = ..., adjudicating_officer: _Optional[str] = ..., comments: _Optional[str] = ...) -> None: ...

class AdjudicateRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "adjudicating_officer", "outcome", "summary")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    ADJUDICATING_OFFICER_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    adjudicating_officer: str
    outcome: str
    summary: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., adjudicating_officer: _Optional[str] = ..., outcome: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class PanelStepRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class SchedulePanelRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "panel_date", "members", "chair", "attestations")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    PANEL_DATE_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    CHAIR_FIELD_NUMBER: _ClassVar[int]
    ATTESTATIONS_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    panel_date: str
    members: _containers.RepeatedScalarFieldContainer[str]
    chair: str
    attestations: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., panel_date: _Optional[str] = ..., members: _Optional[_Iterable[str]] = ..., chair: _Optional[str] = ..., attestations: _Optional[_Iterable[str]] = ...) -> None: ...

class ReportPanelRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "recommendations", "summary")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    recommendations: _containers.RepeatedScalarFieldContainer[str]
    summary: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., recommendations: _Optional[_Iterable[str]] = ..., summary: _Optional[str] = ...) -> None: ...

class DirectorResponseRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "outcome", "summary")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    outcome: str
    summary: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., outcome: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class QualityAssureRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "by", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    by: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class OralResponseRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "channel", "outcome", "summary", "letter")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    LETTER_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    channel: str
    outcome: str
    summary: str
    letter: bool
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., channel: _Optional[str] = ..., outcome: _Optional[str] = ..., summary: _Optional[str] = ..., letter: _Optional[bool] = ...) -> None: ...

class EarlyResolutionRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "outcome", "summary", "decided_by")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    outcome: str
    summary: str
    decided_by: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., outcome: _Optional[str] = ..., summary: _Optional[str] = ..., decided_by: _Optional[str] = ...) -> None: ...

class NewEvidenceRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "summary")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    summary: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class DcoCertificationRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "decision", "by")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    decision: str
    by: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., decision: _Optional[str] = ..., by: _Optional[str] = ...) -> None: ...

class StaffGuidanceRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "staff_member", "guidance")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    STAFF_MEMBER_FIELD_NUMBER: _ClassVar[int]
    GUIDANCE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    staff_member: str
    guidance: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., staff_member: _Optional[str] = ..., guidance: _Optional[str] = ...) -> None: ...

class ConfirmReleaseRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "safeguarding_checked", "child_agrees", "wishes", "provider", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    SAFEGUARDING_CHECKED_FIELD_NUMBER: _ClassVar[int]
    CHILD_AGREES_FIELD_NUMBER: _ClassVar[int]
    WISHES_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    safeguarding_checked: bool
    child_agrees: bool
    wishes: str
    provider: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., safeguarding_checked: _Optional[bool] = ..., child_agrees: _Optional[bool] = ..., wishes: _Optional[str] = ..., provider: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class AdvocacyRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "step", "advocate", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    ADVOCATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    step: str
    advocate: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., step: _Optional[str] = ..., advocate: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class FeedbackRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "summary", "satisfaction")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    summary: str
    satisfaction: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., summary: _Optional[str] = ..., satisfaction: _Optional[str] = ...) -> None: ...

class AnswerRepresentationRequest(_message.Message):
    __slots__ = ("reference", "request_id", "summary", "action")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    reference: str
    request_id: str
    summary: str
    action: str
    def __init__(self, reference: _Optional[str] = ..., request_id: _Optional[str] = ..., summary: _Optional[str] = ..., action: _Optional[str] = ...) -> None: ...

class ConvertRepresentationRequest(_message.Message):
    __slots__ = ("reference", "request_id", "reason")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    reference: str
    request_id: str
    reason: str
    def __init__(self, reference: _Optional[str] = ..., request_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class PassOnComplimentRequest(_message.Message):
    __slots__ = ("reference", "request_id", "staff", "manager", "note")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    STAFF_FIELD_NUMBER: _ClassVar[int]
    MANAGER_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    reference: str
    request_id: str
    staff: _containers.RepeatedScalarFieldContainer[str]
    manager: str
    note: str
    def __init__(self, reference: _Optional[str] = ..., request_id: _Optional[str] = ..., staff: _Optional[_Iterable[str]] = ..., manager: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RepresentationReply(_message.Message):
    __slots__ = ("reference", "representation_type", "duplicate", "handling_json")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REPRESENTATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    HANDLING_JSON_FIELD_NUMBER: _ClassVar[int]
    reference: str
    representation_type: str
    duplicate: bool
    handling_json: str
    def __init__(self, reference: _Optional[str] = ..., representation_type: _Optional[str] = ..., duplicate: _Optional[bool] = ..., handling_json: _Optional[str] = ...) -> None: ...

class MediationRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "op", "method", "mediator", "pause_clock", "outcome", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OP_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    MEDIATOR_FIELD_NUMBER: _ClassVar[int]
    PAUSE_CLOCK_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    op: str
    method: str
    mediator: str
    pause_clock: bool
    outcome: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., op: _Optional[str] = ..., method: _Optional[str] = ..., mediator: _Optional[str] = ..., pause_clock: _Optional[bool] = ..., outcome: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class EarlyReferralRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "complainant_agreed", "statement", "statement_agreed_on", "safeguards", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_AGREED_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_AGREED_ON_FIELD_NUMBER: _ClassVar[int]
    SAFEGUARDS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    complainant_agreed: bool
    statement: str
    statement_agreed_on: str
    safeguards: _containers.RepeatedScalarFieldContainer[str]
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., complainant_agreed: _Optional[bool] = ..., statement: _Optional[str] = ..., statement_agreed_on: _Optional[str] = ..., safeguards: _Optional[_Iterable[str]] = ..., note: _Optional[str] = ...) -> None: ...

class HealthcareEscalationRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "op", "owner", "due", "ombudsman", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OP_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    OMBUDSMAN_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    op: str
    owner: str
    due: str
    ombudsman: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., op: _Optional[str] = ..., owner: _Optional[str] = ..., due: _Optional[str] = ..., ombudsman: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class EligibilityRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "basis", "on_behalf_of", "decided_by", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    ON_BEHALF_OF_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    basis: str
    on_behalf_of: str
    decided_by: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., basis: _Optional[str] = ..., on_behalf_of: _Optional[str] = ..., decided_by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class LeadAuthorityRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "authorities", "looking_after", "ordinarily_resident", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    AUTHORITIES_FIELD_NUMBER: _ClassVar[int]
    LOOKING_AFTER_FIELD_NUMBER: _ClassVar[int]
    ORDINARILY_RESIDENT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    authorities: _containers.RepeatedScalarFieldContainer[str]
    looking_after: str
    ordinarily_resident: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., authorities: _Optional[_Iterable[str]] = ..., looking_after: _Optional[str] = ..., ordinarily_resident: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class FreezeDecisionRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "op", "freeze_id", "decision", "requested_by", "granted", "consulted", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    OP_FIELD_NUMBER: _ClassVar[int]
    FREEZE_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    CONSULTED_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    op: str
    freeze_id: str
    decision: str
    requested_by: str
    granted: bool
    consulted: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., op: _Optional[str] = ..., freeze_id: _Optional[str] = ..., decision: _Optional[str] = ..., requested_by: _Optional[str] = ..., granted: _Optional[bool] = ..., consulted: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ConcurrentProcedureRequest(_message.Message):
    __slots__ = ("ref", "request_id", "on", "kind", "ended", "procedure_id", "reference", "liaison", "complainant_informed", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    LIAISON_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_INFORMED_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    on: str
    kind: str
    ended: bool
    procedure_id: str
    reference: str
    liaison: str
    complainant_informed: bool
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., on: _Optional[str] = ..., kind: _Optional[str] = ..., ended: _Optional[bool] = ..., procedure_id: _Optional[str] = ..., reference: _Optional[str] = ..., liaison: _Optional[str] = ..., complainant_informed: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...
