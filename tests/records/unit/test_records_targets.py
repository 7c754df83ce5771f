"""The targets a case file shows are the deadlines service's: filed from its
``deadline.set`` / ``deadline.resumed`` events, never computed by records beside them.
Hand-worked dates with each nation's bank holidays."""

from __future__ import annotations

from datetime import date

import procedures
from common.contracts.events import CaseOpened, DeadlineSet
from common.workdays import calendar_for
from services.records.domain import casefile
from services.records.domain.commands import (
    Acknowledge,
    AutoProgress,
    Extend,
    Outcome,
    RecordResponse,
    Resume,
    Suspend,
)
from services.records.domain.stages import escalation_window
from tests.records.unit.fakes import NOW, FakeCase, Step, routed, run, run_scenario

D = date


def case_event(case: FakeCase) -> CaseOpened:
    """Any event filed on the case (the acknowledgement target is looked for after each)."""
    return CaseOpened(
        reference=case.reference, strand=1, procedure=case.procedure, stage=case.stage,
        occurred_at=case.opened_at, status="open",
    )  # fmt: skip


def test_records_computes_no_target_of_its_own() -> None:
    # Routed, but the deadlines service has not spoken yet: nothing to show, nothing to
    # acknowledge with.
    case = routed("children", "local_resolution", deadlines=False)
    (stage,) = case.stages
    assert (stage["ack_due"], stage["response_due"]) == (None, None)
    assert stage["response_clock"] == "response"
    assert casefile.acknowledgement_target(case, case_event(case)) is None


def test_scottish_targets_skip_st_andrews_day_as_deadlines_counts_them() -> None:
    # seed 002 ¶5 stage 2: acknowledged within 3 wd, answered within 20 wd. Received Thu 26
    # Nov 2026 in Scotland: Fri 27 (1), Mon 30 Nov St Andrew's Day skipped, Tue 1 Dec (2),
    # Wed 2 Dec (3); the response: 27 Nov (1), 1-4 Dec (5), 7-11 (10), 14-18 (15),
    # 21-24 (19), Christmas Fri 25 and Boxing Day (Sat 26, so Mon 28) skipped, Tue 29 (20).
    case = routed("spso", "investigation", received_on=D(2026, 11, 26))
    (stage,) = case.stages
    assert (stage["ack_due"], stage["response_due"]) == ("2026-12-02", "2026-12-29")
    assert "St Andrew's Day" in stage["ack_explanation"]
    assert "St Andrew's Day" in stage["response_explanation"]
    assert "Boxing Day" in stage["response_explanation"]
    # the same date the file's clock shows, and the one the acknowledgement gives
    assert case.clocks["response"]["due"] == "2026-12-29"
    assert casefile.acknowledgement_target(case, case_event(case)) == D(2026, 12, 29)


def test_a_northern_irish_target_skips_the_twelfth_as_deadlines_counts_it() -> None:
    # seed 000 "Service delivery": a written response within 20 working days. Received Mon
    # 6 Jul 2026 in Northern Ireland: 7-10 Jul (4), Mon 13 Jul skipped (12 July, Orangemen's
    # Day, falls on a Sunday: substitute day), 14-17 (8), 20-24 (13), 27-31 (18), 3-4 Aug
    # (20): Tue 4 Aug 2026. In England and Wales it would be Mon 3 Aug.
    case = routed("dso", "service_delivery", received_on=D(2026, 7, 6), nation="northern-ireland")
    (stage,) = case.stages
    assert stage["response_due"] == "2026-08-04"
    assert "Orangemen's Day" in stage["response_explanation"]
    assert stage["ack_due"] is None  # dso has no acknowledgement clock: "acknowledged" only
    assert casefile.acknowledgement_target(case, case_event(case)) == D(2026, 8, 4)


