"""Deciding what a submission is: accepted, a duplicate, or a conflict. Pure functions."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from common.contracts import FieldError, Submission
from common.contracts.body_limits import body_errors
from common.contracts.events import ComplaintReceived, ComplaintRejected, field_errors
from common.contracts.submission import AT_INTAKE, received_day

# Dates a partner may send (issue 12): routing refuses a complaint received or incident
# after today, and an incident after receipt; intake refuses them first, before a
# reference exists, so no case is half made. Nothing predates `EARLIEST_YEAR`, and a
# receipt may run ahead of intake's clock by at most `CLOCK_SKEW` (partners' clocks).
EARLIEST_YEAR = 1900
CLOCK_SKEW = timedelta(minutes=5)

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
    body: dict[str, Any],
    *,
    partner_id: str,
    user_id: str | None,
    known_procedures: set[str],
    now: datetime | None = None,
    require_user_id: bool = False,
) -> Submission:
    """Validate a partner's body; raise `InvalidSubmission` naming every bad field.

    Every rule that can refuse a submission runs here, before a reference exists: the
    limits on any body (`body_errors`: size, depth, key names, strings), the contract,
    the known procedures and the dates (`date_errors`; those against the clock only when
    ``now`` is given). Never raises anything else, whatever the body.

    When the broker stamped a ``user_id`` (the authenticated RabbitMQ user), it must be
    the partner the routing key names: a partner can only submit as itself. RabbitMQ
    checks a ``user_id`` a publisher sets but never fills one in, so in production
    (``require_user_id``) a message without one is refused: otherwise any partner could
    publish as another by leaving it out.
    """
    shape = body_errors(body)
    if shape:
        raise InvalidSubmission(shape)
    errors: list[FieldError] = []
    if require_user_id and not user_id:
        errors.append(
            FieldError(
                field="user_id",
                rule="required",
                message="publish with user_id set to your broker user (your partner name)",
            )
        )
    if user_id and user_id != partner_id:
        errors.append(
            FieldError(
                field="user_id",
                rule="partner-mismatch",
                message=f"user {user_id!r} may not submit as {partner_id!r}",
            )
        )
    try:
        submission = Submission.model_validate(body, context={AT_INTAKE: True})
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
    errors += date_errors(submission, now=now)
    if not errors and now is not None:
        errors += routing_errors(submission, today=received_day_of(now))
    if errors:
        raise InvalidSubmission(errors)
    return submission


def routing_errors(submission: Submission, *, today: date) -> list[FieldError]:
    """What routing would refuse (flags on the wrong level or of the wrong type, aspect
    kinds the procedure does not take, a flag it does not act on...), found by routing's
    own pure decision, so that nothing is accepted and then refused once it has a
    reference. Exclusions are not refusals: an excluded complaint is accepted and answered.
    """
    from common.workdays import calendar_for
    from services.routing.domain.decision import RoutingRejected, decide

    try:
        decide(submission, today=today, calendar_for=calendar_for)
    except RoutingRejected as exc:
        return list(exc.errors)
    return []


def date_errors(submission: Submission, *, now: datetime | None) -> list[FieldError]:
    """The dates routing would refuse, and those it would crash on (year 1 or 9999 do
    not survive a change of time zone). Clock-free rules always; the rest need ``now``."""
    errors: list[FieldError] = []
    received, incident = submission.received_at, submission.incident_date
    last_year = now.year if now is not None else 9998
    received_ok = EARLIEST_YEAR <= received.year <= last_year
    if not received_ok:
        errors.append(
            _date_error(
                "received_at",
                "in-range",
                f"received_at must be in {EARLIEST_YEAR}..{last_year}, not {received.year}",
            )
        )
    if incident is not None and not EARLIEST_YEAR <= incident.year <= last_year:
        errors.append(
            _date_error(
                "incident_date",
                "in-range",
                f"incident_date must be in {EARLIEST_YEAR}..{last_year}, not {incident.year}",
            )
        )
        incident = None
    received_on = received_day(submission) if received_ok else None
    if now is not None:
        today = received_day_of(now)
        if received_ok and (received > now + CLOCK_SKEW or (received_on or today) > today):
            errors.append(
                _date_error(
                    "received_at",
                    "not-in-future",
                    f"received at {received.isoformat()}, after now ({now.isoformat()})",
                )
            )
        if incident is not None and incident > today:
            errors.append(
                _date_error(
                    "incident_date",
                    "not-in-future",
                    f"incident on {incident} is after today ({today})",
                )
            )
            incident = None
    if incident is not None and received_on is not None and incident > received_on:
        errors.append(
            _date_error(
                "incident_date",
                "before-receipt",
                f"incident on {incident} is after the complaint was received ({received_on})",
            )
        )
    return errors


def received_day_of(moment: datetime) -> date:
    """The UK calendar day of ``moment`` (as `received_day` and routing's today)."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/London")).date()


def _date_error(field: str, rule: str, message: str) -> FieldError:
    return FieldError(field=field, rule=rule, message=message)


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
