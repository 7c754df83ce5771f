"""Who is told, decided once by routing (issue 18): representatives with the complainant's
authority, the MP, the provider's release (children seed 004), minimal data (seed 000)."""

from __future__ import annotations

from typing import Any

import pytest

from common.contracts.recipients import RELEASE_FACT
from services.routing.domain.models import RoutingDecision
from tests.routing.unit.factories import aspect, route

ADDRESS = {"lines": ["12 High Street", "Westtown"], "postcode": "WT1 2AB"}


def by_kind(decision: RoutingDecision) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in decision.recipients:
        out.setdefault(r.kind, []).append(r)
    return out


@pytest.mark.parametrize("kind", ["advocate", "solicitor", "family", "friend", "other"])
def test_a_representative_with_authority_gets_every_letter_the_complainant_gets(
    kind: str,
) -> None:
    """Seed 004: advocacy; issue 18: any representative with the complainant's authority."""
    decision = route("hmip", aspect("other", "Report was late"), incident_date="2026-02-20",
                     complainant={"name": "Morgan Reid", "contact": "morgan@example.org",
                                  "represented_by": {"kind": kind, "name": "Jo Advocate",
                                                     "address": ADDRESS, "prefers": "post",
                                                     "authorised": True,
                                                     "needs": {"formats": ["large-print"]}}})
    [rep] = by_kind(decision)["representative"]
    assert (rep.letter, rep.data, rep.name) == ("correspondence", "full", "Jo Advocate")
    assert rep.consent == "authorised by the complainant (representative.authorised)"
    assert rep.address is not None and rep.address.postcode == "WT1 2AB"
    assert (rep.prefers, [str(f) for f in rep.needs.formats]) == ("post", ["large-print"])
    assert "representative" in {r.rule for r in decision.rules}


def test_a_representative_without_authority_is_not_written_to_and_the_reason_is_given() -> None:
    decision = route("hmip", aspect("other", "Report was late"), incident_date="2026-02-20",
                     complainant={"name": "Morgan Reid",
                                  "represented_by": {"kind": "friend", "name": "Pat"}})
    assert "representative" not in by_kind(decision)
    [why] = decision.fired("representative_not_authorised")
    assert "representative.authorised" in why.reason


def test_an_mp_needs_no_authority_and_gets_the_position_letters() -> None:
    """Seed 004: "write to the MP to advise them of the current position"."""
    decision = route("children", aspect("service-delivery", "Contact cancelled"),
                     channel="mp",
                     complainant={"name": "Jordan Lee",
                                  "represented_by": {"kind": "mp", "name": "Alex Example MP"}})
    [mp] = by_kind(decision)["mp"]
    assert (mp.rule, mp.letter, mp.data, mp.name) == (
        "mp_position", "position", "position", "Alex Example MP")
    assert "no written authority" in mp.consent


def test_the_complainant_carries_their_address_preference_and_needs() -> None:
    decision = route("dso", aspect("service-delivery", "Bag lost"),
                     complainant={"name": "Ade Okafor", "detained_person_ref": "AB123456",
                                  "address": ADDRESS, "prefers": "hand",
                                  "needs": {"language": "pl"}})
    [me] = by_kind(decision)["complainant"]
    assert (me.letter, me.prefers, me.needs.language) == ("correspondence", "hand", "pl")
    assert me.contact is None and me.address is not None


def test_an_anonymous_complainant_is_not_written_to() -> None:
    decision = route("children", aspect("service-delivery", "Contact cancelled"),
                     complainant={"anonymous": True})
    assert "complainant" not in by_kind(decision)
    assert decision.fired("complainant_not_written_to")


@pytest.mark.parametrize("shared", [True, False])
def test_the_provider_is_sent_nothing_until_the_release_is_confirmed(shared: bool) -> None:
    """Seed 004: "should be confirmed by the Complaints Manager with the child or young
    person before releasing the complaint to the relevant care service provider"; the
    consent given at intake (``consent.share_with_provider``) is read and recorded."""
    decision = route("children", aspect("service-delivery", "Review cancelled"),
                     aspect("provider", "Staff took my phone"),
                     consent={"share_with_provider": shared},
                     complainant={"name": "Jordan Lee", "is_child": True},
                     location={"local_authority": "Westshire Council",
                               "provider": "Brightwater Homes"})
    kinds = by_kind(decision)
    [provider] = kinds["provider"]
    assert (provider.when, provider.on, provider.trigger) == (
        "on_release", "case.referred", f"case.{RELEASE_FACT}")
    assert (provider.name, provider.aspects, provider.data) == ("Brightwater Homes", [1],
                                                                "relevant")
    assert ("agreed at intake" in provider.consent) is shared
    told = [r for r in kinds["complainant"] if r.update_kind == "provider-referral"]
    assert [r.when for r in told] == ["on_release"]
    # the council's own teams get the parts with the referral, not held
    assert {r.when for r in kinds["care_management"] + kinds["contract_monitoring"]} == {
        "at_routing"}
    [why] = decision.fired("registered_provider_release")
    assert "Complaints Manager confirms" in why.reason


