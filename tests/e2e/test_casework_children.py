"""Children's social care casework end to end over the running platform, as a complaints
officer types it: stage 1 answered, stage 2 (investigating officer and Independent Person
with attestations, the agreed statement, draft and final reports, adjudication) across
Christmas, stage 3 (panel requested, scheduled with three attested members, papers, held,
reported, the Director's response) across Easter 2027, and closure (seed 004;
procedures/data/children.yaml). Every letter's text is read in the SMTP sink."""

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
PARENT = "d.okoro"


def children_complaint() -> dict[str, Any]:
    return {
        "partner_ref": f"CSC-{uuid.uuid4().hex[:10]}",
        "procedure": "children",
        "nation": "england",
        "received_at": "2026-11-02T09:00:00+00:00",
        "incident_date": "2026-10-20",
        "channel": "form",
        "complainant": {"name": "Dami Okoro", "contact": "d.okoro@example.org"},
        "subject": "Contact arrangements for my son changed without consultation",
        "aspects": [
            {
                "kind": "service-delivery",
                "text": "Family time with my son was cut to once a month without a meeting.",
                "officers_named": ["Alex Grant"],
            }
        ],
        "location": {"local_authority": "Westshire Council"},
    }


async def test_stage_1_to_review_panel_to_closure(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)

    async def move(day: date) -> None:
        await post.next_day(officer, day)

    reference = await submit(stack, "westshire", children_complaint())
    ref = f"{reference}/1"

    case = await officer.show_when(
        ref,
        lambda c: (
            c.get("status") == "acknowledged"
            and clock_state(c, "acknowledgement")[1] == "met"
            and clock_state(c, "response")[0]
        ),
    )
    assert (case["stage"], case["status"]) == ("local_resolution", "acknowledged")
    # Stage 1 in England: acknowledged within 3 wd (3, 4, Thu 5 Nov), met on the day; the
    # team manager's response within 10 wd: 3-6 Nov (4), 9-13 (9), Mon 16 Nov (10).
    assert clock_state(case, "acknowledgement") == ("2026-11-05", "met")
    assert clock_state(case, "response") == ("2026-11-16", "running")
    ack1 = one(
        await post.collect(RECEIVED, to(PARENT, "acknowledgement")), PARENT, "acknowledgement"
    )
    assert "Dear Dami Okoro" in ack1
    assert "We aim to send you our full response by 16 November 2026." in ack1
    assert "it will not move there unless you ask" in ack1  # seed 004 "can" progress

    # Fri 13 Nov: stage 1 answered by the team manager.
    await move(date(2026, 11, 13))
    await officer.case(
        "respond", ref, "--outcome", "not-upheld", "--summary", "Contact follows the care plan"
    )
    case = await officer.show_when(
        ref, lambda c: clock_state(c, "response")[1] == "met" and clock_state(c, "request")[0]
    )
    # The complainant may ask for stage 2 within 20 wd of Fri 13 Nov: 16-20 (5), 23-27 (10),
    # 30 Nov-4 Dec (15), 7-11 Dec (20): Fri 11 Dec 2026.
    assert clock_state(case, "request") == ("2026-12-11", "running")
    decision1 = one(
        await post.collect(officer.day, to(PARENT, "our response")), PARENT, "our response"
    )
    assert "We have not upheld your complaint." in decision1
    assert "you can ask for your complaint to be investigated at stage 2" in decision1
    assert "within 20 working days of the date of this letter" in decision1

    # Mon 23 Nov: the parent asks for stage 2. 25 wd from Mon 23 Nov in England: 24-27 (4),
    # 30 Nov-4 Dec (9), 7-11 (14), 14-18 (19), 21-24 (23), [Fri 25 Dec Christmas Day, Mon
    # 28 Dec Boxing Day substitute], 29, 30 Dec (25): Wed 30 Dec 2026.
    await move(date(2026, 11, 23))
    await officer.case("escalate", ref, "--reason", "No one met me about it")
    case = await officer.show_when(
        ref, lambda c: c.get("stage") == "investigation" and clock_state(c, "response")[0]
    )
    assert clock_state(case, "response") == ("2026-12-30", "running")
    assert clock_state(case, "request") == ("2026-12-11", "met")
    got = await post.collect(officer.day, to(PARENT, "update"), to(PARENT, "acknowledgement"))
    (moved,) = [x for x in got if "update" in x.subject]
    assert "has moved to stage 2 of our complaints procedure" in moved
    assert "We aim to send you our full response by 30 December 2026." in moved
    (ack2,) = [x for x in got if "acknowledgement" in x.subject]
    assert "an Investigating Officer and an Independent Person" in ack2
    assert "We aim to send you our full response by 30 December 2026." in ack2
    assert "16 November 2026" not in moved.text + ack2.text  # not stage 1's passed date

    # The investigating officer and the Independent Person (seed 004), checked.
    ip_attest = ("--attest", "not-employee", "--attest", "not-spouse-of-employee-or-member",
                 "--attest", "not-employed-in-last-three-years")  # fmt: skip
    refused = await officer.refused(
        "assign", ref, "Sam Okafor", "--independent-person", "Sam Okafor", *ip_attest
    )
    assert "ip-is-officer" in refused, refused
    refused = await officer.refused("assign", ref, "Sam Okafor", "--independent-person", "Pat Lee")
    assert "attest-not-employed-in-last-three-years" in refused, refused
    refused = await officer.refused(
        "assign", ref, "Alex Grant", "--independent-person", "Pat Lee", *ip_attest
    )
    assert "named-in-complaint" in refused, refused
    await officer.case("assign", ref, "Sam Okafor", "--independent-person", "Pat Lee", *ip_attest)
    # Seed 004 stage 2: the Head of Service and the team manager are told of the appointment
    # (the team manager with the officer's name), never the complainant's details.
    got = await post.collect(
        officer.day,
        to(PARENT, "Sam Okafor"),
        to("team.manager.childrens", "Sam Okafor"),
        to("head.childrens.services"),
    )
    assert "We aim to send you our full response by 30 December 2026." in one(
        got, PARENT, "Sam Okafor"
    )
    notices = [x for x in got if "team.manager" in x.to or "head.childrens" in x.to]
    assert len(notices) == 2 and all("Dami Okoro" not in x for x in notices)

    # The statement agreed, the draft (no conclusions), the final report, the adjudication.
    await move(date(2026, 11, 26))
    await officer.case(
        "agree-statement", ref, "--statement", "Contact was cut without a meeting",
        "--desired-outcome", "Weekly family time restored",
    )  # fmt: skip
    await move(date(2026, 12, 9))
    await officer.case("draft-report", ref, "--document", "Draft report v1")
    await move(date(2026, 12, 16))
    await officer.case(
        "final-report", ref, "--adjudicating-officer", "Ruth Bailey", "--comments", "Dates fixed"
    )
    await move(date(2026, 12, 22))
    await officer.case(
        "adjudicate", ref, "--adjudicating-officer", "Ruth Bailey", "--outcome", "partly",
        "--summary", "Contact should not have changed without a review meeting",
    )  # fmt: skip
    case = await officer.show_when(
        ref,
        lambda c: (
            clock_state(c, "response")[1] == "met"
            and clock_state(c, "panel_request")[0] == "2027-01-22"
        ),
    )
    assert case["status"] == "responded"
    # The Review Panel may be asked for within 20 wd of Tue 22 Dec: 23, 24 (2), [25, 28 Dec],
    # 29-31 (5), [Fri 1 Jan New Year's Day], 4-8 Jan (10), 11-15 (15), 18-22 (20): Fri 22 Jan.
    assert clock_state(case, "panel_request") == ("2027-01-22", "running")
    got = await post.collect(officer.day, to(PARENT, "our response"))
    (decision2,) = [x for x in got if PARENT in x.to]
    assert "We have partly upheld your complaint." in decision2
    assert "Contact should not have changed without a review meeting" in decision2
    # The concluding paragraph seed 004 prescribes, with the Complaints Manager's details.
    assert (
        "I hope that the above explanations help you to appreciate why I have arrived at my"
        " conclusion.  However, if you are not satisfied and wish to have the matter reviewed"
        " by an Independent Panel, please write within 20 working days of this to The"
        " Complaints Manager, Children's Services, Westshire Council, County Hall, Westshire,"
        " WS1 1AA." in decision2
    )

    # Mon 18 Jan 2027: the parent asks for a Review Panel, recorded as that (`panel-request`
    # at stage 2: the stage machine's panel-requested moves the case to stage 3). Convened
    # within 30 wd: 19-22 (4), 25-29 (9), 1-5 Feb (14), 8-12 (19), 15-19 (24), 22-26 (29),
    # Mon 1 Mar 2027 (30).
    await move(date(2027, 1, 18))
    await officer.case("panel-request", ref, "--note", "I want a Review Panel")
    case = await officer.show_when(
        ref, lambda c: c.get("stage") == "review_panel" and clock_state(c, "convene")[0]
    )
    assert clock_state(case, "convene") == ("2027-03-01", "running")
    assert clock_state(case, "panel_request") == ("2027-01-22", "met")  # asked within it
    # Moved as an escalation is (then acknowledged by itself once stage 3 is dated).
    assert case["status"] in ("escalated", "acknowledged"), case["status"]
    got = await post.collect(officer.day, to(PARENT, "update"), to(PARENT, "acknowledgement"))
    (moved3,) = [x for x in got if "update" in x.subject]
    assert "has moved to stage 3 of our complaints procedure" in moved3
    (ack3,) = [x for x in got if "acknowledgement" in x.subject]
    assert "A review panel of three people independent of the council will meet" in ack3
    assert "Sam Okafor" not in ack3  # the panel, not the stage 2 investigator
    refused = await officer.refused("panel-request", ref)
    assert "already requested on 2027-01-18" in refused, refused

    # Mon 1 Feb: the panel set for Fri 26 Feb with three attested members. Papers 10 wd
    # before: 25 (1), 24, 23, 22 (4), 19, 18, 17, 16, 15 (9), Fri 12 Feb 2027 (10). The
    # report 5 wd after the panel: 1-5 Mar: Fri 5 Mar 2027.
    await move(date(2027, 2, 1))
    panel = ("--member", "Ann Shaw", "--member", "Bilal Khan", "--member", "Carys Evans")
    panel_attest = ("--attest", "independent-of-authority", "--attest", "not-officer",
                    "--attest", "not-spouse-or-civil-partner-of-officer")  # fmt: skip
    refused = await officer.refused(
        "panel-schedule", ref, "--date", "2027-02-26", "--member", "Pat Lee",
        "--member", "Bilal Khan", "--member", "Carys Evans", *panel_attest,
    )  # fmt: skip
    assert "involved-earlier" in refused, refused  # the stage 2 Independent Person
    await officer.case(
        "panel-schedule", ref, "--date", "2027-02-26", *panel, "--chair", "Ann Shaw",
        *panel_attest,
    )  # fmt: skip
    case = await officer.show_when(
        ref, lambda c: clock_state(c, "panel_papers")[0] and clock_state(c, "panel_report")[0]
    )
    assert clock_state(case, "panel_papers") == ("2027-02-12", "running")
    assert clock_state(case, "panel_report") == ("2027-03-05", "running")

    # Wed 10 Feb: papers sent; Fri 26 Feb: the panel held (convene met, before 1 Mar). The
    # Director's date, provisional, 15 wd after the report's last day, Fri 5 Mar: 8-12 Mar
    # (5), 15-19 (10), 22-25 (14), [Fri 26 Mar Good Friday, Mon 29 Mar Easter Monday],
    # Tue 30 Mar 2027 (15).
    await move(date(2027, 2, 10))
    await officer.case("panel-papers", ref)
    await move(date(2027, 2, 26))
    await officer.case("panel-held", ref)
    case = await officer.show_when(ref, lambda c: clock_state(c, "convene")[1] == "met")
    assert clock_state(case, "panel_papers") == ("2027-02-12", "met")
    assert clock_state(case, "panel_report") == ("2027-03-05", "running")
    assert clock_state(case, "director_response") == ("2027-03-30", "running")

    # Wed 3 Mar: the panel's report, two days early. The Director's 15 wd now count from
    # it: 4, 5 Mar (2), 8-12 (7), 15-19 (12), 22-24 (15): Wed 24 Mar 2027.
    await move(date(2027, 3, 3))
    await officer.case("panel-report", ref, "--recommendation", "Hold a review meeting")
    case = await officer.show_when(ref, lambda c: clock_state(c, "panel_report")[1] == "met")
    assert clock_state(case, "director_response") == ("2027-03-24", "running")

    # Fri 19 Mar: the Director's response; Mon 22 Mar: closed.
    await move(date(2027, 3, 19))
    await officer.case(
        "director-response",
        ref,
        "--outcome",
        "partly",
        "--summary",
        "The recommendation is accepted",
    )
    case = await officer.show_when(ref, lambda c: clock_state(c, "director_response")[1] == "met")
    got = await post.collect(officer.day, to(PARENT, "our response"), settle=3.0)
    (final,) = [x for x in got if PARENT in x.to]
    assert "The recommendation is accepted" in final
    assert "This is the final response of our complaints procedure." in final
    assert "Local Government and Social Care Ombudsman" in final
    await move(date(2027, 3, 22))
    await officer.case("close", ref)
    case = await officer.show_when(ref, lambda c: c.get("status") == "closed")
    assert not [c for c in case["clocks"] if c.get("status") == "running"], case["clocks"]
    await post.collect(officer.day, settle=2.0)
    assert_no_passed_dates(
        [x for x in post.letters if not x.subject.startswith("Deadline missed")],
        facts=(RECEIVED,),
    )
