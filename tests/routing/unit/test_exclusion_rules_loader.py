"""Exclusion triggers in a procedure file: a wrong flag fails at load, naming the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from procedures import ProcedureFileError, load_file
from tests.routing.unit.factories import VALID_PROCEDURE

VALID = copy.deepcopy(VALID_PROCEDURE)
VALID["flags"] = ["third_party", "staff_grievance", "late_accepted_reason"]
for _stage in VALID["stages"]:  # clocks carry a role (being added alongside this work)
    for _clock in _stage.get("clocks", {}).values():
        _clock.setdefault("role", "response")


def with_exclusion(**rule: Any) -> dict[str, Any]:
    body = copy.deepcopy(VALID)
    body["exclusions"][0].update(rule)
    return body


def problems(tmp_path: Path, body: dict[str, Any]) -> list[str]:
    path = tmp_path / "tribunal.yaml"
    path.write_text(yaml.safe_dump(body, allow_unicode=True))
    with pytest.raises(ProcedureFileError) as info:
        load_file(path)
    assert str(path) in str(info.value)
    return info.value.problems


BROKEN = [
    pytest.param({"when": {"aspect_flag": "staff_grievence"}},
                 "exclusions[0].when.aspect_flag: unknown flag 'staff_grievence'",
                 id="unknown aspect flag"),
    pytest.param({"when": {"aspect_flag": "section7_report"}},
                 "exclusions[0].when.aspect_flag: 'section7_report' is not in flags",
                 id="aspect flag the procedure does not honour"),
    pytest.param({"when": {"aspect_flag": "third_party"}},
                 "exclusions[0].when.aspect_flag: 'third_party' is set on the submission "
                 "(use when.flag)", id="submission flag as an aspect flag"),
    pytest.param({"when": {"flag": "staff_grievance"}},
                 "exclusions[0].when.flag: 'staff_grievance' is set on the aspect "
                 "(use when.aspect_flag)", id="aspect flag as a submission flag"),
    pytest.param({"when": {"flag": "late_accepted_reason"}},
                 "exclusions[0].when.flag: 'late_accepted_reason' is not a true/false flag",
                 id="a text flag cannot trigger"),
    pytest.param({"when": {"flag": "nope"}}, "exclusions[0].when.flag: unknown flag 'nope'",
                 id="unknown submission flag"),
    pytest.param({"when": {"aspect_flag": "staff_grievance", "unless_flag": "staff_grievance"},
                  "kept": "the authority purchases services"},
                 "exclusions[0].when.unless_flag: 'staff_grievance' is set on the aspect",
                 id="unless is a submission flag"),
    pytest.param({"when": {"aspect_flag": "staff_grievance", "flag": "third_party"}},
                 "exclusions[0].when: when: give exactly one of flag, aspect_flag",
                 id="two triggers"),
    pytest.param({"when": {"flag": "third_party", "wholly": True}, "kept": "x"},
                 "exclusions[0].when: wholly: only an aspect_flag or aspect_kind trigger",
                 id="wholly needs an aspect trigger"),
    pytest.param({"when": {"aspect_flag": "staff_grievance", "wholly": True}},
                 "exclusions[0]: kept: required when when.wholly or when.unless_flag",
                 id="wholly says why the aspects stay in"),
    pytest.param({"when": {"aspect_flag": "staff_grievance"}, "kept": "part of the rest"},
                 "exclusions[0]: kept: only for a rule with when.wholly or when.unless_flag",
                 id="kept on a rule that never keeps"),
]


@pytest.mark.parametrize(("rule", "expected"), BROKEN)
def test_a_broken_exclusion_fails_naming_the_field(tmp_path: Path, rule, expected) -> None:  # type: ignore[no-untyped-def]
    found = problems(tmp_path, with_exclusion(**rule))
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize("when", [
    {"aspect_flag": "staff_grievance"},
    {"flag": "third_party"},
])
def test_a_valid_exclusion_trigger_loads(tmp_path: Path, when: dict[str, Any]) -> None:
    path = tmp_path / "tribunal.yaml"
    path.write_text(yaml.safe_dump(with_exclusion(when=when), allow_unicode=True))
    assert load_file(path).exclusions[0].when.model_dump(exclude_defaults=True) == when


def test_a_wholly_rule_with_its_words_loads(tmp_path: Path) -> None:
    path = tmp_path / "tribunal.yaml"
    body = with_exclusion(when={"aspect_flag": "staff_grievance", "wholly": True},
                          kept="part of the wider complaint")
    path.write_text(yaml.safe_dump(body, allow_unicode=True))
    rule = load_file(path).exclusions[0]
    assert rule.when.wholly and rule.when.per_aspect and rule.kept == "part of the wider complaint"
