"""Fields the contract does not know are named, with a near-miss suggestion; known ones never."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from common.contracts.submission import Aspect, Complainant, Consent, Location, Submission
from services.intake.domain.fields import IgnoredField, catalogue_flags, ignored_fields
from tests.support.submissions import dso_service_delivery

FLAGS = catalogue_flags()

# Every name the contract or the flag catalogue knows, at any level: never generated as "extra".
ALL_KNOWN = (
    set(FLAGS)
    | set(Submission.model_fields)
    | {n for m in (Aspect, Complainant, Consent, Location) for n in m.model_fields}
    | {"kind", "name", "contact"}  # Representative
)


def test_the_issue_example_is_reported_with_its_suggestion() -> None:
    body = dso_service_delivery(legal_proceeding=True)
    assert ignored_fields(body, flags=FLAGS) == [
        IgnoredField("legal_proceeding", "legal_proceedings")
    ]


def test_a_flag_from_the_catalogue_is_not_reported() -> None:
    body = dso_service_delivery(legal_proceedings=True, local_resolution=True)
    body["aspects"][0]["criminal"] = True
    assert ignored_fields(body, flags=FLAGS) == []


def test_a_flag_at_the_wrong_level_is_left_to_routing() -> None:
    # Routing refuses it (flag-level), so intake does not call it ignored.
    body = dso_service_delivery(criminal=True)
    body["aspects"][0]["local_resolution"] = True
    assert ignored_fields(body, flags=FLAGS) == []


def test_nested_objects_and_list_items_are_named_by_dotted_path() -> None:
    body = dso_service_delivery()
    body["complainant"]["emial"] = "amal@example.org"
    body["complainant"]["represented_by"] = {"kind": "mp", "name": "A MP", "contcat": "x"}
    body["consent"]["imb_cpy"] = True
    body["location"]["establishmnet"] = "Ashgrove"
    body["aspects"].append({"kind": "other", "text": "x", "officer_named": ["Smith"]})
    body["aspects"][1]["criminl"] = True
    found = {f.field: f.did_you_mean for f in ignored_fields(body, flags=FLAGS)}
    assert found == {
        "complainant.emial": None,
        "complainant.represented_by.contcat": "contact",
        "consent.imb_cpy": "imb_copy",
        "location.establishmnet": "establishment",
        "aspects[1].officer_named": "officers_named",
        "aspects[1].criminl": "criminal",
    }


def test_suggestions_only_offer_flags_at_that_level() -> None:
    # "criminl" is close to an aspect flag, but at the top level only submission names count.
    found = ignored_fields(dso_service_delivery(criminl=True), flags=FLAGS)
    assert found == [IgnoredField("criminl", None)]


def test_without_the_flag_catalogue_a_flag_is_reported() -> None:
    assert ignored_fields(dso_service_delivery(legal_proceedings=True)) == [
        IgnoredField("legal_proceedings", None)
    ]


def test_values_of_the_wrong_shape_are_not_looked_into() -> None:
    body = dso_service_delivery(complainant="Amal", aspects=[1, None, "x"], location=None)
    assert ignored_fields(body, flags=FLAGS) == []


def test_the_reply_shape() -> None:
    assert IgnoredField("a.b", "c").as_dict() == {"field": "a.b", "did_you_mean": "c"}


names = st.text(min_size=1, max_size=20).filter(lambda s: s not in ALL_KNOWN)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)
extras = st.dictionaries(names, values, max_size=5)
WHERE = ["", "complainant.", "consent.", "location.", "aspects[0].", "complainant.represented_by."]


def _place(body: dict[str, Any], where: str, extra: dict[str, Any]) -> None:
    target: Any = body
    if where == "complainant.represented_by.":
        target = body["complainant"].setdefault("represented_by", {"kind": "mp", "name": "A"})
    elif where == "aspects[0].":
        target = body["aspects"][0]
    elif where:
        target = body[where.rstrip(".")]
    target.update(extra)


@given(st.lists(st.tuples(st.sampled_from(WHERE), extras), max_size=4))
def test_arbitrary_extra_keys_never_raise_and_are_all_reported(placed) -> None:  # type: ignore[no-untyped-def]
    body = dso_service_delivery(partner_ref="YW-fixed")
    expected: set[str] = set()
    for where, extra in placed:
        _place(body, where, extra)
        expected |= {f"{where}{name}" for name in extra}
    found = ignored_fields(copy.deepcopy(body), flags=FLAGS)
    assert {f.field for f in found} == expected
    assert len(found) == len(expected)
    assert all(f.did_you_mean is None or f.did_you_mean in ALL_KNOWN for f in found)


@given(
    st.fixed_dictionaries(
        {},
        optional={
            **{name: st.booleans() for name in FLAGS},
            "incident_date": st.just("2026-10-01"),
            "confidential": st.booleans(),
            "attachments": st.just([]),
        },
    ),
    st.fixed_dictionaries({}, optional={"anonymous": st.booleans(), "is_child": st.booleans()}),
)
def test_known_keys_are_never_reported(top, complainant) -> None:  # type: ignore[no-untyped-def]
    body = dso_service_delivery(**top)
    body["complainant"].update(complainant)
    body["aspects"][0].update({n: True for n, lvl in FLAGS.items() if lvl == "aspect"})
    assert ignored_fields(body, flags=FLAGS) == []


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_any_json_never_raises(value) -> None:  # type: ignore[no-untyped-def]
    body = value if isinstance(value, dict) else {"complainant": value, "aspects": value}
    ignored_fields(body, flags=FLAGS)
