"""Procedure files: the shipped ones load, broken ones fail naming the file and the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from common.timescales import Timescale, Unit
from procedures import (
    DATA_DIR,
    ESCALATION_CLOCK,
    ProcedureFileError,
    clock_for,
    load_all,
    load_dir,
    load_file,
    response_clock,
)
from procedures.flags import FLAGS
from procedures.schema import CLOCK_ROLES
from tests.routing.unit.factories import VALID_PROCEDURE as VALID


def write(tmp_path: Path, body: dict[str, Any] | str, name: str = "tribunal") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(body if isinstance(body, str) else yaml.safe_dump(body, allow_unicode=True))
    return path


def broken(change: Any) -> dict[str, Any]:
    body = copy.deepcopy(VALID)
    change(body)
    return body


def stage1(body: dict[str, Any]) -> dict[str, Any]:
    return body["stages"][0]


BROKEN = [
    pytest.param(lambda b: stage1(b).update(next_stage="stage9"),
                 "stages[0].next_stage: unknown stage 'stage9'", id="unknown stage referenced"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(timescale="-5 working days"),
                 "stages[0].clocks.response.timescale: amount must not be negative (got -5)",
                 id="negative amount"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(
        timescale={"amount": -1, "unit": "weeks"}),
                 "amount must not be negative (got -1)", id="negative amount as a mapping"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(extension_cap="5 working days"),
                 "extension_cap: 5 working days is below the default timescale 10 working days",
                 id="extension cap below the default"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(extension_cap="4 weeks"),
                 "extension_cap: 4 weeks is not in the clock's unit", id="cap in another unit"),
    pytest.param(lambda b: b["stages"].append(copy.deepcopy(b["stages"][1])),
                 "stages: duplicate name 'stage2'", id="duplicate stage names"),
    pytest.param(lambda b: stage1(b).update(owner="psu"),
                 "stages[0].owner: unknown owner 'psu'", id="unknown owner reference"),
    pytest.param(lambda b: b["categories"][0].update(stage="stage7"),
                 "categories[0].stage: unknown stage 'stage7'", id="category's unknown stage"),
    pytest.param(lambda b: b.update(entry_stage="intake"),
                 "entry_stage: unknown stage 'intake'", id="unknown entry stage"),
    pytest.param(lambda b: b["flags"].append("crimnal"),
                 "flags[1]: unknown flag 'crimnal'", id="flag not in the catalogue"),
    pytest.param(lambda b: b["exclusions"][0]["when"].update(flag="legal_proceedings"),
                 "exclusions[0].when.flag: 'legal_proceedings' is not in flags",
                 id="exclusion on a flag the procedure does not read"),
    pytest.param(lambda b: b["exclusions"][0].update(when={"out_of_time": True}),
                 "exclusions[0].when.out_of_time: the procedure has no time_limit",
                 id="out of time without a time limit"),
    pytest.param(lambda b: b["exclusions"][0].update(when={}),
                 "give exactly one of flag, aspect_flag, aspect_kind, out_of_time",
                 id="exclusion trigger"),
    pytest.param(lambda b: stage1(b).update(clcoks={}),
                 "stages[0].clcoks: Extra inputs are not permitted", id="typo in a key"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].pop("source"),
                 "stages[0].clocks.response.source: Field required", id="rule without source"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(timescale="twenty days"),
                 "'twenty days' is not a timescale", id="timescale not in a legal unit"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(starts="after:ack"),
                 "stages[0].clocks.response.starts: unknown clock 'ack'",
                 id="clock starting after an unknown clock"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].pop("role"),
                 "stages[0].clocks.response.role: Field required", id="clock without a role"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(role="answer"),
                 "stages[0].clocks.response.role: Input should be 'acknowledgement', 'response'",
                 id="unknown clock role"),
    pytest.param(lambda b: stage1(b)["clocks"].update(reply={
        "title": "Reply", "role": "response", "timescale": "5 working days",
        "source": "seed 009 §3"}),
                 "role: a stage has at most one response clock (reply, response are all role",
                 id="two response clocks"),
    pytest.param(lambda b: stage1(b)["clocks"].update(ack={
        "title": "Ack", "role": "acknowledgement", "timescale": "5 working days",
        "source": "seed 009 §3"}, ack2={
        "title": "Ack", "role": "acknowledgement", "timescale": "3 working days",
        "source": "seed 009 §3"}),
                 "stages[0]: clocks.ack2.role: a stage has at most one acknowledgement clock",
                 id="two acknowledgement clocks"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(finished_by=["answered"]),
                 "stages[0].clocks.response: finished_by: 'answered' is not a lifecycle fact",
                 id="clock finished by an unknown fact"),
    pytest.param(lambda b: stage1(b)["transitions"].append(
        {"fact": "auto-progressed", "by": "time_limit", "after": "response", "to": "stage3",
         "source": "seed 009"}),
                 "stages[0].transitions[1].to: unknown stage 'stage3'", id="transition target"),
    pytest.param(lambda b: stage1(b)["transitions"].append(
        {"fact": "auto-progressed", "by": "time_limit", "after": "reply", "to": "stage2",
         "source": "seed 009"}),
                 "stages[0].transitions[1].after: unknown clock 'reply'", id="transition clock"),
    pytest.param(lambda b: stage1(b)["transitions"].append(
        {"fact": "auto-progressed", "by": "time_limit", "to": "stage2", "source": "seed 009"}),
                 "a time_limit transition needs after: <clock>", id="time limit without clock"),
    pytest.param(lambda b: stage1(b)["transitions"][0].update(fact="promoted"),
                 "fact: 'promoted' is not a lifecycle fact", id="transition on unknown fact"),
    pytest.param(lambda b: stage1(b).update(transitions=[]),
                 "stages[0].transitions: next_stage 'stage2' needs a transition with fact: "
                 "escalated", id="next stage without its transition"),
    pytest.param(lambda b: stage1(b)["transitions"][0].update(letters=["postcard"]),
                 "stages[0].transitions[0].letters[0]", id="transition letter unknown"),
    pytest.param(lambda b: stage1(b)["clocks"]["response"].update(recounted_by=["redone"]),
                 "recounted_by: 'redone' is not a lifecycle fact", id="recounted by unknown"),
    pytest.param(lambda b: b.update(name="other"),
                 "name: 'other' must match the file name", id="name and file disagree"),
    pytest.param(lambda b: b.update(stages=[]),
                 "stages: a complaints procedure needs at least one stage", id="no stages"),
    pytest.param(lambda b: b.update(nations=["england", "atlantis"]),
                 "nations[1]: Input should be", id="unknown nation"),
]


@pytest.mark.parametrize(("change", "expected"), BROKEN)
def test_broken_file_fails_naming_the_file_and_field(tmp_path: Path, change, expected) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, broken(change))
    with pytest.raises(ProcedureFileError) as info:
        load_file(path)
    message = str(info.value)
    assert message.startswith(f"{path} is not a valid procedure file")
    assert expected in message


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    def two_problems(b: dict[str, Any]) -> None:
        stage1(b).update(owner="nobody", next_stage="nowhere")

    with pytest.raises(ProcedureFileError) as info:
        load_file(write(tmp_path, broken(two_problems)))
    assert info.value.problems == [
        "stages[0].owner: unknown owner 'nobody' (owners: ['team'])",
        "stages[0].next_stage: unknown stage 'nowhere'",
    ]


def test_the_valid_test_file_loads_in_legal_units(tmp_path: Path) -> None:
    procedure = load_file(write(tmp_path, VALID))
    assert procedure.stage("stage2").clocks["response"].timescale == Timescale(
        amount=12, unit=Unit.WEEKS)


@pytest.mark.parametrize(("text", "expected"), [
    ("name: [unclosed", "cannot read YAML"),
    ("- just\n- a list\n", "must hold a mapping"),
])
def test_unreadable_file(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ProcedureFileError, match=expected):
        load_file(write(tmp_path, text))


def _with_code(tmp_path: Path, body: dict[str, Any]) -> Path:
    (tmp_path / "code.yaml").write_text((DATA_DIR / "code.yaml").read_text(encoding="utf-8"))
    write(tmp_path, body)
    return tmp_path


def test_included_procedure_must_be_good_practice(tmp_path: Path) -> None:
    body = broken(lambda b: b.update(includes=["spso"]))
    with pytest.raises(ProcedureFileError, match=r"includes\[0\]: 'spso' is not a good-practice"):
        load_dir(_with_code(tmp_path, body))


def test_code_forbids_a_stage_0(tmp_path: Path) -> None:
    # seed 003, Paragraph 5.2: "should not have extra named stages (such as 'stage 0' ...)"
    def stage_0(b: dict[str, Any]) -> None:
        b["includes"] = ["code"]
        stage1(b)["title"] = "Stage 0"

    with pytest.raises(ProcedureFileError) as info:
        load_dir(_with_code(tmp_path, broken(stage_0)))
    assert "stages[0].name: 'stage1' is an extra named stage that 'code' forbids" in str(info.value)


def test_stage_clock_may_not_shadow_the_codes_clock(tmp_path: Path) -> None:
    def clash(b: dict[str, Any]) -> None:
        b["includes"] = ["code"]
        stage1(b)["clocks"]["officer_comments"] = {**stage1(b)["clocks"]["response"],
                                                   "role": "step"}

    with pytest.raises(ProcedureFileError, match="clocks.officer_comments: clashes with 'code'"):
        load_dir(_with_code(tmp_path, broken(clash)))


def test_shipped_procedures_load_with_their_legal_units() -> None:
    procedures = load_all()
    assert sorted(procedures) == ["children", "code", "dso", "hmip", "spso"]
    assert clock_for("dso", "service_delivery", "response").timescale == Timescale(amount=20)
    assert procedures["dso"].stage("serious_misconduct").escalation.window == Timescale(  # type: ignore[union-attr]
        amount=3, unit=Unit.CALENDAR_MONTHS)
    assert procedures["children"].time_limit.timescale == Timescale(  # type: ignore[union-attr]
        amount=12, unit=Unit.CALENDAR_MONTHS)
    assert procedures["hmip"].time_limit.timescale == Timescale(amount=10)  # type: ignore[union-attr]
    stage1_response = clock_for("children", "local_resolution", "response")
    assert stage1_response.extension_cap == Timescale(amount=20)
    assert clock_for("children", "investigation", "response").extension_cap == Timescale(amount=65)


def _sources(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k.endswith("source") and isinstance(v, str)]
        return found + [s for v in node.values() for s in _sources(v)]
    if isinstance(node, list):
        return [s for v in node for s in _sources(v)]
    return []


@pytest.mark.parametrize("name", ["dso", "hmip", "spso", "code", "children"])
def test_every_rule_cites_its_own_seed(name: str) -> None:
    raw = yaml.safe_load((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    sources = _sources(raw)
    assert len(sources) > 5
    assert all(s.startswith(f"seed {raw['seed']}") for s in sources), sources


def test_readme_documents_every_flag() -> None:
    readme = (DATA_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert [name for name in FLAGS if f"`{name}`" not in readme] == []


def test_every_clock_says_what_it_is_for() -> None:
    for name, procedure in load_all().items():
        practice = procedure.good_practice.clocks if procedure.good_practice else {}
        every = [c for s in procedure.stages for c in s.clocks.values()] + list(practice.values())
        assert every or name == "code", name
        assert {c.role for c in every} <= set(CLOCK_ROLES), name


# Each stage's answer to the complainant, in the seed's words: the clock of role: response.
ANSWERS = [
    ("dso", "local_resolution", "response", 'seed 000: "complainant gets immediate response"'),
    ("dso", "service_delivery", "response", 'seed 000: "written response within 20 working days"'),
    ("dso", "minor_misconduct", "response", 'seed 000: "written response within 20 working days"'),
    ("dso", "serious_misconduct", "response", 'seed 000: "response within 12 weeks"'),
    ("dso", "healthcare_devolved", "response",
     'seed 000: "referred to local healthcare manager for investigation and response"'),
    ("dso", "healthcare_england", None, 'seed 000: "not monitored any further by HO"'),
    ("hmip", "early_resolution", None, 'seed 001 Step 1: "resolved informally"'),
    ("hmip", "formal_complaint", "reply", "seed 001 Step 2.8: \"The Investigating Officer will "
     'reply to you in writing within 10 working days of the conclusion of the investigation"'),
    ("hmip", "internal_review", "review",
     'seed 001 Step 3: "complete an internal review within 30 working days"'),
    ("spso", "frontline_response", "response",
     'seed 002 ¶5: "a response provided in five working days or less"'),
    ("spso", "investigation", "response",
     'seed 002 ¶5: "a definitive response provided within 20 working days"'),
    ("children", "local_resolution", "response",
     'seed 004: "Initial attempt to resolve matters must be made within 10 working days"'),
    ("children", "investigation", "response",
     'seed 004: "The formal response ... within 25 Working days"'),
    ("children", "review_panel", "director_response", "seed 004: \"The Director has a further "
     "15 working days in which to respond to the complainant on the Panel's recommendations\""),
]  # fmt: skip


@pytest.mark.parametrize(("procedure", "stage", "answer", "seed"), ANSWERS)
def test_each_stage_answers_the_complainant_with_the_clock_the_seed_names(
    procedure: str, stage: str, answer: str | None, seed: str
) -> None:
    assert response_clock(procedure, stage) == answer, seed
    if answer is not None:
        assert clock_for(procedure, stage, answer).role == "response"


def test_the_answers_table_covers_every_stage() -> None:
    stages = {(n, s.name) for n, p in load_all().items() for s in p.stages}
    assert stages == {(p, s) for p, s, _, _ in ANSWERS}


def test_the_other_clocks_are_acknowledgements_windows_or_steps() -> None:
    # seed 001 Step 2.7: the investigation is the Inspectorate's own step, not the answer;
    # seed 004 stage 3: convening, papers and the panel's report are steps to the Director's
    # response; the requests are the complainant's windows.
    assert clock_for("hmip", "formal_complaint", "investigation").role == "step"
    assert clock_for("hmip", "formal_complaint", "acknowledgement").role == "acknowledgement"
    assert clock_for("hmip", "internal_review", "request").role == "escalation_window"
    roles = {n: c.role for n, c in load_all()["children"].stage("review_panel").clocks.items()}
    assert roles == {"panel_request": "escalation_window", "convene": "step",
                     "panel_papers": "step", "panel_report": "step",
                     "director_response": "response"}
    assert clock_for("dso", "service_delivery", ESCALATION_CLOCK).role == "escalation_window"
    assert clock_for("dso", "service_delivery", "officer_comments").role == "step"
