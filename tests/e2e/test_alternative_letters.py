"""The letters the alternatives to the formal route send, end to end over the running
platform as an officer types the commands at the CLI (docs/letters.md, "Alternatives"):

- mediation offered: the complainant is told what it is, that it is voluntary and never
  stops them escalating (seed 003, seed 004); its outcome, once the clock it stopped runs
  again, with the new response date from deadlines' running clock;
- an early referral after the children's stage 2: the referral to the Local Government
  and Social Care Ombudsman with the agreed written statement (its address in the
  directory), and the complainant told it was made (seed 004);
- DS Complaints' healthcare escalation task: the owner's notice on opening, with its due
  date, and on done (seed 000); deadlines' clock for it reminds DS Complaints as the due
  date nears and alerts it once passed, never the owning team, and nothing after done.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.e2e.casework import Officer, clock_state
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, dates_in, one, to
from tests.e2e.test_casework_alternatives import upheld_at_stage_two
from tests.e2e.test_casework_children import children_complaint
from tests.support.submissions import dso_scotland_cross_cutting

pytestmark = pytest.mark.e2e
PARENT = "d.okoro@example.org"
LGSCO = "early.referrals@lgsco.example.org"  # the example directory's ombudsman entry
DS_COMPLAINTS = "ds.complaints@example.gov.uk"  # team:ds-complaints, example directory
TASK_CLOCK = "healthcare_escalation_H1"  # deadlines' clock for the task
STATEMENT = "Family time was cut to monthly without a review meeting."


async def test_mediation_and_early_referral_letters(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer, post = Officer(stack, monkeypatch), Post(stack)
    reference = await submit(stack, "westshire", children_complaint())
    ref = f"{reference}/1"
    await officer.show_when(
        ref, lambda c: c.get("status") == "acknowledged" and clock_state(c, "response")[0]
    )
    await post.collect(officer.day, to(PARENT, "acknowledge"))

    officer.on(date(2026, 11, 3))
    await officer.case("mediation", ref, "offer", "--mediator", "Dorset Mediation")
    got = await post.collect(officer.day, to(PARENT, "an offer of mediation"))
    offer = one(got, PARENT, "an offer of mediation")
    for words in (
        "a third party helps you and us to reach a new, common understanding",
        "It would be arranged with Dorset Mediation.",
        "It is voluntary: you do not have to take part",
        "It never stops you taking your complaint further: if you feel that mediation has "
        "broken down, or you do not wish to use it, you can still escalate your complaint",
    ):
        assert words in offer.text, words
    await officer.case("mediation", ref, "accept", "--pause-clock")
    await officer.show_when(ref, lambda c: clock_state(c, "response")[1] == "stopped")

    # Tue 10 Nov: broken down; the clock runs again 5 working days later (16 -> 23 Nov),
    # and the outcome letter gives that date, the running clock's.
    officer.on(date(2026, 11, 10))
    await officer.case("mediation", ref, "outcome", "--outcome", "broken-down")
    got = await post.collect(officer.day, to(PARENT, "mediation has ended"))
    outcome = one(got, PARENT, "mediation has ended")
    assert "has ended: it broke down." in outcome.text
    assert "you will now receive our response by 23 November 2026" in outcome.text
    assert dates_in(outcome.text) == [date(2026, 11, 23)]
    assert "you can still take your complaint to the next stage" in outcome.text

    # Stage 1 answered, stage 2 upheld, then the early referral, agreed and in writing.
    await upheld_at_stage_two(officer, ref)
    await post.collect(officer.day, settle=1.5)
    officer.on(date(2026, 11, 18))
    await officer.case("refer-ombudsman-early", ref, "--statement", STATEMENT,
                       "--statement-agreed-on", "2026-11-17", "--complainant-agreed",
                       "--safeguard", "robust-report", "--safeguard", "complete-adjudication",
                       "--safeguard", "all-upheld", "--safeguard", "action-plan")  # fmt: skip
    got = await post.collect(
        officer.day, to(LGSCO, "Early referral"), to(PARENT, "referred to the Local Government")
    )
    referral = one(got, LGSCO, "Early referral")
    assert f"Agreed written statement:\n{STATEMENT}" in referral.text
    assert "agreed between the authority and the complainant on 17 November 2026" in referral
    assert "Stage 2 delivered: a very robust stage 2 report; a complete adjudication" in referral
    assert "Family time with my son was cut" not in referral.text  # the statement only
    told = one(got, PARENT, "referred to the Local Government")
    assert "As you agreed, we have referred your complaint" in told.text
    assert "on 18 November 2026" in told.text and STATEMENT in told.text
    assert_no_passed_dates([offer, outcome, told], facts=(date(2026, 11, 17), date(2026, 11, 18)))


async def test_ds_complaints_is_told_of_the_healthcare_escalation_task(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer, post = Officer(stack, monkeypatch), Post(stack)
    reference = await submit(stack, "glenmoor", dso_scotland_cross_cutting())
    health = f"{reference}/2"
    await officer.show_when(health, lambda c: clock_state(c, "response")[0])
    officer.on(date(2026, 11, 20))
    await officer.case("respond", health, "--outcome", "not-upheld", "--summary", "Clinical")
    await post.collect(officer.day, settle=1.5)
    await officer.case("healthcare-escalation", health, "open",
                       "--owner", "Dee Scott", "--due", "2026-12-04")  # fmt: skip
    opened = "task opened"
    got = await post.collect(officer.day, to(DS_COMPLAINTS, opened))
    notice = one(got, DS_COMPLAINTS, opened)
    assert notice.subject.startswith(f"[Healthcare complaint] Escalation of {health} to the "
                                     "Scottish Public Services Ombudsman (SPSO)")  # fmt: skip
    assert "for the attention of Dee Scott" in notice.text
    assert "The task is Dee Scott's, to be done by 4 December 2026." in notice.text

    # The task's clock, in `case clocks` with its explanation.
    clocks = json.loads(await officer.case("clocks", health, "--json"))
    (clock,) = [c for c in clocks if c["name"] == TASK_CLOCK]
    assert clock["story"].startswith(
        "healthcare escalation task H1 (DS Complaints, owner Dee Scott): 9 working days from "
        "the day the task was opened, Fri 20 Nov 2026"
    ), clock["story"]
    assert "skips Mon 30 Nov (St Andrew's Day)" in clock["story"]  # Scotland's calendar
    assert clock["due"]["due"] == "2026-12-04"

    # Wed 2 Dec is two working days before it is due; reminders go at the end of their day,
    # so by Thu 3 Dec DS Complaints has been reminded, for the owner's attention.
    officer.on(date(2026, 12, 3))
    task = "healthcare escalation task H1 (to the Scottish Public Services Ombudsman (SPSO))"
    got = await post.collect(officer.day, to(DS_COMPLAINTS, f"Reminder: {task} due 4 December"))
    reminder = one(got, DS_COMPLAINTS, "Reminder: healthcare escalation task H1")
    assert "For the attention of Dee Scott, the task's owner." in reminder.text
    assert f"complaints case healthcare-escalation {health} done" in reminder.text
    # Mon 7 Dec: it passed undone, DS Complaints is alerted, once.
    officer.on(date(2026, 12, 7))
    got = await post.collect(officer.day, to(DS_COMPLAINTS, f"Deadline missed: {task}"))
    breach = one(got, DS_COMPLAINTS, "Deadline missed: healthcare escalation task H1")
    assert "was due on 4 December 2026 and has been missed" in breach.text

    await officer.case("healthcare-escalation", health, "done", "--note", "Sent to SPSO")
    got = await post.collect(officer.day, to(DS_COMPLAINTS, "task done"))
    done = one(got, DS_COMPLAINTS, "task done")
    assert "was recorded done on 7 December 2026" in done.text
    assert "Note: Sent to SPSO" in done.text
    clocks = json.loads(await officer.case("clocks", health, "--json"))
    assert [c["status"] for c in clocks if c["name"] == TASK_CLOCK] == ["completed"]

    # Done: nothing more about it, and never to anyone but DS Complaints.
    await post.next_day(officer, date(2026, 12, 9), settle=4.0)
    await post.collect(officer.day, settle=4.0)
    about = [x for x in post.letters if "healthcare escalation task" in x.subject]
    assert [(DS_COMPLAINTS in x.to, x.subject.split(":")[0]) for x in about] == [
        (True, "Reminder"), (True, "Deadline missed")
    ], [(x.to, x.subject) for x in about]  # fmt: skip
