"""Every template keeps to its context contract (StrictUndefined), in every procedure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2 import meta

from common.contracts.recipients import SERIES
from procedures import load_all
from services.notifications.domain import Letter, TemplateContractError, render
from services.notifications.domain.context import TEMPLATE_CONTEXT
from services.notifications.domain.letters import LETTERHEAD, TEMPLATE_SUFFIX, TEMPLATES_DIR
from services.notifications.domain.rules import RULES

PROCEDURES = ("dso", "hmip", "spso", "children")

# Hand-written sample values for every field a contract may declare.
SAMPLES: dict[str, Any] = {
    "escalation_by": "28 February 2027",
    "reference": "DSO-2026-000123/1",
    "complainant_name": "Ade Okafor",
    "complainant_contact": "ade.okafor@example.org",
    "complainant_ref": "AB123456",
    "is_child": False,
    "subject": "Treatment at reception",
    "aspects": [{"kind": "minor-misconduct", "label": "minor misconduct",
                 "text": "I was shouted at."}],
    "received_on": "2 March 2026",
    "category": "minor-misconduct",
    "stage": "formal",
    "stage_no": 2,
    "nation": "england",
    "establishment": "Ashgrove IRC",
    "provider": "Example Custodial Services",
    "local_authority": "Westshire Council",
    "investigating_officer": "Sam Jones",
    "target_date": "30 March 2026",
    "extension_reason": "a witness is on leave",
    "outcome": "partly",
    "response_text": "We have apologised.",
    "marker": "healthcare complaint",
    "mp_name": "Alex Example MP",
    "officer_label": "Officer A",
    "comments_due": "5 March 2026",
    "update_kind": "officer-assigned",
    "position": "acknowledged",
    "clock": "response",
    "due": "30 March 2026",
    "explanation": "20th working day after 2 March 2026",
    "owner_note": "A copy for the owning team: this reminder went to Sam Jones, the owner.",
    "referral_reason": "criminal allegation",
    "urgency": "immediate",
    "audience": "imb",
    "excluded_whole": True,
    "exclusions": [{"reason": "From a third party not directly involved.",
                    "signpost": "Please raise it with the inspected organisation.",
                    "aspects": []}],
    "suspended": False,
    "authority_parts": ["Contact with my sister was cancelled twice."],
    "provider_parts": ["Meals at the home were cold."],
    "outcome_sought": "An apology and my property returned.",
    "findings": [{"text": "My property was lost.", "finding": "upheld",
                  "reason": "The property log shows it was not returned."}],
    "remedies": [{"kind": "A payment", "description": "For the lost property",
                  "amount": "150.00", "due": "4 December 2026", "referral": ""}],
    "restriction": {"op": "impose", "kind": "access-to-procedure",
                    "words": "to restrict your access to our complaints procedure",
                    "reasons": ["Threats to staff"], "review_on": "1 June 2026",
                    "signpost": "Scottish Public Services Ombudsman (SPSO)", "active": True,
                    "appeal_outcome": "", "appeal_decision": "", "review_outcome": "",
                    "note": ""},
    "withheld": [],
    "answer_summary": "We will look at opening hours with the youth service.",
    "action": "A trial of Thursday evenings from January.",
    "manager_name": "Dana Price",
    "staff": ["Lee Carter", "Mo Ahmed"],
    "compliment": "Lee and Mo were so kind when I moved in.",
    "compliment_note": "Please thank them at the team meeting.",
    # the alternatives (`alternative_letters`)
    "mediation_method": "mediation",
    "mediator": "Alex Mediator",
    "mediation_outcome": "resolved your complaint",
    "mediation_note": "We agreed a new contact plan.",
    "clock_paused": True,
    "ombudsman_name": "Local Government and Social Care Ombudsman",
    "statement": "Contact with my sister was cancelled twice.",
    "statement_agreed_on": "1 May 2026",
    "referred_on": "4 May 2026",
    "safeguards": ["a very robust stage 2 report", "a complete adjudication"],
    "task_event": "opened",
    "task_owner": "Robin Case",
    "task_due": "20 April 2026",
    "task_ombudsman": "Scottish Public Services Ombudsman (SPSO)",
    "task_note": "The healthcare manager's reply is on file.",
    "task_done_on": "14 April 2026",
    # a remedy the response told of, amended or cancelled (`remedy_letters`)
    "remedy": {"kind": "A payment", "description": "Travel costs", "amount": "1,250.00",
               "due": "25 March 2026", "was_due": "", "referral": ""},
    "remedy_reason": "the fares went up",
    "remedy_changes": ["the amount: £1,250.00 (it was £80.50)"],
    "remedy_awaiting_approval": True,
}

# Values that take the other branches (optional values absent, other outcomes and stages).
VARIANTS: list[dict[str, Any]] = [
    {},
    {"complainant_name": None, "complainant_ref": None, "complainant_contact": None,
     "aspects": [], "investigating_officer": None, "target_date": None,
     "extension_reason": None, "response_text": None, "comments_due": None, "stage": None,
     "stage_no": None, "establishment": None, "provider": None, "local_authority": None,
     "outcome": None, "update_kind": "unknown", "audience": "provider",
     "outcome_sought": None, "findings": [], "remedies": [],
     "excluded_whole": False,
     "exclusions": [{"reason": "Policy disagreement", "signpost": "",
                     "aspects": ["Your methodology is wrong."]}]},
    {"outcome": "upheld", "stage_no": 1, "category": "serious-misconduct",
     "update_kind": "stage-changed", "position": "extended", "audience": "cco",
     "is_child": True},
    {"outcome": "not-upheld", "stage_no": 3, "category": "healthcare", "nation": "scotland",
     "update_kind": "provider-referral", "audience": "healthcare_manager"},
    {"category": "healthcare", "nation": "northern-ireland", "update_kind": "merged"},
    {"update_kind": "provider-split", "target_date": None, "suspended": True},
    {"update_kind": "resumed"},
    {"update_kind": "provider-split", "provider": None, "authority_parts": [],
     "suspended": False, "target_date": None},
    {"category": "local-resolution", "withheld": ["staff", "safety"]},
    {"category": "other", "withheld": ["staff"], "outcome": "not-upheld"},
    {"compliment": "", "compliment_note": "", "subject": ""},
    {"mediator": "", "mediation_note": "", "clock_paused": False, "safeguards": [],
     "task_event": "done", "task_due": None, "task_note": "", "local_authority": None},
    {"clock_paused": False, "target_date": None, "mediation_method": "restorative conversation"},
    {"remedy": {"kind": "Practical action", "description": "Restore visits", "amount": "",
                "due": "", "was_due": "20 March 2026", "referral": ""},
     "remedy_awaiting_approval": False},
    {"remedy": {"kind": "A payment", "description": "Injury claim", "amount": "9,000.00",
                "due": "", "was_due": "", "referral": "legal services"}},
    *({"restriction": {**SAMPLES["restriction"], **r}} for r in (
        {"op": "carry", "kind": "contact-method", "signpost": "", "review_on": None},
        {"op": "appeal"},
        {"op": "decide-appeal", "appeal_outcome": "upheld", "active": False,
         "appeal_decision": "The threats were not made by you."},
        {"op": "decide-appeal", "appeal_outcome": "dismissed"},
        {"op": "review", "review_outcome": "continue"},
        {"op": "review", "active": False},
        {"op": "lift", "active": False},
    )),
]


def template_files() -> list[tuple[str, str]]:
    return sorted((p.parent.name, p.name.removesuffix(TEMPLATE_SUFFIX))
                  for proc in PROCEDURES
                  for p in (TEMPLATES_DIR / proc).glob("*" + TEMPLATE_SUFFIX)
                  if not p.name.startswith("_"))


def referenced_variables(env: jinja2.Environment, name: str) -> set[str]:
    """Variables a template uses, through its extends and includes (every branch)."""
    seen: set[str] = set()
    found: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source = env.loader.get_source(env, current)[0]  # type: ignore[union-attr]
        tree = env.parse(source)
        found |= meta.find_undeclared_variables(tree)
        todo += [t for t in meta.find_referenced_templates(tree) if t]
    return found


ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)))


def letter(proc: str, name: str, context: dict) -> Letter:  # type: ignore[type-arg]
    return Letter(key="k", trigger="t", case_ref="DSO-2026-000123/1", procedure=proc,
                  recipient_kind="test", address_key="test", template=name, context=context)


def test_there_are_templates_to_check() -> None:
    assert len(template_files()) >= 4 * 11


def test_every_contract_field_has_a_sample() -> None:
    fields = set().union(*TEMPLATE_CONTEXT.values())
    assert fields - set(SAMPLES) == set()


def test_every_template_file_has_a_contract() -> None:
    assert {name for _, name in template_files()} - set(TEMPLATE_CONTEXT) == set()


@pytest.mark.parametrize(("proc", "name"), template_files())
def test_template_uses_no_variable_outside_its_contract(proc: str, name: str) -> None:
    used = referenced_variables(ENV, f"{proc}/{name}{TEMPLATE_SUFFIX}")
    # the configured letterhead (`letters.LETTERHEAD`) is every template's, not the case's
    assert used - TEMPLATE_CONTEXT[name] - set(LETTERHEAD) == set()


@pytest.mark.parametrize("name", sorted(TEMPLATE_CONTEXT))
def test_every_contract_field_is_used_by_some_procedure(name: str) -> None:
    """A field in a contract but in no template would be sent to recipients for nothing."""
    used = set().union(*(referenced_variables(ENV, f"{proc}/{name}{TEMPLATE_SUFFIX}")
                         for proc, n in template_files() if n == name))
    assert TEMPLATE_CONTEXT[name] - used == set()


@pytest.mark.parametrize("variant", range(len(VARIANTS)))
@pytest.mark.parametrize(("proc", "name"), template_files())
def test_template_renders_with_exactly_its_declared_context(proc: str, name: str,
                                                            variant: int) -> None:
    values = {**SAMPLES, **VARIANTS[variant]}
    context = {key: values[key] for key in TEMPLATE_CONTEXT[name]}
    rendered = render(letter(proc, name, context))
    assert rendered.subject and "DSO-2026-000123/1" in rendered.subject
    assert rendered.body.strip()


@pytest.mark.parametrize(("proc", "name"), template_files())
def test_a_missing_context_variable_is_an_error_not_an_empty_string(proc: str,
                                                                    name: str) -> None:
    context = {key: SAMPLES[key] for key in TEMPLATE_CONTEXT[name] if key != "reference"}
    with pytest.raises(TemplateContractError, match="reference"):
        render(letter(proc, name, context))


def test_the_static_check_catches_a_stray_variable() -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "p/base.txt.j2": "Subject: {{ reference }}\n{% block body %}{% endblock %}",
        "p/x.txt.j2": '{% extends "p/base.txt.j2" %}{% block body %}'
                      '{% include "p/part.txt.j2" %}{% endblock %}',
        "p/part.txt.j2": "{% if secret %}{{ complainant_contact }}{% endif %}",
    }))
    assert referenced_variables(env, "p/x.txt.j2") == {
        "reference", "secret", "complainant_contact"}


@pytest.mark.parametrize("proc", PROCEDURES)
def test_each_procedure_ships_every_template_its_rules_can_send(proc: str) -> None:
    needed = {"acknowledgement", "update", "extension", "decision", "referral", "copy"}
    needed |= {r.template for r in (*RULES["*"], *RULES[proc])}
    # the one-off letters routing's recipients name (procedures/data copies and referrals)
    data = load_all()[proc]
    needed |= {x.letter for x in (*data.copies, *data.referrals) if x.letter not in SERIES}
    shipped = {name for p, name in template_files() if p == proc}
    assert needed - shipped == set()


def test_a_missing_template_is_a_clear_error() -> None:
    with pytest.raises(TemplateContractError, match="no template 'spso/healthcare_copy"):
        render(letter("spso", "healthcare_copy", {}))


def test_a_template_without_a_subject_line_is_refused() -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"p/x.txt.j2": "Dear colleague,\n"}),
                             undefined=jinja2.StrictUndefined)
    with pytest.raises(TemplateContractError, match="Subject"):
        render(letter("p", "x", {}), environment=env)


def test_templates_dir_is_inside_the_package() -> None:
    package = Path(__file__).resolve().parents[3] / "services/notifications/templates"
    assert package == TEMPLATES_DIR
