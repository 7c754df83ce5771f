"""Clocks started, recounted and finished by the lifecycle facts the procedure data names,
fed to the deadlines handlers as records publishes them (``case.<fact>``, ``detail.on`` the
day it happened). Every date is worked by hand, each across a bank holiday of the case's
nation."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from procedures import get as procedure
from services.deadlines.domain import progress
from services.deadlines.domain.clocks import start_clock
from tests.deadlines.unit.test_deadlines_handlers import Rig, memory, route
from tests.support.events import body, lifecycle, routed


@pytest.fixture
def rig() -> Rig:
    return Rig(memory())


def tell(rig: Rig, case: Any, status: str, n: int, stage: str | None = None, **detail: Any) -> None:
    event = lifecycle(case, status, **detail)
    if stage is not None:
        event = event.model_copy(update={"stage": stage})
    asyncio.run(rig.handlers.on_event(f"case.{status}", body(event), f"m-{status}-{n}"))


def clocks(rig: Rig, case: Any) -> dict[str, tuple[str, str]]:
    """Each clock of the strand's current stage: (status, due)."""
    found = asyncio.run(rig.queries.clocks_of(case.case_ref))
    return {c.name: (str(c.status), str(c.due.due) if c.due else "") for _, c in found}


def set_dates(rig: Rig, since: int = 0) -> dict[str, str]:
    return {b["clock"]: b["due"] for b in rig.bus.of("deadline.set")[since:]}


def test_hmip_reply_is_due_10_working_days_after_the_real_conclusion_across_christmas(
    rig: Rig,
) -> None:
    # Received Mon 14 Dec 2026 (England): the reply is first dated from the latest day the
    # investigation may end. It concludes Wed 23 Dec: 24 Dec (1), [Fri 25 Dec Christmas,
    # Mon 28 Dec Boxing Day substitute], 29, 30, 31 (4), [Fri 1 Jan], 4-8 Jan (9),
    # Mon 11 Jan 2027 (10).
    case = routed(
        "hmip", clocks=["acknowledgement", "investigation", "reply"], received_on=date(2026, 12, 14)
    )
    route(rig, case)
    assert clocks(rig, case)["reply"][1] != "2027-01-11"
    before = len(rig.bus.of("deadline.set"))
    tell(rig, case, "investigation-concluded", 1, on="2026-12-23")
    assert set_dates(rig, before) == {"reply": "2027-01-11"}
    now = clocks(rig, case)
    assert now["investigation"][0] == "completed"
    assert now["reply"] == ("running", "2027-01-11")


