"""Clocks after routing: windows, stages, panels, automatic progress. Hand-worked dates."""

from __future__ import annotations

from datetime import date

from common.workdays import calendar_for
from procedures import clock_for
from services.deadlines.domain import progress
from services.deadlines.domain.clocks import ClockStatus, start_clock

EW = calendar_for("england-and-wales")


def test_children_stage1_past_its_20_working_days_opens_the_right_to_ask_for_stage2() -> None:
    spec = clock_for("children", "local_resolution", "response")
    clock, _ = start_clock(
        "response", EW, date(2026, 11, 2), spec.timescale, cap=spec.extension_cap
    )
    clocks = {"response": clock}
    # 10 wd after Mon 2 Nov 2026 is Mon 16 Nov; the 20 wd limit is Mon 30 Nov.
    assert clock.due is not None and clock.due.due == date(2026, 11, 16)
    opens = progress.request_open_from("children", "local_resolution", clocks, date(2026, 11, 30))
    assert opens == ("investigation", date(2026, 12, 1))
    assert progress.auto_progress("children", "local_resolution", clocks, date(2026, 12, 1)) is None
    done, _ = clock.complete(date(2026, 11, 20))
    assert (
        progress.request_open_from(
            "children", "local_resolution", {"response": done}, date(2026, 12, 1)
        )
        is None
    )


def test_a_stage1_response_opens_the_20_working_day_window_to_ask_for_stage2() -> None:
    ((window, facts),) = progress.windows_after_response(
        "children", "local_resolution", EW, date(2026, 11, 16)
    )
    # From Mon 16 Nov: 17-20 (4), 23-27 (9), 30 Nov-4 Dec (14), 7-11 (19), Mon 14 Dec (20).
    assert window.name == "request" and window.due is not None
    assert window.due.due == date(2026, 12, 14)
    assert facts


def test_dso_escalation_window_is_three_calendar_months_clamped_to_february() -> None:
    ((window, _),) = progress.windows_after_response(
        "dso", "service_delivery", EW, date(2026, 11, 30)
    )
    # 30 Nov 2026 + 3 months = "30 Feb 2027", which does not exist: the last day, 28 Feb.
    assert window.name == "escalation" and window.due is not None
    assert window.due.due == date(2027, 2, 28)


def test_an_internal_review_asked_for_after_10_working_days_is_out_of_time() -> None:
    ((window, _),) = progress.windows_after_response(
        "hmip", "formal_complaint", EW, date(2026, 12, 4)
    )
    # From Fri 4 Dec 2026: 7-11 Dec (5), 14-18 Dec (10): the window closes Fri 18 Dec.
    assert window.due is not None and window.due.due == date(2026, 12, 18)
    clocks = {"request": window}
    assert progress.late_requests("hmip", "formal_complaint", clocks, date(2026, 12, 18)) == []
    (late,) = progress.late_requests("hmip", "formal_complaint", clocks, date(2026, 12, 21))
    assert late.clock == "request" and late.requested_on == date(2026, 12, 21)


def test_stage2_clocks_start_on_the_request_and_skip_christmas() -> None:
    started = {
        c.name: c
        for c, _ in progress.stage_clocks("children", "investigation", EW, date(2026, 12, 14))
    }
    assert set(started) == {"response"}  # the request window belongs to the response
    # 25 wd from Mon 14 Dec 2026: 15-18 (4), 21-24 (8), [25 Dec, 28 Dec substitute],
    # 29-31 (11), [1 Jan], 4-8 Jan (16), 11-15 (21), 18-21 Jan (25): Thu 21 Jan 2027.
    response = started["response"]
    assert response.due is not None and response.due.due == date(2027, 1, 21)
    assert response.cap is not None and response.cap.amount == 65
    assert response.status is ClockStatus.RUNNING


def test_panel_papers_go_10_working_days_before_and_the_report_5_after() -> None:
    clocks = {
        c.name: c for c, _ in progress.panel("children", "review_panel", EW, date(2027, 1, 20))
    }
    # Back from Wed 20 Jan 2027: 19,18,15,14,13,12,11,8,7,6 -> Wed 6 Jan 2027.
    assert clocks["panel_papers"].due.due == date(2027, 1, 6)  # type: ignore[union-attr]
    # After the panel: 21, 22, 25, 26, 27 -> Wed 27 Jan 2027.
    assert clocks["panel_report"].due.due == date(2027, 1, 27)  # type: ignore[union-attr]


