"""Who may read and work which case (roles from common.auth; seed 004 confidentiality)."""

from __future__ import annotations

import pytest

from common.access.policy import CaseFacts, can_act, can_read, can_report
from common.auth import Caller, Role
from services.records.domain.lifecycle import Action

CHILD_CONFIDENTIAL = CaseFacts(
    procedure="children", confidential=True, partner_id="dorset", officer="ian", by_child=True
)
DSO = CaseFacts(procedure="dso", partner_id="yarlswood", officer="olu")


@pytest.mark.parametrize(
    ("caller", "case", "allowed", "why"),
    [
        (Caller("a", Role.CENTRAL_TEAM), CHILD_CONFIDENTIAL, True, ""),
        (Caller("c", Role.CHILDRENS_COMPLAINTS_OFFICER), CHILD_CONFIDENTIAL, True, ""),
        (Caller("c", Role.CHILDRENS_COMPLAINTS_OFFICER), DSO, False, "children's complaints only"),
        (Caller("au", Role.AUDITOR), CHILD_CONFIDENTIAL, True, ""),
        (Caller("ian", Role.INVESTIGATING_OFFICER), CHILD_CONFIDENTIAL, True, ""),
        (Caller("zoe", Role.INVESTIGATING_OFFICER), CHILD_CONFIDENTIAL, False, "assigned to them"),
        (Caller("p", Role.PARTNER, partner="dorset"), CHILD_CONFIDENTIAL, False, "confidential"),
        (Caller("p", Role.PARTNER, partner="yarlswood"), DSO, True, ""),
        (Caller("p", Role.PARTNER, partner="brook"), DSO, False, "own submissions"),
        (Caller("op", Role.OPERATOR), DSO, False, "not case files"),
        # A partner token without its partner reads nobody's cases, even unowned ones.
        (Caller("p", Role.PARTNER), CaseFacts(procedure="dso"), False, "own submissions"),
    ],
)
def test_who_may_read(caller: Caller, case: CaseFacts, allowed: bool, why: str) -> None:
    ok, reason = can_read(caller, case)
    assert ok is allowed
    assert why in reason


@pytest.mark.parametrize(
    ("caller", "action", "allowed", "why"),
    [
        (Caller("a", Role.CENTRAL_TEAM), Action.EXTEND, True, ""),
        (Caller("olu", Role.INVESTIGATING_OFFICER), Action.RESPOND, True, ""),
        (Caller("olu", Role.INVESTIGATING_OFFICER), Action.EXTEND, False, "may not extend"),
        (Caller("au", Role.AUDITOR), Action.ADD_CORRESPONDENCE, False, "read-only"),
        (Caller("p", Role.PARTNER, partner="yarlswood"), Action.CLOSE, False, "read-only"),
        (Caller("zoe", Role.INVESTIGATING_OFFICER), Action.RESPOND, False, "assigned to them"),
    ],
)
def test_who_may_act(caller: Caller, action: Action, allowed: bool, why: str) -> None:
    ok, reason = can_act(caller, action, DSO)
    assert ok is allowed
    assert why in reason


def test_the_childrens_complaints_officer_oversees_but_does_not_answer() -> None:
    cco = Caller("c", Role.CHILDRENS_COMPLAINTS_OFFICER)
    assert can_act(cco, Action.SUSPEND, CHILD_CONFIDENTIAL)[0]
    assert not can_act(cco, Action.RESPOND, CHILD_CONFIDENTIAL)[0]


def test_reports_by_role() -> None:
    assert can_report(Caller("au", Role.AUDITOR), "dso")[0]
    assert can_report(Caller("c", Role.CHILDRENS_COMPLAINTS_OFFICER), "children")[0]
    assert not can_report(Caller("c", Role.CHILDRENS_COMPLAINTS_OFFICER), "dso")[0]
    assert not can_report(Caller("p", Role.PARTNER, partner="x"), "dso")[0]
