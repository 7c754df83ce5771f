from complaints.v1 import reports_pb2 as _reports_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OutcomesRequest(_message.Message):
    __slots__ = ("ref",)
    REF_FIELD_NUMBER: _ClassVar[int]
    ref: str
    def __init__(self, ref: _Optional[str] = ...) -> None: ...

class Point(_message.Message):
    __slots__ = ("id", "text", "kind", "outcome_sought", "finding", "finding_reason", "found_by", "found_on")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SOUGHT_FIELD_NUMBER: _ClassVar[int]
    FINDING_FIELD_NUMBER: _ClassVar[int]
    FINDING_REASON_FIELD_NUMBER: _ClassVar[int]
    FOUND_BY_FIELD_NUMBER: _ClassVar[int]
    FOUND_ON_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    kind: str
    outcome_sought: str
    finding: str
    finding_reason: str
    found_by: str
    found_on: str
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ..., kind: _Optional[str] = ..., outcome_sought: _Optional[str] = ..., finding: _Optional[str] = ..., finding_reason: _Optional[str] = ..., found_by: _Optional[str] = ..., found_on: _Optional[str] = ...) -> None: ...

class Remedy(_message.Message):
    __slots__ = ("id", "type", "description", "owner", "due", "point", "amount", "reason", "claim", "referral", "status", "approved_by", "approved_role", "approved_on", "done_on", "done_note", "overdue", "reminders", "approved_amount", "amendments", "cancelled_on", "cancelled_by", "cancel_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    POINT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVED_ROLE_FIELD_NUMBER: _ClassVar[int]
    APPROVED_ON_FIELD_NUMBER: _ClassVar[int]
    DONE_ON_FIELD_NUMBER: _ClassVar[int]
    DONE_NOTE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    REMINDERS_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    AMENDMENTS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_ON_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_BY_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    description: str
    owner: str
    due: str
    point: str
    amount: str
    reason: str
    claim: bool
    referral: str
    status: str
    approved_by: str
    approved_role: str
    approved_on: str
    done_on: str
    done_note: str
    overdue: bool
    reminders: _containers.RepeatedScalarFieldContainer[str]
    approved_amount: str
    amendments: _containers.RepeatedScalarFieldContainer[str]
    cancelled_on: str
    cancelled_by: str
    cancel_reason: str
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., description: _Optional[str] = ..., owner: _Optional[str] = ..., due: _Optional[str] = ..., point: _Optional[str] = ..., amount: _Optional[str] = ..., reason: _Optional[str] = ..., claim: _Optional[bool] = ..., referral: _Optional[str] = ..., status: _Optional[str] = ..., approved_by: _Optional[str] = ..., approved_role: _Optional[str] = ..., approved_on: _Optional[str] = ..., done_on: _Optional[str] = ..., done_note: _Optional[str] = ..., overdue: _Optional[bool] = ..., reminders: _Optional[_Iterable[str]] = ..., approved_amount: _Optional[str] = ..., amendments: _Optional[_Iterable[str]] = ..., cancelled_on: _Optional[str] = ..., cancelled_by: _Optional[str] = ..., cancel_reason: _Optional[str] = ...) -> None: ...

class Learning(_message.Message):
    __slots__ = ("id", "root_cause", "lesson", "service_change", "owner", "status", "recorded_on", "recorded_by")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_CAUSE_FIELD_NUMBER: _ClassVar[int]
    LESSON_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CHANGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RECORDED_ON_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    id: str
    root_cause: str
    lesson: str
    service_change: str
    owner: str
    status: str
    recorded_on: str
    recorded_by: str
    def __init__(self, id: _Optional[str] = ..., root_cause: _Optional[str] = ..., lesson: _Optional[str] = ..., service_change: _Optional[str] = ..., owner: _Optional[str] = ..., status: _Optional[str] = ..., recorded_on: _Optional[str] = ..., recorded_by: _Optional[str] = ...) -> None: ...

class OutcomesReply(_message.Message):
    __slots__ = ("case_ref", "status", "stage", "duplicate", "outcome_sought", "outcome_agreed", "agreed_on", "statement_outcome", "points", "remedies", "learning")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SOUGHT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_AGREED_FIELD_NUMBER: _ClassVar[int]
    AGREED_ON_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    REMEDIES_FIELD_NUMBER: _ClassVar[int]
    LEARNING_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    status: str
    stage: str
    duplicate: bool
    outcome_sought: str
    outcome_agreed: bool
    agreed_on: str
    statement_outcome: str
    points: _containers.RepeatedCompositeFieldContainer[Point]
    remedies: _containers.RepeatedCompositeFieldContainer[Remedy]
    learning: _containers.RepeatedCompositeFieldContainer[Learning]
    def __init__(self, case_ref: _Optional[str] = ..., status: _Optional[str] = ..., stage: _Optional[str] = ..., duplicate: _Optional[bool] = ..., outcome_sought: _Optional[str] = ..., outcome_agreed: _Optional[bool] = ..., agreed_on: _Optional[str] = ..., statement_outcome: _Optional[str] = ..., points: _Optional[_Iterable[_Union[Point, _Mapping]]] = ..., remedies: _Optional[_Iterable[_Union[Remedy, _Mapping]]] = ..., learning: _Optional[_Iterable[_Union[Learning, _Mapping]]] = ...) -> None: ...

