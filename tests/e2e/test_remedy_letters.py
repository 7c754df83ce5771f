"""The complainant told when a remedy the response promised changes, end to end over the
running platform as the CLI types it (docs/letters.md; seed 004 "ensuring the complainant
is kept informed at all stages"; seed 003 "appropriate remedies can be provided at any
stage of the complaints process"): a remedy amended after the response (the new date, the
reason) or cancelled (the reason) is a letter; a change before the response, a change of
owner the response never showed, or a remedy given after it, is none."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.casework import Officer
from tests.e2e.conftest import Stack, submit
from tests.e2e.letters import Post, assert_no_passed_dates, one, to
from tests.e2e.test_outcomes_flow import IO, RECEIVED, Desk, complaint

pytestmark = pytest.mark.e2e
OWAIN = "owain.price@example.org"
CHANGED, CANCELLED = "a change to what we will do", "an action we will no longer take"


async def test_remedies_changed_after_the_response_are_told_and_before_it_are_not(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    officer.on(RECEIVED)
    desk, post = Desk(officer, monkeypatch), Post(stack)
    submission = complaint()
    submission["complainant"] = {"name": "Owain Price", "contact": OWAIN}
    reference = await submit(stack, "hmip", submission)
    ref = f"{reference}/1"
    await officer.show_when(ref, lambda c: c.get("status") == "acknowledged")
    await post.collect(RECEIVED, to(OWAIN, "acknowledgement"))

    # Tue 10 Nov: findings and three remedies; before the response, R1 amended and R3
    # cancelled: the response will say them as they stand, so no letter now.
    await post.next_day(officer, date(2026, 11, 10))
    await officer.case("assign", ref, IO)
    desk.as_(IO, "investigating-officer")
    await desk.ok("outcomes", "finding", ref, "--point", "P1", "--finding", "upheld",
                  "--reason", "Three quotations did not match the case records")  # fmt: skip
    await desk.ok("outcomes", "remedy", ref, "--type", "apology", "--point", "P1",
                  "--description", "A written apology from the lead inspector",
                  "--owner", IO, "--due", "2026-11-20")  # fmt: skip
    await desk.ok("outcomes", "remedy", ref, "--type", "practical-action",
                  "--description", "Brief inspectors on quoting case records",
                  "--owner", "Training lead", "--due", "2026-11-26")  # fmt: skip
    await desk.ok("outcomes", "remedy", ref, "--type", "explanation", "--point", "P1",
                  "--description", "A meeting to explain the corrections",
                  "--owner", IO, "--due", "2026-11-25")  # fmt: skip
    await desk.ok("outcomes", "amend", ref, "--remedy", "R1", "--due", "2026-11-19",
                  "--reason", "The lead inspector is away from 20 November")  # fmt: skip
    await desk.ok("outcomes", "cancel", ref, "--remedy", "R3", "--reason", "Not needed")
    await officer.case("conclude", ref, "--summary", "Errors confirmed")
    await officer.case("respond", ref, "--outcome", "partly", "--summary", "Wrong in part")
    got = await post.collect(officer.day, to(OWAIN, "our response"))
    reply = one(got, OWAIN, "our response")
    assert "An apology: A written apology from the lead inspector, by 19 November" in reply
    assert "A meeting to explain" not in reply
    assert not [x for x in got if CHANGED in x.subject or CANCELLED in x.subject]

    # Thu 12 Nov: R1 put back to 24 November: told, with the reason and the new date.
    await post.next_day(officer, date(2026, 11, 12))
    await desk.ok("outcomes", "amend", ref, "--remedy", "R1", "--due", "2026-11-24",
                  "--reason", "The lead inspector's leave was extended")  # fmt: skip
    got = await post.collect(officer.day, to(OWAIN, CHANGED))
    amended = one(got, OWAIN, CHANGED)
    assert amended.subject == f"Your complaint {ref}: {CHANGED}"
    for words in (
        "What we will now do: An apology: A written apology from the lead inspector. "
        "We will do this by 24 November 2026.",
        "- the date: by 24 November 2026 (it was 19 November 2026)",
        "Why: The lead inspector's leave was extended",
    ):
        assert words in amended.text, (words, amended.text)

    # R2 given to another owner: the response never named owners, so no letter; then
    # cancelled: told, with the reason.
    await desk.ok("outcomes", "amend", ref, "--remedy", "R2", "--owner", "Deputy lead",
                  "--reason", "The training lead left")  # fmt: skip
    await desk.ok("outcomes", "cancel", ref, "--remedy", "R2",
                  "--reason", "The inspectors were briefed at the October conference")  # fmt: skip
    got = await post.collect(officer.day, to(OWAIN, CANCELLED))
    cancelled = one(got, OWAIN, CANCELLED)
    assert "Practical action: Brief inspectors on quoting case records." in cancelled.text
    assert "We have cancelled it: we will no longer do this." in cancelled.text
    assert "Why: The inspectors were briefed at the October conference" in cancelled.text

    # A remedy given after the response, amended: they were not told of it, so no letter.
    await desk.ok("outcomes", "remedy", ref, "--type", "explanation", "--point", "P1",
                  "--description", "A call to explain the corrections",
                  "--owner", IO, "--due", "2026-11-27")  # fmt: skip
    await desk.ok("outcomes", "amend", ref, "--remedy", "R4", "--due", "2026-11-30",
                  "--reason", "A later call suits")  # fmt: skip
    await post.collect(officer.day, settle=5.0)
    told = [x for x in post.to(OWAIN) if CHANGED in x.subject or CANCELLED in x.subject]
    assert [x.subject for x in told] == [
        f"Your complaint {ref}: {CHANGED}", f"Your complaint {ref}: {CANCELLED}",
    ], [x.subject for x in told]  # fmt: skip
    assert_no_passed_dates(told)
