"""The letter asking the officers named for their comments states the date of deadlines'
``officer_comments`` clock, and only that (seed 003 "Three working days should be
sufficient"; `comments_letters`): it waits for the clock dated for the request, goes once
per request, and a request again is a new letter with the clock's new date."""

from __future__ import annotations

from datetime import date
from typing import Any

from common.contracts.events import CaseLifecycle, DeadlineSet
from services.notifications.domain import CaseView, Letter, advance, render
from services.notifications.domain.comments_letters import COMMENTS_CLOCK
from tests.notifications.unit.builders import AT, comments_clock, deadline, lifecycle, routed

D = date
TEMPLATE = "comments_request"


def two_officers():  # type: ignore[no-untyped-def]
    return routed("dso", aspects=[
        {"kind": "minor-misconduct", "text": "John Smith swore.", "officers_named": ["John Smith"]},
        {"kind": "service-delivery", "text": "Priya Patel lost my bag.",
         "officers_named": ["Priya Patel"]},
    ])  # fmt: skip


def asked(letters: list[Letter]) -> list[tuple[str, str]]:
    return [(x.address_key, x.context["comments_due"]) for x in letters if x.template == TEMPLATE]


def keys(letters: list[Letter]) -> list[str]:
    return sorted(x.key for x in letters if x.template == TEMPLATE)


def feed(view: CaseView | None, *events: Any) -> tuple[CaseView, list[Letter]]:
    letters: list[Letter] = []
    for i, event in enumerate(events):
        view, planned = advance(view, event, message_id=f"m-{id(event)}-{i}")
        letters += planned
    assert view is not None
    return view, letters


def test_routing_asks_once_deadlines_dates_the_clock_with_its_date_only() -> None:
    ev = two_officers()
    view, on_routing = feed(None, ev, deadline(ev, "set"))  # and the response clock
    assert asked(on_routing) == []  # no date yet: the letter would state none
    clock = comments_clock(ev, D(2026, 3, 2), D(2026, 3, 5))
    view, dated = advance(view, clock, message_id="deadline.set:officer_comments:2026-03-05")
    assert asked(dated) == [("officer:john-smith", "5 March 2026"),
                            ("officer:priya-patel", "5 March 2026")]  # fmt: skip
    letter = render(dated[0])
    assert "Please send us your comments by 5 March 2026." in letter.body
    assert letter.subject.endswith("your comments by 5 March 2026")
    assert "working days" not in letter.body + letter.subject
    # The same clock heard again under another message id: the same letters, by key.
    _, again = advance(view, clock, message_id="another-id")
    assert keys(again) == keys(dated)


def test_a_reminder_or_breach_of_the_clock_asks_nothing() -> None:
    ev = two_officers()
    view, _ = feed(None, ev, comments_clock(ev, D(2026, 3, 2), D(2026, 3, 5)))
    for kind in ("approaching", "breached"):
        _, planned = advance(
            view, comments_clock(ev, D(2026, 3, 2), D(2026, 3, 5), kind), message_id=kind
        )
        assert asked(planned) == [], kind


def test_asked_again_the_letter_waits_for_the_clock_counted_from_that_day() -> None:
    ev = two_officers()
    view, first = feed(None, ev, comments_clock(ev, D(2026, 3, 2), D(2026, 3, 5)))
    request = lifecycle(ev, "comments-requested", officers=["Priya Patel"], on="2026-03-09")
    view, on_request = advance(view, request, message_id="case.comments-requested:1")
    assert asked(on_request) == []  # the clock still counts from 2 March: not this request's
    # A clock dated for the earlier request (heard late) says nothing of this one.
    _, stale = advance(view, comments_clock(ev, D(2026, 3, 2), D(2026, 3, 5)), message_id="late")
    assert asked(stale) == []
    # Deadlines counts again from Mon 9 Mar: 10, 11, Thu 12 Mar; only the officer asked.
    view, dated = advance(view, comments_clock(ev, D(2026, 3, 9), D(2026, 3, 12)), message_id="d2")
    assert asked(dated) == [("officer:priya-patel", "12 March 2026")]
    assert not set(keys(dated)) & set(keys(first))  # a new request: a new letter


def test_a_request_heard_after_its_clock_goes_with_the_request_and_once() -> None:
    ev = two_officers()
    view, first = feed(None, ev, comments_clock(ev, D(2026, 3, 2), D(2026, 3, 5)))
    # Deadlines heard the team's request first and counted from Mon 9 Mar: for routing's
    # request that is no new letter (its key is the one already planned).
    clock = comments_clock(ev, D(2026, 3, 9), D(2026, 3, 12))
    view, early = advance(view, clock, message_id="d2")
    assert set(keys(early)) <= set(keys(first))
    request = lifecycle(ev, "comments-requested", officers=["Priya Patel"], on="2026-03-09")
    view, on_request = advance(view, request, message_id="case.comments-requested:1")
    assert asked(on_request) == [("officer:priya-patel", "12 March 2026")]
    _, again = advance(view, clock, message_id="d2-redelivered")
    assert keys(again) == keys(on_request)  # the same request: nothing twice


def test_a_stage_entered_asks_no_one_until_the_team_asks() -> None:
    ev = routed("children")  # Dana Price named, at local resolution
    view, _ = feed(None, ev, comments_clock(ev, D(2026, 3, 2), D(2026, 3, 5)))
    moved: dict[str, Any] = {"reference": ev.reference, "strand": 1, "procedure": "children",
                             "stage": "investigation", "occurred_at": AT}  # fmt: skip
    escalated = CaseLifecycle(**moved, status="escalated", detail={"to_stage": "investigation"})
    clock = DeadlineSet(**moved, clock=COMMENTS_CLOCK, due=D(2026, 3, 13),
                        explanation={"start": "2026-03-10"})  # fmt: skip
    view, planned = feed(view, escalated, clock)
    assert view.stage == "investigation" and asked(planned) == []
    request = CaseLifecycle(**moved, status="comments-requested", detail={"on": "2026-03-10"})
    _, on_request = advance(view, request, message_id="req")
    assert asked(on_request) == [("officer:dana-price", "13 March 2026")]


def test_a_comments_date_already_past_when_the_letter_goes_fails_loudly_not_sent() -> None:
    """Asked on a past day (``--on``), the clock's date can be behind the day the letter
    goes: it is failed with the reason, for a person to act on, never stated."""
    from datetime import timedelta

    ev = two_officers()
    view, _ = feed(None, ev, deadline(ev, "set"))
    late = comments_clock(ev, D(2026, 2, 23), D(2026, 2, 26))  # counted from a week before
    late = late.model_copy(update={"occurred_at": late.occurred_at + timedelta(hours=1)})
    _, letters = advance(view, late, message_id="deadline.set:officer_comments:2026-02-26")
    asked_late = [x for x in letters if x.template == TEMPLATE]
    assert asked_late and all(x.error for x in asked_late), asked_late
    assert "ask for comments by 2026-02-26, already past on 2026-03-02" in asked_late[0].error
