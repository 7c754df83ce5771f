"""Issue 19 in the letters: the acknowledgement confirms the outcome sought or asks for it,
the decision answers each point and lists the remedies, and a commitment's owning team is
reminded before it falls due and told when it is overdue, the owner at their own address
when the directory knows them."""

from __future__ import annotations

from datetime import date

from services.notifications.domain import advance
from services.notifications.domain.desks import to_desks
from services.notifications.domain.directory import Directory
from services.notifications.domain.letters import render
from tests.notifications.unit.builders import deadline, lifecycle, routed, run, sent


def _ack(**overrides):  # type: ignore[no-untyped-def]
    ev = routed("spso", **overrides)
    _, letters = run(ev, lifecycle(ev, "acknowledged", target_date="2026-03-30"))
    (ack,) = [x for x in letters if x.template == "acknowledgement"]
    return render(ack).body


def test_the_acknowledgement_confirms_the_outcome_sought_or_asks_for_it() -> None:
    body = _ack(outcome_sought="Visits restored")
    assert "as a result of your complaint: Visits restored." in body
    assert "Please tell us what you would like to happen" not in body
    asked = _ack()
    assert "Please tell us what you would like to happen as a result of your complaint" in asked
    per_point = _ack(aspects=[{"kind": "service-delivery", "text": "Visit cut",
                               "outcome_sought": "Evening visit back"}])  # fmt: skip
    assert "- Service delivery: Evening visit back" in per_point


def test_the_decision_answers_each_point_and_lists_the_remedies() -> None:
    ev = routed("spso")
    responded = lifecycle(
        ev, "responded", outcome="partly", summary="We got it partly wrong.",
        findings=[{"point": "P1", "text": "Visit cut", "finding": "upheld",
                   "reason": "No notice was given"},
                  {"point": "P2", "text": "Rude call", "finding": "not-upheld", "reason": ""}],
        remedies=[{"id": "R1", "type": "financial", "description": "Travel costs",
                   "amount": "80.50", "due": "2026-03-20", "referral": ""},
                  {"id": "R2", "type": "financial", "description": "Injury claim",
                   "amount": "9,000.00", "due": "", "referral": "legal-services"}],
    )  # fmt: skip
    _, letters = run(ev, responded)
    (decision,) = [x for x in letters if x.template == "decision"]
    body = render(decision).body
    assert "- Visit cut: upheld. No notice was given" in body
    assert "- Rude call: not upheld." in body
    assert "A payment of £80.50: Travel costs, by 20 March 2026." in body
    assert "referred to our legal services" in body


def test_a_commitment_reminds_its_owning_team_then_says_it_is_overdue() -> None:
    ev = routed("spso")
    detail = {"remedy": "R3", "owner": "Training lead", "type": "practical-action",
              "description": "Brief the team"}  # fmt: skip
    soon = lifecycle(ev, "commitment-reminder", kind="before", due="2026-03-05", **detail)
    late = lifecycle(ev, "commitment-reminder", kind="due", due="2026-03-01", **detail)
    view, letters = run(ev, soon, late)
    assert sent(letters, "team") == [
        ("team", "team:spso-investigator", "breach"),
        ("team", "team:spso-investigator", "reminder"),
    ]
    assert sent(letters, "complainant") == []
    assert view.status == "routed"  # a reminder is not a state of the case
    (reminder,) = [x for x in letters if x.template == "reminder"]
    text = render(reminder)
    assert "commitment R3 (practical-action, owned by Training lead)" in text.subject
    assert "5 March 2026" in text.subject and "Brief the team" in text.body


# -- the owner is reminded (issue: "owners are reminded before and when it falls due") -----

OWNERS = {
    "officer": {"training-lead": {"name": "Training Lead", "email": "training@example.org"}},
    "desk": {"spso-scotland": {"name": "Duty desk", "email": "duty@example.org"}},
}


