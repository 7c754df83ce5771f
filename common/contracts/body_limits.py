"""The limits on any raw body a partner sends, whatever its fields (issue 12, issue 21).

Checked before the body is validated as a `common.contracts.submission.Submission`, so a
hostile body is refused with reasons instead of crashing the store or holding intake:
`body_errors` walks it once, iteratively, and its work is bounded whatever the body.
Intake's bounded JSON reader (`services.intake.domain.bounded_json`) applies the size and
count limits while it decodes.
"""

from __future__ import annotations

import json
import math
from typing import Any

from common.contracts.field_errors import FieldError

# Limits on a raw body, whatever its fields (issue 12): checked before the body is
# validated, so a hostile body is refused with reasons instead of crashing the store.
# A MongoDB document is at most 16 MiB and 100 levels deep (the stored event wraps the
# submission in a few more), BSON keys are C strings (no NUL), integers are 64-bit and
# text must be encodable as UTF-8; keys starting with ``$`` or holding ``.`` are
# operators and paths to the store.
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32
MAX_STRING_LENGTH = 20_000
MAX_KEY_LENGTH = 200
MAX_ITEMS = 1_000
# Values (objects, lists, strings, numbers...) in a whole body (issue 21): a complete
# submission has a few hundred; the cap bounds every later walk of the body whatever its
# shape, so one message cannot hold intake for everyone.
MAX_VALUES = 10_000
MAX_BODY_ERRORS = 20
INT64 = (-(2**63), 2**63 - 1)


def _shown(key: str) -> str:
    """A key as it can be named in a reply: ASCII-escaped, cut short, ``""`` if empty."""
    shown = json.dumps(key)[1:-1] or '""'
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the JSON)
        return False
    return True


def body_errors(body: Any) -> list[FieldError]:
    """Every way ``body`` breaks the limits on any submission, whatever its fields: a JSON
    object, at most `MAX_DEPTH` deep and `MAX_BODY_BYTES` long, at most `MAX_VALUES`
    values, keys without NUL, ``$`` or ``.``, strings of valid Unicode up to
    `MAX_STRING_LENGTH`, 64-bit integers, finite numbers, at most `MAX_ITEMS` items in a
    list or object. Never raises (no recursion); stops at `MAX_BODY_ERRORS` errors, at
    the first value over `MAX_VALUES` and once the text seen exceeds `MAX_BODY_BYTES`, so
    its work is bounded whatever the body.
    """
    if not isinstance(body, dict):
        return [_err("(body)", "object", "the body must be a JSON object")]
    errors: list[FieldError] = []
    stack: list[tuple[str, Any, int]] = [("", body, 1)]
    values = chars = 0
    while stack and len(errors) < MAX_BODY_ERRORS:
        path, value, depth = stack.pop()
        here = path or "(body)"
        values += 1
        if values > MAX_VALUES:
            return [_err("(body)", "max-values", f"more than {MAX_VALUES} values in the body")]
        if chars > MAX_BODY_BYTES:
            break  # measured exactly below
        if isinstance(value, dict | list) and depth > MAX_DEPTH:
            errors.append(_err(here, "max-depth", f"nested deeper than {MAX_DEPTH} levels"))
            continue
        if isinstance(value, dict):
            if len(value) > MAX_ITEMS:
                errors.append(_err(here, "max-items", f"more than {MAX_ITEMS} fields"))
                continue
            children = []
            for key, item in value.items():
                if not isinstance(key, str):
                    errors.append(_err(here, "key-type", "every key must be a string"))
                    continue
                chars += len(key)
                name = f"{path}.{_shown(key)}" if path else _shown(key)
                problem = _key_problem(key)
                if problem:
                    errors.append(_err(name, problem[0], problem[1]))
                    continue
                children.append((name, item, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                errors.append(_err(here, "max-items", f"more than {MAX_ITEMS} items"))
                continue
            stack.extend(
                (f"{here}[{i}]", item, depth + 1) for i, item in reversed(list(enumerate(value)))
            )
        elif isinstance(value, str):
            chars += len(value)
            if len(value) > MAX_STRING_LENGTH:
                errors.append(
                    _err(here, "max-length", f"longer than {MAX_STRING_LENGTH} characters")
                )
            elif not _utf8(value):
                errors.append(_err(here, "unicode", "holds a lone surrogate, not valid Unicode"))
        elif isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, int):
            if not INT64[0] <= value <= INT64[1]:
                errors.append(_err(here, "int64", "integers must fit in 64 bits"))
        elif isinstance(value, float):
            if not math.isfinite(value):
                errors.append(_err(here, "finite", "numbers must be finite (no NaN, Infinity)"))
        else:
            errors.append(_err(here, "json-type", f"not a JSON value: {type(value).__name__}"))
    if errors:
        return errors[:MAX_BODY_ERRORS]
    size = _encoded_size(body)
    if size > MAX_BODY_BYTES:
        return [_err("(body)", "max-size", f"{size} bytes, more than {MAX_BODY_BYTES}")]
    return []


def _encoded_size(body: dict[str, Any]) -> int:
    try:
        return len(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate past the point the walk stopped at
        return len(json.dumps(body).encode())


def _key_problem(key: str) -> tuple[str, str] | None:
    if "\x00" in key:
        return "key-nul", "a field name may not contain a NUL byte"
    if key.startswith("$"):
        return "key-dollar", "a field name may not start with '$'"
    if "." in key:
        return "key-dot", "a field name may not contain '.'"
    if not key:
        return "key-empty", "a field name may not be empty"
    if len(key) > MAX_KEY_LENGTH:
        return "key-length", f"a field name is at most {MAX_KEY_LENGTH} characters"
    if not _utf8(key):
        return "unicode", "a field name holds a lone surrogate, not valid Unicode"
    return None


def _err(field: str, rule: str, message: str) -> FieldError:
    return FieldError(field=field, rule=rule, message=message)
