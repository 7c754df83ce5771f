"""Each clock's real state in the case file's views: met, running, stopped, breached, from
the deadlines service's facts and the lifecycle facts the procedure data names. Pure."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from common.contracts.events import (
    DeadlineApproaching,
    DeadlineBreached,
    DeadlineSet,
    DeadlineStopped,
)
from services.records.domain import clocks

AT = datetime(2026, 11, 2, 10, tzinfo=UTC)


def filed(procedure: str, stage: str, clock: str, due: str, kind: type = DeadlineSet) -> Any:
    return kind(
        reference="HMIP-2026-000001", strand=1, procedure=procedure, stage=stage,
        occurred_at=AT, clock=clock, due=date.fromisoformat(due), explanation={"text": "x"},
    )  # fmt: skip


def history(*entries: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": kind, "data": data, "at": AT} for kind, data in entries]


def hmip_clocks() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, due in (("acknowledgement", "2026-11-09"), ("investigation", "2026-11-30"),
                      ("reply", "2026-12-14")):  # fmt: skip
        found = clocks.fold(found, filed("hmip", "formal_complaint", name, due))
    return found


ROUTED = ("case.routed", {"stage": "formal_complaint"})


def test_a_met_acknowledgement_is_met_and_the_others_run() -> None:
    seen = clocks.view(
        hmip_clocks(), procedure="hmip", status="acknowledged",
        history=history(ROUTED, ("deadline.set", {"clock": "acknowledgement"}),
                        ("case.acknowledged", {"on": "2026-11-04"})),
    )  # fmt: skip
    assert {n: c["status"] for n, c in seen.items()} == {
        "acknowledgement": "met", "investigation": "running", "reply": "running"}  # fmt: skip
    assert seen["acknowledgement"]["met_on"] == "2026-11-04"
    assert clocks.next_due(
        hmip_clocks(), procedure="hmip", status="acknowledged",
        history=history(ROUTED, ("case.acknowledged", {"on": "2026-11-04"})),
    ) == date(2026, 11, 30)  # fmt: skip


def test_after_close_nothing_runs_and_nothing_is_next_due() -> None:
    seen = clocks.view(hmip_clocks(), procedure="hmip", status="closed", history=history(ROUTED))
    assert {c["status"] for c in seen.values()} == {"stopped"}
    assert clocks.next_due(hmip_clocks(), procedure="hmip", status="closed", history=[]) is None


def test_a_fact_at_an_earlier_stage_does_not_meet_the_next_stages_clock_of_the_same_name() -> None:
    stage2 = clocks.fold({}, filed("children", "investigation", "response", "2027-01-21"))
    seen = clocks.view(
        stage2, procedure="children", status="escalated",
        history=history(("case.routed", {"stage": "local_resolution"}),
                        ("case.responded", {"on": "2026-11-20"}),
                        ("case.escalated", {"on": "2026-12-14", "to_stage": "investigation"})),
    )  # fmt: skip
    assert seen["response"]["status"] == "running"


def test_a_clock_met_after_its_breach_is_met_late_and_a_late_sweep_does_not_undo_it() -> None:
    breached = clocks.fold(
        hmip_clocks(), filed("hmip", "formal_complaint", "acknowledgement", "2026-11-09",
                             kind=DeadlineBreached),
    )  # fmt: skip
    marked = clocks.after_fact(
        breached, procedure="hmip", stage="formal_complaint", fact="acknowledged",
        on=date(2026, 11, 10),
    )  # fmt: skip
    assert marked["acknowledgement"]["status"] == "met late"
    assert marked["investigation"]["status"] == "running"
    again = clocks.fold(
        marked, filed("hmip", "formal_complaint", "acknowledgement", "2026-11-09",
                      kind=DeadlineApproaching),
    )  # fmt: skip
    assert again["acknowledgement"]["status"] == "met late"


def test_a_suspended_case_shows_its_clocks_stopped() -> None:
    stopped = clocks.fold(
        hmip_clocks(),
        DeadlineStopped(reference="HMIP-2026-000001", strand=1, procedure="hmip",
                        stage="formal_complaint", occurred_at=AT.replace(hour=11), clock="reply",
                        reason="suspended", stopped_on="2026-11-05", remaining=20),
    )  # fmt: skip
    seen = clocks.view(stopped, procedure="hmip", status="suspended", history=history(ROUTED))
    assert seen["reply"]["status"] == "stopped"
    assert clocks.next_due(stopped, procedure="hmip", status="suspended", history=[]) == date(
        2026, 11, 9
    )


def test_children_stage1_unanswered_past_20_working_days_opens_the_request_for_stage2() -> None:
    from common.workdays import calendar_for
    from procedures import get
    from services.records.domain.stages import Starts, request_open_from

    ew = calendar_for("england-and-wales")
    starts = Starts(received=date(2026, 11, 2), stage_start=date(2026, 11, 2))
    children = get("children")
    # 20 wd from Mon 2 Nov 2026 is Mon 30 Nov: the complainant may ask from Tue 1 Dec; a
    # week suspended (9-13 Nov, 5 working days) moves it to Tue 8 Dec.
    assert request_open_from(children, "local_resolution", starts, ew) == date(2026, 12, 1)
    held = [(date(2026, 11, 6), date(2026, 11, 13))]
    assert request_open_from(children, "local_resolution", starts, ew, held) == date(2026, 12, 8)
    assert request_open_from(children, "investigation", starts, ew) is None
    assert request_open_from(get("hmip"), "formal_complaint", starts, ew) is None


def test_ds_complaints_task_clock_is_met_once_the_task_is_done() -> None:
    """DS Complaints' healthcare escalation task (deadlines' ``healthcare_escalation_<id>``)
    shows met on the day records filed it done, whatever the case's own clocks do."""
    found = clocks.fold({}, filed("dso", "healthcare", "healthcare_escalation_H1", "2026-11-20"))
    task = {"id": "H1", "owner": "Dee Scott"}
    running = clocks.view(
        found, procedure="dso", status="acknowledged",
        history=history(("case.routed", {"stage": "healthcare"}),
                        ("case.healthcare-escalation-opened", {"task": task})),
    )  # fmt: skip
    assert running["healthcare_escalation_H1"]["status"] == "running"
    done = clocks.view(
        found, procedure="dso", status="acknowledged",
        history=history(("case.routed", {"stage": "healthcare"}),
                        ("case.healthcare-escalation-opened", {"task": task}),
                        ("case.healthcare-escalation-done", {"task": task, "on": "2026-11-18"})),
    )  # fmt: skip
    task_clock = done["healthcare_escalation_H1"]
    assert (task_clock["status"], task_clock["met_on"]) == ("met", "2026-11-18")