def test_the_reply_starts_when_the_investigation_concludes() -> None:
    ((reply, _),) = progress.after(
        "hmip", "formal_complaint", "investigation", EW, date(2026, 11, 27)
    )
    # 10 wd after Fri 27 Nov 2026: 30 Nov-4 Dec (5), 7-11 Dec (10): Fri 11 Dec.
    assert reply.name == "reply" and reply.due is not None
    assert reply.due.due == date(2026, 12, 11)


def test_hmip_reply_is_set_from_the_latest_day_the_investigation_may_conclude() -> None:
    # seed 001 §4 Step 2.7-2.8: investigation concludes within 20 wd of receipt, the reply
    # within 10 wd of its conclusion. Received Mon 2 Nov 2026 (England and Wales):
    # investigation due Mon 30 Nov (20th wd); reply provisionally Mon 14 Dec (10 wd later).
    started = dict(
        (c.name, c)
        for c, _ in progress.stage_clocks(
            "hmip", "formal_complaint", EW, date(2026, 11, 2), starts=("received",)
        )
    )
    assert started["investigation"].due.due == date(2026, 11, 30)  # type: ignore[union-attr]
    reply = started["reply"]
    assert (reply.start, reply.due.due) == (date(2026, 11, 30), date(2026, 12, 14))  # type: ignore[union-attr]
    assert "the latest day investigation may end" in reply.explain()
    # Concluded early, Fri 20 Nov: the reply counts again, 10 wd -> Fri 4 Dec.
    ((again, facts),) = progress.after(
        "hmip", "formal_complaint", "investigation", EW, date(2026, 11, 20)
    )
    assert again.name == "reply" and again.due.due == date(2026, 12, 4)  # type: ignore[union-attr]


def test_children_director_response_is_set_from_the_latest_panel_across_easter() -> None:
    # seed 004 stage 3: convened within 30 wd of the request, report 5 wd after the panel,
    # the Director 15 wd after that. Requested Mon 1 Feb 2027 (no bank holiday until Easter,
    # Good Friday 26 Mar, Easter Monday 29 Mar 2027):
    # convene by Mon 15 Mar (30th wd); report by Mon 22 Mar; Director: 23-26 Mar minus
    # Good Friday (3), 30 Mar-2 Apr (7), 5-9 Apr (12), 12-14 Apr (15): Wed 14 Apr 2027.
    started = {
        c.name: c
        for c, _ in progress.stage_clocks("children", "review_panel", EW, date(2027, 2, 1))
    }
    assert started["convene"].due.due == date(2027, 3, 15)  # type: ignore[union-attr]
    director = started["director_response"]
    assert director.due is not None and director.due.due == date(2027, 4, 14)
    assert "Good Friday" in director.due.explain() and "Easter Monday" in director.due.explain()
    assert "panel_report" not in started  # the report waits for the panel's date


def test_the_clocks_a_lifecycle_fact_finishes_come_from_their_roles() -> None:
    assert progress.finishes("children", "local_resolution", "response", "responded")
    assert progress.finishes("children", "local_resolution", "acknowledgement", "acknowledged")
    assert not progress.finishes("children", "local_resolution", "response", "acknowledged")
    # hmip: a reply ends the investigation too; its conclusion alone starts the reply
    assert progress.finishes("hmip", "formal_complaint", "investigation", "responded")
    assert progress.finishes("hmip", "formal_complaint", "reply", "responded")
    assert not progress.finishes("hmip", "formal_complaint", "reply", "investigation-concluded")
    # the complainant's windows end when they escalate; nobody breaches them
    assert progress.finishes("hmip", "formal_complaint", "request", "escalated")
    assert progress.is_window("dso", "service_delivery", "escalation")
    assert not progress.is_window("dso", "service_delivery", "response")
    assert progress.finishes("dso", "service_delivery", "officer_comments", "comments-received")
