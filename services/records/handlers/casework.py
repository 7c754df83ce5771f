"""Records use cases for people's commands: check the caller, apply the command once per
request id, write the file and its events atomically, record the access, publish.

Every attempt is in the access log: allowed, denied (role), refused (lifecycle or rule)
or invalid (a field), with who and when. The file's own history names who did what.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from common.access.policy import CaseFacts, can_act, can_manage_data
from common.auth import Caller
from common.bus import Outgoing
from common.clock import Clock
from common.contracts.events import case_ref
from common.logs import log_context
from common.outbox import Applied, OutboxRelay, apply_once
from common.storage import Store, run_sync
from common.workdays import Calendar
from services.records.adapters.audit import ALLOWED, DENIED, INVALID, REFUSED, AuditLog
from services.records.adapters.documents import CaseFile, ComplaintFile
from services.records.domain import privacy
from services.records.domain.casework import execute
from services.records.domain.commands import (
    Command,
    EraseOrRedact,
    Merge,
    RedactMode,
    Restrict,
    RestrictOp,
)
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.lifecycle import ACTIVE, Action
from services.records.handlers.emit import context, outgoing
from services.records.handlers.reach import spread

log = logging.getLogger(__name__)


class NoSuchCase(LookupError):
    """No case file with that reference (NOT_FOUND)."""


class NotAllowed(PermissionError):
    """The caller's role may not do this to this case (PERMISSION_DENIED)."""


@dataclass
class Result:
    """The case after a command, whether the request was a repeat, the events emitted."""

    case: CaseFile
    duplicate: bool
    events: list[str] = field(default_factory=list)


