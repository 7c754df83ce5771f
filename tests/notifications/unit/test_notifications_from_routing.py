"""Routing's real events, fed to the notifications planner: the contract between the two.

Pure: routing's `decide` and `decision_messages` run in memory with the real calendars; the
events go through `parse_event` exactly as they would arrive from the broker. The deadlines
service hears each strand routed (its real handlers, in memory: `DeadlinesFeed`) and its
answers are planned too: the officers' comments request states the date of its clock.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from common.contracts import parse_event
from common.contracts.events import CaseRouted, ComplaintReceived
from common.contracts.submission import Submission
from common.workdays import calendar_for
from services.notifications.domain import Letter, advance, render
from services.routing.domain.decision import decide
from services.routing.domain.events import decision_messages
from tests.records.unit.fakes import DeadlinesFeed

NOW = datetime(2026, 3, 2, 11, tzinfo=UTC)


def notify(reference: str, *, now: datetime = NOW, **submission: Any) -> list[Letter]:
    """Route a submission received ``now``, then plan the letters of every event routing
    publishes and of every answer the deadlines service gives to a strand routed."""
    sub = Submission.model_validate({
        "partner_ref": "P-1", "received_at": now - timedelta(hours=1),
        "channel": "letter", **submission})
    decision = decide(sub, today=now.date(), calendar_for=calendar_for)
    received = ComplaintReceived(reference=reference, procedure=sub.procedure, occurred_at=now,
                                 partner_id="partner-1", partner_ref="P-1", submission=sub)
    deadlines = DeadlinesFeed()
    deadlines.clock.at = now
    views: dict[str, Any] = {}
    letters: list[Letter] = []
    for out in decision_messages(received, decision, now):
        event = parse_event(out.routing_key, out.body)
        if event.strand is None:
            continue  # complaint-level facts (case.excluded): notifications acts on strands
        answers = deadlines.hear(event, out.message_id) if isinstance(event, CaseRouted) else []
        for ev, message_id in [(event, out.message_id), *answers]:
            view, planned = advance(views.get(ev.case_ref), ev, message_id=message_id)
            views[view.case_ref] = view
            letters += planned
    return letters


def sent(letters: list[Letter]) -> list[tuple[str, str, str]]:
    return sorted((x.case_ref, x.address_key, x.template) for x in letters)


def test_dso_cross_cutting_complaint() -> None:
    letters = notify(
        "DSO-2026-000001", procedure="dso", nation="england",
        complainant={"name": "Ade Okafor", "contact": "ade@example.org",
                     "detained_person_ref": "AB123456"},
        consent={"imb_copy": True}, subject="Reception and GP",
        aspects=[{"kind": "minor-misconduct", "text": "Officer John Smith swore at me.",
                  "officers_named": ["John Smith"]},
                 {"kind": "healthcare", "text": "No GP appointment for two weeks."}],
        location={"establishment": "Ashgrove IRC"})
    assert sent(letters) == [
        ("DSO-2026-000001/1", "imb:ashgrove-irc", "copy"),
        ("DSO-2026-000001/1", "officer:john-smith", "comments_request"),
        ("DSO-2026-000001/2", "healthcare:ashgrove-irc", "copy"),
    ]
    imb = render(next(x for x in letters if x.address_key.startswith("imb:"))).body
    assert "Officer A swore at me." in imb
    assert "No GP appointment" not in imb  # the healthcare aspect is the other strand's
    for letter in letters:
        assert "Smith" not in render(letter).body


def test_dso_scottish_healthcare_minimal_for_monitors_full_for_the_healthcare_manager() -> None:
    """Seed 000: "the detail of complainant and subject of complaint only will be sent to DS
    Complaints and IMB"; the complaint is "referred to local healthcare manager for
    investigation and response", who needs its points."""
    letters = notify(
        "DSO-2026-000002", procedure="dso", nation="scotland",
        complainant={"name": "Ade Okafor", "contact": "ade@example.org",
                     "detained_person_ref": "AB123456"},
        consent={"imb_copy": True}, subject="Insulin",
        aspects=[{"kind": "healthcare", "text": "The nurse refused my insulin."}],
        location={"establishment": "Glenmoor IRC"})
    assert sent(letters) == [
        ("DSO-2026-000002/1", "healthcare:glenmoor-irc", "copy"),
        ("DSO-2026-000002/1", "imb:glenmoor-irc", "healthcare_copy"),
        ("DSO-2026-000002/1", "team:ds-complaints", "healthcare_copy"),
    ]
    for letter in letters:
        body = render(letter).body
        if letter.address_key.startswith("healthcare:"):
            assert "The nurse refused my insulin." in body  # what they investigate
            continue
        assert "refused my insulin" not in body
        if letter.template == "healthcare_copy":
            assert "HEALTHCARE COMPLAINT" in body and "Insulin" in body


def test_confidential_child_complaint_reaches_only_those_with_the_right() -> None:
    letters = notify(
        "CHI-2026-000003", procedure="children", nation="england", confidential=True,
        complainant={"name": "Jordan Lee", "contact": "jordan@example.org", "is_child": True},
        subject="My children's home",
        aspects=[{"kind": "provider", "text": "Staff took my phone."},
                 {"kind": "child-protection", "text": "An older boy hits me.",
                  "criminal": True}],
        location={"local_authority": "Westshire Council",
                  "provider": "Brightwater Children's Homes"})
    # the registered provider is NOT told: the child's complaint is confidential
    assert sent(letters) == [
        ("CHI-2026-000003/1", "police:westshire-council", "referral"),
        ("CHI-2026-000003/1", "social-care:westshire-council", "referral"),
        ("CHI-2026-000003/1", "team:childrens-complaints-officer", "copy"),
    ]
    police = render(next(x for x in letters if x.address_key.startswith("police:")))
    assert police.subject.startswith("URGENT: ")
    assert "An older boy hits me." in police.body
    assert "phone" not in police.body


