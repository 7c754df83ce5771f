"""Deciding what a submission is: accepted, a duplicate, or a conflict. Pure functions."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from common.contracts import FieldError, Submission
from common.contracts.events import ComplaintReceived, ComplaintRejected, field_errors

# Procedure -> the letters that start its references (DSO-2026-000123).
REFERENCE_PREFIX = {"dso": "DSO", "hmip": "HMIP", "spso": "SPSO", "children": "CSC"}


class Verdict(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


class InvalidSubmission(Exception):  # noqa: N818
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


def reference_prefix(procedure: str) -> str:
    return REFERENCE_PREFIX.get(procedure, procedure.upper()[:6])


def format_reference(procedure: str, year: int, number: int) -> str:
    return f"{reference_prefix(procedure)}-{year}-{number:06d}"


def parse_submission(
    body: dict[str, Any], *, partner_id: str, user_id: str | None, known_procedures: set[str]
) -> Submission:
    """Validate a partner's body; raise `InvalidSubmission` naming every bad field.

    When the broker stamped a ``user_id`` (the authenticated RabbitMQ user), it must be
    the partner the routing key names: a partner can only submit as itself.
    """
    errors: list[FieldError] = []
    if user_id and user_id != partner_id:
        errors.append(
            FieldError(
                field="user_id",
                rule="partner-mismatch",
                message=f"user {user_id!r} may not submit as {partner_id!r}",
            )
        )
    try:
        submission = Submission.model_validate(body)
    except ValidationError as exc:
        raise InvalidSubmission(errors + field_errors(exc)) from exc
    if submission.procedure not in known_procedures:
        errors.append(
            FieldError(
                field="procedure",
                rule="known-procedure",
                message=f"unknown procedure {submission.procedure!r}; "
                f"known: {', '.join(sorted(known_procedures))}",
            )
        )
    if errors:
        raise InvalidSubmission(errors)
    return submission


def fingerprint(submission: Submission) -> str:
    """A stable hash of the submission's content, to tell a re-send from a conflict."""
    canonical = json.dumps(submission.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def classify(existing_fingerprint: str | None, new_fingerprint: str) -> Verdict:
    if existing_fingerprint is None:
        return Verdict.NEW
    return Verdict.DUPLICATE if existing_fingerprint == new_fingerprint else Verdict.CONFLICT


def received_event(
    submission: Submission, *, reference: str, partner_id: str, now: datetime
) -> ComplaintReceived:
    return ComplaintReceived(
        reference=reference,
        procedure=submission.procedure,
        stage=None,
        occurred_at=now,
        partner_id=partner_id,
        partner_ref=submission.partner_ref,
        submission=submission,
    )


def rejected_event(
    errors: list[FieldError],
    *,
    partner_id: str,
    partner_ref: str | None,
    procedure: str,
    now: datetime,
    reference: str = "",
) -> ComplaintRejected:
    return ComplaintRejected(
        reference=reference,
        procedure=procedure,
        occurred_at=now,
        partner_id=partner_id,
        partner_ref=partner_ref,
        reasons=errors,
    )


def conflict_error(reference: str) -> FieldError:
    return FieldError(
        field="partner_ref",
        rule="duplicate-with-conflict",
        message=f"partner_ref was already used for {reference} with different content",
    )


def fingerprint_body(body: dict[str, Any]) -> str:
    """A stable hash of a raw body: the message id of a gRPC submission (re-sends match)."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:32]
