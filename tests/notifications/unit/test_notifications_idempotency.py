"""Idempotency keys: the same (event, recipient, template) always gives the same key."""

from __future__ import annotations

import hashlib
from datetime import date

from services.notifications.domain import CaseView, idempotency_key, plan_letters
from tests.notifications.unit.builders import comments_clock, deadline, lifecycle, routed


def test_the_key_follows_its_documented_format() -> None:
    raw = "msg-1\x1fimb\x1fimb:ashgrove-irc\x1fcopy"
    expected = "ntf-" + hashlib.sha256(raw.encode()).hexdigest()[:32]
    assert idempotency_key("msg-1", "imb", "imb:ashgrove-irc", "copy") == expected


def test_keys_differ_by_trigger_recipient_address_and_template() -> None:
    base = ("msg-1", "imb", "imb:ashgrove-irc", "copy")
    variants = [("msg-2", "imb", "imb:ashgrove-irc", "copy"),
                ("msg-1", "ds_complaints", "imb:ashgrove-irc", "copy"),
                ("msg-1", "imb", "imb:glenmoor-irc", "copy"),
                ("msg-1", "imb", "imb:ashgrove-irc", "response_copy")]
    keys = {idempotency_key(*parts) for parts in [base, *variants]}
    assert len(keys) == 5


def test_replanning_the_same_message_gives_the_same_keys() -> None:
    ev = routed("dso", consent={"imb_copy": True})
    view = CaseView.from_routed(ev)
    first = {x.recipient_kind: x.key for x in plan_letters(view, ev, message_id="msg-7")}
    again = {x.recipient_kind: x.key for x in plan_letters(view, ev, message_id="msg-7")}
    other = {x.recipient_kind: x.key for x in plan_letters(view, ev, message_id="msg-8")}
    assert first == again and set(first) == {"imb"}
    # the copy routing decided goes once per case, whatever message carries it again ...
    assert other["imb"] == first["imb"]
    # ... the officers' letter once per request, on the clock deadlines dated for it
    clock = comments_clock(ev)
    view = view.apply(clock)
    dated = [plan_letters(view, clock, message_id=m) for m in ("msg-9", "msg-9", "msg-10")]
    officer = [{x.key for x in planned if x.recipient_kind == "officer"} for planned in dated]
    assert len(officer[0]) == 1 and officer[0] == officer[1] == officer[2]
    request = lifecycle(ev, "comments-requested", on="2026-03-09")
    view = view.apply(request).apply(comments_clock(ev, date(2026, 3, 9), date(2026, 3, 12)))
    again = plan_letters(view, comments_clock(ev, date(2026, 3, 9), date(2026, 3, 12)))
    assert {x.key for x in again if x.recipient_kind == "officer"}.isdisjoint(officer[0])


def test_without_a_message_id_a_redelivered_event_keeps_its_keys() -> None:
    ev = routed("dso")
    view = CaseView.from_routed(ev)
    ack = lifecycle(ev, "acknowledged")
    acked = view.apply(ack)
    before = [x.key for x in plan_letters(acked, ack)]
    # the view moved on (a deadline arrived) before the redelivery: same keys regardless
    later = acked.apply(deadline(ev))
    after = [x.key for x in plan_letters(later, ack.model_copy())]
    assert before == after and len(before) == 1


def test_two_reminders_for_different_dues_have_different_keys() -> None:
    ev = routed("spso")
    view = CaseView.from_routed(ev)
    one = plan_letters(view, deadline(ev, "approaching"))
    two = plan_letters(view, deadline(ev, "approaching", clock="stage2_response"))
    assert one[0].key != two[0].key
