"""The field types every part of a procedure file shares (see `procedures.schema`).

`Strict` is the base of every part (unknown keys refused, frozen); `TimescaleField` reads
"20 working days", "12 weeks", "3 calendar months", "immediately" or a mapping as a
`common.timescales.Timescale`; `Source` cites the seed paragraph a rule comes from;
`Name` is a rule, stage or clock name.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from common.timescales import Timescale, Unit

_UNITS = {
    "working day": Unit.WORKING_DAYS,
    "week": Unit.WEEKS,
    "calendar month": Unit.CALENDAR_MONTHS,
}
_SHORTHAND = re.compile(r"^\s*(-?\d+)\s+(working day|week|calendar month)s?\s*$")


def _timescale(value: Any) -> Any:
    """Accept "20 working days", "12 weeks", "3 calendar months", "immediately" or a mapping."""
    if isinstance(value, str):
        if value.strip() in ("immediately", "immediate"):
            return {"amount": 0, "unit": Unit.IMMEDIATE}
        match = _SHORTHAND.match(value)
        if match is None:
            raise ValueError(
                f"{value!r} is not a timescale; write e.g. '20 working days', '12 weeks', "
                "'3 calendar months' or 'immediately'"
            )
        value = {"amount": int(match[1]), "unit": _UNITS[match[2]]}
    if isinstance(value, dict) and isinstance(value.get("amount"), int) and value["amount"] < 0:
        raise ValueError(f"amount must not be negative (got {value['amount']})")
    return value


TimescaleField = Annotated[Timescale, BeforeValidator(_timescale)]
Source = Annotated[str, Field(min_length=3, description="the seed paragraph, e.g. 'seed 004 ...'")]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
