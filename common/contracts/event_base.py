"""The base of every domain event on the `complaints` exchange, and case references.

`Event` carries what every event has: the complaint `reference`, the `strand` (1.. for a
routed strand, None before routing), `procedure`, `stage` and `occurred_at`; unknown
fields are kept. ``case_ref``/``split_case_ref`` join and split a strand's own case
reference (``DSO-2026-000001/1``). The event families build on it: `common.contracts.events`
(intake, routing, records), `common.contracts.deadline_events`,
`common.contracts.notification_events`.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = 1


class Event(BaseModel):
    model_config = ConfigDict(extra="allow")

    routing_key: ClassVar[str] = ""
    schema_version: ClassVar[int] = SCHEMA_VERSION

    reference: str
    strand: int | None = None
    procedure: str
    stage: str | None = None
    occurred_at: datetime

    @property
    def case_ref(self) -> str:
        """The strand's own case reference, e.g. ``DSO-2026-000001/1``."""
        return case_ref(self.reference, self.strand)


def case_ref(reference: str, strand: int | None) -> str:
    return reference if strand is None else f"{reference}/{strand}"


def split_case_ref(ref: str) -> tuple[str, int | None]:
    """``DSO-2026-000001/2`` -> (``DSO-2026-000001``, 2); a bare reference has no strand."""
    head, sep, tail = ref.partition("/")
    return (head, int(tail)) if sep and tail.isdigit() else (ref, None)