class CaseWork:
    """The use case behind every CaseService command."""

    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        relay: OutboxRelay,
        audit: AuditLog,
        calendar_for: Callable[[str], Calendar],
    ):
        self._store, self._clock, self._relay, self._audit = store, clock, relay, audit
        self._calendar_for = calendar_for

    async def run(self, caller: Caller, ref: str, command: Command, request_id: str) -> Result:
        """Apply ``command`` to case ``ref`` for ``caller``, once per ``request_id``."""
        action = str(command.action)
        doc = await load_case(self._store, ref)
        if doc is None:
            blank = can_act(caller, command.action, CaseFacts())
            if blank[0] and isinstance(command, EraseOrRedact):
                blank = can_manage_data(caller)
            raise missing_case(ref, blank)
        ref = doc.id
        with log_context(reference=ref):
            allowed, why = can_act(caller, command.action, CaseFacts.of(doc))
            if allowed and isinstance(command, EraseOrRedact):
                allowed, why = can_manage_data(caller)
            if not allowed:
                await self._audit.record(caller, [ref], action, DENIED, why)
                raise NotAllowed(why)
            key = f"cmd:{request_id or uuid.uuid4().hex}"
            try:
                if isinstance(command, Merge):
                    await self._check_merge_target(doc, command)
                applied = await run_sync(self._apply, caller, ref, command, key)
                result = Result(
                    applied.doc, applied.duplicate, [m.routing_key for m in applied.emitted]
                )
                if isinstance(command, Merge):
                    await run_sync(self._absorb, caller, command, ref, key)
                if isinstance(command, EraseOrRedact):
                    await run_sync(self._scrub_complaint, result.case, command)
            except Refusal as exc:
                await self._audit.record(caller, [ref], action, REFUSED, str(exc))
                raise
            except InvalidField as exc:
                await self._audit.record(caller, [ref], action, INVALID, str(exc))
                raise
            detail = (
                "repeat of an applied request" if result.duplicate else ", ".join(result.events)
            )
            await self._audit.record(caller, [ref], action, ALLOWED, detail)
            await self._relay.publish(CaseFile, ref, applied)
            if isinstance(command, Restrict) and command.op is RestrictOp.IMPOSE:
                await self._spread(caller, result.case, key)
            return result

    async def _spread(self, caller: Caller, doc: CaseFile, key: str) -> None:
        """The person's other open cases are restricted too (`reach.spread`)."""

        def context_of(target: CaseFile):  # type: ignore[no-untyped-def]
            return context(
                target, actor=caller.sub, role=str(caller.role), clock=self._clock,
                calendar_for=self._calendar_for,
            )  # fmt: skip

        for other in await run_sync(spread, self._store, doc, key, context_of):
            await self._relay.publish(CaseFile, other.doc.id, other)

    def _apply(self, caller: Caller, ref: str, command: Command, key: str) -> Applied[CaseFile]:
        def decide(doc: CaseFile) -> list[Outgoing]:
            ctx = context(
                doc,
                actor=caller.sub,
                role=str(caller.role),
                clock=self._clock,
                calendar_for=self._calendar_for,
            )
            return outgoing(doc, execute(doc, command, ctx))

        return apply_once(self._store, CaseFile, ref, key, decide)

    async def _check_merge_target(self, doc: CaseFile, command: Merge) -> None:
        target = await load_case(self._store, command.into)
        if target is None:
            raise InvalidField("into", f"no case {command.into!r}")
        if target.id == doc.id:
            raise InvalidField("into", "a case cannot be merged into itself")
        if target.procedure != doc.procedure:
            raise InvalidField(
                "into", f"{target.id} runs under {target.procedure}, not {doc.procedure}"
            )
        if target.status not in ACTIVE:
            raise Refusal(f"{target.id} is {target.status}: merge only into a case being worked")

    def _absorb(self, caller: Caller, command: Merge, source: str, key: str) -> None:
        """The case that carries on notes what was merged into it (one response for all)."""

        def decide(doc: CaseFile) -> list[Outgoing]:
            doc.merged_from = [*doc.merged_from, source]
            doc.history = [
                *doc.history,
                {
                    "at": self._clock.now(),
                    "type": "file.merged-in",
                    "summary": f"{source} merged into this case: one investigation, one response",
                    "actor": caller.sub,
                    "role": str(caller.role),
                    "message_id": key,
                    "data": {"from": source, "reason": command.reason},
                },
            ]
            return []

        apply_once(self._store, CaseFile, command.into, f"{key}:absorb", decide)

    def _scrub_complaint(self, case: CaseFile, command: EraseOrRedact) -> None:
        """The complaint as received loses the same personal data; when anonymising or
        erasing, only once no strand of it still needs it."""
        if command.mode is RedactMode.REDACT:
            items: tuple[str, ...] | None = command.items
        else:
            where = {"reference": case.reference, "id__ne": case.id}
            others = self._store.find(CaseFile, where)
            if any(not o.data_protection for o in others):
                return
            items = None

        def decide(doc: ComplaintFile) -> list[Outgoing]:
            doc.submission = privacy.scrub_submission(doc.submission or {}, items)
            if items is None:
                doc.data_protection = str(command.mode) + "d"
            return []

        try:
            apply_once(self._store, ComplaintFile, case.reference, None, decide)
        except LookupError:
            log.info("no complaint file for %s", case.reference)


def missing_case(ref: str, blank: tuple[bool, str]) -> NoSuchCase | NotAllowed:
    """The error for a reference with no case, given the caller's access to a case that is
    not theirs (``blank``: the check's answer for an empty `CaseFacts`). NOT_FOUND only for
    those who could see such a case (central team, auditors); everyone else gets the same
    PERMISSION_DENIED, with the same reason, as for an existing case they may not see, so
    a refused caller cannot learn which references exist."""
    allowed, why = blank
    return NoSuchCase(f"no case {ref!r}") if allowed else NotAllowed(why)


async def load_case(store: Store, ref: str) -> CaseFile | None:
    """A case by its strand reference, or a complaint reference's first strand."""

    def load() -> CaseFile | None:
        doc = store.get(CaseFile, ref)
        if doc is None and ref and "/" not in ref:
            doc = store.get(CaseFile, case_ref(ref, 1))
        return doc

    return await run_sync(load)


__all__ = [
    "Action", "CaseWork", "NoSuchCase", "NotAllowed", "Result", "load_case", "missing_case",
]  # fmt: skip
