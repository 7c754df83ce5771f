"""DSO casework end to end over the running platform, as a complaints officer types it:
a formal service delivery complaint at a Scottish centre, acknowledged, an officer
assigned, the response quality assured, answered with the route to the IEC, and closed
(seed 000; procedures/data/dso.yaml). Every letter's text is read in the SMTP sink."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.casework import Officer, clock_state
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, one, to
from tests.support.submissions import dso_service_delivery

pytestmark = pytest.mark.e2e

RECEIVED = date(2026, 11, 2)  # Mon 2 Nov 2026


async def test_scottish_service_delivery_complaint_from_receipt_to_closure(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    body = dso_service_delivery(
        nation="scotland",
        location={"establishment": "Glenmoor IRC", "provider": "Example Custodial Services"},
    )
    reference = await submit(stack, "glenmoor", body)
    ref = f"{reference}/1"

    # Receipt, Mon 2 Nov: acknowledged on the day, the formal complaint's 20 working days.
    case = await officer.show_when(ref, lambda c: c.get("status") == "acknowledged")
    assert (case["stage"], case["owner"]) == ("service_delivery", "supplier")
    # 20 wd from Mon 2 Nov 2026 in Scotland: 3-6 Nov (4), 9-13 (9), 16-20 (14), 23-27 (19),
    # [Mon 30 Nov St Andrew's Day, a Scottish bank holiday], Tue 1 Dec (20).
    # (In England it would be Mon 30 Nov.)
    assert clock_state(case, "response") == ("2026-12-01", "running")
    got = await post.collect(RECEIVED, to("amal.haddad", "acknowledgement"), to("imb.glenmoor"))
    (ack,) = [x for x in got if "amal.haddad" in x.to]
    assert "Dear Amal Haddad" in ack
    assert "which we received on 2 November 2026" in ack
    assert "We aim to send you our full response by 1 December 2026." in ack
    assert "A senior officer will check our response before it is sent to you." in ack
    (imb,) = [x for x in got if "imb.glenmoor" in x.to]  # authorised: "imb_copy": true
    assert "Property not returned after transfer" in imb

    # Wed 4 Nov: the investigating officer is assigned.
    officer.on(date(2026, 11, 4))
    await officer.case("assign", ref, "Morven Reid")
    case = await officer.show_when(ref, lambda c: c.get("officer") == "Morven Reid")
    (update,) = await post.collect(officer.day, to("amal.haddad", "update"))
    assert "Morven Reid has been appointed to investigate your complaint" in update
    assert "We aim to send you our full response by 1 December 2026." in update  # as above

    # Fri 27 Nov: the response cannot go before a senior officer has quality assured it.
    officer.on(date(2026, 11, 27))
    # The response clock's reminder day is Thu 26 Nov: 2 Scottish working days before Tue 1
    # Dec, as Mon 30 Nov is St Andrew's Day. The platform's day jumped from 4 to 27 Nov, so
    # the reminder the team was owed on the 26th goes late, at once, on the 27th ("late
    # rather than never"), to the owning team and the supplier, never to the complainant.
    # (Waited for before the response: a clock met first would rightly send none.)
    await post.collect(officer.day, lambda x: x.subject.startswith("Reminder"))
    refused = await officer.refused(
        "respond", ref, "--outcome", "upheld", "--summary", "Bag found and returned"
    )
    assert "quality" in refused.lower(), refused
    # ... nor by the investigating officer (independence: another officer checks it).
    refused = await officer.refused("quality-assure", ref, "--by", "Morven Reid")
    assert "qa-is-investigator" in refused, refused
    await officer.case("quality-assure", ref, "--by", "Ewan Fraser")
    await officer.case(
        "respond", ref, "--outcome", "upheld", "--summary", "Bag found and returned",
        "--action", "Property checks at every transfer",
    )  # fmt: skip
    case = await officer.show_when(
        ref,
        lambda c: clock_state(c, "response")[1] == "met" and clock_state(c, "escalation")[0],
    )
    # Answered on Fri 27 Nov, within the target of Tue 1 Dec: the clock is met.
    assert clock_state(case, "response") == ("2026-12-01", "met")
    got = await post.collect(officer.day, to("amal.haddad", "Independent Examiner"))
    (decision,) = [x for x in got if "amal.haddad" in x.to]
    assert "Dear Amal Haddad" in decision
    assert "upheld" in decision.text.lower()
    assert "Bag found and returned" in decision
    assert "Independent Examiner of Complaints" in decision
    assert (
        "If you are not satisfied with this response, you can ask the Independent Examiner of"
        " Complaints (IEC) to review it. You must do so within 3 months of receiving this"
        " response, by 27 February 2027." in decision  # the escalation clock's day, below
    )
    # (The reminder that went before the response, above, is the only one.)
    reminders = [x for x in post.letters if x.subject.startswith("Reminder")]
    assert reminders and {x.subject for x in reminders} == {
        f"Reminder: response due 1 December 2026 ({ref})"
    }, [(x.to, x.subject) for x in post.letters]
    assert not [x for x in reminders if "amal.haddad" in x.to]
    assert "A senior officer" not in decision  # the promise is kept, not repeated
    # The complainant's window for the IEC: 3 calendar months from Fri 27 Nov 2026 is
    # Sat 27 Feb 2027 (calendar months, so the weekend day stands).
    assert clock_state(case, "escalation") == ("2027-02-27", "running")

    # Tue 1 Dec: closed; no clock runs on a closed case.
    officer.on(date(2026, 12, 1))
    await officer.case("close", ref)
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert not [c for c in case["clocks"] if c.get("status") == "running"], case["clocks"]
    assert not case.get("next_due")
    await post.collect(officer.day, settle=2.0)

    # The response is copied to DS Complaints and the IMB (seed 000 "Service delivery").
    copies = [x.to for x in post.letters if x.subject.startswith("Response to complaint")]
    assert sorted(a.split("<")[-1] for a in copies) == [
        "ds.complaints@example.gov.uk>",
        "imb.glenmoor@example.gov.uk>",
    ]
    # Every letter: nothing dated before the day it went, but the day of receipt it reports.
    assert_no_passed_dates(post.letters, facts=(RECEIVED,))


async def test_serious_misconduct_in_northern_ireland_is_the_psus_for_12_weeks(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)

    async def move(day: date) -> None:
        await post.next_day(officer, day)

    body = dso_service_delivery(
        nation="northern-ireland",
        consent={"imb_copy": False, "share_with_provider": True},
        subject="Assaulted during escort",
        aspects=[
            {
                "kind": "serious-misconduct",
                "text": "An escort officer pushed me against the van door on 30 October.",
                "officers_named": [],
            }
        ],
        location={"establishment": "Larne House", "provider": "Example Custodial Services"},
    )
    reference = await submit(stack, "larne", body)
    ref = f"{reference}/1"
    case = await officer.show_when(
        ref, lambda c: c.get("status") == "acknowledged" and clock_state(c, "response")[0]
    )
    # Seed 000: serious misconduct is allocated to the Professional Standards Unit, 12 weeks.
    assert (case["stage"], case["owner"]) == ("serious_misconduct", "psu")
    # 12 weeks (84 calendar days, holidays count) from Mon 2 Nov 2026: Mon 25 Jan 2027.
    assert clock_state(case, "response") == ("2027-01-25", "running")
    got = await post.collect(RECEIVED, to("amal.haddad", "acknowledgement"))
    ack = one(got, "amal.haddad", "acknowledgement")
    assert "We aim to send you our full response by 25 January 2027." in ack
    assert "The Professional Standards Unit will investigate your complaint." in ack

    # Wed 4 Nov: the PSU's investigator.
    await move(date(2026, 11, 4))
    await officer.case("assign", ref, "Inspector Niamh Doyle")
    got = await post.collect(officer.day, to("amal.haddad", "update"))
    named = one(got, "amal.haddad", "update")
    assert "Inspector Niamh Doyle has been appointed to investigate your complaint" in named
    assert "We aim to send you our full response by 25 January 2027." in named

    # Wed 20 Jan 2027: upheld, within the 12 weeks; the route is the PPO.
    await move(date(2027, 1, 20))
    await officer.case(
        "respond", ref, "--outcome", "upheld", "--summary", "The use of force was not justified"
    )
    case = await officer.show_when(
        ref, lambda c: clock_state(c, "response")[1] == "met" and clock_state(c, "escalation")[0]
    )
    assert clock_state(case, "response") == ("2027-01-25", "met")
    # 3 calendar months from Wed 20 Jan 2027: Tue 20 Apr 2027.
    assert clock_state(case, "escalation") == ("2027-04-20", "running")
    got = await post.collect(
        officer.day, to("amal.haddad", "our response"), to("ie.manager.larne")
    )
    decision = one(got, "amal.haddad", "our response")
    assert "We have upheld your complaint." in decision
    assert "you can ask the Prisons and Probation Ombudsman (PPO) to review it" in decision
    assert "within 3 months of receiving this response, by 20 April 2027." in decision
    # seed 000 serious misconduct: "response within 12 weeks copied to IE manager", as
    # routing decided (route explain: response_to_ie_manager); not to DS Complaints
    assert "The use of force was not justified" in one(got, "ie.manager.larne")
    assert not [x for x in post.letters if "ds.complaints" in x.to]
    assert not [x for x in post.letters if "imb." in x.to]  # no authority for the IMB

    # Thu 21 Jan: substantiated, so DCO certification is considered before it is closed.
    await move(date(2027, 1, 21))
    refused = await officer.refused("close", ref)
    assert "DCO certification" in refused, refused
    await officer.case(
        "dco-review", ref, "--decision", "DCO certification withdrawn", "--by", "Home Office"
    )
    await officer.case("close", ref)
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert not [c for c in case["clocks"] if c.get("status") == "running"], case["clocks"]
    await post.collect(officer.day, settle=2.0)
    assert_no_passed_dates(post.letters, facts=(RECEIVED,))


async def test_northern_irish_service_delivery_across_st_patricks_day_and_easter(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    received = date(2027, 3, 8)  # Mon 8 Mar 2027
    officer.on(received)

    async def move(day: date) -> None:
        await post.next_day(officer, day)

    body = dso_service_delivery(
        nation="northern-ireland",
        received_at="2027-03-08T10:15:00+00:00",
        consent={"imb_copy": False, "share_with_provider": True},
        location={"establishment": "Larne House", "provider": "Example Custodial Services"},
    )
    reference = await submit(stack, "larne", body)
    ref = f"{reference}/1"
    case = await officer.show_when(
        ref, lambda c: c.get("status") == "acknowledged" and clock_state(c, "response")[0]
    )
    # 20 wd from Mon 8 Mar 2027 in Northern Ireland: 9-12 (4), 15-16 (6), [Wed 17 Mar St
    # Patrick's Day], 18-19 (8), 22-25 (12), [Fri 26 Mar Good Friday, Mon 29 Mar Easter
    # Monday], 30-31 (14), 1-2 Apr (16), 5-8 Apr (20): Thu 8 Apr 2027 (England: Wed 7 Apr).
    assert clock_state(case, "response") == ("2027-04-08", "running")
    ack = one(await post.collect(received, to("amal.haddad", "acknowledgement")), "amal.haddad")
    assert "which we received on 8 March 2027" in ack
    assert "We aim to send you our full response by 8 April 2027." in ack

    # Tue 9 Mar an officer; Tue 6 Apr quality assured and answered; Wed 7 Apr closed.
    await move(date(2027, 3, 9))
    await officer.case("assign", ref, "Ciaran Byrne")
    await move(date(2027, 4, 6))
    await officer.case("quality-assure", ref, "--by", "Ewan Fraser")
    await officer.case("respond", ref, "--outcome", "partly", "--summary", "Bag found late")
    case = await officer.show_when(ref, lambda c: clock_state(c, "response")[1] == "met")
    assert clock_state(case, "response") == ("2027-04-08", "met")
    got = await post.collect(officer.day, to("amal.haddad", "our response"))
    decision = one(got, "amal.haddad", "our response")
    assert "We have partly upheld your complaint." in decision
    assert "Independent Examiner of Complaints (IEC)" in decision
    # 3 calendar months from Tue 6 Apr 2027, deadlines' escalation clock: Tue 6 Jul 2027.
    assert "within 3 months of receiving this response, by 6 July 2027." in decision
    await move(date(2027, 4, 7))
    await officer.case("close", ref)
    await officer.show_when(ref, lambda c: c.get("status") == "closed")
    await post.collect(officer.day, settle=2.0)
    assert_no_passed_dates(post.letters, facts=(received,))
