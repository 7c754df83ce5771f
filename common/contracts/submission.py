"""The partner Submission: what a partner agency publishes on `intake` (CONTRACTS.md)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Nation(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def calendar(self) -> str:
        """The bank-holiday calendar that governs working days here."""
        return {
            Nation.ENGLAND: "england-and-wales",
            Nation.WALES: "england-and-wales",
            Nation.SCOTLAND: "scotland",
            Nation.NORTHERN_IRELAND: "northern-ireland",
        }[self]


class Channel(StrEnum):
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in-person"
    FORM = "form"
    MP = "mp"


class AspectKind(StrEnum):
    SERVICE_DELIVERY = "service-delivery"
    MINOR_MISCONDUCT = "minor-misconduct"
    SERIOUS_MISCONDUCT = "serious-misconduct"
    HEALTHCARE = "healthcare"
    CHILD_PROTECTION = "child-protection"
    PROVIDER = "provider"
    POLICY = "policy"
    OTHER = "other"


class RepresentativeKind(StrEnum):
    MP = "mp"
    ADVOCATE = "advocate"
    FAMILY = "family"
    SOLICITOR = "solicitor"


class _Model(BaseModel):
    # Unknown fields are kept (CONTRACTS.md, Envelope), so newer partners never lose data.
    model_config = ConfigDict(extra="allow", frozen=True)


class Representative(_Model):
    kind: RepresentativeKind
    name: ShortText
    contact: ShortText | None = None


class Complainant(_Model):
    name: ShortText | None = None
    contact: ShortText | None = None
    anonymous: bool = False
    is_child: bool = False
    detained_person_ref: ShortText | None = None
    represented_by: Representative | None = None

    @model_validator(mode="after")
    def _named_unless_anonymous(self) -> Complainant:
        if not self.anonymous and not self.name:
            raise ValueError("name is required unless the complainant is anonymous")
        return self


class Consent(_Model):
    imb_copy: bool = False
    share_with_provider: bool = False


class Aspect(_Model):
    kind: AspectKind
    text: Text
    officers_named: list[ShortText] = Field(default_factory=list)


class Location(_Model):
    establishment: ShortText | None = None
    provider: ShortText | None = None
    local_authority: ShortText | None = None


class Attachment(_Model):
    name: ShortText
    media_type: ShortText
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    size: int = Field(ge=0)


class Submission(_Model):
    """A complaint as a partner sends it. `received_at` is day 0 of every clock."""

    schema_version: ClassVar[int] = 1

    partner_ref: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$")]
    procedure: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,30}$")]
    nation: Nation
    received_at: AwareDatetime
    incident_date: date | None = None
    channel: Channel
    complainant: Complainant
    consent: Consent = Field(default_factory=Consent)
    subject: ShortText
    aspects: list[Aspect] = Field(min_length=1, max_length=50)
    location: Location = Field(default_factory=Location)
    attachments: list[Attachment] = Field(default_factory=list, max_length=100)
    confidential: bool = False


def received_day(submission: Submission) -> date:
    """The calendar day of receipt in UK local time (day 0 of the clocks)."""
    from zoneinfo import ZoneInfo

    return submission.received_at.astimezone(ZoneInfo("Europe/London")).date()


__all__ = [
    "Aspect",
    "AspectKind",
    "Attachment",
    "Channel",
    "Complainant",
    "Consent",
    "Location",
    "Nation",
    "Representative",
    "RepresentativeKind",
    "Submission",
    "datetime",
    "received_day",
]
