"""The state machine itself: what each state allows, and refusals that name the state
and the actions allowed now."""

from __future__ import annotations

from datetime import date

import pytest

from services.records.domain.commands import (
    Acknowledge,
    AssignOfficer,
    Close,
    Investigate,
    Merge,
    Outcome,
    RecordResponse,
    Resume,
    Suspend,
)
from services.records.domain.lifecycle import IllegalAction, StageFacts, allowed_actions
from tests.records.unit.fakes import Step, routed, run, run_scenario

D = date(2026, 11, 5)
NEEDS_ACK = StageFacts(needs_acknowledgement=True)


@pytest.mark.parametrize(
    ("status", "facts", "allowed", "not_allowed"),
    [
        ("open", NEEDS_ACK, {"acknowledge", "assign-officer", "suspend"}, {"respond", "resume"}),
        ("open", StageFacts(), {"respond"}, {"escalate"}),
        ("acknowledged", StageFacts(acknowledged=True), {"respond", "assign-officer"},
         {"acknowledge", "investigate"}),
        ("officer-assigned", NEEDS_ACK, {"acknowledge", "investigate", "request-comments"},
         {"record-comments"}),
        ("comments-requested", NEEDS_ACK, {"record-comments"}, {"investigate"}),
        ("investigating", NEEDS_ACK, {"request-comments", "extend"}, {"respond", "escalate"}),
        ("responded", NEEDS_ACK, {"escalate", "close", "restrict"}, {"extend", "suspend"}),
        ("suspended", NEEDS_ACK, {"resume", "close"}, {"respond", "suspend", "merge"}),
        ("merged", NEEDS_ACK, {"erase-or-redact"}, {"add-correspondence", "restrict", "close"}),
        ("closed", NEEDS_ACK, {"restrict", "add-correspondence"}, {"escalate", "respond"}),
    ],
)  # fmt: skip
def test_each_state_offers_its_actions(status, facts, allowed, not_allowed) -> None:  # type: ignore[no-untyped-def]
    offered = set(allowed_actions(status, facts))
    assert allowed <= offered, allowed - offered
    assert not (not_allowed & offered), not_allowed & offered
    assert "auto-progress" not in offered  # the deadlines service's, never a person's


def test_refusal_names_state_stage_and_allowed_actions() -> None:
    case = routed("children", "local_resolution")
    with pytest.raises(IllegalAction) as info:
        run(case, RecordResponse(outcome=Outcome.UPHELD, summary="x"), D)
    message = str(info.value)
    assert "is open at stage local_resolution: cannot respond" in message
    assert "must be acknowledged before it is answered" in message
    assert "Allowed now: acknowledge, assign-officer, extend, suspend, merge" in message
    assert info.value.status == "open" and "acknowledge" in info.value.allowed


def test_suspend_and_resume_return_to_the_same_state() -> None:
    run_scenario(
        routed("children", "local_resolution"),
        [
            Step(Acknowledge(), D, "acknowledged"),
            Step(AssignOfficer(officer="tm"), D, "officer-assigned"),
            Step(Suspend(reason="child protection referral"), D, "suspended"),
            Step(Investigate(), D, "!IllegalAction: is suspended"),
            Step(Resume(), date(2026, 11, 12), "officer-assigned"),
            Step(Investigate(), date(2026, 11, 12), "investigating"),
        ],
    )


def test_merged_and_closed_cases_are_finished() -> None:
    case = routed("hmip", "formal_complaint")
    run_scenario(
        case,
        [
            Step(Merge(into="HMI-2026-000009/1"), D, "merged"),
            Step(Close(reason="x"), D, "!IllegalAction: cannot close: not allowed when merged"),
        ],
    )
    assert case.merged_into == "HMI-2026-000009/1" and case.closed_on == D


def test_every_command_is_in_the_history_with_its_author() -> None:
    case = routed("dso", "service_delivery")
    run(case, AssignOfficer(officer="ian"), D)
    entry = case.history[-1]
    assert entry["type"] == "case.officer-assigned"
    assert (entry["actor"], entry["role"], entry["from_status"]) == (
        "alice",
        "central-team",
        "open",
    )
    assert entry["message_id"] == f"case.officer-assigned:{case.id}:1"


def test_a_command_dated_in_the_future_is_refused() -> None:
    case = routed("dso", "service_delivery")
    with pytest.raises(ValueError, match="on: 2026-11-06 is in the future"):
        run(case, Acknowledge(on=date(2026, 11, 6)), D)


def test_suspended_at_routing_may_be_acknowledged_then_resumed() -> None:
    case = routed("children", "local_resolution", child_protection=True)
    run_scenario(
        case,
        [
            Step(Investigate(), D, "!IllegalAction: is suspended"),
            Step(Acknowledge(), D, "suspended"),
            Step(Resume(), date(2026, 11, 9), "acknowledged"),
        ],
    )
    assert case.suspensions[0] == {
        "from": "2026-11-02", "to": "2026-11-09",
        "reason": "child-protection referral at routing: handling suspended (seed 004)",
    }  # fmt: skip