def test_hmip_staff_complained_about_are_asked_to_comment_anonymously() -> None:
    letters = notify(
        "HMIP-2026-000004", procedure="hmip", nation="england", incident_date=date(2026, 2, 25),
        complainant={"name": "Morgan Reid", "contact": "morgan@example.org"},
        subject="Inspector's conduct",
        aspects=[{"kind": "other", "text": "Karen Blake was rude to me twice; Ms Blake "
                  "laughed.", "officers_named": ["Karen Blake"]}])
    assert sent(letters) == [
        ("HMIP-2026-000004/1", "officer:karen-blake", "comments_request")]
    letter = render(letters[0])
    assert "Officer A was rude to me twice; Officer A laughed." in letter.body
    assert not re.search("blake", letter.body, re.IGNORECASE)
    # Seed 003: by deadlines' officer_comments clock, 3 wd from Mon 2 Mar: 3, 4, Thu 5 Mar.
    assert "Please send us your comments by 5 March 2026." in letter.body
    assert letter.subject.endswith("your comments by 5 March 2026")


def test_the_comments_date_is_the_clocks_across_a_bank_holiday_of_the_nation() -> None:
    """Received Thu 26 Nov 2026 in Scotland: 3 wd on deadlines' clock are Fri 27 Nov, [Mon
    30 Nov St Andrew's Day], Tue 1 and Wed 2 Dec: the letter's date, and its only one."""
    letters = notify(
        "SPSO-2026-000005", now=datetime(2026, 11, 26, 11, tzinfo=UTC), procedure="spso",
        nation="scotland", complainant={"name": "Isla Campbell", "contact": "isla@example.org"},
        subject="Home care", location={"local_authority": "Riverside"},
        aspects=[{"kind": "service-delivery", "text": "Ewan Ross missed three visits.",
                  "officers_named": ["Ewan Ross"]}])  # fmt: skip
    (asked,) = [x for x in letters if x.template == "comments_request"]
    assert asked.trigger.startswith("deadline.set:")  # sent when deadlines dated the clock
    body = render(asked).body
    assert "Please send us your comments by 2 December 2026." in body
    assert not re.search(r"working days|1 December|30 November", body)


def _dso(reference: str, *kinds: str, nation: str = "england") -> list[Letter]:
    return notify(
        reference, procedure="dso", nation=nation,
        complainant={"name": "Ade Okafor", "contact": "ade@example.org"},
        subject="Van and clinic",
        aspects=[{"kind": k, "text": f"About {k}."} for k in kinds],
        location={"establishment": "Ashgrove IRC"})  # fmt: skip


def test_serious_misconduct_beside_healthcare_is_copied_to_ds_complaints() -> None:
    # seed 000 "Cross-cutting complaints": "copied to both the onsite healthcare manager and DS
    # Complaints Team"; the serious misconduct strand stays the PSU's.
    for nation in ("england", "scotland"):
        letters = _dso("DSO-2026-000002", "serious-misconduct", "healthcare", nation=nation)
        ds = "team:ds-complaints"
        copies = [(x.case_ref, x.template) for x in letters if x.address_key == ds]
        assert ("DSO-2026-000002/1", "copy") in copies, nation
    alone = _dso("DSO-2026-000003", "serious-misconduct")
    assert not [x for x in alone if x.address_key == "team:ds-complaints"]


def test_a_cross_cutting_serious_misconduct_strands_reminders_go_to_the_psu() -> None:
    # seed 000: serious misconduct is "allocated to Professional Standards Unit"; the 12-week
    # reminders and breach notices go to the owner, not to DS Complaints.
    from common.contracts.events import CaseRouted
    from tests.notifications.unit.builders import deadline

    for nation in ("england", "scotland"):
        sub = Submission.model_validate({
            "partner_ref": "P-1", "received_at": NOW, "channel": "letter", "procedure": "dso",
            "nation": nation, "complainant": {"name": "Ade Okafor", "contact": "a@example.org"},
            "subject": "Van and clinic",
            "aspects": [{"kind": "serious-misconduct", "text": "Assaulted in the van."},
                        {"kind": "healthcare", "text": "Injury not treated."}]})  # fmt: skip
        decision = decide(sub, today=date(2026, 3, 2), calendar_for=calendar_for)
        received = ComplaintReceived(reference="DSO-2026-000004", procedure="dso",
                                     occurred_at=NOW, partner_id="p", partner_ref="P-1",
                                     submission=sub)  # fmt: skip
        routed = next(
            e for out in decision_messages(received, decision, NOW)
            if isinstance(e := parse_event(out.routing_key, out.body), CaseRouted)
            and e.category == "serious-misconduct"
        )  # fmt: skip
        view, _ = advance(None, routed, message_id="m1")
        teams = []
        for i, kind in enumerate(("approaching", "breached")):
            view, planned = advance(view, deadline(routed, kind), message_id=f"m{i + 2}")
            teams += [x.address_key for x in planned if x.recipient_kind == "team"]
        assert teams == ["team:dso-psu", "team:dso-psu"], nation
