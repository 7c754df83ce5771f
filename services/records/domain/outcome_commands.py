"""The commands on a strand's outcomes record (`outcomes.CaseOutcomes`), who gives them
and what each did, in words for the file's audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar


@dataclass(frozen=True, kw_only=True)
class OutcomeCommand:
    """A command on the outcomes record; ``action`` is its access rule's action."""

    action: ClassVar[str] = ""


@dataclass(frozen=True)
class Acting:
    """Who acts, on which day, on a case at which stage and status; ``limits``: the
    financial remedy each role may approve (`RecordsSettings.remedy_limits`)."""

    actor: str
    role: str
    today: date
    stage: str
    status: str
    limits: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Done:
    """What a command did: a name for the history (``outcome.<what>``), words, detail."""

    what: str
    summary: str
    detail: dict[str, Any] = field(default_factory=dict)
