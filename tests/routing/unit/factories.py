"""Submissions and a weekday-only calendar for routing unit tests.

Dates: Mon 2 Mar 2026 is the default day of receipt and ``TODAY`` is Tue 3 Mar 2026. The fake
calendar counts Monday to Friday only, so holidays never matter here (the real calendars are
tested with `common.workdays`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from common.contracts.submission import Submission
from services.routing.domain.decision import RoutingDecision, decide

TODAY = date(2026, 3, 3)
RECEIVED_AT = "2026-03-02T10:00:00+00:00"  # Monday 2 March 2026, 10:00 GMT


@dataclass(frozen=True)
class FakeDue:
    due: date


class WeekdayCalendar:
    """Monday to Friday are working days; there are no holidays."""

    def __init__(self, name: str = "england-and-wales"):
        self.name = name

    def add_working_days(self, start: date, n: int) -> FakeDue:
        day = start
        while n > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return FakeDue(day)

    def working_days_between(self, a: date, b: date) -> int:
        return sum(1 for i in range(1, (b - a).days + 1) if (a + timedelta(days=i)).weekday() < 5)


def weekday_calendar_for(name: str) -> WeekdayCalendar:
    return WeekdayCalendar(name)


def aspect(kind: str, text: str | None = None, *, officers: list[str] | None = None,
           **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "text": text or f"About {kind}", "officers_named": officers or [],
            **extra}


_DEFAULT_NATION = {"dso": "england", "hmip": "england", "spso": "scotland",
                   "children": "england", "code": "england"}


def submission_dict(procedure: str, *aspects: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A valid submission body for ``procedure``; ``fields`` override or add (extra) fields."""
    body: dict[str, Any] = {
        "partner_ref": f"T-{uuid.uuid4().hex[:10]}",
        "procedure": procedure,
        "nation": _DEFAULT_NATION.get(procedure, "england"),
        "received_at": RECEIVED_AT,
        "channel": "letter",
        "complainant": {"name": "Sam Example"},
        "subject": f"A {procedure} complaint",
        "aspects": list(aspects) or [aspect("service-delivery")],
    }
    body.update(fields)
    return body


def make_submission(procedure: str, *aspects: dict[str, Any], **fields: Any) -> Submission:
    return Submission.model_validate(submission_dict(procedure, *aspects, **fields))


def route(procedure: str, *aspects: dict[str, Any], **fields: Any) -> RoutingDecision:
    """Build a submission and route it on ``TODAY`` with the weekday-only calendar."""
    return decide(make_submission(procedure, *aspects, **fields), today=TODAY,
                  calendar_for=weekday_calendar_for)


def strands_of(decision: RoutingDecision) -> list[tuple[str, str, str, str, list[int]]]:
    """(procedure, stage, category, owner, aspect indexes) per strand, in order."""
    return [(s.procedure, s.stage, s.category, s.owner, [a.index for a in s.aspects])
            for s in decision.strands]


def referrals_of(decision: RoutingDecision) -> list[tuple[str, str]]:
    return [(r.to, r.urgency) for r in decision.referrals]


def rule_names(decision: RoutingDecision) -> set[str]:
    return {r.rule for r in decision.rules}


@dataclass(frozen=True)
class Scenario:
    """One row of a procedure's scenario table, named after the seed's own words.

    ``strands`` is exact, in order: (procedure, stage, category, owner, aspect indexes).
    ``referrals`` is exact: (to, urgency). ``rules`` must all have fired, each citing a
    source; ``clocks`` and ``flags`` (per strand, in order) and ``copies`` (copy rules, in
    order) are checked when given.
    """

    id: str
    procedure: str
    aspects: tuple[dict[str, Any], ...]
    strands: tuple[tuple[str, str, str, str, list[int]], ...]
    fields: dict[str, Any] | None = None
    referrals: tuple[tuple[str, str], ...] = ()
    exclusion: str | None = None
    rules: frozenset[str] = frozenset()
    clocks: tuple[list[str], ...] | None = None
    flags: tuple[set[str], ...] | None = None
    minimal: tuple[bool, ...] | None = None
    copies: tuple[str, ...] | None = None


def check_scenario(s: Scenario) -> RoutingDecision:
    decision = route(s.procedure, *s.aspects, **(s.fields or {}))
    assert strands_of(decision) == list(s.strands)
    assert referrals_of(decision) == list(s.referrals)
    assert (decision.exclusion.rule if decision.exclusion else None) == s.exclusion
    fired = {r.rule: r for r in decision.rules}
    missing = s.rules - fired.keys()
    assert not missing, f"rules not fired: {missing}; fired: {sorted(fired)}"
    assert all(fired[name].source for name in s.rules), "every rule cites its source"
    if s.clocks is not None:
        assert [st.clocks for st in decision.strands] == list(s.clocks)
    if s.flags is not None:
        assert [set(st.flags) for st in decision.strands] == list(s.flags)
    if s.minimal is not None:
        assert tuple(st.minimal for st in decision.strands) == s.minimal
    if s.copies is not None:
        assert tuple(c.rule for c in decision.copies) == s.copies
    return decision


# A minimal valid procedure file (a made-up "tribunal", seed 009) for loader tests.
VALID_PROCEDURE: dict[str, Any] = {
    "name": "tribunal",
    "title": "A test procedure",
    "seed": "009",
    "nations": ["england"],
    "nations_source": "seed 009 §1",
    "flags": ["third_party"],
    "owners": [{"id": "team", "title": "The team", "source": "seed 009 §2"}],
    "entry_stage": "stage1",
    "stages": [
        {"name": "stage1", "title": "Stage 1", "owner": "team", "source": "seed 009 §3",
         "next_stage": "stage2",
         "transitions": [{"fact": "escalated", "to": "stage2", "by": "complainant",
                          "letters": ["update"], "source": "seed 009 §4"}],
         "clocks": {"response": {"title": "Response", "role": "response",
                                 "timescale": "10 working days",
                                 "extension_cap": "20 working days", "source": "seed 009 §3"}}},
        {"name": "stage2", "title": "Stage 2", "owner": "team", "source": "seed 009 §4",
         "clocks": {"response": {"title": "Response", "role": "response", "timescale": "12 weeks",
                                 "starts": "stage_start", "source": "seed 009 §4"}}},
    ],
    "categories": [{"name": "general", "title": "General", "stage": "stage1",
                    "source": "seed 009 §2"}],
    "exclusions": [{"rule": "third_party", "when": {"flag": "third_party"},
                    "reason": "Not involved", "signpost": "Ask the body involved",
                    "source": "seed 009 §5"}],
}
