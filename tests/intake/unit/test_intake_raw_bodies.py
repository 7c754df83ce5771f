"""Issue 12: whatever bytes arrive on ``submit.<partner>``, intake's consumer never crashes
(so nothing is retried to the delivery limit), the partner gets exactly one reply, a
refused message is dead-lettered once and issues no reference. The real consumer path
(`common.consumer.process`, as `subscribe` runs it) on the in-memory store."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.bus import DLX, REJECTION_HEADER, queue_spec
from common.clock import FixedClock
from common.consumer import process
from common.outbox import OutboxRelay
from common.storage import open_store
from services.intake.adapters.documents import DOCUMENTS, RejectionRecord
from services.intake.entrypoints.amqp import submission_consumer
from services.intake.handlers import IntakeHandlers
from tests.support.fakes import Delivery, FakePublisher, RawMessage
from tests.support.submissions import dso_service_delivery

PARTNER = "yarlswood"
SPEC = queue_spec("intake.submissions")


def deliver(body: bytes, message_id: str | None = "m1") -> tuple[str, Any, FakePublisher]:
    store = open_store("memory://", DOCUMENTS, service="intake")
    publisher = FakePublisher()
    handlers = IntakeHandlers(
        store=store,
        clock=FixedClock(datetime(2026, 11, 2, 10, 30, tzinfo=UTC)),
        relay=OutboxRelay(publisher, store, DOCUMENTS),  # type: ignore[arg-type]
        known_procedures={"dso", "hmip", "spso", "children"},
        flags={},
    )
    consumer = submission_consumer(handlers)
    message = Delivery(
        body, RawMessage(message_id, routing_key=f"submit.{PARTNER}", exchange="intake")
    )
    outcome = asyncio.run(process(SPEC, message, consumer, publisher))  # type: ignore[arg-type]
    return outcome, store, publisher


def check_one_reply(outcome: str, publisher: FakePublisher) -> list[dict[str, Any]]:
    """Exactly one reply; refused -> rejected, dead-lettered once, no reference. Returns
    the refusal's errors ([] when accepted)."""
    replies = [m for m in publisher.sent if m.exchange == "partners"]
    dead = [m for m in publisher.sent if m.exchange == DLX.name]
    assert len(replies) == 1, publisher.keys()
    if outcome == "ok":
        assert replies[0].routing_key == f"{PARTNER}.accepted"
        assert replies[0].body["reference"]
        assert dead == []
        return []
    assert outcome == "rejected"
    assert replies[0].routing_key == f"{PARTNER}.rejected"
    assert "reference" not in replies[0].body
    assert publisher.of("complaint.received") == []
    assert len(dead) == 1 and REJECTION_HEADER in dead[0].headers
    errors = replies[0].body["errors"]
    assert errors and all(e["field"] and e["rule"] for e in errors)
    assert json.loads(dead[0].headers[REJECTION_HEADER]) == errors
    return errors


def valid() -> bytes:
    return json.dumps(dso_service_delivery()).encode()


def with_extra(**extra: Any) -> bytes:
    return json.dumps({**dso_service_delivery(), **extra}).encode()


UNREADABLE = [
    b"",
    b"null",
    b"[]",
    b'"a string"',
    b"{not json",
    b"\xff\xfe\x00garbage",
    b'{"subject": "\xc3\x28"}',  # invalid UTF-8 inside JSON
    b"[" * 100_000 + b"]" * 100_000,  # deeper than the JSON decoder recurses
    b'{"n": ' + b"1" * 5_000 + b"}",  # more digits than Python parses
]


def test_an_unreadable_body_is_answered_rejected_naming_the_body_and_kept() -> None:
    for body in UNREADABLE:
        outcome, store, publisher = deliver(body)
        errors = check_one_reply(outcome, publisher)
        assert {e["field"] for e in errors} == {"(body)"}, body[:40]
        assert store.get(RejectionRecord, f"{PARTNER}:m1") is not None


def test_a_message_without_an_id_is_answered_once_under_a_stable_id() -> None:
    outcome, store, publisher = deliver(b"{not json", message_id=None)
    errors = check_one_reply(outcome, publisher)
    assert {e["field"] for e in errors} == {"message_id"}
    again = deliver(b"{not json", message_id=None)[2]
    assert [m.message_id for m in again.sent] == [m.message_id for m in publisher.sent]


def test_hostile_json_is_refused_on_first_delivery_with_one_reply() -> None:
    deep: Any = {}
    for _ in range(200):  # parses, but deeper than the store takes
        deep = {"x": deep}
    for body in [
        with_extra(notes=deep),
        with_extra(**{"bad\x00key": 1}),
        with_extra(**{"$set": 1}),
        b'{"subject": "\\ud800", "partner_ref": "\\udfff"}',
        with_extra(notes="x" * (5 * 1024 * 1024)),
        with_extra(received_at="0001-01-01T00:00:00+05:00"),
        with_extra(received_at="9999-12-31T23:59:59-05:00"),
    ]:
        outcome, _, publisher = deliver(body)
        check_one_reply(outcome, publisher)


def test_a_valid_body_is_accepted_with_one_reply() -> None:
    outcome, _, publisher = deliver(valid())
    assert check_one_reply(outcome, publisher) == []


JSON_TEXT = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
).map(lambda v: json.dumps(v).encode())
BODIES = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=50).map(lambda b: b"\xff" + b),
    JSON_TEXT,
    st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(1, 5_000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
    st.dictionaries(
        st.sampled_from(["\x00", "$x", "a.b", "\ud800", "", "notes", "subject"]),
        st.one_of(st.text(max_size=5), st.integers(-(2**70), 2**70)),
        max_size=3,
    ).map(lambda extra: with_extra(**extra)),
    st.sampled_from([valid(), *UNREADABLE]),
    st.binary(max_size=40).map(lambda b: valid()[:-1] + b),  # a truncated or tailed body
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
def test_any_bytes_get_exactly_one_reply_and_never_crash_the_consumer(body: bytes) -> None:
    outcome, _, publisher = deliver(body)
    check_one_reply(outcome, publisher)
