from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Notification(_message.Message):
    __slots__ = ("case_ref", "key", "recipient", "address_key", "address", "template", "channel", "status", "attempts", "last_error", "content_sha256", "sent_at", "trigger", "fallback_desk", "intended")
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
    def __init__(self, case_ref: _Optional[str] = ..., key: _Optional[str] = ..., recipient: _Optional[str] = ..., address_key: _Optional[str] = ..., address: _Optional[str] = ..., template: _Optional[str] = ..., channel: _Optional[str] = ..., status: _Optional[str] = ..., attempts: _Optional[int] = ..., last_error: _Optional[str] = ..., content_sha256: _Optional[str] = ..., sent_at: _Optional[str] = ..., trigger: _Optional[str] = ..., fallback_desk: _Optional[str] = ..., intended: _Optional[str] = ...) -> None: ...

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
