"""The letters a procedure file says a transition sends are the ones the platform sends:
the update on the move (a notifications rule on ``case.<fact>`` and on the new stage's
date), and the acknowledgement of the stage entered (records acknowledges a stage once its
response clock is dated). Each template exists for the procedure."""

from __future__ import annotations

from pathlib import Path

import pytest

import procedures
from services.notifications.domain.context import TEMPLATE_CONTEXT
from services.notifications.domain.rules import RULES

TEMPLATES = Path(__file__).resolve().parents[3] / "services" / "notifications" / "templates"

TRANSITIONS = [
    pytest.param(proc.name, stage.name, t, id=f"{proc.name}-{stage.name}-{t.fact}")
    for proc in procedures.load_all().values()
    for stage in proc.stages
    for t in stage.transitions
]


@pytest.mark.parametrize(("procedure", "stage", "transition"), TRANSITIONS)
def test_each_transitions_letters_are_the_ones_sent(
    procedure: str, stage: str, transition: procedures.schema.Transition
) -> None:
    rules = [*RULES["*"], *RULES[procedure]]
    fact = f"case.{transition.fact}"
    on_move = {r.template for r in rules if r.trigger == fact and r.recipient == "correspondence"}
    assert ("update" in transition.letters) == ("update" in on_move)
    dated = procedures.response_clock(procedure, transition.to) is not None
    assert ("acknowledgement" in transition.letters) == dated
    for letter in transition.letters:
        assert letter in TEMPLATE_CONTEXT
        assert (TEMPLATES / procedure / f"{letter}.txt.j2").is_file()
