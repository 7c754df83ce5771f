"""Reaching the person, end to end over the running platform at the CLI (issue 18):

- SPSO (seed 002 ¶10-11): access to the procedure restricted on a case being worked; the
  person is told the decision, the reasons, the review date and their right of appeal,
  and signposted to the SPSO; the review date is a clock; their next complaint is handled
  under the restriction (recorded on it, told, not acknowledged as if taken on);
- children (seed 004): the Complaints Manager confirms safeguarding with the child before
  the provider gets the complaint (the 5 working day provider_referral clock met by it),
  and advocacy explained, offered and provided is on the file.
Every letter is read in the SMTP sink."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import pytest

from tests.e2e.casework import Officer, clock_state
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, to
from tests.support.grpc_client import wait_until

pytestmark = pytest.mark.e2e

MORAG = "Morag Reid"  # the To header: name <address>


def spso_complaint(
    received: str, subject: str, contact: str = "Morag.Reid@example.org"
) -> dict[str, Any]:
    return {
        "partner_ref": f"IJB-{uuid.uuid4().hex[:10]}",
        "procedure": "spso",
        "nation": "scotland",
        "received_at": received,
        "channel": "phone",
        "complainant": {"name": "Morag Reid", "contact": contact},
        "subject": subject,
        "aspects": [{"kind": "service-delivery", "text": subject, "officers_named": []}],
        "location": {"local_authority": "Riverside"},
    }


async def test_a_restricted_person_is_told_signposted_and_their_next_complaint_follows(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    first = f"{await submit(stack, 'inverclyde', spso_complaint('2026-11-02T10:00:00+00:00', 'Visits cut'))}/1"  # noqa: E501
    await officer.show_when(first, lambda c: clock_state(c, "response")[0])
    await post.collect(officer.day, to(MORAG, "acknowledgement"))

    # Tue 3 Nov: access restricted, with a manager's approval (seed 002 ¶11).
    await post.next_day(officer, date(2026, 11, 3))
    await officer.case(
        "restrict", first, "--kind", "access-to-procedure",
        "--reason", "Threatening calls to staff on 2 November",
        "--review-on", "2026-12-01", "--approved-by", "Head of Service",
    )  # fmt: skip
    (told,) = await post.collect(officer.day, to(MORAG, "how you contact us"))
    assert "We have decided to restrict your access to our complaints procedure." in told
    assert "- Threatening calls to staff on 2 November" in told
    assert "We will review this decision by 1 December 2026." in told
    assert "You have the right to appeal against this decision." in told
    assert "Scottish Public Services Ombudsman (SPSO)" in told
    # The review date is a clock the owner is reminded by (seed 003 "under regular review").
    case = await officer.show_when(
        first, lambda c: clock_state(c, "restriction_review_R1")[0] is not None
    )
    assert clock_state(case, "restriction_review_R1") == ("2026-12-01", "running")

    # Wed 4 Nov: the same person complains again, from the same address in other capitals.
    await post.next_day(officer, date(2026, 11, 4))
    reference = await submit(
        stack,
        "inverclyde",
        spso_complaint("2026-11-04T10:00:00+00:00", "Letters unanswered", "morag.reid@EXAMPLE.org"),
    )
    second = f"{reference}/1"
    case = await officer.show_when(second, lambda c: c.get("restrictions"))
    (item,) = case["restrictions"]
    assert (item["kind"], item["status"], item["review_on"]) == (
        "access-to-procedure", "active", "2026-12-01",
    )  # fmt: skip
    assert json.loads(item["detail_json"])["carried_from"]["case"] == first
    summaries = [h["summary"] for h in case["history"] if h["type"] == "case.restricted"]
    assert any("applies to this complaint too" in x for x in summaries), summaries
    assert "access-to-procedure" in await officer.case("show", second)  # its Restrictions
    (again,) = await post.collect(officer.day, to(MORAG, "how you contact us"))
    assert reference in again
    assert "applies to you, so it applies to this complaint too" in again
    assert "we will not take your complaints through our complaints procedure" in again
    assert "Scottish Public Services Ombudsman (SPSO)" in again
    assert "We will review this decision by 1 December 2026." in again
    # Not acknowledged as a complaint taken on.
    await post.collect(officer.day, settle=4.0)
    assert not [x for x in post.to(MORAG) if f"{reference}/1: acknowledgement" in x.subject]
    assert_no_passed_dates(post.letters)

    # Fri 27 Nov is two working days before the review is due; reminders go at the end of
    # their day (DEADLINES_REMINDER_AT, 17:00), so by Monday 30 Nov the owning team has been
    # reminded (seed 003 "keep an individual's restrictions under regular review").
    officer.on(date(2026, 11, 30))
    got = await post.collect(
        officer.day, lambda x: f"Reminder: restriction review R1 due 1 December 2026 ({first})"
        in x.subject
    )  # fmt: skip
    (reminder,) = [x for x in got if "restriction review R1" in x.subject]
    assert "review of restriction R1" in reminder.text


def child_complaint() -> dict[str, Any]:
    return {
        "partner_ref": f"CSC-{uuid.uuid4().hex[:10]}",
        "procedure": "children",
        "nation": "england",
        "received_at": "2026-11-02T09:00:00+00:00",
        "channel": "form",
        "complainant": {"name": "Kai Moss", "contact": "kai.moss@example.org", "is_child": True},
        "subject": "Staff at the home read my letters",
        "aspects": [{"kind": "provider", "text": "Staff at the home read my letters."}],
        "location": {"local_authority": "Westshire Council", "provider": "Brightwater Homes"},
        "childrens_home": True,
    }


async def test_release_to_the_provider_after_safeguarding_is_checked_with_the_child(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    reference = await submit(stack, "westshire", child_complaint())
    ref = f"{reference}/1"
    case = await officer.show_when(ref, lambda c: clock_state(c, "provider_referral")[0])
    # 5 working days from Mon 2 Nov 2026 (seed 004 "within 5 working days"): Mon 9 Nov.
    assert clock_state(case, "provider_referral") == ("2026-11-09", "running")

    officer.on(date(2026, 11, 4))
    refused = await officer.refused("release", ref, "--safeguarding-checked")
    assert "child_agrees" in refused
    for step in ("explained", "offered"):
        await officer.case("advocacy", ref, "--step", step)
    await officer.case("advocacy", ref, "--step", "provided", "--advocate", "Dorset Advocacy")
    await officer.case(
        "release", ref, "--safeguarding-checked", "--child-agrees",
        "--wishes", "The home may see it, not my school",
    )  # fmt: skip
    case = await officer.show_when(ref, lambda c: clock_state(c, "provider_referral")[1] == "met")
    reach = json.loads(case["reach_json"])
    assert reach["release"]["provider"] == "Brightwater Homes"
    assert reach["consent"]["share_with_provider"] is True
    assert reach["advocacy"]["provided"]["advocate"] == "Dorset Advocacy"
    assert "case.provider-release-confirmed" in [h["type"] for h in case["history"]]
    shown = " ".join((await officer.case("show", ref)).split())
    assert "Reaching the person" in shown and "Dorset Advocacy" in shown
    again = await officer.refused("release", ref, "--safeguarding-checked", "--child-agrees")
    assert "was confirmed on 2026-11-04" in again


async def test_a_staff_complaint_response_warns_and_withholds_staff_details(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    body = spso_complaint("2026-11-02T10:00:00+00:00", "Shouted at by a carer")
    body["aspects"] = [
        {"kind": "minor-misconduct", "text": "Ewan Ross shouted at my father.",
         "officers_named": ["Ewan Ross"]},
    ]  # fmt: skip
    ref = f"{await submit(stack, 'inverclyde', body)}/1"
    await officer.show_when(ref, lambda c: clock_state(c, "response")[0])
    draft = "Ewan Ross has been given a written warning."
    result = await officer.invoke(
        "letters", "preview", ref, "decision", "--outcome", "upheld", "--draft", draft
    )
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    assert "WARNING the response text names Ewan Ross: remove it before it goes" in shown
    assert "WARNING the response text may give details affecting the staff member" in shown
    assert "Your complaint about a member of staff has been upheld." in shown

    officer.on(date(2026, 11, 4))
    await officer.case(
        "respond", ref, "--outcome", "upheld", "--summary", "We have apologised to your father."
    )
    got = await post.collect(officer.day, to(MORAG, "our response"))
    (decision,) = [x for x in got if "our response" in x.subject]
    assert "Your complaint about a member of staff has been upheld." in decision
    assert "We cannot share specific details affecting the staff member" in decision
    assert "Ewan Ross" not in decision


async def test_a_representation_answered_then_moved_to_a_stage_1_complaint(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    post = Post(stack)
    body = {
        "partner_ref": f"CSC-{uuid.uuid4().hex[:10]}",
        "procedure": "children",
        "nation": "england",
        "received_at": "2026-11-02T09:00:00+00:00",
        "channel": "form",
        "complainant": {"name": "Jess Ward", "contact": "jess.ward@example.org"},
        "subject": "More evening activities at the centre",
        "aspects": [{"kind": "service-delivery", "text": "Could the centre open later?"}],
        "location": {"local_authority": "Westshire Council"},
        "representation_type": "representation",
    }
    reference = await submit(stack, "westshire", body)

    async def answered() -> Any:
        result = await officer.invoke(
            "representations", "answer", reference, "--json",
            "--summary", "We will look at opening hours with the youth service",
            "--action", "A trial of Thursday evenings from January",
        )  # fmt: skip
        return json.loads(result.output) if result.exit_code == 0 else None

    reply = await wait_until(answered, timeout=45.0)
    assert reply["handling"]["answers"][0]["action"] == "A trial of Thursday evenings from January"

    # Mon 16 Nov: the young person is not satisfied: it moves to a complaint at stage 1,
    # received today, so its clocks run from today (seed 004).
    officer.on(date(2026, 11, 16))
    result = await officer.invoke(
        "representations", "convert", reference, "--reason", "No change was made", "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["handling"]["converted"]["on"] == "2026-11-16"
    case = await officer.show_when(f"{reference}/1", lambda c: clock_state(c, "response")[0])
    assert case["received_on"] == "2026-11-16"
    # 10 working days from Mon 16 Nov 2026: Mon 30 Nov.
    assert clock_state(case, "response") == ("2026-11-30", "running")
    (ack,) = [
        x
        for x in await post.collect(officer.day, to("Jess Ward", "acknowledgement"))
        if "acknowledgement" in x.subject
    ]
    assert "30 November 2026" in ack
    assert_no_passed_dates(post.letters)
