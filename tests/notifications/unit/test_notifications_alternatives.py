"""Letters on the alternatives to the formal route (records' `alternatives`): mediation
offered and ended (seed 003, seed 004), the early referral to the Ombudsman with the agreed
statement (children seed 004), and DS Complaints' healthcare escalation task (dso seed 000)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from common.contracts.events import DeadlineResumed, DeadlineStopped
from services.notifications.domain import advance, render
from services.notifications.domain.desks import to_desks
from services.notifications.domain.directory import Directory
from services.notifications.domain.entitlements import build_context
from services.notifications.domain.errors import EntitlementError
from tests.notifications.unit.builders import AT, deadline, lifecycle, routed, run

STATEMENT = "Contact with my sister was cancelled twice without a reason being given."
REP = {"name": "Sam Advocate", "kind": "advocate", "authorised": True,
       "contact": "sam.advocate@example.org"}  # fmt: skip


def mediation(status: str = "offered", **more: Any) -> dict[str, Any]:
    return {"mediation": {"type": "mediation", "id": "M1", "stage": "local_resolution",
                          "method": "mediation", "mediator": "Alex Mediator", "status": status,
                          "offered_on": "2026-03-03", "offered_by": "officer", **more}}  # fmt: skip


def referral(**more: Any) -> dict[str, Any]:
    return {"referral": {"type": "early-referral", "id": "O1", "stage": "investigation",
                         "ombudsman": "Local Government and Social Care Ombudsman",
                         "referred_on": "2026-05-04", "referred_by": "manager",
                         "complainant_agreed": True, "statement": STATEMENT,
                         "statement_agreed_on": "2026-05-01",
                         "safeguards": ["robust-report", "complete-adjudication",
                                        "desired-outcomes-met"], **more}}  # fmt: skip


def task(**more: Any) -> dict[str, Any]:
    return {"task": {"type": "healthcare-escalation", "id": "H1",
                     "ombudsman": "Scottish Public Services Ombudsman (SPSO)",
                     "owner": "Robin Case", "due": "2026-04-20", "status": "open",
                     "opened_on": "2026-03-10", "opened_by": "ds", **more}}  # fmt: skip


def step(*events: Any) -> list[Any]:
    """The letters of the last event only."""
    view, _ = run(*events[:-1])
    return advance(view, events[-1], message_id="the-last-event")[1]


def of(letters: list[Any], template: str) -> list[Any]:
    return [x for x in letters if x.template == template]


# -- mediation --------------------------------------------------------------------------------


@pytest.mark.parametrize("procedure", ["children", "dso", "hmip", "spso"])
def test_the_offer_says_what_mediation_is_that_it_is_voluntary_and_never_blocks_escalation(
    procedure: str,
) -> None:
    ev = routed(procedure)
    letters = step(ev, deadline(ev), lifecycle(ev, "mediation-offered", **mediation()))
    (letter,) = of(letters, "mediation_offer")
    assert (letter.recipient_kind, letter.error) == ("complainant", None)
    body = render(letter).body
    assert "a third party helps you and us to reach a new, common understanding" in body
    assert "It is voluntary: you do not have to take part" in body
    assert "It never stops you taking your complaint further" in body
    assert "It would be arranged with Alex Mediator." in body
    assert render(letter).subject.endswith("an offer of mediation")


def test_an_authorised_representative_is_sent_the_offer_too() -> None:
    ev = routed("children", complainant={"name": "Jordan Lee", "contact": "jordan@example.org",
                                         "represented_by": REP})  # fmt: skip
    letters = step(ev, lifecycle(ev, "mediation-offered", **mediation()))
    assert sorted(x.recipient_kind for x in of(letters, "mediation_offer")) == [
        "complainant", "representative",
    ]  # fmt: skip


def test_the_outcome_of_a_mediation_the_clocks_ran_through_goes_at_once_with_the_date() -> None:
    ev = routed("spso")
    done = mediation("concluded", outcome="resolved", note="We agreed a new contact plan.")
    letters = step(ev, deadline(ev), lifecycle(ev, "mediation-concluded", **done))
    (letter,) = of(letters, "mediation_outcome")
    body = render(letter).body
    assert "has ended: it resolved your complaint." in body
    assert "We agreed a new contact plan." in body
    assert "kept running during mediation: you will receive our response by 30 March 2026" in body


def _paused(ev: Any) -> list[Any]:
    accepted = mediation("accepted", clock_paused=True)
    stopped = DeadlineStopped(
        reference=ev.reference, strand=ev.strand, procedure=ev.procedure, stage=ev.stage,
        occurred_at=AT, clock="response", reason="x",
    )  # fmt: skip
    return [ev, deadline(ev), lifecycle(ev, "suspended", reason="mediation", **accepted), stopped]


def _resumed(ev: Any, due: date) -> DeadlineResumed:
    return DeadlineResumed(reference=ev.reference, strand=ev.strand, procedure=ev.procedure,
                           stage=ev.stage, occurred_at=AT, clock="response", due=due,
                           explanation={})  # fmt: skip


def test_a_paused_mediation_s_outcome_waits_for_the_resumed_date_and_goes_once() -> None:
    ev = routed("children")
    done = mediation("concluded", outcome="broken-down", clock_paused=True)
    view, _ = run(*_paused(ev), lifecycle(ev, "resumed", to_status="open", **done))
    view, on_fact = advance(view, lifecycle(ev, "mediation-concluded", **done), message_id="a")
    assert of(on_fact, "mediation_outcome") == []  # no date yet: the letter waits for it
    view, on_date = advance(view, _resumed(ev, date(2026, 4, 21)), message_id="b")
    (letter,) = of(on_date, "mediation_outcome")
    body = render(letter).body
    assert "it broke down." in body
    assert "They have started again: you will now receive our response by 21 April 2026" in body
    # a later resumption of the same clock plans the same key: never a second letter
    _, again = advance(view, _resumed(ev, date(2026, 4, 22)), message_id="c")
    assert [x.key for x in of(again, "mediation_outcome")] == [letter.key]


def test_a_paused_mediation_dated_before_its_fact_is_heard_goes_on_the_fact() -> None:
    ev = routed("dso")
    done = mediation("concluded", outcome="partly-resolved", clock_paused=True)
    events = [*_paused(ev), lifecycle(ev, "resumed", **done), _resumed(ev, date(2026, 4, 7))]
    letters = step(*events, lifecycle(ev, "mediation-concluded", **done))
    (letter,) = of(letters, "mediation_outcome")
    assert "by 7 April 2026" in render(letter).body


# -- early referral -----------------------------------------------------------------------


def _stage2() -> Any:
    return routed("children", stage="investigation")


def test_the_early_referral_goes_to_the_ombudsman_with_the_agreed_statement() -> None:
    ev = _stage2()
    letters = step(ev, lifecycle(ev, "referred-to-ombudsman", **referral()))
    (to_body,) = of(letters, "early_referral")
    assert (to_body.recipient_kind, to_body.address_key, to_body.error) == (
        "ombudsman", "ombudsman:local-government-and-social-care-ombudsman", None,
    )  # fmt: skip
    body = render(to_body).body
    assert f"Agreed written statement:\n{STATEMENT}" in body
    assert "agreed between the authority and the complainant on 1 May 2026" in body
    assert "a complete adjudication" in body
    assert "aspects" not in to_body.context  # the statement, not the complaint's own text
    (told,) = of(letters, "early_referral_confirmation")
    assert told.recipient_kind == "complainant"
    told_body = render(told).body
    assert "referred your complaint" in told_body and "on 4 May 2026" in told_body
    assert STATEMENT in told_body


def test_an_ombudsman_without_an_address_gets_the_referral_through_the_desk_loudly() -> None:
    ev = _stage2()
    view, _ = run(ev)
    event = lifecycle(ev, "referred-to-ombudsman", **referral())
    view, planned = advance(view, event, message_id="m")
    directory = Directory({"desk:children-england": {"name": "Desk", "email": "d@x.org"}})
    moved, desks = to_desks(planned, view, event, directory)
    (letter,) = of(moved, "early_referral")
    assert letter.address_key == "desk:children-england" and letter.error is None
    why = desks[letter.key].reason
    assert why == (
        "no entry for ombudsman:local-government-and-social-care-ombudsman in the address directory"
    )
    # and no desk either: it fails at once with what to do, never quietly
    moved, _ = to_desks(planned, view, event, Directory({}))
    assert "no fallback desk desk:children-england" in of(moved, "early_referral")[0].error


def test_the_ombudsman_sees_no_more_than_the_statement_agreed_for_release() -> None:
    ev = _stage2()
    view, _ = run(ev, lifecycle(ev, "referred-to-ombudsman", **referral()))
    trigger = lifecycle(ev, "referred-to-ombudsman", **referral())
    with pytest.raises(EntitlementError, match="response_text"):
        build_context("ombudsman", "decision", view, trigger)


# -- healthcare escalation ----------------------------------------------------------------


def _devolved() -> Any:
    return routed("dso", stage="healthcare_devolved", nation="scotland", calendar="scotland",
                  category="healthcare")  # fmt: skip


def test_ds_complaints_is_told_of_the_task_with_its_owner_and_due_date() -> None:
    ev = _devolved()
    letters = step(ev, lifecycle(ev, "healthcare-escalation-opened", **task()))
    (notice,) = of(letters, "healthcare_escalation_task")
    assert (notice.recipient_kind, notice.address_key) == ("ds_complaints", "team:ds-complaints")
    rendered = render(notice)
    assert rendered.subject.startswith("[Healthcare complaint] Escalation of DSO-2026-000123")
    assert "for the attention of Robin Case" in rendered.body
    assert "The task is Robin Case's, to be done by 20 April 2026." in rendered.body
    assert "Treatment at reception" in rendered.body
    assert "Officer Smith shouted" not in rendered.body  # the subject only (seed 000)


def test_ds_complaints_is_told_when_the_task_is_done() -> None:
    ev = _devolved()
    done = task(status="done", done_on="2026-04-14")
    letters = step(ev, lifecycle(ev, "healthcare-escalation-opened", **task()),
                   lifecycle(ev, "healthcare-escalation-done", **done))  # fmt: skip
    (notice,) = of(letters, "healthcare_escalation_task")
    assert "was recorded done on 14 April 2026" in render(notice).body
    assert render(notice).subject.endswith("task done")


CLOCK = "healthcare_escalation_H1"


@pytest.mark.parametrize(("kind", "template"), [("approaching", "reminder"),
                                                ("breached", "breach")])  # fmt: skip
def test_the_tasks_reminder_and_breach_go_to_ds_complaints_not_the_owning_team(
    kind: str, template: str
) -> None:
    ev = _devolved()
    opened = lifecycle(ev, "healthcare-escalation-opened", **task())
    due = deadline(ev, kind, clock=CLOCK, due=date(2026, 4, 20), text="due 20 April 2026")
    letters = step(ev, opened, due)
    (letter,) = letters  # the team's alerts series gets nothing for the task's clock
    assert (letter.recipient_kind, letter.address_key) == ("ds_complaints", "team:ds-complaints")
    assert (letter.template, letter.error) == (template, None)
    rendered = render(letter)
    what = "healthcare escalation task H1 (to the Scottish Public Services Ombudsman (SPSO))"
    assert what in rendered.subject and "20 April 2026" in rendered.subject
    assert "For the attention of Robin Case, the task's owner." in rendered.body
    assert "complaints case healthcare-escalation DSO-2026-000123/1 done" in rendered.body


def test_the_owning_team_still_gets_the_reminders_of_the_cases_own_clocks() -> None:
    ev = _devolved()
    opened = lifecycle(ev, "healthcare-escalation-opened", **task())
    letters = step(ev, opened, deadline(ev, "approaching", due=date(2026, 3, 30)))
    assert {x.recipient_kind for x in of(letters, "reminder")} == {"team"}


def test_the_tasks_reminder_reaches_the_desk_when_ds_complaints_has_no_address() -> None:
    ev = _devolved()
    view, _ = run(ev, lifecycle(ev, "healthcare-escalation-opened", **task()))
    event = deadline(ev, "breached", clock=CLOCK, due=date(2026, 4, 20))
    view, planned = advance(view, event, message_id="m")
    directory = Directory({"desk:dso-scotland": {"name": "Desk", "email": "d@x.org"}})
    moved, desks = to_desks(planned, view, event, directory)
    (letter,) = of(moved, "breach")
    assert letter.address_key == "desk:dso-scotland" and letter.key in desks
