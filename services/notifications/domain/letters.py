"""Letters: what to send to whom (`Letter`), and the text that goes out (`render`).

Rendering is deterministic: the same letter always gives the same subject, body and
sha256. Templates live in ``services/notifications/templates/<procedure>/<name>.txt.j2``,
are rendered with `StrictUndefined` (a variable outside the context is an error, never an
empty string), and the result is anonymised (seed 003) before anything else sees it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, ConfigDict

from services.notifications.domain.anonymise import anonymise
from services.notifications.domain.errors import PlanningError, TemplateContractError

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_SUFFIX = ".txt.j2"
_SUBJECT_PREFIX = "Subject: "

# What letters quote from configuration rather than from the case (every template may use
# these names): the children's Complaints Manager, to whom seed 004's prescribed stage 2
# concluding paragraph sends a panel request. `NotificationsSettings` sets them at start.
LETTERHEAD: dict[str, str] = {
    "children_complaints_manager": "The Complaints Manager, Children's Services, Westshire "
    "Council, County Hall, Westshire, WS1 1AA",
}


def configure_letterhead(**values: str) -> None:
    """Set the configured details letters quote (`LETTERHEAD`), for every later render."""
    unknown = set(values) - set(LETTERHEAD)
    if unknown:
        raise ValueError(f"no letterhead detail {', '.join(sorted(unknown))}")
    empty = [k for k, v in values.items() if not v.strip()]
    if empty:
        raise ValueError(f"letterhead detail {', '.join(empty)} is empty")
    LETTERHEAD.update(values)
    template_environment().globals.update(values)


def idempotency_key(trigger_id: str, recipient_kind: str, address_key: str, template: str) -> str:
    """A stable key for (trigger, recipient, template): the same inputs always give the same
    key, so a redelivered event never sends a second letter. The address is part of it
    because one trigger can reach several recipients of one kind (each named officer).

    Format: ``ntf-`` + the first 32 hex digits of sha256 over the four parts joined by
    U+001F (unit separator). Hashed so that names in address keys stay out of logs.
    """
    raw = "\x1f".join((trigger_id, recipient_kind, address_key, template))
    return "ntf-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


class Letter(BaseModel):
    """One letter to one recipient, planned but not yet rendered or sent.

    ``context`` holds only what this recipient is entitled to see. ``anonymise`` lists the
    officers named in the case (their order gives "Officer A", "Officer B", ...); ``keep``
    lists names that must survive anonymisation (the complainant, the investigating officer).
    ``error`` says why this one letter could not be planned (no address, a context it
    cannot have): it is recorded as failed with that reason, and never rendered or sent,
    while the other letters of the event go as usual.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    trigger: str
    case_ref: str
    procedure: str
    recipient_kind: str
    address_key: str
    template: str
    context: dict[str, Any]
    anonymise: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    error: str | None = None

    @property
    def template_name(self) -> str:
        """The template file, relative to the templates directory."""
        return f"{self.procedure}/{self.template}{TEMPLATE_SUFFIX}"


class Attachment(BaseModel):
    """A file sent with a letter by email (a large-print PDF of it, issue 18)."""

    model_config = ConfigDict(frozen=True)

    filename: str
    media_type: str
    data: bytes


class RenderedLetter(BaseModel):
    """The text that goes out, and its sha256 (recorded in ``notification.sent``; the
    text's, whatever is attached)."""

    model_config = ConfigDict(frozen=True)

    subject: str
    body: str
    sha256: str
    attachments: tuple[Attachment, ...] = ()


def content_sha256(subject: str, body: str) -> str:
    """sha256 of ``subject``, a blank line, then ``body``, UTF-8."""
    return hashlib.sha256(f"{subject}\n\n{body}".encode()).hexdigest()


@cache
def template_environment(directory: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """The Jinja2 environment for plain-text letters (no autoescape: these are not HTML)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(LETTERHEAD)
    return env


def render(letter: Letter, *, environment: jinja2.Environment | None = None) -> RenderedLetter:
    """Render ``letter``: template, then anonymisation, then split off the subject line.

    The text is NFC-normalised, so a name is matched and sent in one form whichever form
    the case gave it in. Raises `PlanningError` for a letter that failed planning
    (``letter.error``) and `TemplateContractError` if the template is missing, uses a
    variable the context lacks, does not start with ``Subject: ``, or fails in any other
    way: never anything but a `NotificationsError`, so the sender records the failure on
    this letter and goes on with the others.
    """
    if letter.error:
        raise PlanningError(f"{letter.case_ref}: the letter could not be planned: {letter.error}")
    env = environment or template_environment()
    try:
        text = env.get_template(letter.template_name).render(**letter.context)
        text = anonymise(
            unicodedata.normalize("NFC", text),
            [unicodedata.normalize("NFC", n) for n in letter.anonymise],
            [unicodedata.normalize("NFC", n) for n in letter.keep],
        )
    except jinja2.TemplateNotFound as exc:
        raise TemplateContractError(f"no template {exc.name!r} for {letter.case_ref}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateContractError(
            f"template {letter.template_name!r} uses a variable outside its context: {exc}"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - one letter's failure must not stop the others
        raise TemplateContractError(
            f"cannot render {letter.template_name!r} for {letter.case_ref}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    first, _, rest = text.partition("\n")
    if not first.startswith(_SUBJECT_PREFIX) or not first[len(_SUBJECT_PREFIX) :].strip():
        raise TemplateContractError(
            f"template {letter.template_name!r} must start with a 'Subject: ' line"
        )
    subject = first[len(_SUBJECT_PREFIX) :].strip()
    body = _tidy(rest)
    return RenderedLetter(subject=subject, body=body, sha256=content_sha256(subject, body))


def _tidy(text: str) -> str:
    """Strip trailing spaces, collapse runs of blank lines, end with one newline."""
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"
