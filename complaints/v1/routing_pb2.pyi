from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExplainRequest(_message.Message):
    __slots__ = ("reference",)
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    reference: str
    def __init__(self, reference: _Optional[str] = ...) -> None: ...

class RuleFired(_message.Message):
    __slots__ = ("rule", "source", "reason")
    RULE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    rule: str
    source: str
    reason: str
    def __init__(self, rule: _Optional[str] = ..., source: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class StrandDecision(_message.Message):
    __slots__ = ("strand", "procedure", "stage", "category", "owner", "aspects", "minimal", "clocks", "flags")
    STRAND_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    ASPECTS_FIELD_NUMBER: _ClassVar[int]
    MINIMAL_FIELD_NUMBER: _ClassVar[int]
    CLOCKS_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    strand: int
    procedure: str
    stage: str
    category: str
    owner: str
    aspects: _containers.RepeatedScalarFieldContainer[str]
    minimal: bool
    clocks: _containers.RepeatedScalarFieldContainer[str]
    flags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, strand: _Optional[int] = ..., procedure: _Optional[str] = ..., stage: _Optional[str] = ..., category: _Optional[str] = ..., owner: _Optional[str] = ..., aspects: _Optional[_Iterable[str]] = ..., minimal: _Optional[bool] = ..., clocks: _Optional[_Iterable[str]] = ..., flags: _Optional[_Iterable[str]] = ...) -> None: ...

class ReferralDecision(_message.Message):
    __slots__ = ("rule", "to", "urgency", "reason", "source", "strand", "due")
    RULE_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    STRAND_FIELD_NUMBER: _ClassVar[int]
    DUE_FIELD_NUMBER: _ClassVar[int]
    rule: str
    to: str
    urgency: str
    reason: str
    source: str
    strand: int
    due: str
    def __init__(self, rule: _Optional[str] = ..., to: _Optional[str] = ..., urgency: _Optional[str] = ..., reason: _Optional[str] = ..., source: _Optional[str] = ..., strand: _Optional[int] = ..., due: _Optional[str] = ...) -> None: ...

class RoutingDecision(_message.Message):
    __slots__ = ("reference", "procedure", "status", "strands", "referrals", "exclusion_rule", "exclusion_reason", "rules", "decision_json", "errors")
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STRANDS_FIELD_NUMBER: _ClassVar[int]
    REFERRALS_FIELD_NUMBER: _ClassVar[int]
    EXCLUSION_RULE_FIELD_NUMBER: _ClassVar[int]
    EXCLUSION_REASON_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    DECISION_JSON_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    reference: str
    procedure: str
    status: str
    strands: _containers.RepeatedCompositeFieldContainer[StrandDecision]
    referrals: _containers.RepeatedCompositeFieldContainer[ReferralDecision]
    exclusion_rule: str
    exclusion_reason: str
    rules: _containers.RepeatedCompositeFieldContainer[RuleFired]
    decision_json: str
    errors: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, reference: _Optional[str] = ..., procedure: _Optional[str] = ..., status: _Optional[str] = ..., strands: _Optional[_Iterable[_Union[StrandDecision, _Mapping]]] = ..., referrals: _Optional[_Iterable[_Union[ReferralDecision, _Mapping]]] = ..., exclusion_rule: _Optional[str] = ..., exclusion_reason: _Optional[str] = ..., rules: _Optional[_Iterable[_Union[RuleFired, _Mapping]]] = ..., decision_json: _Optional[str] = ..., errors: _Optional[_Iterable[str]] = ...) -> None: ...
