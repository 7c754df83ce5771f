"""Intake's handlers on the in-memory store: one complaint per submission whatever the
partner re-sends, refusals kept with reasons, and what each message costs the store."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from common.clock import FixedClock
from common.outbox import OutboxRelay
from common.storage import open_store
from services.intake.adapters.documents import DOCUMENTS, RejectionRecord, SubmissionRecord
from services.intake.domain.submissions import InvalidSubmission
from services.intake.handlers import IntakeHandlers
from tests.support.fakes import FakePublisher
from tests.support.submissions import dso_service_delivery

PARTNER = "yarlswood"


def production(store, publisher, **strict: bool) -> IntakeHandlers:  # type: ignore[no-untyped-def]
    """Intake's handlers with production mode's refusals switched on."""
    return IntakeHandlers(
        store=store,
        clock=FixedClock(datetime(2026, 11, 2, 10, 30, tzinfo=UTC)),
        relay=OutboxRelay(publisher, store, DOCUMENTS),  # type: ignore[arg-type]
        known_procedures={"dso"},
        **strict,
    )


@pytest.fixture
def parts():  # type: ignore[no-untyped-def]
    store = open_store("memory://", DOCUMENTS, service="intake")
    publisher = FakePublisher()
    relay = OutboxRelay(publisher, store, DOCUMENTS)  # type: ignore[arg-type]
    handlers = IntakeHandlers(
        store=store,
        clock=FixedClock(datetime(2026, 11, 2, 10, 30, tzinfo=UTC)),
        relay=relay,
        known_procedures={"dso", "hmip", "spso", "children"},
    )
    return store, publisher, handlers


async def test_a_new_submission_gets_the_next_reference_an_event_and_a_reply(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    first = await handlers.submit(
        partner_id=PARTNER, body=dso_service_delivery(), message_id="m1", user_id=PARTNER
    )
    second = await handlers.submit(
        partner_id=PARTNER, body=dso_service_delivery(), message_id="m2", user_id=PARTNER
    )
    assert (first.reference, second.reference) == ("DSO-2026-000001", "DSO-2026-000002")
    assert publisher.keys().count("complaint.received") == 2
    replies = [m for m in publisher.sent if m.exchange == "partners"]
    assert [r.body["reference"] for r in replies] == [first.reference, second.reference]
    # Published, then cleared: nothing is left for the sweep.
    assert store.pending_outboxes(SubmissionRecord, datetime.now(UTC)) == []


async def test_redelivery_and_resend_give_one_complaint(parts) -> None:  # type: ignore[no-untyped-def]
    _, publisher, handlers = parts
    body = dso_service_delivery()
    a = await handlers.submit(partner_id=PARTNER, body=body, message_id="m1", user_id=None)
    again = await handlers.submit(partner_id=PARTNER, body=body, message_id="m1", user_id=None)
    resent = await handlers.submit(partner_id=PARTNER, body=body, message_id="m9", user_id=None)
    assert a.reference == again.reference == resent.reference
    assert not a.duplicate and again.duplicate and resent.duplicate
    assert len(publisher.of("complaint.received")) == 1


async def test_same_partner_ref_with_other_content_is_refused_naming_the_reference(parts) -> None:  # type: ignore[no-untyped-def]
    _, publisher, handlers = parts
    body = dso_service_delivery()
    first = await handlers.submit(partner_id=PARTNER, body=body, message_id="m1", user_id=None)
    changed = {**body, "subject": "Something else entirely"}
    with pytest.raises(InvalidSubmission) as refused:
        await handlers.submit(partner_id=PARTNER, body=changed, message_id="m2", user_id=None)
    assert first.reference in str(refused.value.errors[0].message)
    assert len(publisher.of("complaint.rejected")) == 1


async def test_an_invalid_submission_is_kept_with_its_reasons(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    body = dso_service_delivery(nation="atlantis")
    with pytest.raises(InvalidSubmission) as refused:
        await handlers.submit(partner_id=PARTNER, body=body, message_id="bad-1", user_id=None)
    assert any(e.field == "nation" for e in refused.value.errors)
    kept = store.get(RejectionRecord, f"{PARTNER}:bad-1")
    assert kept is not None and any(r["field"] == "nation" for r in kept.reasons)
    assert "atlantis" in kept.body_json
    assert len(publisher.of("complaint.rejected")) == 1


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        # dso takes no child-protection aspect: the partner is told to use `children`
        (lambda b: b["aspects"][0].update(kind="child-protection"), "aspects[0].kind", None),
        # a flag the procedure does not act on would leave something undone
        (lambda b: b.update(complex=True), "complex", "flag-honoured"),
        # hmip cannot check its 10-working-day limit without the incident date
        (lambda b: b.update(procedure="hmip"), "incident_date", "time-limit-needs-incident"),
    ],
)
async def test_what_routing_would_refuse_is_refused_before_a_reference_exists(
    parts, change, field, rule
) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    body = dso_service_delivery()
    change(body)
    with pytest.raises(InvalidSubmission) as refused:
        await handlers.submit(partner_id=PARTNER, body=body, message_id="r-1", user_id=None)
    assert any(
        e.field == field and (rule is None or e.rule == rule) for e in refused.value.errors
    ), refused.value.errors
    assert publisher.of("complaint.received") == []
    assert store.find(SubmissionRecord, {}) == []
    (reply,) = [m for m in publisher.sent if m.exchange == "partners"]
    assert reply.routing_key == f"{PARTNER}.rejected"


async def test_a_submission_costs_three_store_operations(parts) -> None:  # type: ignore[no-untyped-def]
    store, _, handlers = parts
    for i in range(20):
        await handlers.submit(
            partner_id=PARTNER, body=dso_service_delivery(), message_id=f"m{i}", user_id=None
        )
    # Reference numbers come a block of 20 at a time: one more round trip per 20.
    assert store.operations == {"get": 20, "commit": 20, "clear_outbox": 20, "next_number": 1}


async def test_a_new_process_never_reuses_a_number(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    first = await handlers.submit(
        partner_id=PARTNER, body=dso_service_delivery(), message_id="a", user_id=None
    )
    restarted = IntakeHandlers(
        store=store,
        clock=FixedClock(datetime(2026, 11, 2, 10, 30, tzinfo=UTC)),
        relay=OutboxRelay(publisher, store, DOCUMENTS),  # type: ignore[arg-type]
        known_procedures={"dso"},
    )
    after = await restarted.submit(
        partner_id=PARTNER, body=dso_service_delivery(), message_id="b", user_id=None
    )
    # The first process's unused block is skipped (a gap), never handed out again.
    assert (first.reference, after.reference) == ("DSO-2026-000001", "DSO-2026-000021")


async def test_when_the_broker_is_down_the_outbox_keeps_the_messages(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, handlers = parts
    publisher.fail = True
    body = dso_service_delivery()
    with pytest.raises(ConnectionError):
        await handlers.submit(partner_id=PARTNER, body=body, message_id="m1", user_id=None)
    publisher.fail = False
    # The message comes back (nacked): the duplicate publishes what the first one stored.
    again = await handlers.submit(partner_id=PARTNER, body=body, message_id="m1", user_id=None)
    assert again.duplicate
    assert len(publisher.of("complaint.received")) == 1
    assert store.pending_outboxes(SubmissionRecord, datetime.now(UTC)) == []


def _misspelt() -> dict:  # type: ignore[type-arg]
    body = dso_service_delivery(procedure="hmip", incident_date="2026-10-30", legal_proceeding=True)
    body["aspects"][0]["officer_named"] = ["Inspector Howells"]
    return body


async def test_unknown_fields_are_kept_and_the_reply_names_them_with_a_suggestion(
    parts, caplog
) -> None:  # type: ignore[no-untyped-def]
    _, publisher, handlers = parts
    body = _misspelt()
    with caplog.at_level(logging.WARNING, logger="services.intake.handlers"):
        accepted = await handlers.submit(
            partner_id=PARTNER, body=body, message_id="m1", user_id=None
        )
    expected = [
        {"field": "aspects[0].officer_named", "did_you_mean": "officers_named"},
        {"field": "legal_proceeding", "did_you_mean": "legal_proceedings"},
    ]
    (reply,) = [m for m in publisher.sent if m.exchange == "partners"]
    assert reply.routing_key == f"{PARTNER}.accepted"
    assert sorted(reply.body["ignored_fields"], key=lambda f: f["field"]) == expected
    assert sorted(f.as_dict()["field"] for f in accepted.ignored_fields) == [
        e["field"] for e in expected
    ]
    # Still accepted, and the unknown fields are kept on the event, as the contract says.
    (event,) = publisher.of("complaint.received")
    assert event.body["submission"]["legal_proceeding"] is True
    assert event.body["submission"]["aspects"][0]["officer_named"] == ["Inspector Howells"]
    # One warning line, naming partner, partner_ref and the fields.
    (line,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert PARTNER in line.getMessage() and body["partner_ref"] in line.getMessage()
    assert "legal_proceeding (did you mean legal_proceedings?)" in line.getMessage()
    assert line.partner_ref == body["partner_ref"]  # type: ignore[attr-defined]


async def test_a_resend_reply_names_the_same_ignored_fields(parts) -> None:  # type: ignore[no-untyped-def]
    _, publisher, handlers = parts
    body = _misspelt()
    await handlers.submit(partner_id=PARTNER, body=body, message_id="m1", user_id=None)
    resent = await handlers.submit(partner_id=PARTNER, body=body, message_id="m2", user_id=None)
    assert resent.duplicate
    first, second = [m.body for m in publisher.sent if m.exchange == "partners"]
    assert second["duplicate"] is True
    assert second["ignored_fields"] == first["ignored_fields"]
    assert {"field": "legal_proceeding", "did_you_mean": "legal_proceedings"} in second[
        "ignored_fields"
    ]


async def test_a_clean_submission_and_real_flags_report_nothing(parts, caplog) -> None:  # type: ignore[no-untyped-def]
    _, publisher, handlers = parts
    with caplog.at_level(logging.WARNING, logger="services.intake.handlers"):
        a = await handlers.submit(
            partner_id=PARTNER, body=dso_service_delivery(), message_id="m1", user_id=None
        )
        b = await handlers.submit(
            partner_id=PARTNER,
            body=dso_service_delivery(
                procedure="hmip", incident_date="2026-10-30", legal_proceedings=True
            ),
            message_id="m2",
            user_id=None,
        )
    assert a.ignored_fields == b.ignored_fields == ()
    replies = [m.body for m in publisher.sent if m.exchange == "partners"]
    assert all("ignored_fields" not in r for r in replies)
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]


async def test_in_production_a_near_miss_of_a_known_field_refuses_the_submission(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, _ = parts
    strict = production(store, publisher, refuse_near_misses=True)
    body = dso_service_delivery(confidental=True)
    with pytest.raises(InvalidSubmission) as refused:
        await strict.submit(partner_id=PARTNER, body=body, message_id="nm-1", user_id=None)
    (error,) = refused.value.errors
    assert (error.field, error.rule) == ("confidental", "near-miss")
    assert "confidential" in error.message
    assert not publisher.of("complaint.received")
    assert store.get(RejectionRecord, f"{PARTNER}:nm-1") is not None
    # A field nothing resembles is still only reported, even in production.
    ok = await strict.submit(
        partner_id=PARTNER, body=dso_service_delivery(zzz_extra=1), message_id="nm-2", user_id=None
    )
    assert ok.reference and [f.field for f in ok.ignored_fields] == ["zzz_extra"]


async def test_in_development_a_near_miss_is_accepted_and_reported(parts) -> None:  # type: ignore[no-untyped-def]
    _, publisher, handlers = parts
    accepted = await handlers.submit(
        partner_id=PARTNER, body=dso_service_delivery(confidental=True), message_id="d-1",
        user_id=None,
    )  # fmt: skip
    assert [(f.field, f.did_you_mean) for f in accepted.ignored_fields] == [
        ("confidental", "confidential")
    ]


async def test_in_production_a_message_without_its_publisher_is_refused(parts) -> None:  # type: ignore[no-untyped-def]
    store, publisher, _ = parts
    strict = production(store, publisher, require_user_id=True)
    with pytest.raises(InvalidSubmission) as refused:
        await strict.submit(
            partner_id="leeds-csc", body=dso_service_delivery(), message_id="u-1", user_id=None
        )
    assert [(e.field, e.rule) for e in refused.value.errors] == [("user_id", "required")]
    with pytest.raises(InvalidSubmission) as other:
        await strict.submit(
            partner_id="leeds-csc", body=dso_service_delivery(), message_id="u-2", user_id="guest"
        )
    assert [(e.field, e.rule) for e in other.value.errors] == [("user_id", "partner-mismatch")]
    ok = await strict.submit(
        partner_id=PARTNER, body=dso_service_delivery(), message_id="u-3", user_id=PARTNER
    )
    assert ok.reference and len(publisher.of("complaint.received")) == 1
