"""Retention: how long a finished file is kept, per procedure, and what happens then.

Periods and actions are configuration (`RecordsSettings.retention`), as seed 003 asks:
files are "retained in line with the organisation's data retention policies". The clock
starts when the file stops being worked (closed, or merged into another case); a file
still being worked never expires. Anonymising or erasing keeps the statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from common.workdays import add_months

Disposal = Literal["anonymise", "erase"]


class RetentionRule(BaseModel):
    """Keep a finished file ``years`` after it closed, then ``action`` it."""

    years: int = Field(default=6, ge=0, le=100)
    action: Disposal = "anonymise"


@dataclass(frozen=True)
class Expired:
    case_ref: str
    procedure: str
    closed_on: date
    expires_on: date
    action: Disposal


def expires_on(closed_on: date, rule: RetentionRule) -> date:
    return add_months(closed_on, 12 * rule.years)


def expired(
    files: list[tuple[str, str, date | None, str | None]],
    rules: dict[str, RetentionRule],
    default: RetentionRule,
    as_of: date,
) -> list[Expired]:
    """Of ``(case_ref, procedure, closed_on, data_protection)``, those due for disposal:
    past their period and not already disposed of as the rule says (an anonymised file
    may still be due for erasure)."""
    out = []
    for ref, procedure, closed_on, done in files:
        if closed_on is None:
            continue
        rule = rules.get(procedure, default)
        ends = expires_on(closed_on, rule)
        finished = done == "erased" or (done == "anonymised" and rule.action == "anonymise")
        if ends <= as_of and not finished:
            out.append(Expired(ref, procedure, closed_on, ends, rule.action))
    return sorted(out, key=lambda e: (e.expires_on, e.case_ref))