def test_children_stage3_panel_clocks_follow_the_panel_and_nothing_is_missed_after_the_director(
    rig: Rig,
) -> None:
    case = routed("children", clocks=["acknowledgement", "response"], received_on=date(2027, 1, 4))
    route(rig, case)
    tell(rig, case, "responded", 1, on="2027-01-15")
    tell(rig, case, "escalated", 2, stage="investigation", on="2027-01-20")
    tell(rig, case, "responded", 3, stage="investigation", on="2027-02-19")
    # Stage 3 asked for Mon 1 Mar 2027. Convened within 30 wd: 2-5 Mar (4), 8-12 (9),
    # 15-19 (14), 22-25 (18), [Good Friday 26 Mar, Easter Monday 29 Mar], 30-31 (20),
    # 1-2 Apr (22), 5-9 (27), 12-14 (30): Wed 14 Apr 2027.
    tell(rig, case, "escalated", 4, stage="review_panel", on="2027-03-01")
    assert clocks(rig, case)["convene"] == ("running", "2027-04-14")
    # Panel set for Tue 6 Apr: papers 10 wd before, counting back over Easter: 5 Apr (1),
    # 2, 1 Apr, 31, 30 Mar (5), [29, 26 Mar], 25, 24, 23, 22 (9), Fri 19 Mar 2027 (10).
    tell(rig, case, "panel-scheduled", 5, stage="review_panel", on="2027-03-08",
         panel_date="2027-04-06", members=["A", "B", "C"])  # fmt: skip
    now = clocks(rig, case)
    assert now["panel_papers"] == ("running", "2027-03-19")
    # Report 5 wd after 6 Apr: Tue 13 Apr; the Director 15 wd after: 14-16 (3), 19-23 (8),
    # 26-30 (13), [Mon 3 May early May bank holiday], 4-5 May (15): Wed 5 May 2027.
    assert now["panel_report"] == ("running", "2027-04-13")
    assert now["director_response"] == ("running", "2027-05-05")
    tell(rig, case, "panel-papers-sent", 6, stage="review_panel", on="2027-03-18")
    # Held a day late, Wed 7 Apr: the report is due 5 wd after the panel held, Wed 14 Apr,
    # and the Director's provisional date follows: 15-16, 19-23, 26-30 (12), [3 May],
    # 4-6 May (15): Thu 6 May 2027. The convene clock is met.
    tell(rig, case, "panel-held", 7, stage="review_panel", on="2027-04-07")
    now = clocks(rig, case)
    assert now["convene"][0] == now["panel_papers"][0] == "completed"
    assert now["panel_report"] == ("running", "2027-04-14")
    assert now["director_response"] == ("running", "2027-05-06")
    # Reported Mon 12 Apr: the Director's 15 wd from then: 13-16 (4), 19-23 (9),
    # 26-30 (14), [3 May], Tue 4 May 2027 (15).
    tell(rig, case, "panel-reported", 8, stage="review_panel", on="2027-04-12")
    assert clocks(rig, case)["director_response"] == ("running", "2027-05-04")
    tell(rig, case, "director-responded", 9, stage="review_panel", on="2027-04-20")
    assert {s for s, _ in clocks(rig, case).values()} == {"completed"}
    rig.on(date(2027, 6, 30))
    asyncio.run(rig.handlers.sweep())
    assert rig.bus.of("deadline.breached") == []


def test_the_director_answering_before_the_panel_is_held_ends_the_convene_clock(rig: Rig) -> None:
    # No "deadline missed" for the convene clock after the Director has responded.
    case = routed("children", clocks=["acknowledgement", "response"], received_on=date(2027, 1, 4))
    route(rig, case)
    tell(rig, case, "responded", 1, on="2027-01-15")
    tell(rig, case, "escalated", 2, stage="investigation", on="2027-01-20")
    tell(rig, case, "responded", 3, stage="investigation", on="2027-02-19")
    tell(rig, case, "escalated", 4, stage="review_panel", on="2027-03-01")
    tell(rig, case, "director-responded", 5, stage="review_panel", on="2027-04-01")
    assert clocks(rig, case)["convene"][0] == "completed"
    rig.on(date(2027, 6, 30))
    asyncio.run(rig.handlers.sweep())
    assert rig.bus.of("deadline.breached") == []


def test_dso_local_resolution_escalated_starts_the_formal_20_working_days_in_scotland(
    rig: Rig,
) -> None:
    # Escalated Thu 26 Nov 2026 (Scotland): 27 Nov (1), [Mon 30 Nov St Andrew's Day],
    # 1-4 Dec (5), 7-11 (10), 14-18 (15), 21-24 (19), [25 Dec, 28 Dec substitute for
    # Boxing Day], Tue 29 Dec 2026 (20). England would give Thu 24 Dec.
    case = routed(
        "dso", stage="local_resolution", category="local-resolution", clocks=["response"],
        calendar="scotland", nation="scotland", received_on=date(2026, 11, 20),
    )  # fmt: skip
    route(rig, case)
    tell(rig, case, "escalated", 1, stage="service_delivery", on="2026-11-26")
    assert clocks(rig, case) == {"response": ("running", "2026-12-29")}
    assert set_dates(rig)["response"] == "2026-12-29"


