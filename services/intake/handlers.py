"""Intake use cases: a partner's submission, from AMQP or gRPC, decided once."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.bus import Outgoing
from common.clock import Clock
from common.contracts import FieldError, Submission
from common.contracts.body_limits import body_errors
from common.contracts.submission import PARTNER_REF_PATTERN, PROCEDURE_PATTERN
from common.outbox import OutboxRelay, apply_once
from common.storage import Store, run_sync
from services.intake.adapters.documents import (
    RejectionRecord,
    SubmissionRecord,
    legacy_key,
    rejection_key,
)
from services.intake.adapters.numbers import ReferenceNumbers
from services.intake.domain import submissions as rules
from services.intake.domain.fields import IgnoredField, catalogue_flags, ignored_fields
from services.intake.domain.submissions import InvalidSubmission, Verdict

log = logging.getLogger(__name__)

# How much of a refused body a RejectionRecord keeps (a store document is at most 16 MiB).
KEPT_BODY_CHARS = 256 * 1024


@dataclass(frozen=True)
class Accepted:
    reference: str
    duplicate: bool
    # Fields the partner sent that nothing reads (kept, but reported: issue 11).
    ignored_fields: tuple[IgnoredField, ...] = ()


class IntakeHandlers:
    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        relay: OutboxRelay,
        known_procedures: set[str],
        flags: Mapping[str, str] | None = None,
        refuse_near_misses: bool = False,
        require_user_id: bool = False,
    ):
        """``flags``: the routing flags, name -> level (default: the catalogue).
        ``refuse_near_misses`` (production mode): a field that is a near miss of a known
        one (``confidental``, ``legal_proceeding``) refuses the submission instead of
        being reported back as ignored: acting without it could expose a confidential
        case or skip a referral."""
        self._refuse_near_misses = refuse_near_misses
        # Production: a message the broker did not stamp with its publisher is refused.
        self._require_user_id = require_user_id
        self._store, self._clock, self._relay = store, clock, relay
        self._known = known_procedures
        self._flags = dict(catalogue_flags() if flags is None else flags)
        self._numbers = ReferenceNumbers(store)

    async def submit(
        self, *, partner_id: str, body: dict[str, Any], message_id: str, user_id: str | None
    ) -> Accepted:
        """Accept a new submission, recognise a re-send, or refuse it with reasons.

        Raises `InvalidSubmission` after the refusal (event and partner reply) is stored.
        """
        # Pure CPU work, bounded by the limits but not nothing: off the event loop that
        # serves AMQP and gRPC (health included), so other messages go on meanwhile.
        submission, ignored, errors = await asyncio.to_thread(
            self._examine, body, partner_id=partner_id, user_id=user_id
        )
        if submission is None or errors:
            await self._reject(partner_id, body, message_id, errors)
            raise InvalidSubmission(errors)
        if ignored:
            log.warning(
                "submission from %s (partner_ref %s) has fields nothing reads: %s",
                partner_id,
                submission.partner_ref,
                ", ".join(
                    f.field + (f" (did you mean {f.did_you_mean}?)" if f.did_you_mean else "")
                    for f in ignored
                ),
                extra={
                    "partner": partner_id,
                    "partner_ref": submission.partner_ref,
                    "ignored_fields": [f.field for f in ignored],
                },
            )
        reported = {"ignored_fields": [f.as_dict() for f in ignored]} if ignored else {}
        now = self._clock.now()
        fp = rules.fingerprint(submission)
        key = f"{partner_id}:{submission.partner_ref}"
        verdict: dict[str, Verdict] = {}

        def decide(doc: SubmissionRecord) -> list[Outgoing]:
            found = rules.classify(doc.fingerprint if doc.rev else None, fp)
            verdict["v"] = found
            if found is Verdict.NEW:
                series = f"{rules.reference_prefix(submission.procedure)}-{now.year}"
                doc.reference = rules.format_reference(
                    submission.procedure, now.year, self._numbers.take(series)
                )
                doc.procedure, doc.fingerprint, doc.accepted_at = (submission.procedure, fp, now)
                event = rules.received_event(
                    submission, reference=doc.reference, partner_id=partner_id, now=now
                )
                return [
                    Outgoing.event(event, message_id=f"complaint.received:{doc.reference}"),
                    Outgoing.partner_reply(
                        partner_id,
                        "accepted",
                        message_id=f"reply:{key}:accepted",
                        partner_ref=submission.partner_ref,
                        reference=doc.reference,
                        **reported,
                    ),
                ]
            if found is Verdict.DUPLICATE:
                doc.resends += 1
                return [
                    Outgoing.partner_reply(
                        partner_id,
                        "accepted",
                        message_id=f"reply:{key}:{message_id}",
                        partner_ref=submission.partner_ref,
                        reference=doc.reference,
                        duplicate=True,
                        **reported,
                    )
                ]
            doc.conflicts += 1
            error = rules.conflict_error(doc.reference)
            event = rules.rejected_event(
                [error],
                partner_id=partner_id,
                partner_ref=submission.partner_ref,
                procedure=submission.procedure,
                now=now,
                reference=doc.reference,
            )
            return [
                Outgoing.event(event, message_id=f"complaint.rejected:{partner_id}:{message_id}"),
                Outgoing.partner_reply(
                    partner_id,
                    "rejected",
                    message_id=f"reply:{key}:{message_id}",
                    partner_ref=submission.partner_ref,
                    errors=[error.model_dump()],
                ),
            ]

        applied = await run_sync(
            apply_once,
            self._store,
            SubmissionRecord,
            key,
            message_id,
            decide,
            create=lambda: SubmissionRecord(
                id=key, partner_id=partner_id, partner_ref=submission.partner_ref
            ),
        )
        await self._relay.publish(SubmissionRecord, key, applied)
        if verdict.get("v") is Verdict.CONFLICT:
            raise InvalidSubmission([rules.conflict_error(applied.doc.reference)])
        return Accepted(
            applied.doc.reference,
            duplicate=applied.duplicate or verdict.get("v") is Verdict.DUPLICATE,
            ignored_fields=ignored,
        )

    def _examine(
        self, body: dict[str, Any], *, partner_id: str, user_id: str | None
    ) -> tuple[Submission | None, tuple[IgnoredField, ...], list[FieldError]]:
        """The submission in ``body``, the fields nothing reads, and every reason to
        refuse it. The limits on any body come first (`body_errors`, one bounded pass),
        so nothing walks a body that is over them. Pure."""
        shape = body_errors(body)
        if shape:
            return None, (), shape
        ignored = tuple(ignored_fields(body, flags=self._flags))
        near = (
            [
                FieldError(
                    field=f.field,
                    rule="near-miss",
                    message=f"not a field of the contract; did you mean {f.did_you_mean!r}?",
                )
                for f in ignored
                if f.did_you_mean
            ]
            if self._refuse_near_misses
            else []
        )
        try:
            submission = rules.parse_submission(
                body,
                partner_id=partner_id,
                user_id=user_id,
                known_procedures=self._known,
                now=self._clock.now(),
                require_user_id=self._require_user_id,
            )
        except InvalidSubmission as exc:
            return None, ignored, [*exc.errors, *near]
        return submission, ignored, near

    async def refuse_unreadable(
        self, *, partner_id: str, raw: bytes, message_id: str, errors: list[FieldError]
    ) -> None:
        """A body that could not even be read (not JSON, not UTF-8, empty, not an object,
        no message id): kept and answered ``rejected`` once, like any refusal, naming
        ``(body)``. The consumer then dead-letters the original."""
        kept = raw[:KEPT_BODY_CHARS].decode("utf-8", "replace")
        await self._reject(partner_id, {}, message_id, errors, body_json=json.dumps({"raw": kept}))

    async def _reject(
        self,
        partner_id: str,
        body: dict[str, Any],
        message_id: str,
        errors: list[FieldError],
        *,
        body_json: str | None = None,
    ) -> None:
        if await run_sync(self._answered_before_keys_had_partners, partner_id, message_id):
            return
        now = self._clock.now()
        body = body if isinstance(body, dict) else {}
        partner_ref = _matching(body.get("partner_ref"), PARTNER_REF_PATTERN)
        procedure = _matching(body.get("procedure"), PROCEDURE_PATTERN) or ""
        if body_json is None:
            body_json = _kept_json(body)
        key = rejection_key(partner_id, message_id)

        def decide(doc: RejectionRecord) -> list[Outgoing]:
            doc.reasons = [e.model_dump() for e in errors]
            event = rules.rejected_event(
                errors, partner_id=partner_id, partner_ref=partner_ref, procedure=procedure, now=now
            )
            return [
                Outgoing.event(event, message_id=f"complaint.rejected:{key}"),
                Outgoing.partner_reply(
                    partner_id,
                    "rejected",
                    message_id=f"reply:rejected:{key}",
                    partner_ref=partner_ref,
                    errors=doc.reasons,
                ),
            ]

        applied = await run_sync(
            apply_once,
            self._store,
            RejectionRecord,
            key,
            message_id,
            decide,
            create=lambda: RejectionRecord(
                id=key,
                partner_id=partner_id,
                partner_ref=partner_ref,
                body_json=body_json,
                rejected_at=now,
            ),
        )
        await self._relay.publish(RejectionRecord, key, applied)

    def _answered_before_keys_had_partners(self, partner_id: str, message_id: str) -> bool:
        """Whether this partner's message was refused and answered under its bare message
        id, as intake filed rejections before issue 21: a redelivery of it is not answered
        twice across the upgrade. Blocking."""
        old = self._store.get(RejectionRecord, legacy_key(message_id))
        return old is not None and old.partner_id == partner_id and message_id in old.processed


def _matching(value: object, pattern: str) -> str | None:
    """``value`` if it is a string the contract accepts: a refused body's partner_ref is
    repeated in the reply and the record only when it is safe to store and to show."""
    return value if isinstance(value, str) and re.fullmatch(pattern, value) else None


def _kept_json(body: dict[str, Any]) -> str:
    """A refused body as kept text (ASCII JSON, cut to `KEPT_BODY_CHARS`), whatever it is."""
    try:
        text = json.dumps(body, default=str)
    except (RecursionError, ValueError, TypeError) as exc:
        return json.dumps({"unserialisable": f"{type(exc).__name__}: {exc}"[:500]})
    return text if len(text) <= KEPT_BODY_CHARS else text[:KEPT_BODY_CHARS] + "...(cut)"
