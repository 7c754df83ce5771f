"""Reaching the person (issue 18), records' part: a restriction binds the person across
their complaints (seed 003 "restrictions placed on an individual's contact"), release to a
children's provider only after the Complaints Manager confirms safeguarding with the child
(seed 004), advocacy explained, offered and provided (seed 004), feedback on the handling
kept (seed 001 §5)."""

from __future__ import annotations

from datetime import date

import pytest

from services.records.adapters.documents import CaseFile
from services.records.domain import commands as c
from services.records.domain.advocacy import AdvocacyStep, RecordAdvocacy
from services.records.domain.casework import execute
from services.records.domain.errors import InvalidField, Refusal
from services.records.domain.feedback import RecordFeedback
from services.records.domain.release import ConfirmRelease
from services.records.domain.restrictions import person_key
from tests.records.unit.fakes import ctx, routed
from tests.records.unit.service import Records

D = date
THREATS = c.Restrict(
    kind=c.RestrictionKind.CONTACT_METHOD,
    reasons=("Abusive calls to staff on 3 and 4 May",),
    review_on=D(2027, 11, 1),
)

# -- who the person is ---------------------------------------------------------------------


def test_a_detained_person_is_known_by_their_reference_with_the_partner_that_gave_it() -> None:
    person = {"name": "A B", "detained_person_ref": " ho 1234 ", "contact": "a@x.org"}
    assert person_key(person, "yarls") == "detained:yarls:ho1234"
    assert person_key(person, "yarls") != person_key(person, "brook")


def test_else_by_email_lower_cased_else_name_and_postcode_never_a_name_alone() -> None:
    assert person_key({"name": "A", "contact": " Sam.Lee@Example.ORG "}, "p") == (
        "email:sam.lee@example.org"
    )
    by_post = {"name": "Sam  Lee", "address": {"lines": ["1 High St"], "postcode": "dt1 1aa"}}
    assert person_key(by_post, "p") == "name:sam lee|DT11AA"
    assert person_key({"name": "Sam Lee"}, "p") == ""
    assert person_key({"anonymous": True, "contact": "a@x.org"}, "p") == ""


# -- restrictions follow the person --------------------------------------------------------


async def test_a_later_complaint_from_the_person_is_handled_under_the_restriction(
    records: Records,
) -> None:
    first = await records.receive_and_route("spso", "frontline_response", contact="jo@x.org")
    await records.run(first, THREATS)
    records.publisher.sent.clear()
    later = await records.receive_and_route("spso", "frontline_response", contact="JO@x.org")
    case = records.store.get(CaseFile, later)
    (item,) = case.restrictions
    assert item["carried_from"] == {
        "case": first,
        "id": "R1",
        "identity": "detained:dorset:ho-1234",
    }
    assert (item["kind"], item["status"], item["review_on"]) == (
        "contact-method", "active", "2027-11-01",
    )  # fmt: skip
    last = case.history[-1]
    assert last["type"] == "case.restricted"
    assert f"imposed on {first} as R1) applies to this complaint too" in last["summary"]
    assert "case.restricted" in list(records.publisher.keys())


async def test_someone_else_is_not_restricted(records: Records) -> None:
    first = await records.receive_and_route("spso", "frontline_response")
    await records.run(first, THREATS)
    other = await records.receive_and_route("spso", "frontline_response", partner_id="brook")
    assert records.store.get(CaseFile, other).restrictions == []


async def test_a_lifted_restriction_follows_nobody(records: Records) -> None:
    first = await records.receive_and_route("dso", "service_delivery")
    await records.run(first, THREATS)
    await records.run(first, c.Restrict(op=c.RestrictOp.LIFT, restriction_id="R1", note="ok"))
    later = await records.receive_and_route("dso", "service_delivery")
    assert records.store.get(CaseFile, later).restrictions == []


async def test_imposing_reaches_the_persons_other_open_cases_once(records: Records) -> None:
    first = await records.receive_and_route("dso", "service_delivery")
    second = await records.receive_and_route("dso", "service_delivery")
    await records.run(first, THREATS, request_id="impose-1")
    await records.run(first, THREATS, request_id="impose-1")  # a retry: nothing twice
    (item,) = records.store.get(CaseFile, second).restrictions
    assert item["carried_from"]["case"] == first
    # a third complaint takes it once, from where it was imposed
    third = await records.receive_and_route("dso", "service_delivery")
    assert [r["carried_from"]["case"] for r in records.store.get(CaseFile, third).restrictions] == [
        first
    ]


async def test_access_restricted_later_is_signposted_on_the_new_case(records: Records) -> None:
    first = await records.receive_and_route("spso", "frontline_response")
    await records.run(first, c.Restrict(
        kind=c.RestrictionKind.ACCESS_TO_PROCEDURE, reasons=("Threats",),
        review_on=D(2027, 9, 1), approved_by="Head of Service",
    ))  # fmt: skip
    later = await records.receive_and_route("spso", "frontline_response")
    (item,) = records.store.get(CaseFile, later).restrictions
    assert item["signpost"] == "Scottish Public Services Ombudsman (SPSO)"


