"""Commands on a missing case: NOT_FOUND only for who could see any case; everyone else
the same refusal (and reason) as for an existing case that is not theirs."""

from __future__ import annotations

import pytest

from common.auth import Caller, Role
from services.records.domain.commands import Acknowledge, EraseOrRedact, RedactMode
from services.records.handlers.casework import NoSuchCase, NotAllowed, missing_case
from tests.records.unit.service import CENTRAL


def test_missing_case_is_not_found_only_for_who_could_see_it() -> None:
    assert isinstance(missing_case("X-1/1", (True, "")), NoSuchCase)
    refused = missing_case("X-1/1", (False, "not yours"))
    assert isinstance(refused, NotAllowed) and str(refused) == "not yours"


@pytest.mark.parametrize(
    "caller",
    [
        Caller("ops", Role.OPERATOR),
        Caller("zoe", Role.INVESTIGATING_OFFICER),
        Caller("portal", Role.PARTNER, "elsewhere"),
        Caller("audrey", Role.AUDITOR),
    ],
)
async def test_a_refused_command_answers_alike_whether_the_case_exists(  # type: ignore[no-untyped-def]
    records, caller: Caller
) -> None:
    ref = await records.receive_and_route("dso", "service_delivery")
    with pytest.raises(NotAllowed) as existing:
        await records.run(ref, Acknowledge(), caller=caller)
    for missing in ("DSO-2099-999999/1", "DSO-2099-999999"):
        with pytest.raises(NotAllowed) as absent:
            await records.run(missing, Acknowledge(), caller=caller)
        assert str(absent.value) == str(existing.value)


async def test_the_central_team_still_gets_not_found(records) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NoSuchCase):
        await records.run("DSO-2099-999999/1", Acknowledge(), caller=CENTRAL)
    erase = EraseOrRedact(mode=RedactMode.REDACT, reason="asked", items=("complainant",))
    with pytest.raises(NoSuchCase):
        await records.run("DSO-2099-999999/1", erase, caller=CENTRAL)
    cco = Caller("cco", Role.CHILDRENS_COMPLAINTS_OFFICER)
    with pytest.raises(NotAllowed):  # erasure is the central team's, case or no case
        await records.run("DSO-2099-999999/1", erase, caller=cco)
