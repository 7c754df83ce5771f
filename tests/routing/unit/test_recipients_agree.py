"""``complaints route explain`` and the letters actually planned agree, for every scenario of
the routing scenario tables (issue 18: "who is told is decided once").

Each scenario's submission is explained through the CLI (``route explain --file --json``),
routed into the events routing publishes, and fed to the notifications planner with the
lifecycle facts that send every kind of letter (acknowledged, a reminder, escalated,
responded, the provider release). Then both ways round:

- everyone route explain names is written to, with the letter and on the strand it says;
- no letter goes to anyone route explain does not name.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import cli.route
from common.contracts import parse_event
from common.contracts.events import (
    CaseLifecycle,
    ComplaintReceived,
    DeadlineApproaching,
    DeadlineSet,
    Event,
)
from common.contracts.recipients import RELEASE_FACT, Recipient
from common.contracts.submission import Submission
from services.notifications.domain import Letter, advance, render
from services.routing.domain.events import decision_messages
from services.routing.domain.models import RoutingDecision
from tests.routing.unit import (
    test_children_exemptions,
    test_children_scenarios,
    test_code_scenarios,
    test_dso_scenarios,
    test_hmip_scenarios,
    test_spso_scenarios,
)
from tests.routing.unit.factories import Scenario, submission_dict, weekday_calendar_for

NOW = datetime(2026, 3, 3, 9, tzinfo=UTC)
LOCATION = {"establishment": "Ashgrove IRC", "local_authority": "Westshire Council"}

# The templates of each series of letters (`common.contracts.recipients.SERIES`).
SERIES_TEMPLATES = {
    "correspondence": {"acknowledgement", "update", "extension", "decision", "exclusion"},
    "position": {"mp_position"},
    "comments": {"comments_request"},
    "alerts": {"reminder", "breach"},
}

SCENARIOS = [
    pytest.param(s, id=f"{s.procedure}: {s.id}")
    for module in (
        test_dso_scenarios,
        test_hmip_scenarios,
        test_spso_scenarios,
        test_children_scenarios,
        test_code_scenarios,
    )
    for s in module.SCENARIOS
] + [
    # the children's exemptions table: whole and partial exclusions, with their referrals
    pytest.param(
        Scenario(id=row.id, procedure="children", aspects=row.aspects, strands=(),
                 fields=row.fields),
        id=f"children exemption: {row.id}",
    )
    for row in test_children_exemptions.ROWS
]


def explained(tmp_path: Path, body: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The decision exactly as ``complaints route explain --file --json`` prints it."""
    monkeypatch.setattr(cli.route, "load_calendar_for", lambda: weekday_calendar_for)
    path = tmp_path / "submission.json"
    path.write_text(json.dumps(body, default=str))
    result = CliRunner().invoke(
        cli.route.app, ["explain", "--file", str(path), "--json", "--today", "2026-03-03"]
    )
    return result


def lifecycle(routed: Event, status: str, **detail: Any) -> CaseLifecycle:
    return CaseLifecycle(reference=routed.reference, strand=routed.strand,
                         procedure=routed.procedure, stage=routed.stage, occurred_at=NOW,
                         status=status, detail=detail)  # fmt: skip


def later_facts(routed: Event) -> list[Event]:
    """The facts that send every letter a recipient can be sent after routing."""
    due = date(2026, 3, 31)
    common: dict[str, Any] = {"reference": routed.reference, "strand": routed.strand,
              "procedure": routed.procedure, "stage": routed.stage, "occurred_at": NOW}  # fmt: skip
    return [
        DeadlineSet(**common, clock="response", due=due),
        lifecycle(routed, "acknowledged"),
        DeadlineApproaching(**common, clock="response", due=due),
        lifecycle(routed, "escalated"),
        lifecycle(routed, "responded", outcome="upheld", summary="We have put it right."),
        lifecycle(routed, RELEASE_FACT),
    ]


