"""No letter stays pending for ever: whatever a delivery raises ends, after the bounded
retries, in ``failed`` with its reason and a ``notification.failed``; a permanent or an
in-doubt failure fails at once; the operator's resend sends it once more. And a letter's
lease always outlasts its send, so no second sender can take it meanwhile.

The handlers on the in-memory store with a fake channel (`Rig`), as in
test_notifications_handlers.py."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from services.notifications.adapters import codec
from services.notifications.adapters.channel import InDoubtDeliveryError, PermanentDeliveryError
from services.notifications.adapters.documents import NotificationCase
from services.notifications.domain.directory import Address
from services.notifications.handlers import NotificationHandlers
from tests.notifications.unit.test_notifications_handlers import NOW, Rig
from tests.support.events import lifecycle, routed

COMPLAINANT = "amal.haddad@example.org"  # tests.support.events.routed


async def _acknowledge(rig: Rig) -> tuple[str, dict]:
    case = routed("dso")
    await rig.event(case, "m-routed")
    rig.channel.sent.clear()
    rig.channel.attempts = 0
    rig.publisher.sent.clear()
    await rig.event(lifecycle(case, "acknowledged", target_date="2026-11-30"), "m-ack")
    letters = await rig.letters(case.case_ref)
    return case.case_ref, letters["acknowledgement:complainant"]


async def test_an_unexpected_error_is_retried_then_fails_with_its_reason(caplog) -> None:  # type: ignore[no-untyped-def]
    rig = Rig(max_attempts=3)

    def broken(n: int, address: Address) -> None:
        if address.email == COMPLAINANT:
            raise ValueError("Header values may not contain linefeed or carriage return characters")

    rig.channel.fail = broken
    with caplog.at_level(logging.WARNING, logger="services.notifications.handlers"):
        case_ref, record = await _acknowledge(rig)  # raises nothing out of the handler
        assert record["status"] == "pending" and record["attempts"] == 1
        for _ in range(6):
            rig.clock.advance(timedelta(minutes=10))
            await rig.handlers.sweep()
    record = (await rig.letters(case_ref))["acknowledgement:complainant"]
    assert record["status"] == "failed" and record["attempts"] == 3
    assert record["last_error"] == (
        "unexpected ValueError: Header values may not contain linefeed or carriage return "
        "characters"
    )
    assert rig.channel.attempts == 3  # bounded: never again after max_attempts
    assert rig.publisher.keys() == [f"notification.failed:{record['key']}:3"]
    assert rig.publisher.sent[0].body["error"] == record["last_error"]
    # the traceback is logged with each failure, so the cause can be found
    assert any(r.exc_info for r in caplog.records)
    doc = rig.store.get(NotificationCase, case_ref)
    assert doc.next_attempt_at is None and doc.pending_since is None
    assert doc.failed_at == record["failed_at"] == NOW + timedelta(minutes=20)


async def test_a_permanent_error_fails_at_once_and_resend_sends_it_once() -> None:
    rig = Rig()

    def bad_header_once(n: int, address: Address) -> None:
        if n == 1 and address.email == COMPLAINANT:
            raise PermanentDeliveryError("smtp", "recipient address 'a@x.org,b@x.org' is not one")

    rig.channel.fail = bad_header_once
    case_ref, record = await _acknowledge(rig)
    assert record["status"] == "failed" and record["attempts"] == 1
    assert rig.publisher.keys() == [f"notification.failed:{record['key']}:1"]
    rig.clock.advance(timedelta(hours=1))
    assert await rig.handlers.sweep() == 0 and rig.channel.attempts == 1
    # the operator fixes the cause and resends: once
    await rig.handlers.resend(case_ref, record["key"])
    record = (await rig.letters(case_ref))["acknowledgement:complainant"]
    assert record["status"] == "sent" and record["failed_at"] is None
    assert len(rig.channel.sent) == 1
    doc = rig.store.get(NotificationCase, case_ref)
    assert doc.failed_at is None and doc.pending_since is None


async def test_a_letter_in_doubt_fails_at_once_and_is_not_sent_again() -> None:
    rig = Rig()

    def no_reply_to_the_dot(n: int, address: Address) -> None:
        if address.email == COMPLAINANT:
            raise InDoubtDeliveryError("smtp", "no reply to the end of the letter")

    rig.channel.fail = no_reply_to_the_dot
    case_ref, record = await _acknowledge(rig)
    assert record["status"] == "failed" and record["attempts"] == 1
    assert "no reply to the end of the letter" in record["last_error"]
    rig.clock.advance(timedelta(hours=1))
    await rig.handlers.sweep()
    assert rig.channel.attempts == 1


async def test_a_letter_whose_sender_died_mid_send_is_sent_again_and_counted(caplog) -> None:  # type: ignore[no-untyped-def]
    """A lease that ran out with no outcome: the sender was killed mid-send."""
    rig = Rig()
    case_ref, record = await _acknowledge(rig)
    doc = rig.store.get(NotificationCase, case_ref)
    letters = [dict(r) for r in doc.letters]
    for r in letters:  # as the killed process left it: leased, no outcome
        if r["key"] == record["key"]:
            r.update(status="pending", attempts=0, leased_until=NOW + timedelta(seconds=60))
    codec.mark(doc, letters)
    rig.store.commit(doc, message_id=None, emit=[])
    rig.clock.advance(timedelta(seconds=59))
    assert await rig.handlers.sweep() == 0  # still leased to the dead sender
    rig.clock.advance(timedelta(seconds=2))
    with caplog.at_level(logging.WARNING, logger="services.notifications.handlers"):
        assert await rig.handlers.sweep() == 1
    record = (await rig.letters(case_ref))["acknowledgement:complainant"]
    assert record["status"] == "sent" and record["interrupted"] == 1
    assert any("last sender stopped" in r.getMessage() for r in caplog.records)


class BudgetedChannel:
    """A channel that takes ``took`` seconds of the rig's clock per letter."""

    name = "budgeted"

    def __init__(self, rig: Rig, budget: float, took: float) -> None:
        self.send_within_s, self._rig, self._took = budget, rig, took
        self.sent: list[str] = []

    async def send(self, address, rendered, *, reference=None) -> str:  # type: ignore[no-untyped-def]
        self._rig.clock.advance(timedelta(seconds=self._took))
        self.sent.append(reference or "")
        return f"id-{len(self.sent)}"


