"""The Complaint Handling Code's good practice (seed 003; procedures/data/code.yaml, which
every procedure includes) end to end over the running platform, as a complaints officer
types it: a DSO minor misconduct complaint naming two officers, in England across
Christmas and New Year. The officers are asked for comments within 3 working days and
anonymised in every letter, the officer complained about cannot investigate, guidance is
given, the response quality assured and sent, and the case closed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.casework import Officer, clock_state
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, one, to
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e

RECEIVED = date(2026, 12, 7)  # Mon 7 Dec 2026
NAMED = ("John Smith", "Priya Shah")


async def test_named_officers_are_asked_anonymised_and_independent_to_closure(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    officer.on(RECEIVED)

    async def move(day: date) -> None:
        await post.next_day(officer, day)

    body = dso_service_delivery(
        received_at="2026-12-07T08:55:00+00:00",
        consent={"imb_copy": False, "share_with_provider": True},
        subject="Rude officers on the residential unit",
        aspects=[
            {
                "kind": "minor-misconduct",
                "text": "Officer Smith and Officer Shah laughed at me when I asked for my"
                " legal papers on 4 December.",
                "officers_named": list(NAMED),
            }
        ],
    )
    reference = await submit(stack, "ashgrove", body)
    ref = f"{reference}/1"
    case = await officer.show_when(
        ref,
        lambda c: (
            c.get("status") == "acknowledged"
            and clock_state(c, "response")[0]
            and clock_state(c, "officer_comments")[0]
        ),
    )
    assert (case["stage"], case["owner"]) == ("minor_misconduct", "supplier")
    # Seed 003: those named are asked for comments; 3 wd from Mon 7 Dec: 8, 9, Thu 10 Dec.
    assert clock_state(case, "officer_comments") == ("2026-12-10", "running")
    # 20 wd from Mon 7 Dec 2026 in England: 8-11 (4), 14-18 (9), 21-24 (13), [Fri 25 Dec
    # Christmas Day, Mon 28 Dec Boxing Day substitute], 29-31 (16), [Fri 1 Jan New Year's
    # Day], 4-7 Jan (20): Thu 7 Jan 2027.
    assert clock_state(case, "response") == ("2027-01-07", "running")
    got = await post.collect(
        RECEIVED,
        to("amal.haddad", "acknowledgement"),
        to("john.smith", "your comments"),
        to("priya.shah", "your comments"),
    )
    ack = one(got, "amal.haddad", "acknowledgement")
    assert "We aim to send you our full response by 7 January 2027." in ack
    smith = one(got, "john.smith", "your comments")
    assert "you are referred to as Officer A" in smith
    assert "Please send us your comments by 10 December 2026." in smith  # the clock's date
    assert "you are referred to as Officer B" in one(got, "priya.shah", "your comments")
    # Anonymised everywhere but the officer's own salutation line (seed 003).
    for x in got:
        assert not any(n in x.text for n in NAMED), (x.to, x.text)

    # Tue 8 Dec: the officer complained about cannot investigate; another officer does.
    await move(date(2026, 12, 8))
    refused = await officer.refused("assign", ref, "John Smith")
    assert "named-in-complaint" in refused, refused
    await officer.case("assign", ref, "Grace Obi")
    case = await officer.show_when(ref, lambda c: c.get("officer") == "Grace Obi")
    got = await post.collect(officer.day, to("amal.haddad", "update"))
    assert "Grace Obi has been appointed to investigate your complaint" in one(
        got, "amal.haddad", "update"
    )
    # The investigator asks Priya Shah again (`case comments`): 3 wd from Tue 8 Dec: 9,
    # 10, Fri 11 Dec, in her letter and on the clock alike (deadlines counts it again).
    await officer.case("comments", ref, "--officer", "Priya Shah")
    got = await post.collect(officer.day, to("priya.shah", "your comments by 11 December 2026"))
    shah = one(got, "priya.shah", "your comments by 11 December 2026")
    assert "Please send us your comments by 11 December 2026." in shah  # the clock's again
    assert not [x for x in got if "john.smith" in x.to]
    case = await officer.show_when(
        ref, lambda c: clock_state(c, "officer_comments") == ("2026-12-11", "running")
    )

    # Wed 9 Dec: the comments are in, within the 3 wd; the clock is met and stays met.
    await move(date(2026, 12, 9))
    await officer.case("comments-received", ref, "Both say they were not laughing at him")
    case = await officer.show_when(ref, lambda c: clock_state(c, "officer_comments")[1] == "met")
    assert clock_state(case, "officer_comments") == ("2026-12-11", "met")
    refused = await officer.refused("comments-received", ref, "Again")
    assert "no officer's comments are awaited" in refused, refused

    # Tue 5 Jan 2027: guidance to the staff member, the response quality assured and sent.
    await move(date(2027, 1, 5))
    await officer.case(
        "staff-guidance", ref, "--staff-member", "John Smith",
        "--guidance", "Respond courteously to requests for legal papers",
    )  # fmt: skip
    await officer.case("quality-assure", ref, "--by", "Helen Ward")
    await officer.case(
        "respond", ref, "--outcome", "upheld",
        "--summary", "The officers' manner fell short; guidance has been given",
    )  # fmt: skip
    case = await officer.show_when(ref, lambda c: clock_state(c, "response")[1] == "met")
    assert clock_state(case, "response") == ("2027-01-07", "met")
    got = await post.collect(officer.day, to("amal.haddad", "our response"))
    decision = one(got, "amal.haddad", "our response")
    assert "We have upheld your complaint." in decision
    assert "Independent Examiner of Complaints" in decision
    assert not any(n in decision.text for n in NAMED)  # seed 003: no officer named
    assert "stage 0" not in decision.text.lower() and "informal complaint" not in decision.text

    # Wed 6 Jan: closed.
    await move(date(2027, 1, 6))
    await officer.case("close", ref)
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert not [c for c in case["clocks"] if c.get("status") == "running"], case["clocks"]
    await post.collect(officer.day, settle=2.0)
    to_complainant = [x for x in post.letters if "amal.haddad" in x.to]
    for x in to_complainant:
        assert not any(n in x.text for n in NAMED), (x.subject, x.text)
    # No reminder and no breach for the comments once they were in.
    assert not [x for x in post.letters if "officer comments" in x.subject], [
        (x.to, x.subject) for x in post.letters
    ]
    assert_no_passed_dates(
        [x for x in post.letters if not x.subject.startswith("Deadline missed")],
        facts=(RECEIVED,),
    )
