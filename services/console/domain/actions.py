"""The casework forms: the actions ``complaints case`` offers, each the CaseService call
it makes and the fields it asks for. A form's data becomes the call's request fields, or
an error naming the field and its rule. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.console.domain.dates import parse_day


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | date | choice | lines
    required: bool = False
    choices: tuple[str, ...] = ()
    hint: str = ""
    request_field: str = ""  # when the request calls it otherwise

    @property
    def target(self) -> str:
        return self.request_field or self.name


@dataclass(frozen=True)
class Action:
    name: str  # as the case's allowed_actions names it
    title: str
    rpc: str
    request: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    also_allowed_as: tuple[str, ...] = ()


NOTE = Field("note", "Note for the file")
ON = Field("on", "On (the day it happened)", "date", hint="leave empty for today")
ACTIONS: tuple[Action, ...] = (
    Action("acknowledge", "Acknowledge", "Acknowledge", "AcknowledgeRequest", (NOTE, ON)),
    Action(
        "assign-officer",
        "Assign an officer",
        "AssignOfficer",
        "AssignOfficerRequest",
        (
            Field("officer", "Investigating officer", required=True),
            Field("independent_person", "Independent person", hint="children's stage 2"),
        ),
    ),
    Action(
        "extend",
        "Extend a clock",
        "Extend",
        "ExtendRequest",
        (
            Field("to", "New target date", "date", required=True),
            Field("reason", "Reason (agreed with the complainant?)", required=True),
            Field("clock", "Clock", hint="leave empty for the stage's response clock"),
        ),
    ),
    Action(
        "suspend",
        "Suspend",
        "Suspend",
        "SuspendRequest",
        (Field("reason", "Reason", required=True), ON),
    ),
    Action("resume", "Resume", "Resume", "ResumeRequest", (NOTE, ON)),
    Action(
        "respond",
        "Record the response",
        "RecordResponse",
        "RecordResponseRequest",
        (
            Field("outcome", "Outcome", "choice", True, ("upheld", "partly", "not-upheld")),
            Field("summary", "The response in a sentence", required=True),
            Field("agreed_actions", "Agreed actions", "lines", hint="one a line"),
            ON,
        ),
    ),
    Action(
        "escalate",
        "Escalate to the next stage",
        "Escalate",
        "EscalateRequest",
        (
            Field("reason", "Reason"),
            Field("late_reason", "Why a late request is accepted"),
            Field("on", "Asked on", "date", hint="leave empty for today"),
        ),
    ),
    Action(
        "close",
        "Close",
        "Close",
        "CloseRequest",
        (Field("reason", "Reason", hint="needed if it was never answered"),),
    ),
    Action(
        "restrict",
        "Restrict contact",
        "Restrict",
        "RestrictRequest",
        (
            Field(
                "op",
                "Operation",
                "choice",
                False,
                ("impose", "appeal", "decide-appeal", "review", "lift"),
            ),
            Field(
                "kind",
                "Kind",
                "choice",
                False,
                ("", "contact-method", "named-contact", "frequency", "access-to-procedure"),
            ),
            Field("reasons", "Reasons", "lines", hint="one a line"),
            Field("review_on", "Review on", "date"),
            Field("approved_by", "Approved by", hint="needed to restrict access"),
            Field("restriction_id", "Restriction id", hint="all but impose"),
            Field("outcome", "Outcome", hint="appeal: upheld | dismissed; review: continue | lift"),
            NOTE,
        ),
    ),
)
BY_NAME = {a.name: a for a in ACTIONS}


class FormError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def offered(allowed_actions: list[str]) -> list[Action]:
    """The forms to show: the actions the case allows now (the service says which)."""
    allowed = set(allowed_actions)
    return [a for a in ACTIONS if a.name in allowed or set(a.also_allowed_as) & allowed]


def request_fields(action: Action, form: dict[str, Any]) -> dict[str, Any]:
    """The request's fields from a submitted form, or `FormError` (the first rule broken)."""
    out: dict[str, Any] = {}
    for f in action.fields:
        raw = str(form.get(f.name, "")).strip()
        if f.required and not raw:
            raise FormError(f.name, f"{f.label} is required")
        if not raw:
            continue
        if f.kind == "date" and parse_day(raw) is None:
            raise FormError(f.name, f"{f.label}: a date as YYYY-MM-DD, e.g. 2026-12-31")
        if f.kind == "choice" and raw not in f.choices:
            raise FormError(f.name, f"{f.label}: one of {', '.join(c for c in f.choices if c)}")
        if len(raw) > 2000:
            raise FormError(f.name, f"{f.label}: at most 2000 characters")
        if f.kind == "lines":
            out[f.target] = [line.strip() for line in raw.splitlines() if line.strip()]
        else:
            out[f.target] = raw
    return out
