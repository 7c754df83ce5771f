"""The operator-maintained address directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.notifications.domain import (
    Address,
    CaseView,
    Directory,
    DirectoryError,
    NoContactAddress,
    UnknownAddress,
    address_key,
    load_directory,
    resolve_recipient,
)
from tests.notifications.unit.builders import deadline, lifecycle, referred, routed, run

EXAMPLE = (Path(__file__).resolve().parents[3]
           / "services/notifications/domain/directory.example.yaml")


def test_the_example_directory_loads_and_resolves() -> None:
    directory = load_directory(EXAMPLE)
    assert directory.resolve("imb:ashgrove-irc") == Address(
        name="Independent Monitoring Board, Ashgrove IRC", email="imb.ashgrove@example.gov.uk")
    assert directory.resolve("team:ds-complaints").notify_template_id == (
        "4f1d2c3b-0a9e-4c8d-b7a6-5e4f3d2c1b0a")


def test_the_example_uses_reserved_example_domains_only() -> None:
    directory = load_directory(EXAMPLE)
    for key in directory.keys():  # noqa: SIM118 (Directory is not a dict)
        domain = directory.resolve(key).email.rpartition("@")[2]
        assert domain.endswith(("example.org", "example.gov.uk")), key


def test_every_letter_of_the_example_cases_resolves_in_the_example_directory() -> None:
    directory = load_directory(EXAMPLE)
    dso = routed("dso", consent={"imb_copy": True}, category="serious-misconduct",
                 stage="serious_misconduct", owner="psu",
                 complainant={"name": "Ade Okafor", "contact": "ade.okafor@example.org",
                              "represented_by": {"kind": "mp", "name": "Alex Example MP"}})
    child = routed("children", category="childrens-home",
                   location={"local_authority": "Westshire Council",
                             "provider": "Brightwater Children's Homes"})
    extra = {child.case_ref: [
        referred(child, "registered provider (Brightwater Children's Homes)",
                 rule="registered_provider"),
        referred(child, "local authority children's social care", rule="child_protection"),
        referred(child, "NHS body", rule="nhs_joint_response")]}
    planned = 0
    for case in (dso, child, routed("hmip"), routed("spso")):
        events = [case, deadline(case), lifecycle(case, "acknowledged"),
                  *extra.get(case.case_ref, []), deadline(case, "approaching"),
                  deadline(case, "breached"), lifecycle(case, "responded", outcome="upheld")]
        police = {"dso": "criminal_allegation", "children": "child_protection_police"}
        if case.procedure in police:
            events.append(referred(case, "police", rule=police[case.procedure]))
        view, letters = run(*events)
        for letter in letters:
            if letter.recipient_kind != "officer":  # officers are added as they are named
                assert resolve_recipient(letter.address_key, view, directory).email
                planned += 1
    assert planned > 25


def test_an_unknown_key_is_a_clear_error_naming_the_key() -> None:
    directory = load_directory(EXAMPLE)
    with pytest.raises(UnknownAddress, match="'imb:nowhere-irc'.*imb:ashgrove-irc"):
        directory.resolve("imb:nowhere-irc")


@pytest.mark.parametrize(("data", "message"), [
    ({"embassy": {"x": {"name": "X", "email": "x@example.org"}}}, "unknown kind 'embassy'"),
    ({"imb": {"Ashgrove IRC": {"name": "X", "email": "x@example.org"}}}, "not a slug"),
    ({"imb": {"ashgrove-irc": {"name": "X", "email": "not-an-email"}}}, "not an email"),
    ({"imb": {"ashgrove-irc": {"name": "X", "email": "x@example.org", "fax": "1"}}}, "fax"),
    ({"imb": ["ashgrove-irc"]}, "must map slugs"),
    (["imb"], "expected a mapping"),
])
def test_malformed_directories_are_refused(data: object, message: str) -> None:
    with pytest.raises(DirectoryError, match=message):
        Directory.from_mapping(data)  # type: ignore[arg-type]


def test_json_directories_load_and_unreadable_files_are_clear(tmp_path: Path) -> None:
    path = tmp_path / "dir.json"
    path.write_text(json.dumps({"police": {"westshire-council": {
        "name": "Westshire Police", "email": "pp@police.example.org"}}}))
    assert load_directory(path).resolve("police:westshire-council").name == "Westshire Police"
    with pytest.raises(DirectoryError, match="cannot read"):
        load_directory(tmp_path / "missing.yaml")


def test_the_complainant_is_addressed_from_the_case() -> None:
    view = CaseView.from_routed(routed("hmip"))
    address = resolve_recipient("complainant", view, Directory({}))
    assert address == Address(name="Morgan Reid", email="morgan.reid@example.org")


def test_a_complainant_without_an_email_is_a_clear_error() -> None:
    view = CaseView.from_routed(routed("hmip", complainant={"name": "Morgan Reid",
                                                            "contact": "01632 960001"}))
    with pytest.raises(NoContactAddress, match="HMIP-2026-000045/1"):
        resolve_recipient("complainant", view, Directory({}))


@pytest.mark.parametrize(("kind", "name", "key"), [
    ("imb", "Ashgrove IRC", "imb:ashgrove-irc"),
    ("provider", "Brightwater Children's Homes", "provider:brightwater-childrens-homes"),
    ("mp", "Alex Example MP", "mp:alex-example-mp"),
    ("team", "St. Mary's  House", "team:st-marys-house"),
])
def test_address_keys(kind: str, name: str, key: str) -> None:
    assert address_key(kind, name) == key


def test_address_key_refuses_blank_names_and_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="cannot make an address key.*blank"):
        address_key("imb", " \t ")
    assert address_key("imb", " ... ").startswith("imb:name--")
    with pytest.raises(ValueError, match="unknown address kind"):
        address_key("embassy", "x")