def test_dso_local_resolution_escalated_in_northern_ireland_skips_the_twelfth(rig: Rig) -> None:
    # Escalated Fri 2 Jul 2027 (Northern Ireland): 5-9 Jul (5), [Mon 12 Jul Battle of the
    # Boyne], 13-16 (9), 19-23 (14), 26-30 (19), Mon 2 Aug 2027 (20).
    case = routed(
        "dso", stage="local_resolution", category="local-resolution", clocks=["response"],
        calendar="northern-ireland", nation="northern-ireland", received_on=date(2027, 7, 1),
    )  # fmt: skip
    route(rig, case)
    tell(rig, case, "escalated", 1, stage="service_delivery", on="2027-07-02")
    assert clocks(rig, case) == {"response": ("running", "2027-08-02")}


def test_children_stage1_past_20_working_days_is_not_moved_but_the_complainant_may_ask(
    rig: Rig,
) -> None:
    # Received Mon 2 Nov 2026: 10 wd to Mon 16 Nov, at most 20 wd to Mon 30 Nov. From
    # Tue 1 Dec the complainant may ask for stage 2; nothing moves the case by itself.
    case = routed("children", clocks=["acknowledgement", "response"], received_on=date(2026, 11, 2))
    route(rig, case)
    rig.on(date(2026, 12, 10))
    asyncio.run(rig.handlers.sweep())
    assert rig.bus.of("case.auto-progressed") == []
    assert "response" in clocks(rig, case)
    spec = procedure("children").stage("local_resolution").clocks["response"]
    from common.workdays import calendar_for

    clock, _ = start_clock(
        "response", calendar_for("england-and-wales"), date(2026, 11, 2), spec.timescale,
        cap=spec.extension_cap,
    )  # fmt: skip
    running = {"response": clock}
    assert progress.request_open_from("children", "local_resolution", running, date(2026, 12, 1)) \
        == ("investigation", date(2026, 12, 1))  # fmt: skip
    assert progress.auto_progress("children", "local_resolution", running, date(2027, 1, 1)) is None


def test_a_time_limit_transition_in_the_data_still_moves_a_case_by_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The mechanism stays for a procedure whose data says so (none shipped does).
    children = procedure("children")
    stage1 = children.stage("local_resolution")
    moved = stage1.transitions[0].model_copy(
        update={"fact": "auto-progressed", "by": "time_limit", "after": "response"}
    )
    patched = children.model_copy(
        update={"stages": [stage1.model_copy(update={"transitions": [moved]}),
                           *children.stages[1:]]}
    )  # fmt: skip
    monkeypatch.setattr(progress, "procedure", lambda name: patched)
    from common.workdays import calendar_for

    clock, _ = start_clock(
        "response", calendar_for("england-and-wales"), date(2026, 11, 2),
        stage1.clocks["response"].timescale, cap=stage1.clocks["response"].extension_cap,
    )  # fmt: skip
    running = {"response": clock}
    assert progress.auto_progress("children", "local_resolution", running, date(2026, 11, 30)) \
        is None  # fmt: skip
    assert progress.auto_progress("children", "local_resolution", running, date(2026, 12, 1)) \
        == "investigation"  # fmt: skip


