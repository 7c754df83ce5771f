"""The partner Submission: what a partner agency publishes on `intake` (CONTRACTS.md)."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

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

if TYPE_CHECKING:
    from common.contracts.events import FieldError

# Limits on a raw body, whatever its fields (issue 12): checked before the body is
# validated, so a hostile body is refused with reasons instead of crashing the store.
# A MongoDB document is at most 16 MiB and 100 levels deep (the stored event wraps the
# submission in a few more), BSON keys are C strings (no NUL), integers are 64-bit and
# text must be encodable as UTF-8; keys starting with ``$`` or holding ``.`` are
# operators and paths to the store.
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32
MAX_STRING_LENGTH = 20_000
MAX_KEY_LENGTH = 200
MAX_ITEMS = 1_000
# Values (objects, lists, strings, numbers...) in a whole body (issue 21): a complete
# submission has a few hundred; the cap bounds every later walk of the body whatever its
# shape, so one message cannot hold intake for everyone.
MAX_VALUES = 10_000
MAX_BODY_ERRORS = 20
INT64 = (-(2**63), 2**63 - 1)
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


def _shown(key: str) -> str:
    """A key as it can be named in a reply: ASCII-escaped, cut short, ``""`` if empty."""
    shown = json.dumps(key)[1:-1] or '""'
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON)
        return False
    return True


def body_errors(body: Any) -> list[FieldError]:
    """Every way ``body`` breaks the limits on any submission, whatever its fields: a JSON
    object, at most `MAX_DEPTH` deep and `MAX_BODY_BYTES` long, at most `MAX_VALUES`
    values, keys without NUL, ``$`` or ``.``, strings of valid Unicode up to
    `MAX_STRING_LENGTH`, 64-bit integers, finite numbers, at most `MAX_ITEMS` items in a
    list or object. Never raises (no recursion); stops at `MAX_BODY_ERRORS` errors, at
    the first value over `MAX_VALUES` and once the text seen exceeds `MAX_BODY_BYTES`, so
    its work is bounded whatever the body.
    """
    if not isinstance(body, dict):
        return [_err("(body)", "object", "the body must be a JSON object")]
    errors: list[FieldError] = []
    stack: list[tuple[str, Any, int]] = [("", body, 1)]
    values = chars = 0
    while stack and len(errors) < MAX_BODY_ERRORS:
        path, value, depth = stack.pop()
        here = path or "(body)"
        values += 1
        if values > MAX_VALUES:
            return [_err("(body)", "max-values", f"more than {MAX_VALUES} values in the body")]
        if chars > MAX_BODY_BYTES:
            break  # measured exactly below
        if isinstance(value, dict | list) and depth > MAX_DEPTH:
            errors.append(_err(here, "max-depth", f"nested deeper than {MAX_DEPTH} levels"))
            continue
        if isinstance(value, dict):
            if len(value) > MAX_ITEMS:
                errors.append(_err(here, "max-items", f"more than {MAX_ITEMS} fields"))
                continue
            children = []
            for key, item in value.items():
                if not isinstance(key, str):
                    errors.append(_err(here, "key-type", "every key must be a string"))
                    continue
                chars += len(key)
                name = f"{path}.{_shown(key)}" if path else _shown(key)
                problem = _key_problem(key)
                if problem:
                    errors.append(_err(name, problem[0], problem[1]))
                    continue
                children.append((name, item, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                errors.append(_err(here, "max-items", f"more than {MAX_ITEMS} items"))
                continue
            stack.extend(
                (f"{here}[{i}]", item, depth + 1) for i, item in reversed(list(enumerate(value)))
            )
        elif isinstance(value, str):
            chars += len(value)
            if len(value) > MAX_STRING_LENGTH:
                errors.append(
                    _err(here, "max-length", f"longer than {MAX_STRING_LENGTH} characters")
                )
            elif not _utf8(value):
                errors.append(_err(here, "unicode", "holds a lone surrogate, not valid Unicode"))
        elif isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, int):
            if not INT64[0] <= value <= INT64[1]:
                errors.append(_err(here, "int64", "integers must fit in 64 bits"))
        elif isinstance(value, float):
            if not math.isfinite(value):
                errors.append(_err(here, "finite", "numbers must be finite (no NaN, Infinity)"))
        else:
            errors.append(_err(here, "json-type", f"not a JSON value: {type(value).__name__}"))
    if errors:
        return errors[:MAX_BODY_ERRORS]
    size = _encoded_size(body)
    if size > MAX_BODY_BYTES:
        return [_err("(body)", "max-size", f"{size} bytes, more than {MAX_BODY_BYTES}")]
    return []


def _encoded_size(body: dict[str, Any]) -> int:
    try:
        return len(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate past the point the walk stopped at
        return len(json.dumps(body).encode())


def _key_problem(key: str) -> tuple[str, str] | None:
    if "\x00" in key:
        return "key-nul", "a field name may not contain a NUL byte"
    if key.startswith("$"):
        return "key-dollar", "a field name may not start with '$'"
    if "." in key:
        return "key-dot", "a field name may not contain '.'"
    if not key:
        return "key-empty", "a field name may not be empty"
    if len(key) > MAX_KEY_LENGTH:
        return "key-length", f"a field name is at most {MAX_KEY_LENGTH} characters"
    if not _utf8(key):
        return "unicode", "a field name holds a lone surrogate, not valid Unicode"
    return None


def _err(field: str, rule: str, message: str) -> FieldError:
    from common.contracts.events import FieldError  # events imports this module

    return FieldError(field=field, rule=rule, message=message)


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
    "body_errors",
    "datetime",
    "received_day",
]
