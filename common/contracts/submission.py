"""The partner Submission: what a partner agency publishes on `intake` (CONTRACTS.md).

The field types and rules of a submission (one-line fields, contacts, patterns), its parts
(complainant, aspects, location...) and the day of receipt. The limits on any raw body,
checked before it is read as a submission, are in `common.contracts.body_limits`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from common.contracts.body_limits import MAX_STRING_LENGTH

PARTNER_REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$"
PROCEDURE_PATTERN = r"^[a-z][a-z0-9-]{1,30}$"

# Not in a one-line field (issue 21): a name, a contact or a subject can end up in a mail
# header or address, where a line break starts a header of the sender's choosing
# ("Eve\r\nBcc: ..."). C0 controls (NUL, TAB, LF, CR...), DEL, C1 controls (NEL...), and
# Unicode's line and paragraph separators.
NOT_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Validation context key: ``{AT_INTAKE: True}`` applies the rules that refuse a new
# submission (one-line fields, contacts). Everywhere else a submission, or a part of one,
# is read as it was accepted: an event on the way, a stored case or letter written before
# these rules, is never refused later (nothing accepted is later refused).
AT_INTAKE = "at_intake"


def _lenient(info: ValidationInfo) -> bool:
    return not (info.context and info.context.get(AT_INTAKE))


def _single_line(value: str, info: ValidationInfo) -> str:
    found = NOT_SINGLE_LINE.search(value)
    if found and not _lenient(info):
        raise PydanticCustomError(
            "single-line",
            "must be one line of text: {char} at position {at} is a line break or control "
            "character",
            {"char": f"U+{ord(found.group()):04X}", "at": found.start()},
        )
    return value


def _contact(value: str, info: ValidationInfo) -> str:
    """A contact is free text (a phone number, an address on one line), but one that looks
    like an email address (it has an ``@``) must be exactly one valid address: what
    notifications will write to. Checked by `email_validator`, syntax only (no DNS)."""
    if "@" not in value or _lenient(info):
        return value
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise PydanticCustomError(
            "email", "not one valid email address: {reason}", {"reason": str(exc)}
        ) from None
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_STRING_LENGTH)
]
# One line: names, contacts, the subject, places (anything that may reach a mail header).
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_single_line),
]
Contact = Annotated[ShortText, AfterValidator(_contact)]


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
    FRIEND = "friend"
    OTHER = "other"


class LetterChannel(StrEnum):
    """How a person is written to (issue 18): by email, by post, or by hand through the
    establishment's complaints clerk (a detention centre, a children's home)."""

    EMAIL = "email"
    POST = "post"
    HAND = "hand"


class LetterFormat(StrEnum):
    """An accessible format asked for (seed 004: "large print, translation or in other
    formats"). Braille and audio are produced by referral, not by the platform."""

    LARGE_PRINT = "large-print"
    EASY_READ = "easy-read"
    BRAILLE = "braille"
    AUDIO = "audio"


class _Model(BaseModel):
    # Unknown fields are kept (CONTRACTS.md, Envelope), so newer partners never lose data.
    model_config = ConfigDict(extra="allow", frozen=True)


class PostalAddress(_Model):
    """Where a letter goes by post: up to six one-line address lines and a postcode."""

    lines: list[ShortText] = Field(min_length=1, max_length=6)
    postcode: ShortText | None = None


# A language as a BCP 47 tag ("cy", "pl", "pa-Arab", "en").
LanguageTag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$"),
]


class Needs(_Model):
    """What a person needs to read and take part (issue 18): their language, accessible
    formats, and any other reasonable adjustment in their own words."""

    language: LanguageTag | None = None
    formats: list[LetterFormat] = Field(default_factory=list, max_length=4)
    adjustments: Text | None = None


class Representative(_Model):
    """Someone acting for the complainant. ``authorised``: the complainant has given them
    authority to act and be written to (the consent the procedures ask for; an MP acting
    on a constituent's behalf needs none)."""

    kind: RepresentativeKind
    name: ShortText
    contact: Contact | None = None
    address: PostalAddress | None = None
    prefers: LetterChannel | None = None
    authorised: bool = False
    needs: Needs = Field(default_factory=Needs)


class Complainant(_Model):
    name: ShortText | None = None
    contact: Contact | None = None
    anonymous: bool = False
    is_child: bool = False
    detained_person_ref: ShortText | None = None
    represented_by: Representative | None = None
    # issue 18: how to reach them when they have no email, and what they need to read it
    address: PostalAddress | None = None
    prefers: LetterChannel | None = None
    needs: Needs = Field(default_factory=Needs)

    @model_validator(mode="after")
    def _named_unless_anonymous(self) -> Complainant:
        if not self.anonymous and not self.name:
            raise ValueError("name is required unless the complainant is anonymous")
        return self


class Consent(_Model):
    imb_copy: bool = False
    share_with_provider: bool = False


class Aspect(_Model):
    """One point of complaint (seed 002: "a clear response to each of their points of
    complaint"); ``outcome_sought``: what the complainant wants done about this point."""

    kind: AspectKind
    text: Text
    officers_named: list[ShortText] = Field(default_factory=list)
    outcome_sought: Text | None = None


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

    partner_ref: Annotated[str, StringConstraints(pattern=PARTNER_REF_PATTERN)]
    procedure: Annotated[str, StringConstraints(pattern=PROCEDURE_PATTERN)]
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
    # issue 19 (seed 004: "record the action or outcome expected by the complainant")
    outcome_sought: Text | None = None


def received_day(submission: Submission) -> date:
    """The calendar day of receipt in UK local time (day 0 of the clocks)."""
    from zoneinfo import ZoneInfo

    return submission.received_at.astimezone(ZoneInfo("Europe/London")).date()


__all__ = [
    "AT_INTAKE",
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
