"""Intake against the real broker and store: accept, dedupe, reject, dead-letter."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.support.bus import listen, publish, queue_depth
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.integration


async def test_accepts_and_replies_with_reference(intake, platform) -> None:  # type: ignore[no-untyped-def]
    body = dso_service_delivery()
    async with (
        listen(platform.amqp_url, "complaints", "complaint.*") as events,
        listen(platform.amqp_url, "partners", "yarlswood.*") as replies,
    ):
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await replies.wait_for(lambda m: len(m) >= 1)
        await events.wait_for(lambda m: len(m) >= 1)
    reply = replies.messages[0]
    assert reply.routing_key == "yarlswood.accepted"
    assert reply.body["partner_ref"] == body["partner_ref"]
    assert reply.body["reference"].startswith("DSO-2026-")
    received = events.of("complaint.received")
    assert len(received) == 1
    assert received[0].body["reference"] == reply.body["reference"]
    assert received[0].body["submission"]["subject"] == body["subject"]
    assert received[0].headers["schema_version"] == 1


async def test_same_submission_twice_and_redelivered_gives_one_complaint(intake, platform) -> None:  # type: ignore[no-untyped-def]
    body = dso_service_delivery()
    async with (
        listen(platform.amqp_url, "complaints", "complaint.*") as events,
        listen(platform.amqp_url, "partners", "yarlswood.*") as replies,
    ):
        mid = await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body, message_id=mid)
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)  # a re-send
        await replies.wait_for(lambda m: len(m) >= 2)
        await events.wait_for(lambda m: len(m) >= 1)
        await intake.relay.sweep(older_than_s=0)
    assert len(events.of("complaint.received")) == 1
    refs = {r.body["reference"] for r in replies.messages}
    assert len(refs) == 1
    assert any(r.body.get("duplicate") for r in replies.messages)


async def test_malformed_submission_is_refused_naming_fields_and_kept(intake, platform) -> None:  # type: ignore[no-untyped-def]
    body = dso_service_delivery(nation="atlantis")
    del body["subject"]
    async with (
        listen(platform.amqp_url, "complaints", "complaint.*") as events,
        listen(platform.amqp_url, "partners", "yarlswood.*") as replies,
        listen(platform.amqp_url, "complaints.dlx", "intake.submissions") as dead,
    ):
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await replies.wait_for(lambda m: len(m) >= 1)
        await dead.wait_for(lambda m: len(m) >= 1)
        # The platform keeps running: a good one after the bad one is accepted.
        await publish(platform.amqp_url, "intake", "submit.yarlswood", dso_service_delivery())
        await replies.wait_for(lambda m: len(m) >= 2)
    rejected = replies.messages[0]
    assert rejected.routing_key == "yarlswood.rejected"
    fields = {e["field"] for e in rejected.body["errors"]}
    assert {"nation", "subject"} <= fields
    assert events.of("complaint.rejected")[0].body["reasons"]
    reasons = json.loads(dead.messages[0].headers["x-rejection"])
    assert {"nation", "subject"} <= {r["field"] for r in reasons}
    assert replies.messages[1].routing_key == "yarlswood.accepted"
    assert await queue_depth(platform.amqp_url, "intake.submissions.dlq") == 1


async def test_partner_cannot_submit_as_another(intake, platform) -> None:  # type: ignore[no-untyped-def]
    async with listen(platform.amqp_url, "partners", "brook.*") as replies:
        await publish(
            platform.amqp_url, "intake", "submit.brook", dso_service_delivery(), user_id="guest"
        )
        await replies.wait_for(lambda m: len(m) >= 1)
    assert replies.messages[0].routing_key == "brook.rejected"
    assert replies.messages[0].body["errors"][0]["rule"] == "partner-mismatch"


async def test_a_misspelt_field_is_accepted_and_the_reply_names_it(intake, platform) -> None:  # type: ignore[no-untyped-def]
    body = dso_service_delivery(procedure="hmip", incident_date="2026-10-30", legal_proceeding=True)
    body["complainant"]["emial"] = "amal@example.org"
    async with (
        listen(platform.amqp_url, "complaints", "complaint.*") as events,
        listen(platform.amqp_url, "partners", "yarlswood.*") as replies,
    ):
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)  # a re-send
        await replies.wait_for(lambda m: len(m) >= 2)
        await events.wait_for(lambda m: len(m) >= 1)
        await asyncio.sleep(0.5)  # a second complaint.received would show by now
    # Two messages may be worked at once, so the replies can come in either order: one
    # is the complaint's, the other says it is a duplicate of it.
    assert [m.routing_key for m in replies.messages] == ["yarlswood.accepted"] * 2
    assert sorted(bool(m.body.get("duplicate")) for m in replies.messages) == [False, True]
    assert len({m.body["reference"] for m in replies.messages}) == 1
    for reply in replies.messages:
        assert reply.body["ignored_fields"] == [
            {"field": "complainant.emial", "did_you_mean": None},
            {"field": "legal_proceeding", "did_you_mean": "legal_proceedings"},
        ]
    # Kept, as the contract says: the event carries the fields as sent.
    (received,) = events.of("complaint.received")
    assert received.body["submission"]["legal_proceeding"] is True
    assert received.body["submission"]["complainant"]["emial"] == "amal@example.org"


async def test_a_reply_to_a_submission_with_only_known_fields_and_flags_has_none(
    intake, platform
) -> None:  # type: ignore[no-untyped-def]
    async with listen(platform.amqp_url, "partners", "yarlswood.*") as replies:
        await publish(
            platform.amqp_url,
            "intake",
            "submit.yarlswood",
            dso_service_delivery(local_resolution=True),
        )
        await replies.wait_for(lambda m: len(m) >= 1)
    assert "ignored_fields" not in replies.messages[0].body


async def test_two_partners_sending_one_message_id_each_get_one_reply_of_their_own(
    intake, platform
) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: replies and refusals are keyed by (partner, message id)."""
    bad = dso_service_delivery(nation="atlantis")
    async with (
        listen(platform.amqp_url, "partners", "brook.*") as brook,
        listen(platform.amqp_url, "partners", "yarlswood.*") as yarlswood,
        listen(platform.amqp_url, "complaints", "complaint.rejected") as events,
    ):
        for partner in ("brook", "yarlswood", "brook"):  # brook's message redelivered
            await publish(platform.amqp_url, "intake", f"submit.{partner}", bad, message_id="m-1")
        await brook.wait_for(lambda m: len(m) >= 1)
        await yarlswood.wait_for(lambda m: len(m) >= 1)
        await events.wait_for(lambda m: len(m) >= 2)
        # A good message under one id from both partners: each is accepted, once.
        await publish(
            platform.amqp_url,
            "intake",
            "submit.yarlswood",
            dso_service_delivery(),
            message_id="m-2",
        )
        await publish(
            platform.amqp_url, "intake", "submit.brook", dso_service_delivery(), message_id="m-2"
        )
        await brook.wait_for(lambda m: len(m) >= 2)
        await yarlswood.wait_for(lambda m: len(m) >= 2)
        await asyncio.sleep(0.5)  # room for a wrong extra reply to arrive
        await intake.relay.sweep(older_than_s=0)
    for replies, partner in ((brook, "brook"), (yarlswood, "yarlswood")):
        assert [r.routing_key for r in replies.messages] == [
            f"{partner}.rejected",
            f"{partner}.accepted",
        ]
    assert sorted(e.body["partner_id"] for e in events.messages) == ["brook", "yarlswood"]


async def test_a_name_with_a_line_break_and_a_list_of_addresses_are_refused(
    intake, platform
) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: what would reach a mail header is refused at intake, naming the field."""
    body = dso_service_delivery()
    body["complainant"].update(
        name="Eve\r\nBcc: x@example.org", contact="a@example.org,b@example.org"
    )
    async with listen(platform.amqp_url, "partners", "yarlswood.*") as replies:
        await publish(platform.amqp_url, "intake", "submit.yarlswood", body)
        await replies.wait_for(lambda m: len(m) >= 1)
    (reply,) = replies.messages
    assert reply.routing_key == "yarlswood.rejected"
    assert [(e["field"], e["rule"]) for e in reply.body["errors"]] == [
        ("complainant.name", "single-line"),
        ("complainant.contact", "email"),
    ]
