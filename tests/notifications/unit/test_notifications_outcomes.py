"""Issue 19 in the letters: the acknowledgement confirms the outcome sought or asks for it,
the decision answers each point and lists the remedies, and a commitment's owning team is
reminded before it falls due and told when it is overdue."""

from __future__ import annotations

from services.notifications.domain.letters import render
from tests.notifications.unit.builders import lifecycle, routed, run, sent


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
