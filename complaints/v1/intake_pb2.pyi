from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PostalAddress(_message.Message):
    __slots__ = ("lines", "postcode")
    LINES_FIELD_NUMBER: _ClassVar[int]
    POSTCODE_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedScalarFieldContainer[str]
    postcode: str
    def __init__(self, lines: _Optional[_Iterable[str]] = ..., postcode: _Optional[str] = ...) -> None: ...

class Needs(_message.Message):
    __slots__ = ("language", "formats", "adjustments")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    FORMATS_FIELD_NUMBER: _ClassVar[int]
    ADJUSTMENTS_FIELD_NUMBER: _ClassVar[int]
    language: str
    formats: _containers.RepeatedScalarFieldContainer[str]
    adjustments: str
    def __init__(self, language: _Optional[str] = ..., formats: _Optional[_Iterable[str]] = ..., adjustments: _Optional[str] = ...) -> None: ...

class Representative(_message.Message):
    __slots__ = ("kind", "name", "contact", "address", "prefers", "authorised", "needs")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PREFERS_FIELD_NUMBER: _ClassVar[int]
    AUTHORISED_FIELD_NUMBER: _ClassVar[int]
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    name: str
    contact: str
    address: PostalAddress
    prefers: str
    authorised: bool
    needs: Needs
    def __init__(self, kind: _Optional[str] = ..., name: _Optional[str] = ..., contact: _Optional[str] = ..., address: _Optional[_Union[PostalAddress, _Mapping]] = ..., prefers: _Optional[str] = ..., authorised: _Optional[bool] = ..., needs: _Optional[_Union[Needs, _Mapping]] = ...) -> None: ...

class Complainant(_message.Message):
    __slots__ = ("name", "contact", "anonymous", "is_child", "detained_person_ref", "represented_by", "address", "prefers", "needs")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    IS_CHILD_FIELD_NUMBER: _ClassVar[int]
    DETAINED_PERSON_REF_FIELD_NUMBER: _ClassVar[int]
    REPRESENTED_BY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PREFERS_FIELD_NUMBER: _ClassVar[int]
    NEEDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    contact: str
    anonymous: bool
    is_child: bool
    detained_person_ref: str
    represented_by: Representative
    address: PostalAddress
    prefers: str
    needs: Needs
    def __init__(self, name: _Optional[str] = ..., contact: _Optional[str] = ..., anonymous: _Optional[bool] = ..., is_child: _Optional[bool] = ..., detained_person_ref: _Optional[str] = ..., represented_by: _Optional[_Union[Representative, _Mapping]] = ..., address: _Optional[_Union[PostalAddress, _Mapping]] = ..., prefers: _Optional[str] = ..., needs: _Optional[_Union[Needs, _Mapping]] = ...) -> None: ...

class Consent(_message.Message):
    __slots__ = ("imb_copy", "share_with_provider")
    IMB_COPY_FIELD_NUMBER: _ClassVar[int]
    SHARE_WITH_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    imb_copy: bool
    share_with_provider: bool
    def __init__(self, imb_copy: _Optional[bool] = ..., share_with_provider: _Optional[bool] = ...) -> None: ...

class Aspect(_message.Message):
    __slots__ = ("kind", "text", "officers_named", "markers", "outcome_sought")
    class MarkersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    KIND_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    OFFICERS_NAMED_FIELD_NUMBER: _ClassVar[int]
    MARKERS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SOUGHT_FIELD_NUMBER: _ClassVar[int]
    kind: str
    text: str
    officers_named: _containers.RepeatedScalarFieldContainer[str]
    markers: _containers.ScalarMap[str, str]
    outcome_sought: str
    def __init__(self, kind: _Optional[str] = ..., text: _Optional[str] = ..., officers_named: _Optional[_Iterable[str]] = ..., markers: _Optional[_Mapping[str, str]] = ..., outcome_sought: _Optional[str] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("establishment", "provider", "local_authority")
    ESTABLISHMENT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    LOCAL_AUTHORITY_FIELD_NUMBER: _ClassVar[int]
    establishment: str
    provider: str
    local_authority: str
    def __init__(self, establishment: _Optional[str] = ..., provider: _Optional[str] = ..., local_authority: _Optional[str] = ...) -> None: ...

class Attachment(_message.Message):
    __slots__ = ("name", "media_type", "sha256", "size")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEDIA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    name: str
    media_type: str
    sha256: str
    size: int
    def __init__(self, name: _Optional[str] = ..., media_type: _Optional[str] = ..., sha256: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class Submission(_message.Message):
    __slots__ = ("partner_ref", "procedure", "nation", "received_at", "incident_date", "channel", "complainant", "consent", "subject", "aspects", "location", "attachments", "confidential", "markers", "outcome_sought")
    class MarkersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    PARTNER_REF_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    NATION_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_DATE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ASPECTS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    CONFIDENTIAL_FIELD_NUMBER: _ClassVar[int]
    MARKERS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_SOUGHT_FIELD_NUMBER: _ClassVar[int]
    partner_ref: str
    procedure: str
    nation: str
    received_at: str
    incident_date: str
    channel: str
    complainant: Complainant
    consent: Consent
    subject: str
    aspects: _containers.RepeatedCompositeFieldContainer[Aspect]
    location: Location
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    confidential: bool
    markers: _containers.ScalarMap[str, str]
    outcome_sought: str
    def __init__(self, partner_ref: _Optional[str] = ..., procedure: _Optional[str] = ..., nation: _Optional[str] = ..., received_at: _Optional[str] = ..., incident_date: _Optional[str] = ..., channel: _Optional[str] = ..., complainant: _Optional[_Union[Complainant, _Mapping]] = ..., consent: _Optional[_Union[Consent, _Mapping]] = ..., subject: _Optional[str] = ..., aspects: _Optional[_Iterable[_Union[Aspect, _Mapping]]] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., confidential: _Optional[bool] = ..., markers: _Optional[_Mapping[str, str]] = ..., outcome_sought: _Optional[str] = ...) -> None: ...

class SubmitReply(_message.Message):
    __slots__ = ("reference", "duplicate", "ignored_fields")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    IGNORED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    reference: str
    duplicate: bool
    ignored_fields: _containers.RepeatedCompositeFieldContainer[IgnoredField]
    def __init__(self, reference: _Optional[str] = ..., duplicate: _Optional[bool] = ..., ignored_fields: _Optional[_Iterable[_Union[IgnoredField, _Mapping]]] = ...) -> None: ...

class IgnoredField(_message.Message):
    __slots__ = ("field", "did_you_mean")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    DID_YOU_MEAN_FIELD_NUMBER: _ClassVar[int]
    field: str
    did_you_mean: str
    def __init__(self, field: _Optional[str] = ..., did_you_mean: _Optional[str] = ...) -> None: ...