def _budgeted(budget: float, took: float) -> Rig:
    rig = Rig(lease_s=60.0)
    rig.channel = BudgetedChannel(rig, budget, took)  # type: ignore[assignment]
    rig.handlers._channel = rig.channel  # type: ignore[assignment]
    return rig


async def test_a_lease_is_renewed_before_a_send_that_could_outlast_it() -> None:
    rig = _budgeted(budget=45.0, took=30.0)
    case = routed("dso", consent={"imb_copy": True, "share_with_provider": True})
    rig.ops()
    await rig.event(case, "m-routed")  # two letters leased together until NOW + 60
    assert len(rig.channel.sent) == 2
    # get + plan, then: letter 1 (30 s; 45 s left) settle; letter 2 (at +30 s: 45 s would
    # pass the lease) renew + settle
    assert rig.ops()["commit"] == 4
    letters = await rig.letters(case.case_ref)
    assert {r["status"] for r in letters.values()} == {"sent"}


async def test_a_letter_another_sender_took_meanwhile_is_not_sent() -> None:
    rig = _budgeted(budget=45.0, took=30.0)
    case = routed("dso", consent={"imb_copy": True, "share_with_provider": True})
    real_send = rig.channel.send

    async def steal_the_other(address, rendered, *, reference=None):  # type: ignore[no-untyped-def]
        doc = rig.store.get(NotificationCase, case.case_ref)
        letters = [dict(r) for r in doc.letters]
        for r in letters:
            if r["key"] != reference:
                r["leased_until"] = NOW + timedelta(minutes=30)  # another replica's lease
        codec.mark(doc, letters)
        rig.store.commit(doc, message_id=None, emit=[])
        rig.channel.send = real_send  # type: ignore[method-assign]
        return await real_send(address, rendered, reference=reference)

    rig.channel.send = steal_the_other  # type: ignore[method-assign]
    await rig.event(case, "m-routed")
    assert len(rig.channel.sent) == 1


def test_a_lease_shorter_than_a_send_is_refused_naming_the_setting() -> None:
    rig = Rig(lease_s=30.0)
    with pytest.raises(ValueError, match=r"NOTIFICATIONS_LEASE_S \(30 s\) must be longer"):
        NotificationHandlers(
            store=rig.store,
            clock=rig.clock,
            relay=rig.handlers._relay,
            channel=BudgetedChannel(rig, budget=45.0, took=0),  # type: ignore[arg-type]
            directory=rig.handlers._directory,
            settings=rig.settings,
        )
