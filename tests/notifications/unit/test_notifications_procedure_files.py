"""Every copy and referral the procedure files name is one notifications knows how to send."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from services.notifications.domain.recipients import PROCEDURES
from services.notifications.domain.referrals import RULE_TARGETS
from services.notifications.domain.rules import RULES

DATA = Path(__file__).resolve().parents[3] / "procedures" / "data"

# procedures/data copy rule -> (trigger, recipient kind) in the notifications rules,
# written from the seeds: when each copy goes and to whom.
COPIES = {
    "imb_copy": ("case.routed", "imb"),
    "cross_cutting_ds_complaints": ("case.routed", "ds_complaints"),
    "response_to_ds_complaints": ("case.responded", "ds_complaints"),
    "response_to_imb": ("case.responded", "imb"),
    "response_to_ie_manager": ("case.responded", "ie_manager"),
    "healthcare_notice_ds_complaints": ("case.routed", "ds_complaints"),
    "healthcare_notice_imb": ("case.routed", "imb"),
    "healthcare_outcome_ds_complaints": ("case.responded", "ds_complaints"),
    "healthcare_outcome_imb": ("case.responded", "imb"),
    "healthcare_outcome_ie_manager": ("case.responded", "ie_manager"),
    "staff_informed": ("case.routed", "officer"),
    "care_management_team": ("case.referred", "care_management"),
    "contract_monitoring_team": ("case.referred", "contract_monitoring"),
    "mp_position": ("case.acknowledged", "mp"),
}


def procedure_files() -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8")))
            for p in sorted(DATA.glob("*.yaml"))]


def test_the_procedure_files_are_there() -> None:
    assert {name for name, _ in procedure_files()} >= set(PROCEDURES)


@pytest.mark.parametrize(("name", "data"), procedure_files())
def test_every_copy_has_a_rule(name: str, data: dict) -> None:  # type: ignore[type-arg]
    for copy in data.get("copies", []):
        assert copy["rule"] in COPIES, f"{name}: no notifications rule for copy {copy['rule']}"
        trigger, kind = COPIES[copy["rule"]]
        rules = [r for r in (*RULES["*"], *RULES.get(name, ()))
                 if r.trigger == trigger and r.recipient == kind]
        assert rules, f"{name}: copy {copy['rule']} has no rule {trigger} -> {kind}"
        if copy.get("consent") == "imb_copy":
            assert all("imb_authority" in r.when for r in rules), copy["rule"]


@pytest.mark.parametrize(("name", "data"), procedure_files())
def test_every_referral_rule_has_a_target(name: str, data: dict) -> None:  # type: ignore[type-arg]
    for referral in data.get("referrals", []):
        assert referral["rule"] in RULE_TARGETS, f"{name}: {referral['rule']}"
