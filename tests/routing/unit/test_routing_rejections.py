"""What every procedure shares: refusals naming field and rule, and a sixth procedure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from procedures import DATA_DIR, load_dir
from services.routing.domain.decision import RoutingRejected, decide
from tests.routing.unit.factories import (
    TODAY,
    VALID_PROCEDURE,
    aspect,
    make_submission,
    route,
    strands_of,
    weekday_calendar_for,
)


def rejected(procedure: str, *aspects, **fields) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(RoutingRejected) as info:
        route(procedure, *aspects, **fields)
    return [(e.field, e.rule) for e in info.value.errors]


def test_unknown_procedure_names_the_known_ones() -> None:
    with pytest.raises(RoutingRejected) as info:
        route("housing", aspect("service-delivery"))
    (error,) = info.value.errors
    assert (error.field, error.rule) == ("procedure", "known-procedure")
    assert error.message == "unknown procedure 'housing'; known: children, dso, hmip, spso"


def test_every_problem_is_reported_at_once() -> None:
    assert rejected("hmip", aspect("healthcare"), aspect("other", criminal="yes"),
                    nation="scotland") == [
        ("nation", "nation-served"),
        ("aspects[0].kind", "aspect-kind-allowed"),
        ("aspects[1].criminal", "flag-type"),
        ("incident_date", "time-limit-needs-incident"),
    ]


def test_the_message_says_why_in_words() -> None:
    with pytest.raises(RoutingRejected) as info:
        route("spso", aspect("other"), nation="wales")
    assert str(info.value).startswith("nation: spso serves scotland, not wales (seed 002")
    assert str(info.value).endswith("[nation-served]")


def test_flag_on_the_wrong_level() -> None:
    assert rejected("dso", aspect("serious-misconduct"), criminal=True) == [
        ("criminal", "flag-level")]


def test_unknown_extra_fields_are_kept_and_ignored() -> None:
    decision = route("dso", aspect("service-delivery", mood="cross"), partner_colour="blue")
    assert len(decision.strands) == 1


def test_a_flag_set_to_false_is_fine_anywhere() -> None:
    assert len(route("dso", aspect("service-delivery"), complex=False).strands) == 1


def test_a_sixth_procedure_needs_only_its_yaml_file(tmp_path: Path) -> None:
    (tmp_path / "tribunal.yaml").write_text(yaml.safe_dump(VALID_PROCEDURE))
    (tmp_path / "code.yaml").write_text((DATA_DIR / "code.yaml").read_text(encoding="utf-8"))
    procedures = load_dir(tmp_path)
    submission = make_submission("tribunal", aspect("service-delivery"), aspect("other"))
    decision = decide(submission, today=TODAY, calendar_for=weekday_calendar_for,
                      procedures=procedures)
    assert strands_of(decision) == [("tribunal", "stage1", "general", "team", [0, 1])]
    assert decision.strands[0].clocks == ["response"]
    assert decision.fired("general_strand")[0].source == "seed 009 §3"
    excluded = decide(make_submission("tribunal", aspect("other"), third_party=True),
                      today=TODAY, calendar_for=weekday_calendar_for, procedures=procedures)
    assert excluded.exclusion is not None and excluded.exclusion.rule == "third_party"