class AgreeOutcomeRequest(_message.Message):
    __slots__ = ("ref", "request_id", "outcome_sought", "agreed", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SOUGHT_FIELD_NUMBER: _ClassVar[int]
    AGREED_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    outcome_sought: str
    agreed: bool
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., outcome_sought: _Optional[str] = ..., agreed: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...

class SetPointRequest(_message.Message):
    __slots__ = ("ref", "request_id", "point", "text", "outcome_sought")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POINT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SOUGHT_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    point: str
    text: str
    outcome_sought: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., point: _Optional[str] = ..., text: _Optional[str] = ..., outcome_sought: _Optional[str] = ...) -> None: ...

class RecordFindingRequest(_message.Message):
    __slots__ = ("ref", "request_id", "point", "finding", "reason")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POINT_FIELD_NUMBER: _ClassVar[int]
    FINDING_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    point: str
    finding: str
    reason: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., point: _Optional[str] = ..., finding: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class AddRemedyRequest(_message.Message):
    __slots__ = ("ref", "request_id", "type", "description", "owner", "due", "point", "amount", "reason", "claim", "referral")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    POINT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    type: str
    description: str
    owner: str
    due: str
    point: str
    amount: str
    reason: str
    claim: bool
    referral: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., type: _Optional[str] = ..., description: _Optional[str] = ..., owner: _Optional[str] = ..., due: _Optional[str] = ..., point: _Optional[str] = ..., amount: _Optional[str] = ..., reason: _Optional[str] = ..., claim: _Optional[bool] = ..., referral: _Optional[str] = ...) -> None: ...

class ApproveRemedyRequest(_message.Message):
    __slots__ = ("ref", "request_id", "remedy", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REMEDY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    remedy: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., remedy: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class AmendRemedyRequest(_message.Message):
    __slots__ = ("ref", "request_id", "remedy", "reason", "description", "owner", "due", "amount")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REMEDY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    remedy: str
    reason: str
    description: str
    owner: str
    due: str
    amount: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., remedy: _Optional[str] = ..., reason: _Optional[str] = ..., description: _Optional[str] = ..., owner: _Optional[str] = ..., due: _Optional[str] = ..., amount: _Optional[str] = ...) -> None: ...

class CancelRemedyRequest(_message.Message):
    __slots__ = ("ref", "request_id", "remedy", "reason")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REMEDY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    remedy: str
    reason: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., remedy: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CompleteCommitmentRequest(_message.Message):
    __slots__ = ("ref", "request_id", "remedy", "note")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REMEDY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    remedy: str
    note: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., remedy: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RecordLearningRequest(_message.Message):
    __slots__ = ("ref", "request_id", "id", "root_cause", "lesson", "service_change", "owner", "status")
    REF_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ROOT_CAUSE_FIELD_NUMBER: _ClassVar[int]
    LESSON_FIELD_NUMBER: _ClassVar[int]
    SERVICE_CHANGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ref: str
    request_id: str
    id: str
    root_cause: str
    lesson: str
    service_change: str
    owner: str
    status: str
    def __init__(self, ref: _Optional[str] = ..., request_id: _Optional[str] = ..., id: _Optional[str] = ..., root_cause: _Optional[str] = ..., lesson: _Optional[str] = ..., service_change: _Optional[str] = ..., owner: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class CommitmentsRequest(_message.Message):
    __slots__ = ("procedure", "as_of", "overdue_only")
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ONLY_FIELD_NUMBER: _ClassVar[int]
    procedure: str
    as_of: str
    overdue_only: bool
    def __init__(self, procedure: _Optional[str] = ..., as_of: _Optional[str] = ..., overdue_only: _Optional[bool] = ...) -> None: ...

class LearningRequest(_message.Message):
    __slots__ = ("procedure", "to")
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    procedure: str
    to: str
    def __init__(self, procedure: _Optional[str] = ..., to: _Optional[str] = ..., **kwargs) -> None: ...