def test_a_confidential_childs_complaint_names_only_those_with_the_right() -> None:
    decision = route("children", aspect("provider", "Staff took my phone"),
                     aspect("child-protection", "An older boy hits me", criminal=True),
                     confidential=True,
                     complainant={"name": "Jordan Lee", "is_child": True,
                                  "represented_by": {"kind": "advocate", "name": "Sam Advocate",
                                                     "contact": "sam@example.org",
                                                     "authorised": True}},
                     location={"local_authority": "Westshire Council",
                               "provider": "Brightwater Homes"})
    assert set(by_kind(decision)) == {"complainant", "representative", "cco", "police",
                                      "social_care"}
    assert [r for r in decision.recipients if r.kind == "complainant" and r.update_kind] == []


def test_dso_healthcare_in_scotland_gives_the_monitors_minimal_data() -> None:
    """Seed 000: "the detail of complainant and subject of complaint only will be sent to DS
    Complaints and IMB (if authority given)"; the healthcare manager investigates."""
    decision = route("dso", aspect("healthcare", "No insulin"), nation="scotland",
                     consent={"imb_copy": True},
                     location={"establishment": "Glenmoor IRC"})
    kinds = by_kind(decision)
    for kind in ("imb", "ds_complaints", "ie_manager"):
        assert {r.data for r in kinds[kind]} == {"minimal"}, kind
        assert {r.letter for r in kinds[kind]} == {"healthcare_copy"}
    [manager] = kinds["healthcare_manager"]
    assert (manager.on, manager.data, manager.aspects) == ("case.referred", "relevant", [0])


def test_response_copies_go_on_the_response() -> None:
    decision = route("dso", aspect("serious-misconduct", "Assaulted"),
                     consent={"imb_copy": True})
    on = {(r.kind, r.letter): (r.when, r.on) for r in decision.recipients}
    assert on[("ie_manager", "response_copy")] == ("on_event", "case.responded")
    assert on[("imb", "copy")] == ("at_routing", "case.routed")
    assert ("ds_complaints", "response_copy") not in on  # seed 000: the IE manager's


def test_the_events_carry_the_recipients_the_referral_body_first() -> None:
    """``case.routed`` carries the strand's recipients, ``case.referred`` its own (the body
    first, then those told with it), in declared, typed fields."""
    from datetime import UTC, datetime

    from common.contracts import parse_event
    from common.contracts.events import CaseReferred, CaseRouted, ComplaintReceived
    from tests.routing.unit.factories import make_submission

    fields: dict[str, Any] = {
        "complainant": {"name": "Jordan Lee", "is_child": True},
        "location": {"local_authority": "Westshire Council", "provider": "Brightwater Homes"}}
    sub = make_submission("children", aspect("service-delivery", "Review cancelled"),
                          aspect("provider", "Staff took my phone"), **fields)
    decision = route("children", aspect("service-delivery", "Review cancelled"),
                     aspect("provider", "Staff took my phone"), **fields)
    from services.routing.domain.events import decision_messages

    now = datetime(2026, 3, 3, tzinfo=UTC)
    received = ComplaintReceived(reference="CHI-2026-000001", procedure="children",
                                 occurred_at=now, partner_id="p", partner_ref="P-1",
                                 submission=sub)
    events = [parse_event(m.routing_key, m.body)
              for m in decision_messages(received, decision, now)]
    [routed] = [e for e in events if isinstance(e, CaseRouted)]
    [referred] = [e for e in events if isinstance(e, CaseReferred)]
    assert routed.recipients_decided
    assert {r.kind for r in routed.recipients} == {"complainant", "cco", "team"}
    assert referred.recipients is not None
    assert [(r.kind, r.when) for r in referred.recipients] == [
        ("provider", "on_release"), ("complainant", "on_release"),
        ("care_management", "at_routing"), ("contract_monitoring", "at_routing")]
    # an old event without them is still read
    old = CaseReferred.model_validate({**referred.model_dump(mode="json"), "recipients": None})
    assert old.recipients is None