def test_after_a_suspension_the_target_is_deadlines_resumed_date() -> None:
    # seed 004 stage 1: 10 wd from Mon 2 Nov 2026 is Mon 16 Nov. Suspended Wed 4 Nov with
    # 8 wd left (5-6, 9-13 Nov), resumed Wed 11 Nov: 12-13 (2), 16-20 (7), Mon 23 Nov (8).
    case = routed("children", "local_resolution")
    assert case.stages[0]["response_due"] == "2026-11-16"
    run_scenario(case, [
        Step(Acknowledge(), D(2026, 11, 3), "acknowledged"),
        Step(Suspend(reason="child protection referral"), D(2026, 11, 4), "suspended"),
        Step(Resume(), D(2026, 11, 11), "acknowledged"),
    ])  # fmt: skip
    assert case.stages[0]["response_due"] == "2026-11-23"
    assert case.clocks["response"]["status"] == "running"
    # an extension is measured against that date and the cap (20 wd, 5 stopped not counted)
    run_scenario(case, [
        Step(Extend(to=D(2026, 11, 23), reason="x"), D(2026, 11, 12),
             "!ExtensionRefused: later than its target 2026-11-23"),
        Step(Extend(to=D(2026, 12, 7), reason="agreed"), D(2026, 11, 12), "acknowledged"),
    ])  # fmt: skip
    assert case.stages[0]["response_due"] == "2026-12-07"
    assert case.clocks["response"]["due"] == "2026-12-07"  # deadlines extended it alike


def test_hmip_target_is_the_reply_the_seed_promises() -> None:
    # seed 001 §4 Step 2: the investigation concludes within 20 wd of receipt (Mon 2 Nov
    # 2026 -> Mon 30 Nov), the reply within 10 wd of that (Mon 14 Dec): the answer.
    case = routed("hmip", "formal_complaint")
    (stage,) = case.stages
    assert (stage["response_clock"], stage["response_due"]) == ("reply", "2026-12-14")
    assert stage["ack_due"] == "2026-11-09"  # 5 wd
    assert case.clocks["investigation"]["due"] == "2026-11-30"


def test_the_escalation_window_is_deadlines_date_once_filed() -> None:
    # seed 004: 20 wd to ask for stage 2 from the stage 1 response. Answered Mon 16 Nov 2026:
    # 17-20 (4), 23-27 (9), 30 Nov-4 Dec (14), 7-11 (19), Mon 14 Dec (20).
    case = routed("children", "local_resolution")
    run_scenario(case, [
        Step(Acknowledge(), D(2026, 11, 3), "acknowledged"),
        Step(RecordResponse(outcome=Outcome.PARTLY, summary="x"), D(2026, 11, 16), "responded"),
    ])  # fmt: skip
    assert case.clocks["request"]["due"] == "2026-12-14"  # deadlines opened the window
    children = procedures.get("children")
    calendar = calendar_for("england-and-wales")
    window = escalation_window(
        children, "investigation", D(2026, 11, 16), D(2026, 12, 15), calendar, case.clocks
    )
    assert (window.latest, window.late) == (D(2026, 12, 14), True)
    # the file's date is the one used: had deadlines said otherwise, records would follow
    moved = {"request": {**case.clocks["request"], "due": "2026-12-16"}}
    window = escalation_window(
        children, "investigation", D(2026, 11, 16), D(2026, 12, 15), calendar, moved
    )
    assert (window.latest, window.late) == (D(2026, 12, 16), False)


def test_a_stage_entered_after_its_date_arrived_shows_that_date() -> None:
    # Deadlines moves children stage 1 on by itself (case.auto-progressed) and dates stage 2
    # in the same breath: its deadline.set may be filed first, before the stage exists.
    case = routed("children", "local_resolution", deadlines=False)
    stage2 = DeadlineSet(
        reference=case.reference, strand=1, procedure="children", stage="investigation",
        occurred_at=NOW, clock="response", due=D(2027, 1, 15),
    )  # fmt: skip
    casefile.apply(case, stage2, message_id="d-stage2")
    assert case.stages[0]["response_due"] is None  # not stage 1's date
    run(case, AutoProgress(to_stage="investigation", reason="past 20 wd"), D(2026, 12, 8))
    assert case.stages[-1]["response_due"] is None
    casefile.show_current_targets(case)  # what records' handler does after the command
    assert case.stages[-1]["response_due"] == "2027-01-15"
