"""Anonymisation of officers named in a complaint (Ombudsman code guide, seed 003)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from services.notifications.domain import anonymise, officer_labels
from services.notifications.domain.anonymise import TITLES, label


def test_seed_examples_officer_smith_and_officer_white() -> None:
    assert anonymise("You say Officer Smith was rude to you when you approached reception.",
                     ["Officer Smith"]) == (
        "You say Officer A was rude to you when you approached reception.")
    assert anonymise("You say Officer White gave false information about you to the police.",
                     ["White"]) == (
        "You say Officer A gave false information about you to the police.")


def test_senior_officer_with_a_rank_and_two_officers_keep_their_labels() -> None:
    text = "Officer Grey discussed your case with her line manager, Senior Officer Blue."
    assert anonymise(text, ["Grey", "Senior Officer Blue"]) == (
        "Officer A discussed your case with her line manager, Officer B.")


def test_every_form_of_the_name_is_replaced() -> None:
    text = ("John Smith shouted. Then Mr Smith left; J. Smith came back, and J Smith's "
            "friend said SMITH was DCO John Smith. Senior Officer Smith agreed.")
    assert anonymise(text, ["John Smith"]) == (
        "Officer A shouted. Then Officer A left; Officer A came back, and Officer A's "
        "friend said Officer A was Officer A. Officer A agreed.")


def test_labels_follow_first_mention_and_are_stable_per_case() -> None:
    officers = ["Priya Patel", "John Smith", "priya patel"]
    assert officer_labels(officers) == {"Priya Patel": "Officer A", "John Smith": "Officer B"}
    first = anonymise("John Smith and Priya Patel", officers)
    second = anonymise("Patel, then Smith", officers)
    assert first == "Officer B and Officer A"
    assert second == "Officer A, then Officer B"


def test_kept_names_survive_even_with_a_shared_surname() -> None:
    text = "Dear Jane Smith, Bob Smith will not be investigating. Sam Jones will."
    assert anonymise(text, ["Bob Smith"], keep=["Jane Smith", "Sam Jones"]) == (
        "Dear Jane Smith, Officer A will not be investigating. Sam Jones will.")


def test_names_inside_other_words_are_left_alone() -> None:
    assert anonymise("Goldsmiths and Smithson met Ray.", ["Smith", "Ray"]) == (
        "Goldsmiths and Smithson met Officer B.")


def test_no_officers_no_change() -> None:
    assert anonymise("Officer Smith was kind.", []) == "Officer Smith was kind."


def test_labels_beyond_z() -> None:
    assert [label(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "Officer A", "Officer B", "Officer Z", "Officer AA", "Officer AB", "Officer AZ",
        "Officer BA"]


_NOT_NAMES = {w for t in TITLES for w in t.split()}
surnames = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10).map(
    str.capitalize).filter(lambda s: s.lower() not in _NOT_NAMES)
forenames = st.sampled_from(["Amy", "Ben", "Chloe", "Dev", "Ewa"])
forms = st.sampled_from(["{f} {s}", "{s}", "Officer {s}", "Mr {s}", "{i}. {s}", "{s}'s"])


@given(forename=forenames, surname=surnames, form=forms,
       before=st.sampled_from(["", "I saw ", "Then, "]),
       after=st.sampled_from(["", " was rude.", ", who left"]))
def test_property_no_form_of_a_named_officer_survives(forename: str, surname: str, form: str,
                                                      before: str, after: str) -> None:
    mention = form.format(f=forename, s=surname, i=forename[0])
    out = anonymise(before + mention + after, [f"{forename} {surname}"])
    assert not re.search(rf"\b{surname}\b", out, re.IGNORECASE)
    assert "Officer A" in out