def test_an_extension_during_a_suspension_keeps_the_clock_stopped_and_runs_on_resume(
    rig: Rig,
) -> None:
    # HMIP received Mon 2 Nov 2026; suspended Wed 4 Nov (reply provisional Mon 14 Dec);
    # extended to Mon 21 Dec while suspended: still stopped, no date announced. Resumed
    # Mon 9 Nov: the reply runs the 33 working days from 4 Nov to 21 Dec again from 9 Nov:
    # 10-13 (4), 16-20 (9), 23-27 (14), 30 Nov-4 Dec (19), 7-11 (24), 14-18 (29),
    # 21-24 Dec (33): Thu 24 Dec 2026.
    case = routed("hmip", clocks=["acknowledgement", "investigation", "reply"],
                  received_on=date(2026, 11, 2))  # fmt: skip
    route(rig, case)
    tell(rig, case, "suspended", 1, on="2026-11-04", reason="legal advice")
    before = len(rig.bus.sent)
    tell(rig, case, "extended", 2, on="2026-11-05", clock="reply", to="2026-12-21",
         reason="complex")  # fmt: skip
    assert clocks(rig, case)["reply"] == ("stopped", "")
    assert rig.bus.sent[before:] == []
    tell(rig, case, "resumed", 3, on="2026-11-09")
    assert clocks(rig, case)["reply"] == ("running", "2026-12-24")


def test_a_panel_requested_moves_stage2_to_the_review_panel_as_the_data_says(rig: Rig) -> None:
    case = routed("children", clocks=["acknowledgement", "response"], received_on=date(2027, 1, 4))
    route(rig, case)
    tell(rig, case, "responded", 1, on="2027-01-15")
    tell(rig, case, "escalated", 2, stage="investigation", on="2027-01-20")
    tell(rig, case, "responded", 3, stage="investigation", on="2027-02-19")
    tell(rig, case, "panel-requested", 4, stage="review_panel", on="2027-03-01")
    # The same 30 wd as an escalation on Mon 1 Mar 2027: Wed 14 Apr.
    assert clocks(rig, case)["convene"] == ("running", "2027-04-14")
    assert progress.transition("children", "investigation", "panel-requested") is not None
    assert progress.transition("children", "review_panel", "panel-requested") is None


def test_an_spso_stage1_answered_by_phone_meets_its_clock_and_opens_no_window(rig: Rig) -> None:
    # Received Fri 27 Nov 2026 in Scotland: [Mon 30 Nov St Andrew's Day], 1-4 Dec (4),
    # Mon 7 Dec (5) (England would say Fri 4 Dec). Answered by phone Thu 3 Dec: met; spso
    # stage 1 has no request window of its own, so nothing else starts.
    case = routed("spso", stage="frontline_response", clocks=["response"],
                  received_on=date(2026, 11, 27))  # fmt: skip
    route(rig, case)
    assert clocks(rig, case)["response"] == ("running", "2026-12-07")
    tell(rig, case, "oral-response-recorded", 1, on="2026-12-03")
    assert clocks(rig, case) == {"response": ("completed", "2026-12-07")}


def test_children_provider_split_is_met_by_the_decision(rig: Rig) -> None:
    # Received Mon 21 Dec 2026: 10 wd over Christmas and New Year: 22-24 (3), [25, 28],
    # 29-31 (6), [1 Jan], 4-7 Jan (10): Thu 7 Jan 2027.
    case = routed("children", clocks=["acknowledgement", "response", "provider_split"],
                  received_on=date(2026, 12, 21))  # fmt: skip
    route(rig, case)
    assert clocks(rig, case)["provider_split"] == ("running", "2027-01-07")
    tell(rig, case, "provider-split-decided", 1, on="2027-01-05")
    assert clocks(rig, case)["provider_split"][0] == "completed"
    assert clocks(rig, case)["response"][0] == "running"


def test_a_panel_scheduled_without_its_date_changes_no_clock(rig: Rig) -> None:
    case = routed("children", clocks=["acknowledgement", "response"], received_on=date(2027, 1, 4))
    route(rig, case)
    tell(rig, case, "responded", 1, on="2027-01-15")
    tell(rig, case, "escalated", 2, stage="investigation", on="2027-01-20")
    tell(rig, case, "responded", 3, stage="investigation", on="2027-02-19")
    tell(rig, case, "escalated", 4, stage="review_panel", on="2027-03-01")
    before = clocks(rig, case)
    tell(rig, case, "panel-scheduled", 5, stage="review_panel", on="2027-03-08")
    assert clocks(rig, case) == before