def letters_sent(submission: Submission, decision: RoutingDecision) -> list[Letter]:
    """Route the decision into its events and plan every letter they and later facts send."""
    reference = f"{submission.procedure.upper()}-2026-000001"
    received = ComplaintReceived(reference=reference, procedure=submission.procedure,
                                 occurred_at=NOW, partner_id="partner", partner_ref="P-1",
                                 submission=submission)  # fmt: skip
    views: dict[str, Any] = {}
    routed: dict[str, Event] = {}
    letters: list[Letter] = []
    for n, out in enumerate(decision_messages(received, decision, NOW)):
        event = parse_event(out.routing_key, out.body)
        if event.strand is None:
            continue  # complaint-level facts (case.excluded): notifications acts on strands
        if event.routing_key == "case.routed":
            routed[event.case_ref] = event
        view, planned = advance(views.get(event.case_ref), event, message_id=f"m-{n}")
        views[event.case_ref] = view
        letters += planned
    for ref, event in routed.items():
        for n, fact in enumerate(later_facts(event)):
            view, planned = advance(views[ref], fact, message_id=f"m-{ref}-{n}")
            views[ref] = view
            letters += planned
    return letters


def strands_of(decision: RoutingDecision) -> list[int]:
    return [s.strand for s in decision.strands] or [1]  # an excluded complaint: strand 1


def may_send(r: Recipient, template: str) -> bool:
    if r.series:
        return template in SERIES_TEMPLATES[r.letter]
    return template == r.letter


def check_agreement(decision: RoutingDecision, letters: list[Letter]) -> int:
    """Both ways round (see the module docstring); returns the recipients checked."""
    sent = {(int(x.case_ref.rsplit("/", 1)[1]), x.recipient_kind, x.template) for x in letters}
    correspondents = [r for r in decision.recipients if r.letter == "correspondence"]
    expected: list[tuple[int, Recipient]] = []
    for r in decision.recipients:
        strands = [r.strand] if r.strand is not None else strands_of(decision)
        # a one-off letter to the complainant goes to everyone who gets their letters
        people = correspondents if (r.kind == "complainant" and not r.series) else [r]
        for strand in strands:
            expected += [(strand, p.model_copy(update={"letter": r.letter})) for p in people]
    for strand, r in expected:
        if r.kind == "officer" and not any(x[1] == "officer" for x in sent):
            continue  # officers are written to by name: the strand's aspects name them
        assert any(s == strand and k == r.kind and may_send(r, t) for s, k, t in sent), (
            f"route explain names {r.kind} ({r.rule}, {r.letter}) on strand {strand}, "
            f"but no such letter was planned; planned: {sorted(sent)}"
        )
    for strand, kind, template in sent:
        assert any(s == strand and r.kind == kind and may_send(r, template)
                   for s, r in expected), (  # fmt: skip
            f"a {template} letter to {kind} on strand {strand} was planned, but route "
            f"explain names no such recipient: {[(r.kind, r.letter) for _, r in expected]}"
        )
    return len(expected)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_route_explain_and_the_letters_sent_agree(
    scenario: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fields = dict(scenario.fields or {})
    location = {**LOCATION, **fields.pop("location", {})}
    body = submission_dict(scenario.procedure, *scenario.aspects, location=location, **fields)
    result = explained(tmp_path, body, monkeypatch)
    if result.exit_code == 1:  # refused: nothing is routed, no one is written to
        assert "refused" in result.output
        return
    assert result.exit_code == 0, result.output
    decision = RoutingDecision.model_validate_json(result.output)
    letters = letters_sent(Submission.model_validate(body), decision)
    if decision.representation is not None:  # recorded, not run: no one is written to
        assert (decision.recipients, letters) == ([], [])
        return
    assert decision.recipients, "route explain names who is told"
    assert check_agreement(decision, letters) > 0
    for letter in letters:  # each letter can be written as planned: rendered within its rights
        if letter.error is None:
            assert render(letter).body


def test_the_check_fails_when_notifications_sends_what_routing_did_not_decide() -> None:
    """The agreement check can fail: a letter to a body route explain does not name."""
    body = submission_dict("dso", {"kind": "service-delivery", "text": "Lost bag"},
                           location=LOCATION)
    sub = Submission.model_validate(body)
    from services.routing.domain.decision import decide

    decision = decide(sub, today=date(2026, 3, 3), calendar_for=weekday_calendar_for)
    letters = letters_sent(sub, decision)
    stray = letters[0].model_copy(update={"recipient_kind": "imb", "template": "copy"})
    with pytest.raises(AssertionError, match="names no such recipient"):
        check_agreement(decision, [*letters, stray])
    with pytest.raises(AssertionError, match="no such letter was planned"):
        check_agreement(decision, [x for x in letters if x.recipient_kind != "ds_complaints"])


def test_every_scenario_table_is_checked() -> None:
    assert len(SCENARIOS) >= 70