# -- consent before release ------------------------------------------------------------------


def test_release_needs_safeguarding_checked_and_the_childs_agreement() -> None:
    case = routed("children", "local_resolution", is_child=True)
    case.reach = {"provider": "Brightwater Homes", "consent": {"share_with_provider": False}}
    today = D(2026, 11, 3)
    with pytest.raises(InvalidField, match="safeguarding_checked"):
        execute(
            case, ConfirmRelease(safeguarding_checked=False, child_agrees=True), ctx(case, today)
        )
    with pytest.raises(InvalidField, match="child_agrees"):
        execute(
            case, ConfirmRelease(safeguarding_checked=True, child_agrees=False), ctx(case, today)
        )
    assert "release" not in case.reach
    (emitted,) = execute(
        case,
        ConfirmRelease(safeguarding_checked=True, child_agrees=True, wishes="Only the home"),
        ctx(case, today),
    )
    assert emitted.event.status == "provider-release-confirmed"
    assert emitted.event.detail["provider"] == "Brightwater Homes"
    assert emitted.event.detail["consent"] == {"share_with_provider": True, "at_intake": False}
    assert case.reach["consent"]["share_with_provider"] is True
    assert case.reach["release"]["by"] == "alice"
    assert "Only the home" in case.entries[-1]["summary"]
    with pytest.raises(Refusal, match="was confirmed on 2026-11-03"):
        execute(
            case, ConfirmRelease(safeguarding_checked=True, child_agrees=True), ctx(case, today)
        )


def test_release_finishes_the_five_working_day_provider_referral_clock() -> None:
    import procedures

    assert procedures.finished_by(
        "children", "local_resolution", "provider_referral", "provider-release-confirmed"
    )


def test_release_is_the_childrens_procedures_step() -> None:
    case = routed("dso", "service_delivery")
    case.reach = {"provider": "X"}
    with pytest.raises(Refusal, match="not a step of this stage: it belongs to children"):
        execute(
            case,
            ConfirmRelease(safeguarding_checked=True, child_agrees=True),
            ctx(case, D(2026, 11, 3)),
        )


# -- advocacy and feedback -----------------------------------------------------------------


def test_advocacy_explained_offered_then_provided_by_a_named_advocate() -> None:
    case = routed("children", "local_resolution", is_child=True)
    today = D(2026, 11, 3)
    with pytest.raises(Refusal, match="offered before it is provided"):
        execute(case, RecordAdvocacy(step=AdvocacyStep.PROVIDED, advocate="Jo"), ctx(case, today))
    for step in (AdvocacyStep.EXPLAINED, AdvocacyStep.OFFERED):
        (e,) = execute(case, RecordAdvocacy(step=step), ctx(case, today))
        assert e.event.status == "advocacy-recorded"
    with pytest.raises(InvalidField, match="advocate"):
        execute(case, RecordAdvocacy(step=AdvocacyStep.PROVIDED), ctx(case, today))
    execute(
        case,
        RecordAdvocacy(step=AdvocacyStep.PROVIDED, advocate="Dorset Advocacy"),
        ctx(case, today),
    )
    assert set(case.reach["advocacy"]) == {"explained", "offered", "provided"}
    assert case.reach["advocacy"]["provided"]["advocate"] == "Dorset Advocacy"
    with pytest.raises(Refusal, match="already recorded"):
        execute(case, RecordAdvocacy(step=AdvocacyStep.OFFERED), ctx(case, today))


def test_advocacy_is_for_childrens_complaints() -> None:
    case = routed("hmip", "formal_complaint")
    with pytest.raises(Refusal, match="it belongs to children"):
        execute(case, RecordAdvocacy(step=AdvocacyStep.OFFERED), ctx(case, D(2026, 11, 3)))


def test_feedback_on_the_handling_is_kept() -> None:
    case = routed("hmip", "formal_complaint")
    (e,) = execute(
        case,
        RecordFeedback(summary="Clear and quick", satisfaction="satisfied"),
        ctx(case, D(2026, 11, 3)),
    )
    assert e.event.status == "feedback-recorded"
    assert case.reach["feedback"][0]["summary"] == "Clear and quick"
    with pytest.raises(InvalidField, match="satisfaction"):
        execute(case, RecordFeedback(summary="x", satisfaction="meh"), ctx(case, D(2026, 11, 3)))


async def test_hmip_feedback_is_counted_in_the_annual_report(records: Records) -> None:
    from services.records.domain.commands import Acknowledge

    ref = await records.receive_and_route("hmip", "formal_complaint", received=D(2027, 2, 1))
    await records.run(ref, Acknowledge(on=D(2027, 2, 2)))
    await records.run(ref, RecordFeedback(summary="Quick and fair", satisfaction="satisfied"))
    report = await records.reports.hmip_annual(2027)
    (table,) = [t for t in report.tables if t.title.startswith("Feedback")]
    assert table.rows == [["satisfied", "1"]]
