"""Seed 004's exemption flags at intake: known (never reported as ignored), a near miss
named (refused in production), and what intake accepts routing does not then refuse."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import pytest

from common.clock import FixedClock
from common.contracts import Submission
from common.outbox import OutboxRelay
from common.storage import open_store
from procedures import get
from procedures.flags import FLAGS
from services.intake.adapters.documents import DOCUMENTS
from services.intake.domain.fields import catalogue_flags, ignored_fields
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import Accepted, IntakeHandlers
from services.routing.domain.decision import RoutingRejected, decide
from tests.routing.unit.factories import weekday_calendar_for
from tests.support.fakes import FakePublisher
from tests.support.submissions import children_child_protection

PARTNER = "westshire-csc"
NOW = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
CATALOGUE = catalogue_flags()

# Every exemption flag children honours on an aspect (the catalogue's, not a copy of it).
ASPECT_EXEMPTIONS = sorted(
    e.when.aspect_flag for e in get("children").exclusions if e.when.aspect_flag is not None
)


def every_exemption() -> dict[str, Any]:
    """One aspect in scope, then one aspect per exemption (care-home standards: a provider)."""
    body = children_child_protection(purchased_by_authority=False)
    body["aspects"] = [body["aspects"][0]] + [
        {
            "kind": "provider" if name == "care_home_standards" else "other",
            "text": f"About {name}",
            name: True,
        }
        for name in ASPECT_EXEMPTIONS
    ]
    return body


def submit(body: dict[str, Any], *, strict: bool = False) -> Accepted | InvalidSubmission:
    store = open_store("memory://", DOCUMENTS, service="intake")
    handlers = IntakeHandlers(
        store=store,
        clock=FixedClock(NOW),
        relay=OutboxRelay(FakePublisher(), store, DOCUMENTS),  # type: ignore[arg-type]
        known_procedures={"children"},
        refuse_near_misses=strict,
    )

    async def go() -> Accepted | InvalidSubmission:
        try:
            return await handlers.submit(
                partner_id=PARTNER, body=body, message_id="m1", user_id=None
            )
        except InvalidSubmission as exc:
            return exc

    return asyncio.run(go())


def test_the_exemption_flags_are_in_the_catalogue_at_their_level() -> None:
    assert len(ASPECT_EXEMPTIONS) >= 8
    assert {CATALOGUE[n] for n in ASPECT_EXEMPTIONS} == {"aspect"}
    assert CATALOGUE["purchased_by_authority"] == "submission"
    assert all(FLAGS[n].kind == "bool" for n in [*ASPECT_EXEMPTIONS, "purchased_by_authority"])


def test_every_exemption_flag_is_accepted_and_not_reported_as_ignored() -> None:
    body = every_exemption()
    assert ignored_fields(body, flags=CATALOGUE) == []
    accepted = submit(body, strict=True)
    assert isinstance(accepted, Accepted), accepted
    assert accepted.reference.startswith("CSC-") and accepted.ignored_fields == ()


def test_what_intake_accepts_routing_routes_each_exemption_on_its_aspect() -> None:
    body = every_exemption()
    decision = decide(
        Submission.model_validate(body), today=date(2026, 11, 3), calendar_for=weekday_calendar_for
    )
    assert decision.exclusion is None
    taken_out = {e.rule: e.aspects for e in decision.excluded_aspects}
    # Section 7 stays in: the complaint is not wholly about the report.
    assert sorted(taken_out) == sorted(set(ASPECT_EXEMPTIONS) - {"section7_report"})
    (strand,) = decision.strands
    section7 = 1 + ASPECT_EXEMPTIONS.index("section7_report")
    assert [a.index for a in strand.aspects] == [0, section7]


@pytest.mark.parametrize(
    ("sent", "meant"),
    [
        ("section_7_report", "section7_report"),
        ("staff_greivance", "staff_grievance"),
        ("guardian_ad_lidem", "guardian_ad_litem"),
    ],
)
def test_a_near_miss_of_an_exemption_flag_is_named_and_refused_in_production(
    sent: str, meant: str
) -> None:
    body = children_child_protection()
    body["aspects"][0][sent] = True
    (found,) = ignored_fields(body, flags=CATALOGUE)
    assert (found.field, found.did_you_mean) == (f"aspects[0].{sent}", meant)
    refused = submit(body, strict=True)
    assert isinstance(refused, InvalidSubmission)
    assert [(e.field, e.rule) for e in refused.errors] == [(f"aspects[0].{sent}", "near-miss")]


def test_an_exemption_flag_on_the_wrong_level_is_left_to_routing_which_names_it() -> None:
    body = children_child_protection(staff_grievance=True)
    assert ignored_fields(body, flags=CATALOGUE) == []
    with pytest.raises(RoutingRejected) as info:
        decide(
            Submission.model_validate(body),
            today=date(2026, 11, 3),
            calendar_for=weekday_calendar_for,
        )
    assert [(e.field, e.rule) for e in info.value.errors] == [("staff_grievance", "flag-level")]
    assert "belongs on each aspect" in info.value.errors[0].message
