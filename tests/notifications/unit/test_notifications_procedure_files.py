"""Every copy and referral the procedure files name is one notifications can address and
render: routing decides who is told from these files (issue 18), notifications only
addresses each kind of body, checks what it may see, and renders the letter."""

from __future__ import annotations

import pytest

from common.contracts.recipients import SERIES, Recipient
from procedures import load_all
from services.notifications.domain.addressing import FIXED, _addresses
from services.notifications.domain.entitlements import ENTITLEMENTS
from services.notifications.domain.errors import PlanningError
from services.notifications.domain.recipients import PROCEDURES
from services.notifications.domain.rules import RULES
from tests.notifications.unit.builders import routed

PROCS = load_all()


def test_every_procedure_with_letters_has_a_procedure_file() -> None:
    assert set(PROCS) >= set(PROCEDURES)


@pytest.mark.parametrize("name", sorted(PROCS))
def test_every_copy_and_referral_names_a_kind_notifications_can_address(name: str) -> None:
    view_event = routed("children", location={"local_authority": "Westshire Council",
                                              "establishment": "Oak House",
                                              "provider": "Brightwater Homes"})
    from services.notifications.domain.caseview import CaseView

    view = CaseView.from_routed(view_event)
    for item in (*PROCS[name].copies, *PROCS[name].referrals):
        assert item.kind in ENTITLEMENTS, f"{name}: {item.rule} -> unknown kind {item.kind}"
        recipient = Recipient(rule=item.rule, kind=item.kind, letter=item.letter,
                              name="Jo Bloggs MP" if item.kind == "mp" else None)
        try:
            keys = _addresses(recipient, view, view_event)
        except PlanningError as exc:  # pragma: no cover - the failure message says it all
            pytest.fail(f"{name}: {item.rule} cannot be addressed: {exc}")
        assert keys, item.rule
        if item.kind in FIXED:
            assert keys == [(FIXED[item.kind], None)]


@pytest.mark.parametrize("name", sorted(PROCS))
def test_every_series_letter_has_a_calendar(name: str) -> None:
    """A copy naming a series (an MP's ``position``) is sent by the letter calendar."""
    for item in (*PROCS[name].copies, *PROCS[name].referrals):
        if item.letter in SERIES:
            assert any(r.recipient == item.letter for r in (*RULES["*"], *RULES.get(name, ())))
