"""HMIP casework end to end over the running platform, as a complaints officer types it:
a formal complaint (step 2) acknowledged, an independent Investigating Officer, the
investigation concluded early so the reply comes forward, the reply, an internal review
(step 3) across Christmas and New Year in Wales, its response and closure (seed 001;
procedures/data/hmip.yaml). Every letter's text is read in the SMTP sink."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from tests.e2e.casework import Officer, clock_state
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, one, to

pytestmark = pytest.mark.e2e

RECEIVED = date(2026, 11, 2)  # Mon 2 Nov 2026


def hmip_complaint() -> dict[str, Any]:
    return {
        "partner_ref": f"HMIP-{uuid.uuid4().hex[:10]}",
        "procedure": "hmip",
        "nation": "wales",
        "received_at": "2026-11-02T09:05:00+00:00",
        "incident_date": "2026-10-26",
        "channel": "email",
        "complainant": {"name": "Gwen Pritchard", "contact": "g.pritchard@example.org"},
        "subject": "Conduct of an inspector during the youth justice inspection",
        "aspects": [
            {
                "kind": "minor-misconduct",
                "text": "The inspector repeatedly interrupted our case manager.",
                "officers_named": ["Inspector Howells"],
            }
        ],
        "location": {"local_authority": "Cardiff"},
    }


async def test_formal_complaint_internal_review_to_closure(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    reference = await submit(stack, "hmip", hmip_complaint())
    ref = f"{reference}/1"

    case = await officer.show_when(
        ref,
        lambda c: (
            c.get("status") == "acknowledged"
            and clock_state(c, "acknowledgement")[1] == "met"
            and clock_state(c, "reply")[0]
        ),
    )
    assert case["stage"] == "formal_complaint"
    # Acknowledged on receipt; within 5 wd of Mon 2 Nov: 3, 4, 5, 6, Mon 9 Nov.
    assert clock_state(case, "acknowledgement") == ("2026-11-09", "met")
    # The investigation: 20 wd from Mon 2 Nov in England and Wales: 3-6 (4), 9-13 (9),
    # 16-20 (14), 23-27 (19), Mon 30 Nov (20) (no St Andrew's Day here: in Scotland, 1 Dec).
    assert clock_state(case, "investigation") == ("2026-11-30", "running")
    # The reply: 10 wd from the latest conclusion, Mon 30 Nov: 1-4 Dec (4), 7-11 (9), Mon 14.
    assert clock_state(case, "reply") == ("2026-12-14", "running")
    # Seed 003: the officer named is asked for comments within 3 wd: 3, 4, Thu 5 Nov.
    assert clock_state(case, "officer_comments") == ("2026-11-05", "running")
    got = await post.collect(
        RECEIVED, to("g.pritchard", "acknowledgement"), to("rhys.howells", "your comments")
    )
    (ack,) = [x for x in got if "g.pritchard" in x.to]
    assert "Dear Gwen Pritchard" in ack
    assert "We aim to send you our full response by 14 December 2026." in ack
    assert "the Investigating Officer will reply to you in writing within 10 working days" in ack
    (comments,) = [x for x in got if "rhys.howells" in x.to]
    assert "you are referred to as Officer A" in comments  # seed 003: anonymised
    assert "Please send us your comments by 5 November 2026." in comments  # the clock's date

    # Wed 4 Nov: the officer complained about cannot investigate. His comments, asked for at
    # routing, are in: recorded as they come, without asking him again; the clock is met.
    officer.on(date(2026, 11, 4))
    await officer.case("comments-received", ref, "He says he was keeping to time")
    case = await officer.show_when(ref, lambda c: clock_state(c, "officer_comments")[1] == "met")
    assert clock_state(case, "officer_comments") == ("2026-11-05", "met")
    assert case["status"] == "acknowledged"
    refused = await officer.refused("assign", ref, "Inspector Howells")
    assert "named-in-complaint" in refused, refused
    await officer.case("assign", ref, "Dr Alys Morgan")
    await officer.show_when(ref, lambda c: c.get("officer") == "Dr Alys Morgan")
    got = await post.collect(officer.day, to("g.pritchard", "update"))
    (named,) = [x for x in got if "g.pritchard" in x.to]
    assert "Dr Alys Morgan has been appointed to investigate your complaint" in named
    assert "We aim to send you our full response by 14 December 2026." in named

    # Thu 19 Nov: the investigation concludes early; the reply is due 10 wd after the real
    # conclusion: Fri 20 (1), 23-27 (6), Mon 30, 1, 2, Thu 3 Dec (10).
    officer.on(date(2026, 11, 19))
    await officer.case("conclude", ref, "--summary", "Interruptions confirmed by two notes")
    case = await officer.show_when(ref, lambda c: clock_state(c, "reply")[0] == "2026-12-03")
    assert clock_state(case, "investigation") == ("2026-11-30", "met")
    assert clock_state(case, "reply") == ("2026-12-03", "running")
    # No letter to the complainant for the conclusion itself.
    got = await post.collect(officer.day, settle=3.0)
    assert not [x for x in got if "g.pritchard" in x.to]

    # Tue 1 Dec: the reply, within the 3 Dec target.
    officer.on(date(2026, 12, 1))
    await officer.case(
        "respond", ref, "--outcome", "partly", "--summary", "The inspector's manner fell short",
        "--action", "Feedback given to the inspection team",
    )  # fmt: skip
    case = await officer.show_when(
        ref, lambda c: clock_state(c, "reply")[1] == "met" and clock_state(c, "request")[0]
    )
    # The complainant may ask for an internal review within 10 wd of the decision letter:
    # 2-4 Dec (3), 7-11 (8), Mon 14, Tue 15 Dec (10).
    assert clock_state(case, "request") == ("2026-12-15", "running")
    got = await post.collect(officer.day, to("g.pritchard", "our response"))
    (reply,) = [x for x in got if "g.pritchard" in x.to]
    assert "We have partly upheld your complaint." in reply
    assert "you can ask for an internal review" in reply
    assert "within 10 working days of the date of this letter" in reply

    # Tue 8 Dec: the complainant asks for an internal review (step 3): 30 wd from Tue 8 Dec
    # in England and Wales: 9-11 (3), 14-18 (8), 21-24 (12), [Fri 25 Dec Christmas, Mon 28
    # Dec Boxing Day substitute], 29-31 (15), [Fri 1 Jan], 4-8 Jan (20), 11-15 (25),
    # 18-22 Jan (30): Fri 22 Jan 2027.
    officer.on(date(2026, 12, 8))
    await officer.case("escalate", ref, "--reason", "The investigation ignored our notes")
    case = await officer.show_when(
        ref, lambda c: c.get("stage") == "internal_review" and clock_state(c, "review")[0]
    )
    assert clock_state(case, "review") == ("2027-01-22", "running")
    got = await post.collect(
        officer.day, to("g.pritchard", "update"), to("g.pritchard", "acknowledgement")
    )
    (moved,) = [x for x in got if "update" in x.subject]
    assert "has moved to stage 3 of our complaints procedure" in moved
    assert "We aim to send you our full response by 22 January 2027." in moved
    assert "We have accepted your request for an internal review." in moved
    (ack3,) = [x for x in got if "acknowledgement" in x.subject]
    assert "We aim to send you our full response by 22 January 2027." in ack3
    assert "not involved in the investigation will carry out the internal review" in ack3
    assert "Dr Alys Morgan" not in ack3  # the investigator does not review (seed 001 step 3)
    # The reviewer has not been involved in the investigation (seed 001 step 3).
    refused = await officer.refused("assign", ref, "Dr Alys Morgan")
    assert "involved-earlier" in refused, refused
    await officer.case("assign", ref, "Huw Jenkins")
    await officer.show_when(ref, lambda c: c.get("officer") == "Huw Jenkins")
    got = await post.collect(officer.day, to("g.pritchard", "Huw Jenkins"))
    assert "We aim to send you our full response by 22 January 2027." in got[-1]

    # Thu 14 Jan 2027: the review's response; Fri 15 Jan: closed.
    officer.on(date(2027, 1, 14))
    await officer.case(
        "respond", ref, "--outcome", "not-upheld", "--summary", "The complaint was handled properly"
    )
    case = await officer.show_when(ref, lambda c: clock_state(c, "review")[1] == "met")
    assert clock_state(case, "review") == ("2027-01-22", "met")
    (final,) = await post.collect(officer.day, to("g.pritchard", "our response"))
    assert "We have not upheld your complaint." in final
    assert "The decision of our internal review is final" in final
    # seed 001 §5: invited to give feedback on the handling (kept by `case feedback`)
    assert "You are invited to provide feedback on how your concerns were handled." in final
    officer.on(date(2027, 1, 15))
    await officer.case("close", ref)
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert not [c for c in case["clocks"] if c.get("status") == "running"], case["clocks"]
    assert not await post.collect(officer.day, settle=2.0)
    # The feedback invited comes back in writing: kept on the file for the reports.
    await officer.case("feedback", ref, "--summary", "Clear and fair", "--satisfaction", "partly")
    case = await officer.show(ref)
    assert '"summary": "Clear and fair"' in case["reach_json"]
    # Every letter but a breach notice (which reports the missed date, by nature): nothing
    # dated before the day it went, but the day of receipt it reports.
    assert_no_passed_dates(
        [x for x in post.letters if not x.subject.startswith("Deadline missed")],
        facts=(RECEIVED,),
    )


async def test_step1_early_resolution_then_a_formal_complaint_with_new_evidence(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 001 §4 Step 1: "Some concerns can be resolved informally"; Step 2.1: "If the
    complaint has already been considered at step 1 you should provide new evidence as to
    why you consider the step 1 conclusion to be inaccurate"."""
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    officer.on(RECEIVED)
    body = {
        **hmip_complaint(),
        "early_resolution": True,
        # More than 10 wd before receipt: no time limit at step 1 (the formal complaint's).
        "incident_date": "2026-10-12",
        "subject": "The lead inspector's rating of our case management",
        "aspects": [
            {
                "kind": "service-delivery",
                "text": "The rating ignored the case audits we sent during the inspection.",
            }
        ],
    }
    reference = await submit(stack, "hmip", body)
    ref = f"{reference}/1"
    case = await officer.show_when(ref, lambda c: c.get("stage") == "early_resolution")
    assert (case["status"], case["owner"]) == ("open", "lead-inspector")
    assert not case["clocks"]  # seed 001 gives step 1 no timescale
    # Nothing promises a date at step 1.
    assert not [x for x in await post.collect(RECEIVED, settle=3.0) if "update" in x.subject]

    # Wed 4 Nov: the Director of Operations' step 1 conclusion: not resolved.
    officer.on(date(2026, 11, 4))
    await officer.case(
        "early-resolution", ref, "--outcome", "not-resolved",
        "--summary", "The rating stands on the evidence seen", "--decided-by",
        "Director of Operations",
    )  # fmt: skip
    await officer.show_when(ref, lambda c: c.get("status") == "responded")

    # Mon 9 Nov: the complainant asks for a formal complaint; refused until new evidence.
    officer.on(date(2026, 11, 9))
    refused = await officer.refused("escalate", ref, "--reason", "I disagree")
    assert "record-new-evidence first" in refused, refused
    await officer.case("new-evidence", ref, "The audits were sent on 14 October, log attached")
    await officer.case("escalate", ref, "--reason", "The step 1 conclusion missed the audits")
    # The formal complaint counts from the day of the move, Mon 9 Nov 2026 (England and
    # Wales): acknowledged within 5 wd: 10-13 (4), Mon 16 Nov; the investigation within 20
    # wd: 10-13 (4), 16-20 (9), 23-27 (14), 30 Nov-4 Dec (19), Mon 7 Dec (20); the reply
    # 10 wd after its latest conclusion: 8-11 Dec (4), 14-18 (9), Mon 21 Dec 2026 (10).
    case = await officer.show_when(
        ref,
        lambda c: c.get("stage") == "formal_complaint" and clock_state(c, "reply")[0],
    )
    assert clock_state(case, "acknowledgement")[0] == "2026-11-16"
    assert clock_state(case, "investigation") == ("2026-12-07", "running")
    assert clock_state(case, "reply") == ("2026-12-21", "running")
    got = await post.collect(
        officer.day, to("g.pritchard", "update"), to("g.pritchard", "acknowledgement")
    )
    moved = one(got, "g.pritchard", "update")
    assert "has moved to stage 2 of our complaints procedure" in moved
    assert "We aim to send you our full response by 21 December 2026." in moved
    ack = one(got, "g.pritchard", "acknowledgement")
    assert "We aim to send you our full response by 21 December 2026." in ack

    # Tue 10 Nov an Investigating Officer; Thu 3 Dec the reply; Fri 4 Dec closed.
    await post.next_day(officer, date(2026, 11, 10))
    await officer.case("assign", ref, "Dr Alys Morgan")
    await post.next_day(officer, date(2026, 12, 3))
    await officer.case(
        "respond", ref, "--outcome", "not-upheld", "--summary", "The audits were considered"
    )
    case = await officer.show_when(ref, lambda c: clock_state(c, "reply")[1] == "met")
    assert clock_state(case, "investigation")[1] == "met"
    got = await post.collect(officer.day, to("g.pritchard", "our response"))
    assert "We have not upheld your complaint." in one(got, "g.pritchard", "our response")
    await post.next_day(officer, date(2026, 12, 4))
    await officer.case("close", ref)
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert not [c for c in case["clocks"] if c.get("status") == "running"], case["clocks"]
    await post.collect(officer.day, settle=2.0)
    assert_no_passed_dates(post.letters, facts=(RECEIVED, date(2026, 10, 12)))
