"""The records use cases on the in-memory store: what each event and command writes,
publishes and costs the store, paging and filters of ListCases, reports, data protection.
The same code runs on SQLite in the integration tests; these run in milliseconds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from common.auth import Caller, Role
from common.contracts.events import ComplaintReceived, DeadlineSet
from services.records.adapters.documents import AccessRecord, CaseFile, ComplaintFile
from services.records.domain.commands import (
    Acknowledge,
    AssignOfficer,
    EraseOrRedact,
    Merge,
    RedactMode,
)
from services.records.handlers.casework import NotAllowed
from services.records.queries import CaseFilter
from tests.records.unit.service import CENTRAL, Records, submission, worked_hmip_case


def pending(records: Records) -> list[object]:
    cut = datetime(2100, 1, 1, tzinfo=UTC)
    return [
        k for cls in (CaseFile, ComplaintFile) for k in records.store.pending_outboxes(cls, cut)
    ]


# -- events ---------------------------------------------------------------------------------


async def test_a_routed_strand_is_filed_opened_and_its_event_published(records) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("dso", "service_delivery")
    case = records.store.get(CaseFile, ref)
    assert (case.status, case.procedure, case.partner_id) == ("open", "dso", "dorset")
    complaint = records.store.get(ComplaintFile, ref.split("/")[0])
    assert complaint.submission["complainant"]["name"] == "Jo Brown"
    assert records.publisher.keys() == ["case.opened"]
    assert pending(records) == []  # published, then cleared


async def test_a_filed_event_costs_get_commit_and_clear(records) -> None:  # type: ignore[no-untyped-def]
    sub = submission("dso", received=date(2027, 5, 3))
    base = {"reference": "DSO-2027-000009", "procedure": "dso", "occurred_at": datetime.now(UTC)}
    received = ComplaintReceived(
        **base, partner_id="dorset", partner_ref=sub.partner_ref, submission=sub
    )
    await records.deliver(received, "m-received")
    assert records.store.operations == {"get": 1, "commit": 1}  # nothing to publish
    records.reset_counts()
    await records.deliver(records.routed("DSO-2027-000009", "dso", "service_delivery", sub), "m1")
    # Opening a file also reads the person's restrictions on their other files: one
    # indexed query on ``person``, on opening only (issue 18).
    assert records.store.operations == {"get": 1, "find": 1, "commit": 1, "clear_outbox": 1}


async def test_a_redelivered_event_changes_nothing_and_publishes_nothing_again(records) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("dso", "service_delivery")
    before = records.store.get(CaseFile, ref)
    sub = submission("dso", received=date(2027, 5, 3))
    records.reset_counts()
    await records.deliver(records.routed(before.reference, "dso", "service_delivery", sub),
                          f"case.routed:{ref}")  # fmt: skip
    after = records.store.get(CaseFile, ref)
    assert (after.rev, len(after.history)) == (before.rev, len(before.history))
    assert records.publisher.keys() == ["case.opened"]
    assert "commit" not in records.store.operations


async def test_when_the_broker_is_down_the_outbox_keeps_what_an_event_emitted(records) -> None:  # type: ignore[no-untyped-def]
    records.publisher.fail = True
    with pytest.raises(ConnectionError):
        await records.receive_and_route("dso", "service_delivery")
    assert pending(records) == ["DSO-2027-000001/1"]
    records.publisher.fail = False
    # The delivery comes back: filed already, and what its first attempt stored goes out.
    sub = submission("dso", received=date(2027, 5, 3))
    await records.deliver(records.routed("DSO-2027-000001", "dso", "service_delivery", sub),
                          "case.routed:DSO-2027-000001/1")  # fmt: skip
    assert records.publisher.keys() == ["case.opened"]
    assert pending(records) == []


async def test_automatic_acknowledgement_once_the_target_is_set() -> None:
    records = Records(auto_acknowledge=True)
    ref = await records.receive_and_route("dso", "service_delivery")
    reference = ref.split("/")[0]
    target = DeadlineSet(
        reference=reference,
        strand=1,
        procedure="dso",
        occurred_at=datetime.now(UTC),
        clock="response",
        due=date(2027, 6, 1),
    )
    await records.deliver(target, "deadline.set:1")
    assert records.publisher.keys() == ["case.opened", "case.acknowledged"]
    assert records.store.get(CaseFile, ref).status == "acknowledged"


# -- commands -------------------------------------------------------------------------------


async def test_a_command_is_applied_once_published_and_logged(records) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("dso", "service_delivery")
    records.reset_counts()
    first = await records.run(ref, Acknowledge(on=date(2027, 5, 4)), request_id="r1")
    assert (first.duplicate, first.events) == (False, ["case.acknowledged"])
    # load, apply_once's get and commit, the access record, the clear after publishing
    assert records.store.operations == {
        "get": 2, "commit": 1, "insert": 1, "clear_outbox": 1
    }  # fmt: skip
    again = await records.run(ref, Acknowledge(on=date(2027, 5, 4)), request_id="r1")
    assert again.duplicate and again.case.rev == first.case.rev
    assert records.publisher.keys() == ["case.opened", "case.acknowledged"]
    log = await records.audit.of_case(ref)
    assert [(r.action, r.outcome) for r in log] == [("acknowledge", "allowed")] * 2
    assert log[1].detail == "repeat of an applied request"


async def test_a_command_the_role_may_not_give_is_logged_and_writes_nothing(records) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("dso", "service_delivery")
    rev = records.store.get(CaseFile, ref).rev
    auditor = Caller(sub="audrey", role=Role.AUDITOR)
    with pytest.raises(NotAllowed):
        await records.run(ref, Acknowledge(), caller=auditor)
    assert records.store.get(CaseFile, ref).rev == rev
    (entry,) = await records.audit.of_case(ref)
    assert (entry.who, entry.outcome) == ("audrey", "denied")


async def test_merge_notes_the_case_that_carries_on(records) -> None:  # type: ignore[no-untyped-def]
    lead = await records.receive_and_route("hmip", "formal_complaint")
    other = await records.receive_and_route("hmip", "formal_complaint")
    result = await records.run(other, Merge(into=lead, reason="same visit"))
    assert (result.case.status, result.case.merged_into) == ("merged", lead)
    assert records.store.get(CaseFile, lead).merged_from == [other]


async def test_redacting_the_complainant_reaches_the_complaint_as_received(records) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("dso", "service_delivery", contact="jo@example.org")
    await records.run(ref, EraseOrRedact(mode=RedactMode.REDACT, reason="asked",
                                         items=("complainant",)))  # fmt: skip
    complaint = records.store.get(ComplaintFile, ref.split("/")[0])
    assert "jo@example.org" not in str(complaint.submission)
    assert records.store.get(CaseFile, ref).complainant.get("anonymised")


# -- reads ----------------------------------------------------------------------------------


async def test_list_cases_pages_in_reference_order_with_filters(records) -> None:  # type: ignore[no-untyped-def]
    dso = [await records.receive_and_route("dso", "service_delivery") for _ in range(5)]
    children = [await records.receive_and_route("children", "local_resolution") for _ in range(2)]
    seen, token = [], ""
    while True:
        page, token = await records.queries.list_cases(
            CENTRAL, CaseFilter(procedure="dso"), page_size=2, after=token
        )
        seen += [c.id for c in page]
        if not token:
            break
    assert seen == sorted(dso)
    page, token = await records.queries.list_cases(CENTRAL, CaseFilter(), page_size=50)
    assert [c.id for c in page] == sorted(dso + children) and token == ""
    page, _ = await records.queries.list_cases(
        CENTRAL, CaseFilter(procedure="children", status="open", received_from=date(2027, 5, 3))
    )
    assert [c.id for c in page] == sorted(children)
    page, _ = await records.queries.list_cases(CENTRAL, CaseFilter(received_to=date(2027, 5, 2)))
    assert page == []
    # Every case shown is in its access log.
    assert [r.action for r in await records.audit.of_case(dso[0])] == ["list-cases"] * 2


async def test_list_cases_shows_an_officer_and_a_partner_their_own(records) -> None:  # type: ignore[no-untyped-def]
    mine = await records.receive_and_route("hmip", "formal_complaint")
    await records.receive_and_route("hmip", "formal_complaint")
    theirs = await records.receive_and_route("hmip", "formal_complaint", partner_id="kent")
    await records.run(mine, Acknowledge())
    await records.run(mine, AssignOfficer(officer="olga"))
    officer = Caller(sub="olga", role=Role.INVESTIGATING_OFFICER)
    page, _ = await records.queries.list_cases(officer, CaseFilter())
    assert [c.id for c in page] == [mine]
    partner = Caller(sub="k", role=Role.PARTNER, partner="kent")
    page, _ = await records.queries.list_cases(partner, CaseFilter())
    assert [c.id for c in page] == [theirs]


async def test_kpi_and_annual_reports_from_the_store(records) -> None:  # type: ignore[no-untyped-def]
    await worked_hmip_case(records)
    await records.receive_and_route("hmip", "formal_complaint", received=date(2026, 12, 1))
    rows = await records.reports.kpi(
        group_by=("stage",), start=date(2027, 1, 1), end=date(2027, 3, 31), as_of=date(2027, 6, 30)
    )
    assert [(r.stage, r.stages, r.answered) for r in rows] == [("formal_complaint", 1, 1)]
    hmip = await records.reports.hmip_annual(2027)
    summary = {r[0]: r[1] for r in hmip.tables[0].rows}
    assert (summary["complaints received"], summary["upheld"]) == ("1", "1")
    assert (await records.reports.kpi(procedure="dso", as_of=date(2027, 6, 30))) == []


async def test_subject_access_and_retention(records) -> None:  # type: ignore[no-untyped-def]
    ref = await worked_hmip_case(records, contact="jo.brown@example.org")
    await records.receive_and_route("hmip", "formal_complaint")  # someone else's
    data = await records.dp.export_subject(CENTRAL, contact="jo.brown@example.org")
    assert [c["id"] for c in data["cases"]] == [ref]
    assert [c["id"] for c in data["complaints"]] == [ref.split("/")[0]]
    assert {"acknowledge", "close"} <= {a["action"] for a in data["access_log"]}
    by_ref = await records.dp.export_subject(CENTRAL, reference=ref.split("/")[0])
    assert [c["id"] for c in by_ref["cases"]] == [ref]
    assert (await records.dp.export_subject(CENTRAL, name="Nobody"))["cases"] == []

    assert await records.dp.expire(CENTRAL, as_of=date(2030, 1, 1), dry_run=True) == []
    done = await records.dp.expire(CENTRAL, as_of=date(2033, 3, 25), dry_run=False)
    assert [(i.case_ref, i.action, d) for i, d in done] == [(ref, "anonymise", True)]
    assert records.store.get(CaseFile, ref).data_protection == "anonymised"
    assert "jo.brown" not in str(records.store.get(ComplaintFile, ref.split("/")[0]).submission)
    assert await records.dp.expire(CENTRAL, as_of=date(2033, 3, 25), dry_run=True) == []


async def test_the_access_log_is_appended_never_rewritten(records) -> None:  # type: ignore[no-untyped-def]
    ref = await records.receive_and_route("dso", "service_delivery")
    await records.queries.readable_case(CENTRAL, ref, "get-case")
    await records.queries.readable_case(CENTRAL, ref, "get-file")
    assert records.store.operations.get("insert") == 2
    log = records.store.find(AccessRecord, {"case_refs": ref}, order_by="at")
    assert [r.action for r in log] == ["get-case", "get-file"]
