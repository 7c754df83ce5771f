"""An in-memory case file and routed strands for the records domain's unit tests.

The deadlines service runs beside the file (`DeadlinesFeed`, its real handlers on an
in-memory store): it hears the routing and every lifecycle event a command emits, and what
it emits (``deadline.set``...) is filed as records files it. So the targets a test reads
are the deadlines service's dates, never a twin computed by records.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import procedures
from common.bus import Outgoing
from common.clock import FixedClock
from common.contracts import Event, parse_event
from common.contracts.events import CaseRouted
from common.contracts.submission import Complainant
from common.outbox import OutboxRelay
from common.storage import open_store
from common.workdays import calendar_for
from services.deadlines.adapters.documents import DOCUMENTS as DEADLINE_DOCUMENTS
from services.deadlines.adapters.documents import StrandClocks
from services.deadlines.handlers import DeadlineHandlers
from services.records.domain import casefile
from services.records.domain.casework import execute
from services.records.domain.commands import Command
from services.records.domain.model import Context

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


class DeadlinesFeed:
    """The deadlines service's handlers on an in-memory store, heard synchronously."""

    def __init__(self) -> None:
        self.store = open_store("memory://", DEADLINE_DOCUMENTS, service="deadlines")
        self.clock = FixedClock(NOW)
        self.sent: list[Outgoing] = []
        relay = OutboxRelay(self, self.store, [StrandClocks])  # type: ignore[arg-type]
        self.handlers = DeadlineHandlers(
            store=self.store, clock=self.clock, relay=relay, calendar_for=calendar_for
        )

    async def publish(self, msg: Outgoing) -> None:
        self.sent.append(msg)

    def on(self, day: date) -> None:
        """Move its clock on to ``day`` (never back: later facts must stay later)."""
        self.clock.at = max(self.clock.at, datetime(day.year, day.month, day.day, 10, tzinfo=UTC))

    def hear(self, event: Event, message_id: str) -> list[tuple[Event, str]]:
        """What the deadlines service emits on hearing ``event``, with the message ids."""
        before = len(self.sent)
        body = event.model_dump(mode="json")
        asyncio.run(self.handlers.on_event(event.routing_key, body, message_id))
        return [(parse_event(m.routing_key, m.body), m.message_id) for m in self.sent[before:]]


def file_deadlines(case: FakeCase, event: Event, message_id: str) -> None:
    """Let the deadlines service hear ``event`` and file what it answers on ``case``."""
    if case.feed is None:
        return
    for answer, answer_id in case.feed.hear(event, message_id):
        casefile.apply(case, answer, message_id=answer_id, calendar_for=calendar_for)


@dataclass
class FakeCase:
    """Every field `CaseLike` names, as plain attributes."""

    id: str = "CHI-2026-000001/1"
    reference: str = "CHI-2026-000001"
    strand: int | None = 1
    strands_total: int = 1
    procedure: str = ""
    stage: str | None = None
    category: str | None = None
    owner: str | None = None
    status: str = "pending"
    nation: str | None = None
    received_on: date | None = None
    subject: str | None = None
    confidential: bool = False
    partner_id: str | None = None
    opened_at: datetime | None = None
    clocks: dict[str, Any] = field(default_factory=dict)
    letters: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    breached: bool = False
    next_due: date | None = None
    calendar: str | None = None
    complainant: dict[str, Any] = field(default_factory=dict)
    aspects: list[dict[str, Any]] = field(default_factory=list)
    officer: str | None = None
    independent_person: str | None = None
    seq: int = 0
    resume_to: str | None = None
    stages: list[dict[str, Any]] = field(default_factory=list)
    suspensions: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    restrictions: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    eligibility: dict[str, Any] = field(default_factory=dict)
    merged_into: str | None = None
    merged_from: list[str] = field(default_factory=list)
    closed_on: date | None = None
    data_protection: str | None = None
    feed: DeadlinesFeed | None = field(default=None, compare=False, repr=False)