def _reminded(owner: str, directory: Directory, procedure: str = "spso", **overrides):  # type: ignore[no-untyped-def]
    ev = routed(procedure, **overrides)
    view, _ = run(ev)
    trigger = lifecycle(ev, "commitment-reminder", kind="before", due="2026-03-05",
                        remedy="R3", owner=owner, type="practical-action",
                        description="Brief the team")  # fmt: skip
    view, planned = advance(view, trigger, message_id="case.commitment-reminder:X:R3:before")
    moved, desks = to_desks(planned, view, trigger, directory)
    assert desks == {}  # a reminder is never sent to the desk
    return view, trigger, moved


def test_a_commitment_reminder_goes_to_its_owner_with_the_owning_team_copied() -> None:
    directory = Directory.from_mapping(OWNERS)
    _, _, moved = _reminded("Training lead", directory)
    assert sent(moved) == [
        ("owner", "officer:training-lead", "reminder"),
        ("team", "team:spso-investigator", "reminder"),
    ]
    (mine,) = [x for x in moved if x.recipient_kind == "owner"]
    (team,) = [x for x in moved if x.recipient_kind == "team"]
    body = render(mine).body
    assert "commitment R3 (practical-action, owned by Training lead)" in render(mine).subject
    assert "You are named as the owner of this commitment; the owning team has a copy." in body
    assert ("A copy for the owning team: this reminder went to Training lead, the "
            "commitment's owner.") in render(team).body  # fmt: skip
    # the same event again plans the same keys: nothing goes twice
    _, _, again = _reminded("Training lead", directory)
    assert {x.key for x in again} == {x.key for x in moved}
    # and overdue: the owner hears of that too
    ev = routed("spso")
    late = lifecycle(ev, "commitment-reminder", kind="due", due="2026-03-01", remedy="R3",
                     owner="Training lead", type="practical-action",
                     description="Brief")  # fmt: skip
    view, planned = advance(run(ev)[0], late, message_id="m-late")
    moved, _ = to_desks(planned, view, late, directory)
    assert ("owner", "officer:training-lead", "breach") in sent(moved)
    (breach,) = [x for x in moved if x.recipient_kind == "owner"]
    assert "has been missed" in render(breach).body


def test_an_owner_not_in_the_directory_is_named_to_the_team_as_not_addressed() -> None:
    _, _, moved = _reminded("Finance team", Directory.from_mapping(OWNERS))
    assert sent(moved) == [("team", "team:spso-investigator", "reminder")]
    body = render(moved[0]).body
    assert ("The owner named, Finance team, could not be addressed directly (no entry for "
            "officer:finance-team in the address directory): please pass this on to them."
            ) in body  # fmt: skip


def test_a_confidential_childs_commitment_is_reminded_to_the_cco_only() -> None:
    directory = Directory.from_mapping({"officer": {"priya-shah": {
        "name": "Priya Shah", "email": "priya@example.org"}}})  # fmt: skip
    view, _, moved = _reminded("Priya Shah", directory, "children", confidential=True)
    assert view.restricted
    assert sent(moved) == [("cco", "team:childrens-complaints-officer", "reminder")]
    body = render(moved[0]).body
    assert "only you are told of this reminder. The owner named, Priya Shah, is not written" in body
    # the same commitment on a complaint that is not confidential reaches Priya Shah
    _, _, open_case = _reminded("Priya Shah", directory, "children")
    assert ("owner", "officer:priya-shah", "reminder") in sent(open_case)


def test_other_alerts_are_not_addressed_to_any_owner() -> None:
    ev = routed("spso")
    view, _ = run(ev)
    trigger = deadline(ev, "approaching", due=date(2026, 4, 14))
    view, planned = advance(view, trigger, message_id="m")
    moved, _ = to_desks(planned, view, trigger, Directory.from_mapping(OWNERS))
    assert moved == planned and all(x.context.get("owner_note") is None for x in moved)
