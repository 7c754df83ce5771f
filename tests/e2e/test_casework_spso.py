"""SPSO model CHP casework end to end over the running platform, as a complaints officer
types it: a frontline response given by phone, the complainant taking it to the
investigation stage, the investigation's response with the SPSO signposted, and closure
(seed 002; procedures/data/spso.yaml). Every letter's text is read in the SMTP sink."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from tests.e2e.casework import Officer, clock_state
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, to

pytestmark = pytest.mark.e2e

RECEIVED = date(2026, 11, 2)  # Mon 2 Nov 2026


def spso_complaint() -> dict[str, Any]:
    return {
        "partner_ref": f"IJB-{uuid.uuid4().hex[:10]}",
        "procedure": "spso",
        "nation": "scotland",
        "received_at": "2026-11-02T11:20:00+00:00",
        "incident_date": "2026-10-26",
        "channel": "phone",
        "complainant": {"name": "Morag Campbell", "contact": "morag.campbell@example.org"},
        "subject": "Care-at-home visits cut without notice",
        "aspects": [
            {
                "kind": "service-delivery",
                "text": "My mother's evening visit was stopped without anyone telling us.",
                "officers_named": [],
            }
        ],
        "location": {"local_authority": "Riverside"},
    }


async def test_frontline_by_phone_then_investigation_to_closure(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    reference = await submit(stack, "inverclyde", spso_complaint())
    ref = f"{reference}/1"

    case = await officer.show_when(ref, lambda c: clock_state(c, "response")[0])
    assert case["stage"] == "frontline_response"
    # Stage 1: 5 wd from Mon 2 Nov 2026: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 Nov.
    assert clock_state(case, "response") == ("2026-11-09", "running")
    (ack,) = await post.collect(RECEIVED, to("morag.campbell", "acknowledgement"))
    assert "Dear Morag Campbell" in ack
    assert "We aim to send you our full response by 9 November 2026." in ack
    assert "We aim to respond to you within 5 working days." in ack

    # Thu 5 Nov: answered by phone (seed 002 "normally face-to-face or by telephone"); the
    # stage is answered, its clock met, and no letter goes unless it is put in writing.
    officer.on(date(2026, 11, 5))
    await officer.case(
        "oral-response", ref, "--channel", "phone", "--outcome", "not-upheld",
        "--summary", "The visit was moved to the morning at the family's earlier request",
    )  # fmt: skip
    case = await officer.show_when(ref, lambda c: clock_state(c, "response")[1] == "met")
    assert case["status"] == "responded"
    assert clock_state(case, "response") == ("2026-11-09", "met")
    assert not await post.collect(officer.day, settle=4.0)

    # Tue 24 Nov: the complainant asks for the investigation stage.
    officer.on(date(2026, 11, 24))
    await officer.case("escalate", ref, "--reason", "The family never asked for a change")
    case = await officer.show_when(
        ref, lambda c: c.get("stage") == "investigation" and clock_state(c, "response")[0]
    )
    # Acknowledged within 3 wd of Tue 24 Nov: Wed 25, Thu 26, Fri 27 Nov (met on the day).
    assert clock_state(case, "acknowledgement") == ("2026-11-27", "met")
    # 20 wd from Tue 24 Nov 2026 in Scotland: 25-27 Nov (3), [Mon 30 Nov St Andrew's Day],
    # 1-4 Dec (7), 7-11 (12), 14-18 (17), 21-23 (20): Wed 23 Dec 2026 (England: Tue 22 Dec).
    assert clock_state(case, "response") == ("2026-12-23", "running")
    got = await post.collect(
        officer.day, to("morag.campbell", "update"), to("morag.campbell", "acknowledgement")
    )
    (moved,) = [x for x in got if "update" in x.subject]
    assert "has moved to stage 2 of our complaints procedure" in moved
    assert "We aim to send you our full response by 23 December 2026." in moved
    (ack2,) = [x for x in got if "acknowledgement" in x.subject]
    assert "Your complaint will be investigated at stage 2 of our complaints procedure." in ack2
    assert "We aim to send you our full response by 23 December 2026." in ack2
    assert "9 November 2026" not in moved.text + ack2.text  # not stage 1's passed date

    # Wed 25 Nov: an investigator; Fri 18 Dec: the stage 2 response.
    officer.on(date(2026, 11, 25))
    await officer.case("assign", ref, "Fiona Munro")
    await officer.show_when(ref, lambda c: c.get("officer") == "Fiona Munro")
    (named,) = await post.collect(officer.day, to("morag.campbell", "update"))
    assert "Fiona Munro has been appointed to investigate your complaint" in named
    assert "We aim to send you our full response by 23 December 2026." in named
    officer.on(date(2026, 12, 18))
    await officer.case(
        "respond", ref, "--outcome", "partly",
        "--summary", "The change was recorded against the wrong family; visits restored",
        "--action", "Evening visits restored from 21 December 2026",
    )  # fmt: skip
    case = await officer.show_when(ref, lambda c: clock_state(c, "response")[1] == "met")
    assert clock_state(case, "response") == ("2026-12-23", "met")
    (decision,) = await post.collect(officer.day, to("morag.campbell", "our response"))
    assert "We have partly upheld your complaint." in decision
    assert "The change was recorded against the wrong family; visits restored" in decision
    # The SPSO signposted after the final stage (seed 002).
    assert (
        "If you remain dissatisfied, you can ask the Scottish Public Services Ombudsman (SPSO)"
        " to look at your complaint." in decision
    )
    assert "www.spso.org.uk" in decision

    # Mon 21 Dec: closed.
    officer.on(date(2026, 12, 21))
    await officer.case("close", ref)
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert not [c for c in case["clocks"] if c.get("status") == "running"], case["clocks"]
    assert not await post.collect(officer.day, settle=2.0)  # nothing more is written
    assert sorted((x.sent_on.isoformat(), x.subject.rsplit(": ", 1)[-1]) for x in post.letters) == [
        ("2026-11-02", "acknowledgement"),
        ("2026-11-24", "acknowledgement"),
        ("2026-11-24", "update"),
        ("2026-11-25", "update"),
        ("2026-12-18", "our response"),
    ]
    assert_no_passed_dates(post.letters, facts=(RECEIVED,))