def routed(
    procedure: str,
    stage: str,
    *,
    received_on: date = date(2026, 11, 2),
    officers: tuple[str, ...] = (),
    is_child: bool = False,
    confidential: bool = False,
    child_protection: bool = False,
    deadlines: bool = True,
    nation: str = "",
    clocks: tuple[str, ...] = (),
) -> FakeCase:
    """A strand just routed at ``stage``, filed as records files it, with the deadlines
    service's answers filed too (``deadlines=False``: the test files them itself)."""
    prefix = procedure[:3].upper()
    case = FakeCase(id=f"{prefix}-2026-000001/1", reference=f"{prefix}-2026-000001")
    event = CaseRouted(
        reference=case.reference,
        strand=1,
        procedure=procedure,
        stage=stage,
        occurred_at=NOW,
        category="service-delivery",
        owner=procedures.get(procedure).stage(stage).owner,
        nation=nation or ("scotland" if procedure == "spso" else "england"),
        calendar={"scotland": "scotland", "northern-ireland": "northern-ireland"}.get(
            nation or ("scotland" if procedure == "spso" else "england"), "england-and-wales"
        ),
        received_on=received_on,
        subject="Missed visits",
        aspects=[{"kind": "service-delivery", "text": "x", "officers_named": list(officers)}],
        complainant=Complainant(name="Sam Child", contact="sam@example.org", is_child=is_child),
        confidential=confidential,
        partner_id="dorset",
        flags=["clock_suspended"] if child_protection else [],
        # as routing names them: the stage's clocks that are not conditional
        clocks=[n for n, c in procedures.get(procedure).stage(stage).clocks.items()
                if not c.conditional] + list(clocks),
    )
    casefile.apply(case, event, message_id="m-routed", calendar_for=calendar_for)
    if deadlines:
        case.feed = DeadlinesFeed()
        file_deadlines(case, event, "m-routed")
    return case


def ctx(case: FakeCase, today: date, actor: str = "alice") -> Context:
    return Context(
        actor=actor,
        role="central-team",
        now=NOW,
        today=today,
        procedure=procedures.get(case.procedure),
        calendar=calendar_for(case.calendar or "england-and-wales"),
    )


def run(case: FakeCase, command: Command, today: date) -> list[str]:
    """Execute ``command``, let the deadlines service hear what it emits (its answers are
    filed), and return the routing keys the command emitted."""
    emitted = execute(case, command, ctx(case, today))
    if case.feed is not None:
        case.feed.on(today)
    for e in emitted:
        file_deadlines(case, e.event, e.message_id)
    return [e.event.routing_key for e in emitted]


@dataclass(frozen=True)
class Step:
    """One command on a day, and what must follow: ``"status@stage"``, or a refusal
    ``"!ErrorType: words in its message"`` after which the file must be unchanged."""

    command: Command
    on: date
    expect: str


def run_scenario(case: FakeCase, steps: list[Step]) -> FakeCase:
    for i, step in enumerate(steps):
        where = f"step {i + 1} ({type(step.command).__name__} on {step.on})"
        if step.expect.startswith("!"):
            kind, _, words = step.expect[1:].partition(": ")
            before = (case.status, case.stage, len(case.history), case.seq, list(case.stages))
            try:
                run(case, step.command, step.on)
            except Exception as exc:  # noqa: BLE001 - checked by name just below
                assert type(exc).__name__ == kind, f"{where}: {type(exc).__name__}: {exc}"
                assert words in str(exc), f"{where}: {words!r} not in {exc}"
            else:
                raise AssertionError(f"{where}: expected {kind}, got {case.status}")
            after = (case.status, case.stage, len(case.history), case.seq, list(case.stages))
            assert after == before, f"{where}: a refused command changed the file"
            continue
        run(case, step.command, step.on)
        status, _, stage = step.expect.partition("@")
        assert (case.status, case.stage) == (status, stage or case.stage), where
    return case
