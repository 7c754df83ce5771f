"""Records files what routing decides about exclusions and minimal-data strands, from
routing's real messages (`decide` + `decision_messages`, in memory)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from common.contracts import parse_event
from common.contracts.events import ComplaintReceived, ReferralUnaddressed
from common.contracts.submission import Submission
from common.workdays import calendar_for
from services.records.adapters.documents import CaseFile, ComplaintFile
from services.records.domain.commands import Acknowledge
from services.records.domain.lifecycle import IllegalAction
from services.routing.domain.decision import decide
from services.routing.domain.events import decision_messages
from tests.records.unit.service import Records

RECEIVED = datetime(2026, 11, 2, 10, tzinfo=UTC)


async def route_and_file(records: Records, reference: str, **fields: Any) -> None:
    sub = Submission.model_validate(
        {"partner_ref": "P-1", "received_at": RECEIVED, "channel": "letter",
         "nation": "england", **fields}
    )
    decision = decide(sub, today=date(2026, 11, 2), calendar_for=calendar_for)
    received = ComplaintReceived(reference=reference, procedure=sub.procedure,
                                 occurred_at=RECEIVED, partner_id="p", partner_ref="P-1",
                                 submission=sub)
    await records.deliver(received, f"complaint.received:{reference}")
    for out in decision_messages(received, decision, RECEIVED):
        await records.handlers.record(out.routing_key, out.body, out.message_id)


def hmip(**fields: Any) -> dict[str, Any]:
    return {"procedure": "hmip", "incident_date": "2026-10-30",
            "complainant": {"name": "Siân Ó Briain", "contact": "sian@example.org"},
            "subject": "Inspection",
            "aspects": [{"kind": "service-delivery", "text": "They ignored my evidence."}],
            **fields}


@pytest.mark.parametrize("auto_acknowledge", [True, False])
async def test_an_excluded_complaint_has_an_excluded_file_that_is_never_worked(
    auto_acknowledge: bool,
) -> None:
    records = Records(auto_acknowledge=auto_acknowledge)
    await route_and_file(records, "HMIP-2026-000001", **hmip(third_party=True))
    case = records.store.get(CaseFile, "HMIP-2026-000001/1")
    assert case is not None and case.status == "excluded"
    assert case.closed_on == RECEIVED.date()  # retention runs from the decision
    assert case.owner and case.stage  # found by the team that would have dealt with it
    complaint = records.store.get(ComplaintFile, "HMIP-2026-000001")
    assert complaint.excluded == "third_party"
    # Nothing opens or acknowledges it: no lifecycle event leaves records.
    sent = [m.routing_key for m in records.publisher.sent]
    assert [key for key in sent if key.startswith("case.")] == []
    with pytest.raises(IllegalAction, match="excluded"):
        await records.run("HMIP-2026-000001/1", Acknowledge(target_date=date(2026, 12, 1)))


async def test_a_partly_excluded_complaint_opens_as_usual() -> None:
    records = Records()
    await route_and_file(records, "HMIP-2026-000002", **hmip(aspects=[
        {"kind": "service-delivery", "text": "Rude."},
        {"kind": "policy", "text": "Your methodology is wrong."}]))
    case = records.store.get(CaseFile, "HMIP-2026-000002/1")
    assert case.status == "open"
    routed = next(h for h in case.history if h["type"] == "case.routed")
    assert [e["rule"] for e in routed["data"]["exclusions"]] == ["policy_disagreement"]


async def test_the_healthcare_managers_points_are_not_kept_on_a_minimal_file() -> None:
    """Seed 000: only the complainant's details and the subject go to DS Complaints; the
    referral to the local healthcare manager carries the points for their letter only."""
    records = Records()
    await route_and_file(
        records, "DSO-2026-000003", procedure="dso", nation="scotland",
        complainant={"name": "Ade Okafor", "detained_person_ref": "AB123456"},
        subject="Insulin", location={"establishment": "Glenmoor IRC"},
        aspects=[{"kind": "healthcare", "text": "The nurse refused my insulin."}])
    case = records.store.get(CaseFile, "DSO-2026-000003/1")
    referred = [h for h in case.history if h["type"] == "case.referred"]
    assert [h["data"]["rule"] for h in referred] == ["local_healthcare_manager"]
    assert "insulin" not in str(case.to_mongo().to_dict()).replace("Insulin", "")


def test_routing_really_sends_the_points_to_the_healthcare_manager() -> None:
    """The other half of the test above: the event on the bus carries them."""
    sub = Submission.model_validate(
        {"partner_ref": "P-1", "received_at": RECEIVED, "channel": "letter", "nation": "scotland",
         "procedure": "dso", "complainant": {"name": "Ade"}, "subject": "Insulin",
         "location": {"establishment": "Glenmoor IRC"},
         "aspects": [{"kind": "healthcare", "text": "The nurse refused my insulin."}]})
    decision = decide(sub, today=date(2026, 11, 2), calendar_for=calendar_for)
    received = ComplaintReceived(reference="DSO-2026-000004", procedure="dso",
                                 occurred_at=RECEIVED, partner_id="p", partner_ref="P-1",
                                 submission=sub)
    events = [parse_event(o.routing_key, o.body) for o in decision_messages(received, decision,
                                                                             RECEIVED)]
    (referral,) = [e for e in events if e.routing_key == "case.referred"]
    assert referral.aspects_for_recipient_only
    assert referral.aspects[0]["text"] == "The nurse refused my insulin."
    (routed,) = [e for e in events if e.routing_key == "case.routed"]
    assert routed.minimal and routed.aspects == []


async def test_a_referral_sent_to_the_fallback_desk_is_filed_on_its_case() -> None:
    records = Records()
    await route_and_file(records, "HMIP-2026-000005", **hmip())
    alert = ReferralUnaddressed(
        reference="HMIP-2026-000005", strand=1, procedure="hmip", occurred_at=RECEIVED,
        recipient="police", intended="police:cardiff", reason="no police entry for cardiff",
        urgency="immediate", rule="", to="police", fallback="desk:hmip-england",
        outcome="to-desk", template="referral", trigger="case.referred", letter="k-1")
    await records.deliver(alert, "referral.unaddressed:k-1")
    case = records.store.get(CaseFile, "HMIP-2026-000005/1")
    (filed,) = [h for h in case.history if h["type"] == "referral.unaddressed"]
    assert "desk:hmip-england" in filed["summary"] and "no police entry" in filed["summary"]
