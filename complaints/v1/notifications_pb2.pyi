from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Notification(_message.Message):
    __slots__ = ("case_ref", "key", "recipient", "address_key", "address", "template", "channel", "status", "attempts", "last_error", "content_sha256", "sent_at", "trigger", "fallback_desk", "intended", "route", "provided", "pdf_pages", "tasks")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_KEY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_DESK_FIELD_NUMBER: _ClassVar[int]
    INTENDED_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    PROVIDED_FIELD_NUMBER: _ClassVar[int]
    PDF_PAGES_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    key: str
    recipient: str
    address_key: str
    address: str
    template: str
    channel: str
    status: str
    attempts: int
    last_error: str
    content_sha256: str
    sent_at: str
    trigger: str
    fallback_desk: str
    intended: str
    route: str
    provided: str
    pdf_pages: int
    tasks: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case_ref: _Optional[str] = ..., key: _Optional[str] = ..., recipient: _Optional[str] = ..., address_key: _Optional[str] = ..., address: _Optional[str] = ..., template: _Optional[str] = ..., channel: _Optional[str] = ..., status: _Optional[str] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., content_sha256: _Optional[str] = ..., sent_at: _Optional[str] = ..., trigger: _Optional[str] = ..., fallback_desk: _Optional[str] = ..., intended: _Optional[str] = ..., route: _Optional[str] = ..., provided: _Optional[str] = ..., pdf_pages: _Optional[int] = ..., tasks: _Optional[_Iterable[str]] = ...) -> None: ...

class PrintJob(_message.Message):
    __slots__ = ("key", "case_ref", "queue", "route", "recipient", "name", "detained_person_ref", "template", "subject", "pages", "large_print", "status", "queued_at", "printed_at", "handed_over_on", "handed_over_by", "sha256")
    KEY_FIELD_NUMBER: _ClassVar[int]
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DETAINED_PERSON_REF_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    LARGE_PRINT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    QUEUED_AT_FIELD_NUMBER: _ClassVar[int]
    PRINTED_AT_FIELD_NUMBER: _ClassVar[int]
    HANDED_OVER_ON_FIELD_NUMBER: _ClassVar[int]
    HANDED_OVER_BY_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    key: str
    case_ref: str
    queue: str
    route: str
    recipient: str
    name: str
    detained_person_ref: str
    template: str
    subject: str
    pages: int
    large_print: bool
    status: str
    queued_at: str
    printed_at: str
    handed_over_on: str
    handed_over_by: str
    sha256: str
    def __init__(self, key: _Optional[str] = ..., case_ref: _Optional[str] = ..., queue: _Optional[str] = ..., route: _Optional[str] = ..., recipient: _Optional[str] = ..., name: _Optional[str] = ..., detained_person_ref: _Optional[str] = ..., template: _Optional[str] = ..., subject: _Optional[str] = ..., pages: _Optional[int] = ..., large_print: _Optional[bool] = ..., status: _Optional[str] = ..., queued_at: _Optional[str] = ..., printed_at: _Optional[str] = ..., handed_over_on: _Optional[str] = ..., handed_over_by: _Optional[str] = ..., sha256: _Optional[str] = ...) -> None: ...

class ListPrintQueueRequest(_message.Message):
    __slots__ = ("queue", "status", "reference")
    QUEUE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    queue: str
    status: str
    reference: str
    def __init__(self, queue: _Optional[str] = ..., status: _Optional[str] = ..., reference: _Optional[str] = ...) -> None: ...

class ListPrintQueueReply(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[PrintJob]
    def __init__(self, jobs: _Optional[_Iterable[_Union[PrintJob, _Mapping]]] = ...) -> None: ...

class PrintJobRequest(_message.Message):
    __slots__ = ("case_ref", "key")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    key: str
    def __init__(self, case_ref: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class PrintedLetter(_message.Message):
    __slots__ = ("job", "pdf")
    JOB_FIELD_NUMBER: _ClassVar[int]
    PDF_FIELD_NUMBER: _ClassVar[int]
    job: PrintJob
    pdf: bytes
    def __init__(self, job: _Optional[_Union[PrintJob, _Mapping]] = ..., pdf: _Optional[bytes] = ...) -> None: ...

class HandOverRequest(_message.Message):
    __slots__ = ("case_ref", "key", "on")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    key: str
    on: str
    def __init__(self, case_ref: _Optional[str] = ..., key: _Optional[str] = ..., on: _Optional[str] = ...) -> None: ...

class ListNotificationsRequest(_message.Message):
    __slots__ = ("reference",)
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    reference: str
    def __init__(self, reference: _Optional[str] = ...) -> None: ...

class ListNotificationsReply(_message.Message):
    __slots__ = ("notifications",)
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ...) -> None: ...

class PreviewRequest(_message.Message):
    __slots__ = ("reference", "template", "recipient", "outcome", "draft")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    reference: str
    template: str
    recipient: str
    outcome: str
    draft: str
    def __init__(self, reference: _Optional[str] = ..., template: _Optional[str] = ..., recipient: _Optional[str] = ..., outcome: _Optional[str] = ..., draft: _Optional[str] = ...) -> None: ...

class PreviewReply(_message.Message):
    __slots__ = ("subject", "body", "content_sha256", "recipient", "template", "already_planned", "warnings")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    ALREADY_PLANNED_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    subject: str
    body: str
    content_sha256: str
    recipient: str
    template: str
    already_planned: bool
    warnings: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, subject: _Optional[str] = ..., body: _Optional[str] = ..., content_sha256: _Optional[str] = ..., recipient: _Optional[str] = ..., template: _Optional[str] = ..., already_planned: _Optional[bool] = ..., warnings: _Optional[_Iterable[str]] = ...) -> None: ...

class ResendRequest(_message.Message):
    __slots__ = ("case_ref", "key")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    key: str
    def __init__(self, case_ref: _Optional[str] = ..., key: _Optional[str] = ...) -> None: ...

class CompleteTaskRequest(_message.Message):
    __slots__ = ("case_ref", "key", "note")
    CASE_REF_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    case_ref: str
    key: str
    note: str
    def __init__(self, case_ref: _Optional[str] = ..., key: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...
