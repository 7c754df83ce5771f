"""Checks that make a submission unroutable, each reported as a `FieldError` (field, rule).

`Submission` has already checked types; these are the checks that need the procedure: is it
known and open to partners, does it serve the nation, do the dates make sense, are the
aspect kinds and the extra fields (flags, see `procedures.flags`) ones it acts on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from common.contracts.events import FieldError
from common.contracts.submission import Submission
from procedures.flags import FLAGS, FlagSpec
from procedures.schema import Procedure


def _error(field: str, rule: str, message: str) -> FieldError:
    return FieldError(field=field, rule=rule, message=message)


def procedure_errors(name: str, procedures: dict[str, Procedure]) -> list[FieldError]:
    """The procedure must exist and be one partners submit to (not good practice)."""
    if name not in procedures:
        known = ", ".join(sorted(p for p, v in procedures.items() if v.submittable))
        return [
            _error("procedure", "known-procedure", f"unknown procedure {name!r}; known: {known}")
        ]
    procedure = procedures[name]
    if not procedure.submittable:
        users = sorted(p for p, v in procedures.items() if name in v.includes)
        return [
            _error(
                "procedure",
                "submittable-procedure",
                f"{name!r} is good practice applied on top of {', '.join(users)}; "
                "submit the complaint under one of those",
            )
        ]
    return []


def submission_errors(
    submission: Submission, procedure: Procedure, *, today: date, received_on: date
) -> list[FieldError]:
    """Nation, dates and aspect kinds against the procedure."""
    errors = []
    if submission.nation not in procedure.nations:
        served = ", ".join(str(n) for n in procedure.nations)
        errors.append(
            _error(
                "nation",
                "nation-served",
                f"{procedure.name} serves {served}, not {submission.nation} "
                f"({procedure.nations_source})",
            )
        )
    if received_on > today:
        errors.append(
            _error(
                "received_at", "not-in-future", f"received on {received_on}, after today ({today})"
            )
        )
    incident = submission.incident_date
    if incident is not None and incident > today:
        errors.append(
            _error(
                "incident_date", "not-in-future", f"incident on {incident} is after today ({today})"
            )
        )
    elif incident is not None and incident > received_on:
        errors.append(
            _error(
                "incident_date",
                "before-receipt",
                f"incident on {incident} is after the complaint was received ({received_on})",
            )
        )
    for i, aspect in enumerate(submission.aspects):
        if aspect.kind not in procedure.aspect_kinds:
            allowed = ", ".join(str(k) for k in procedure.aspect_kinds)
            errors.append(
                _error(
                    f"aspects[{i}].kind",
                    "aspect-kind-allowed",
                    f"a {aspect.kind} aspect has no route in {procedure.name} "
                    f"(allowed: {allowed}; {procedure.aspect_kinds_source})",
                )
            )
    return errors


def incident_errors(submission: Submission, procedure: Procedure) -> list[FieldError]:
    """A time limit that must be checked needs the incident date."""
    limit = procedure.time_limit
    if limit is None or not limit.required or submission.incident_date is not None:
        return []
    return [
        _error(
            "incident_date",
            "time-limit-needs-incident",
            f"{procedure.name} complaints must be made within {limit.timescale} of the "
            f"incident: give incident_date ({limit.source})",
        )
    ]


def read_flags(
    submission: Submission, procedure: Procedure
) -> tuple[dict[str, Any], list[dict[str, Any]], list[FieldError]]:
    """The submission's and each aspect's flags, and the errors in them.

    A flag that is set (true, or a non-empty value) but that the procedure does not act on is
    an error: quietly ignoring ``criminal: true`` would leave a referral unmade. Extra fields
    that are not flags at all are kept by `Submission` and ignored here.
    """
    errors: list[FieldError] = []
    top = _level(submission.model_extra or {}, "submission", "", procedure, errors)
    per_aspect = [
        _level(a.model_extra or {}, "aspect", f"aspects[{i}].", procedure, errors)
        for i, a in enumerate(submission.aspects)
    ]
    if top.get("representation_type") and procedure.representations is None:
        errors.append(
            _error(
                "representation_type",
                "representations-recorded",
                f"{procedure.name} has no route for compliments or representations",
            )
        )
    return top, per_aspect, errors


def _level(
    extra: dict[str, Any],
    level: str,
    prefix: str,
    procedure: Procedure,
    errors: list[FieldError],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in extra.items():
        spec = FLAGS.get(name)
        if spec is None or value is None:
            continue
        field = f"{prefix}{name}"
        if spec.level != level:
            where = "each aspect" if spec.level == "aspect" else "the submission"
            errors.append(_error(field, "flag-level", f"{name} belongs on {where}"))
            continue
        problem = _type_problem(spec, value)
        if problem:
            errors.append(_error(field, "flag-type", problem))
            continue
        if value and name not in procedure.flags:
            errors.append(
                _error(
                    field,
                    "flag-honoured",
                    f"{procedure.name} does not act on {name!r} ({spec.meaning}); "
                    f"it acts on: {', '.join(procedure.flags) or 'no flags'}",
                )
            )
            continue
        values[name] = value
    return values


def _type_problem(spec: FlagSpec, value: Any) -> str | None:
    if spec.kind == "bool" and not isinstance(value, bool):
        return f"{spec.name} must be true or false, not {value!r}"
    if spec.kind == "text" and not (isinstance(value, str) and 0 < len(value.strip()) <= 2000):
        return f"{spec.name} must be a non-empty text of at most 2000 characters"
    if spec.kind == "refs" and not (
        isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    ):
        return f"{spec.name} must be a list of partner references"
    if spec.kind == "choice" and value not in spec.choices:
        return f"{spec.name} must be one of {', '.join(spec.choices)}, not {value!r}"
    return None
