"""The facts each service keeps to let the gate decide, from the events it consumes:
routing at its decision, deadlines from case.routed and case.officer-assigned (also when
the assignment overtakes the routing), notifications from its case view. ListDue keeps
only the strands the caller may read, however many others are due first."""

from __future__ import annotations

import asyncio
from datetime import date

from common.access import facts as access
from common.access.policy import CaseFacts, can_read
from common.auth import Caller, Role
from common.clock import FixedClock
from common.outbox import OutboxRelay
from common.storage import open_store
from common.workdays import calendar_for
from services.deadlines.adapters.documents import StrandClocks
from services.notifications.domain.caseview import CaseView
from services.routing.adapters.documents import RoutingRecord
from services.routing.handlers import RoutingHandlers
from tests.deadlines.unit.test_deadlines_handlers import Rig, memory
from tests.routing.unit.test_routing_handlers import NOW, received
from tests.support.events import body, lifecycle, routed
from tests.support.fakes import FakePublisher

OFFICER = Caller("olu", Role.INVESTIGATING_OFFICER)


def test_routing_keeps_each_strands_facts() -> None:
    store = open_store("memory://", [RoutingRecord], service="routing")
    relay = OutboxRelay(FakePublisher(), store, [RoutingRecord])  # type: ignore[arg-type]
    handlers = RoutingHandlers(
        store=store, clock=FixedClock(NOW), relay=relay, calendar_for=calendar_for
    )
    asyncio.run(handlers.on_received(received("DSO-2026-000009", confidential=True), "m-9"))
    [facts] = asyncio.run(handlers.case_facts("DSO-2026-000009/1"))
    assert facts == CaseFacts(procedure="dso", confidential=True, partner_id="yarlswood")
    assert asyncio.run(handlers.case_facts("DSO-2026-000009")) == [facts]
    assert asyncio.run(handlers.case_facts("DSO-2026-000404")) == []


def test_deadlines_learns_the_officer_even_before_the_routing() -> None:
    rig = Rig(memory())
    case = routed("children", received_on=date(2026, 11, 2), partner_id="acme")
    early = lifecycle(case, "officer-assigned", officer="olu")
    asyncio.run(rig.handlers.on_event("case.officer-assigned", body(early), "m-early"))
    assert access.decode(rig.store.get(StrandClocks, case.case_ref).access) == access.UNKNOWN
    asyncio.run(rig.handlers.on_event("case.routed", body(case), "m-routed"))
    [facts] = asyncio.run(rig.queries.case_facts(case.case_ref))
    assert facts == CaseFacts(procedure="children", partner_id="acme", officer="olu")
    assert can_read(OFFICER, facts)[0]


def test_list_due_keeps_only_what_the_caller_may_read_beyond_the_first_page() -> None:
    rig = Rig(memory())
    theirs = [routed("dso", received_on=date(2026, 11, 2), partner_id="brook") for _ in range(5)]
    mine = routed("dso", received_on=date(2026, 11, 3), partner_id="acme")
    for n, case in enumerate([*theirs, mine]):
        asyncio.run(rig.handlers.on_event("case.routed", body(case), f"m-{n}"))
    assigned = lifecycle(mine, "officer-assigned", officer="olu")
    asyncio.run(rig.handlers.on_event("case.officer-assigned", body(assigned), "m-a"))

    def readable(facts: CaseFacts) -> bool:
        return can_read(OFFICER, facts)[0]

    day = date(2027, 1, 31)
    everyone = asyncio.run(rig.queries.due_before(day, limit=2))
    assert {ref for ref, _ in everyone} <= {c.case_ref for c in theirs}
    own = asyncio.run(rig.queries.due_before(day, limit=2, readable=readable))
    assert {ref for ref, _ in own} == {mine.case_ref}


def test_a_stored_strand_without_facts_is_closed_to_partners_and_officers() -> None:
    unknown = access.decode(None)
    assert not can_read(Caller("p", Role.PARTNER, partner="acme"), unknown)[0]
    assert not can_read(OFFICER, unknown)[0]
    assert can_read(Caller("c", Role.CENTRAL_TEAM), unknown)[0]
    assert access.decode({"confidential": "not a bool at all"}) == access.UNKNOWN


def test_notifications_view_gives_the_same_facts() -> None:
    case = routed("children", received_on=date(2026, 11, 2), partner_id="acme", confidential=True)
    view = CaseView.from_routed(case)
    assert view.access() == access.of_routed(case)
    assigned = view.apply(lifecycle(case, "officer-assigned", officer="olu"))
    assert assigned.access().officer == "olu"
