"""One point of complaint as notifications holds it, and the aspects a referral carries."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.contracts.events import CaseReferred, Event
from common.contracts.recipients import Recipient


def normalise_token(value: str) -> str:
    """``"Serious misconduct"`` / ``serious_misconduct`` -> ``serious-misconduct``."""
    return re.sub(r"[\s_]+", "-", value.strip().lower().replace("'", ""))


class AspectView(BaseModel):
    """One point of complaint as this strand holds it."""

    model_config = ConfigDict(frozen=True)

    kind: str
    text: str = ""
    officers_named: tuple[str, ...] = ()
    index: int | None = None  # its place in the submission's aspects, when routing gave it
    outcome_sought: str = ""  # what the complainant wants done about this point


class HeldLetter(BaseModel):
    """A recipient's letter held until the provider release is confirmed (children seed
    004), with the aspects its referral carried."""

    model_config = ConfigDict(frozen=True)

    recipient: Recipient
    aspects: tuple[AspectView, ...] | None = None
    trigger: str  # the referral it came with: case reference and rule


def aspect_view(raw: dict[str, Any]) -> AspectView:
    officers = raw.get("officers_named") or ()
    index = raw.get("index")
    return AspectView(
        kind=normalise_token(str(raw.get("kind", "other"))),
        text=str(raw.get("text", "")),
        officers_named=tuple(str(name) for name in officers),
        index=index if isinstance(index, int) else None,
        outcome_sought=str(raw.get("outcome_sought") or ""),
    )


def referred_aspects(event: Event) -> tuple[AspectView, ...] | None:
    """The aspects a referral carries, if routing sent them (``aspects`` on the event)."""
    raw = event.aspects if isinstance(event, CaseReferred) else None
    if not raw:
        return None
    return tuple(aspect_view(a) for a in raw if isinstance(a, dict))
