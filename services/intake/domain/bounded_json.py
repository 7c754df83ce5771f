"""A partner's raw body read under a budget (issue 21): one message cannot hold intake.

`read_body` refuses a body longer than `MAX_BODY_BYTES` from its length alone, without
decoding it; otherwise it decodes it with the standard library's C decoder, counting as
it goes: every object, as the decoder completes it, is checked against `MAX_ITEMS` and
the running count of values against `MAX_VALUES`, and the decoding stops at the first
object over either. What the decoder cannot count (depth, list lengths, strings, key
names, numbers) `body_errors` checks next, in one iterative pass that is itself bounded;
only then does anything else walk the body. Pure: bytes in, a dict or
`InvalidSubmission` naming ``(body)`` out.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from common.contracts import FieldError
from common.contracts.body_limits import MAX_BODY_BYTES, MAX_ITEMS, MAX_VALUES
from services.intake.domain.submissions import InvalidSubmission


class _OverBudget(Exception):  # noqa: N818 - raised inside the decoder to stop it
    def __init__(self, rule: str, message: str):
        self.error = FieldError(field="(body)", rule=rule, message=message)


class _Budget:
    """The decoder's ``object_pairs_hook``: counts each object and its members."""

    def __init__(self) -> None:
        self.values = 1  # the body itself

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len(pairs) > MAX_ITEMS:
            raise _OverBudget("max-items", f"an object with more than {MAX_ITEMS} fields")
        self.values += len(pairs)
        if self.values > MAX_VALUES:
            raise _OverBudget("max-values", f"more than {MAX_VALUES} values in the body")
        return dict(pairs)


def read_body(raw: bytes) -> dict[str, Any]:
    """``raw`` as a JSON object within the limits the decoder can count; raises
    `InvalidSubmission` naming ``(body)`` and the rule otherwise."""
    if len(raw) > MAX_BODY_BYTES:
        _refuse("max-size", f"{len(raw)} bytes, more than {MAX_BODY_BYTES}")
    if not raw.strip():
        _refuse("json", "the body is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _refuse("utf-8", f"not UTF-8: {exc}"[:300])
    try:
        body = json.loads(text, object_pairs_hook=_Budget())
    except _OverBudget as exc:
        raise InvalidSubmission([exc.error]) from None
    except RecursionError:
        _refuse("max-depth", "the JSON is nested too deep")
    except ValueError as exc:  # not JSON, an integer with too many digits
        _refuse("json", str(exc)[:300])
    if not isinstance(body, dict):
        _refuse("object", "the body must be a JSON object")
    return body


def _refuse(rule: str, message: str) -> NoReturn:
    raise InvalidSubmission([FieldError(field="(body)", rule=rule, message=message)])
