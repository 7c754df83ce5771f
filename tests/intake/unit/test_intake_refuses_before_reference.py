"""Issue 12: every rule that can refuse a submission runs in intake, before a reference
exists. A refused body gets exactly one ``rejected`` reply naming the field and the rule,
no reference and no ``complaint.received``; an accepted one passes routing's date rules.
Handlers on the in-memory store (which encodes BSON, as MongoDB does)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.clock import FixedClock
from common.contracts import Submission
from common.contracts.body_limits import MAX_BODY_BYTES, MAX_DEPTH
from common.contracts.submission import received_day
from common.outbox import OutboxRelay
from common.storage import open_store
from services.intake.adapters.documents import DOCUMENTS, RejectionRecord, SubmissionRecord
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import Accepted, IntakeHandlers
from tests.support.fakes import FakePublisher
from tests.support.submissions import dso_service_delivery

PARTNER = "yarlswood"
NOW = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


def fresh() -> tuple[Any, FakePublisher, IntakeHandlers]:
    store = open_store("memory://", DOCUMENTS, service="intake")
    publisher = FakePublisher()
    handlers = IntakeHandlers(
        store=store,
        clock=FixedClock(NOW),
        relay=OutboxRelay(publisher, store, DOCUMENTS),  # type: ignore[arg-type]
        known_procedures={"dso", "hmip", "spso", "children"},
        flags={},
    )
    return store, publisher, handlers


def replies(publisher: FakePublisher) -> list[Any]:
    return [m for m in publisher.sent if m.exchange == "partners"]


def outcome(body: dict[str, Any], message_id: str = "m1") -> tuple[Any, Any, Any]:
    """Submit ``body`` once: (Accepted or the InvalidSubmission, store, publisher)."""
    store, publisher, handlers = fresh()

    async def go() -> Accepted | InvalidSubmission:
        try:
            return await handlers.submit(
                partner_id=PARTNER, body=body, message_id=message_id, user_id=None
            )
        except InvalidSubmission as exc:
            return exc

    return asyncio.run(go()), store, publisher


def assert_refused_once(result: Any, store: Any, publisher: FakePublisher) -> None:
    """Refused: one ``rejected`` reply naming each field and rule, kept, no reference."""
    assert isinstance(result, InvalidSubmission), result
    assert result.errors and all(e.field and e.rule for e in result.errors)
    sent = replies(publisher)
    assert [r.routing_key for r in sent] == [f"{PARTNER}.rejected"]
    assert {(e["field"], e["rule"]) for e in sent[0].body["errors"]} == {
        (e.field, e.rule) for e in result.errors
    }
    assert "reference" not in sent[0].body
    assert publisher.of("complaint.received") == []
    assert len(publisher.of("complaint.rejected")) == 1
    assert store.get(SubmissionRecord, f"{PARTNER}:{sent[0].body.get('partner_ref')}") is None
    assert store.get(RejectionRecord, f"{PARTNER}:m1") is not None


def assert_accepted_once(result: Any, publisher: FakePublisher) -> None:
    assert isinstance(result, Accepted), result
    sent = replies(publisher)
    assert [r.routing_key for r in sent] == [f"{PARTNER}.accepted"]
    assert sent[0].body["reference"] == result.reference
    assert len(publisher.of("complaint.received")) == 1


def rules(result: InvalidSubmission) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in result.errors}


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"received_at": "0001-01-01T00:00:00+05:00"}, "received_at", "in-range"),
        ({"received_at": "0001-01-01T00:00:00Z"}, "received_at", "in-range"),
        ({"received_at": "1899-12-31T12:00:00Z"}, "received_at", "in-range"),
        ({"received_at": "2099-01-01T00:00:00Z"}, "received_at", "in-range"),
        ({"received_at": "9999-12-31T23:59:59-05:00"}, "received_at", "in-range"),
        ({"received_at": "2026-11-03T09:00:00Z"}, "received_at", "not-in-future"),
        ({"received_at": "2026-11-02T10:40:00Z"}, "received_at", "not-in-future"),
        ({"incident_date": "2026-11-03"}, "incident_date", "not-in-future"),
        ({"incident_date": "9999-12-31"}, "incident_date", "in-range"),
        ({"incident_date": "0001-01-01"}, "incident_date", "in-range"),
        (
            {"received_at": "2026-10-01T09:00:00Z", "incident_date": "2026-10-02"},
            "incident_date",
            "before-receipt",
        ),
    ],
)
def test_a_date_routing_would_refuse_or_crash_on_is_refused_before_a_reference(
    overrides: dict[str, str], field: str, rule: str
) -> None:
    result, store, publisher = outcome(dso_service_delivery(**overrides))
    assert_refused_once(result, store, publisher)
    assert (field, rule) in rules(result)


def test_a_receipt_a_little_ahead_of_the_clock_is_accepted() -> None:
    ahead = (NOW + timedelta(minutes=3)).isoformat()
    result, _, publisher = outcome(dso_service_delivery(received_at=ahead))
    assert_accepted_once(result, publisher)


# -- hostile bodies -----------------------------------------------------------------------


def deep(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    top = value
    for _ in range(levels):
        value["x"] = {}
        value = value["x"]
    return top


@pytest.mark.parametrize(
    ("extra", "rule"),
    [
        ({"notes": deep(MAX_DEPTH)}, "max-depth"),
        ({"notes": deep(50_000)}, "max-depth"),  # deeper than Python's recursion limit
        ({"bad\x00key": 1}, "key-nul"),
        ({"complainant": {"name": "A", "\x00": "x"}}, "key-nul"),
        ({"$where": "1"}, "key-dollar"),
        ({"a.b": 1}, "key-dot"),
        ({"subject": "lone \ud800 surrogate"}, "unicode"),
        ({"\udfff": 1}, "unicode"),
        ({"notes": "x" * 20_001}, "max-length"),
        ({"notes": list(range(1_001))}, "max-items"),
        ({"big": 2**64}, "int64"),
        ({"notes": float("nan")}, "finite"),
        ({"notes": ["y" * 19_000] * 240}, "max-size"),
    ],
)
def test_a_hostile_body_is_refused_on_first_delivery_naming_field_and_rule(
    extra: dict[str, Any], rule: str
) -> None:
    result, store, publisher = outcome({**dso_service_delivery(), **extra})
    assert_refused_once(result, store, publisher)
    assert rule in {r for _, r in rules(result)}


def test_the_size_limit_is_above_the_largest_valid_submission() -> None:
    aspects = [{"kind": "service-delivery", "text": "é" * 20_000} for _ in range(50)]
    result, _, publisher = outcome(dso_service_delivery(aspects=aspects))
    assert_accepted_once(result, publisher)
    assert MAX_BODY_BYTES > 50 * 20_000 * 2


def test_an_attachment_size_beyond_64_bits_is_refused_not_a_store_crash() -> None:
    attachment = {"name": "a.pdf", "media_type": "application/pdf", "sha256": "0" * 64}
    body = dso_service_delivery(attachments=[{**attachment, "size": 2**70}])
    result, store, publisher = outcome(body)
    assert_refused_once(result, store, publisher)
    assert ("attachments[0].size", "int64") in rules(result)


def test_a_hostile_partner_ref_is_not_repeated_in_the_reply_or_record() -> None:
    result, store, publisher = outcome(dso_service_delivery(partner_ref="\ud800\x00", a=2**70))
    assert_refused_once(result, store, publisher)
    assert replies(publisher)[0].body["partner_ref"] is None


# -- properties ---------------------------------------------------------------------------

OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
MOMENTS = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=OFFSETS),
    st.datetimes(
        min_value=datetime(2026, 10, 1), max_value=datetime(2026, 11, 3), timezones=OFFSETS
    ),
)
DAYS = st.one_of(
    st.none(),
    st.dates(),
    st.dates(min_value=date(2026, 9, 1), max_value=date(2026, 11, 4)),
)
KEYS = st.one_of(
    st.sampled_from(["notes", "x", "$x", "a.b", "\x00", "", "n\x00te", "\ud800", "k" * 201]),
    st.text(max_size=8),
)
JSONISH = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(),
        st.text(max_size=20),
        st.sampled_from(["\ud800", "x" * 20_001]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)
FIELDS = st.sampled_from(
    ["subject", "procedure", "nation", "channel", "complainant", "aspects", "partner_ref"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    received_at=MOMENTS,
    incident=DAYS,
    extra=st.dictionaries(KEYS, JSONISH, max_size=3),
    broken=st.dictionaries(FIELDS, JSONISH, max_size=2),
)
def test_any_submission_gets_one_reply_and_a_reference_only_if_routing_dates_pass(
    received_at: datetime, incident: date | None, extra: dict[str, Any], broken: dict[str, Any]
) -> None:
    body = dso_service_delivery(received_at=received_at.isoformat(), **extra, **broken)
    if incident is not None:
        body["incident_date"] = incident.isoformat()
    result, store, publisher = outcome(body)
    if isinstance(result, InvalidSubmission):
        assert_refused_once(result, store, publisher)
        return
    assert_accepted_once(result, publisher)
    # What routing checks later (services/routing/domain/checks.py) holds already.
    sub = Submission.model_validate(publisher.of("complaint.received")[0].body["submission"])
    received_on, today = received_day(sub), NOW.date()
    assert received_on <= today and sub.received_at <= NOW + timedelta(minutes=5)
    assert sub.incident_date is None or sub.incident_date <= received_on
    assert sub.received_at.year >= 1900
