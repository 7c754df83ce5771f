"""Issue 11: names in any script or with any accents give stable, distinct, valid address
keys, and the letters that carry them render (and a failure stays on its own letter)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.notifications.domain import (
    Address,
    Directory,
    Letter,
    TemplateContractError,
    address_key,
    anonymise,
    delivery,
    render,
)
from services.notifications.domain.directory import name_identity
from tests.notifications.unit.builders import comments_clock, lifecycle, routed, run

# (script, officer, complainant, establishment)
SCENARIOS = [
    ("arabic", "محمد علي", "فاطمة الزهراء", "مركز الاحتجاز"),
    ("chinese", "王伟", "李娜", "北京中心"),
    ("greek", "Νίκος Παπαδόπουλος", "Μαρία Γεωργίου", "Ἀθῆναι Κέντρο"),
    ("cyrillic", "Иван Петров", "Ольга Смирнова", "Центр Ивановский"),
    ("welsh", "Siân Llŷr", "Dafydd ap Gwŷn", "Tŷ Ysgol Llanfair"),
    ("irish", "Seán Ó Briain", "Máire Ní Dhomhnaill", "Áras Uí Bhriain"),
]
IDS = [s[0] for s in SCENARIOS]
NAMES = [name for _, *names in SCENARIOS for name in names]


def _strand(officer: str, complainant: str, establishment: str):  # type: ignore[no-untyped-def]
    ev = routed(
        "dso",
        consent={"imb_copy": True},
        location={"establishment": establishment},
        complainant={"name": complainant, "contact": "someone@example.org"},
        aspects=[
            {
                "kind": "minor-misconduct",
                "officers_named": [officer],
                "text": f"{officer} shouted at me at reception. Officer {officer} laughed.",
            }
        ],
    )
    return run(ev, lifecycle(ev, "acknowledged"), comments_clock(ev))


@pytest.mark.parametrize(("script", "officer", "complainant", "establishment"), SCENARIOS, ids=IDS)
def test_letters_for_names_in_any_script_are_planned_keyed_and_rendered(
    script: str, officer: str, complainant: str, establishment: str
) -> None:
    _, letters = _strand(officer, complainant, establishment)
    assert [x.error for x in letters if x.error] == []
    by_kind = {x.recipient_kind: x for x in letters}
    assert set(by_kind) == {"officer", "imb", "complainant"}
    assert by_kind["officer"].address_key == address_key("officer", officer)
    assert by_kind["imb"].address_key == address_key("imb", establishment)

    imb = render(by_kind["imb"]).body
    assert f"Establishment: {establishment}" in imb
    assert f"Complainant: {complainant}" in imb
    assert f"Dear {complainant}," in render(by_kind["complainant"]).body

    # The officer is named in no letter, in any script (seed 003): "Officer A" instead.
    for letter in letters:
        body = render(letter).body
        assert officer not in body, (script, letter.recipient_kind)
        assert "Officer A shouted at me" in body


@pytest.mark.parametrize("name", NAMES)
def test_keys_are_stable_valid_for_the_directory_and_keep_a_readable_hint(name: str) -> None:
    key = address_key("officer", name)
    assert key == address_key("officer", name)
    assert key == address_key("officer", unicodedata.normalize("NFD", name))
    assert key == address_key("officer", f"  {name.upper()}  ")
    slug = key.partition(":")[2]
    directory = Directory.from_mapping(
        {"officer": {slug: {"name": name, "email": "o@example.org"}}}
    )
    assert directory.resolve(key) == Address(name=name, email="o@example.org")
    assert slug.isascii()
    assert slug.rpartition("--")[0] in {"arabic", "cjk", "greek", "cyrillic"} or slug.startswith(
        ("sian", "dafydd", "ty-", "sean", "maire", "aras")
    )


def test_every_scenario_name_has_its_own_key() -> None:
    keys = {address_key("officer", name) for name in NAMES}
    assert len(keys) == len(NAMES)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Seán", "Sean"),
        ("Seán Ó Briain", "Sean O Briain"),
        ("Siân Llŷr", "Sian Llyr"),
        ("Máire Ní Dhomhnaill", "Maire Ni Dhomhnaill"),
        ("Straße", "Strasse"),
        ("Ærø", "Aero"),
        ("Иван", "Ивана"),
        ("王伟", "王偉"),
        ("...", "…"),
    ],
)
def test_names_differing_only_in_accents_or_letters_get_different_keys(
    one: str, other: str
) -> None:
    assert address_key("imb", one) != address_key("imb", other)


def test_plain_ascii_names_keep_their_existing_slugs() -> None:
    assert address_key("imb", "Ashgrove IRC") == "imb:ashgrove-irc"
    assert address_key("officer", "Sean O'Brien") == "officer:sean-obrien"


def test_a_letter_that_cannot_be_planned_is_recorded_failed_and_never_sent() -> None:
    ev = routed("dso", consent={"imb_copy": True}, location={})
    _, letters = run(ev, comments_clock(ev))
    records: list[delivery.LetterRecord] = []
    now = datetime(2026, 3, 2, tzinfo=UTC)
    delivery.add_planned(records, letters, now)
    failed = [r for r in records if r.status == delivery.FAILED]
    assert [(r.recipient, r.address_key) for r in failed] == [("imb", "unaddressed:imb")]
    assert "no establishment" in (failed[0].last_error or "")
    assert [r.recipient for r in delivery.due(records, now)] == ["officer"]


def test_an_unexpected_rendering_failure_is_a_template_contract_error() -> None:
    letter = Letter(
        key="k",
        trigger="t",
        case_ref="DSO-2026-000123/1",
        procedure="dso",
        recipient_kind="complainant",
        address_key="complainant",
        template="acknowledgement",
        context={"complainant_name": object()},
    )
    with pytest.raises(TemplateContractError, match="acknowledgement"):
        render(letter)


_NAMES = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())


@given(_NAMES)
def test_any_name_gives_a_valid_deterministic_key(name: str) -> None:
    key = address_key("officer", name)
    assert key == address_key("officer", name)
    assert key == address_key("officer", unicodedata.normalize("NFC", name))
    Directory.from_mapping(
        {"officer": {key.partition(":")[2]: {"name": "x", "email": "x@example.org"}}}
    )


def _same_name(one: str, other: str) -> bool:
    """The documented equivalence: the same identity (letters, marks and digits, NFC,
    lowercased); for names of symbols only, the same NFC text up to spacing."""
    if name_identity(one) or name_identity(other):
        return name_identity(one) == name_identity(other)
    nfc = [" ".join(unicodedata.normalize("NFC", n).split()) for n in (one, other)]
    return nfc[0] == nfc[1]


@given(_NAMES, _NAMES)
def test_distinct_names_give_distinct_keys(one: str, other: str) -> None:
    same = address_key("officer", one) == address_key("officer", other)
    assert same == _same_name(one, other)


@given(_NAMES)
def test_a_name_and_the_same_name_with_an_accent_added_differ(name: str) -> None:
    accented = name + "\u0301"  # combining acute on the last character
    if name_identity(accented) != name_identity(name):
        assert address_key("officer", accented) != address_key("officer", name)


@pytest.mark.parametrize(
    ("officer", "text", "expected"),
    [
        ("王伟", "王伟在接待处对我大喊。", "Officer A在接待处对我大喊。"),
        ("Seán Ó Briain", "Ó Briain's reply; S. Ó Briain", "Officer A's reply; Officer A"),
        ("Máire Ní Dhomhnaill", "Ní Dhomhnaill said", "Officer A said"),
        ("محمد علي", "قال محمد علي", "قال Officer A"),
    ],
)
def test_officers_are_anonymised_in_any_script(officer: str, text: str, expected: str) -> None:
    assert anonymise(text, [officer]) == expected
