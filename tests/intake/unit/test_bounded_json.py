"""Issue 21: intake reads a raw body under a budget (`read_body`), so one hostile message
cannot hold it: too long is refused from its length alone, an object over 1,000 fields or
a body over the values budget stops the decoder where it is; the budget never refuses a
body the full limits (`body_errors`) accept, and never lets through one they refuse on
those counts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.contracts.body_limits import (
    MAX_BODY_BYTES,
    MAX_ITEMS,
    body_errors,
)
from services.intake.domain.bounded_json import read_body
from services.intake.domain.submissions import InvalidSubmission
from tests.support.submissions import dso_service_delivery

BODY_RULES = {"max-size", "max-items", "max-values", "max-depth", "json", "utf-8", "object"}


def refusal(raw: bytes) -> list[tuple[str, str]]:
    with pytest.raises(InvalidSubmission) as caught:
        read_body(raw)
    return [(e.field, e.rule) for e in caught.value.errors]


def test_a_valid_submission_is_read_as_sent() -> None:
    body = dso_service_delivery()
    assert read_body(json.dumps(body).encode()) == body


def test_a_body_over_the_size_limit_is_refused_from_its_length_without_decoding() -> None:
    # Not JSON at all: were it decoded, the refusal would be "json".
    assert refusal(b"\xff" * (MAX_BODY_BYTES + 1)) == [("(body)", "max-size")]
    padded = json.dumps({**dso_service_delivery(), "notes": "x" * MAX_BODY_BYTES}).encode()
    assert refusal(padded) == [("(body)", "max-size")]


def test_a_body_of_exactly_the_size_limit_is_read() -> None:
    body = dso_service_delivery()
    text = json.dumps({**body, "notes": ""}).encode()
    body["notes"] = "x" * (MAX_BODY_BYTES - len(text))
    raw = json.dumps(body).encode()
    assert len(raw) == MAX_BODY_BYTES
    assert read_body(raw) == body


def test_an_object_over_the_items_limit_stops_the_decoder_where_it_is() -> None:
    wide = json.dumps({f"k{i}": 1 for i in range(MAX_ITEMS + 1)})
    # What follows the wide object is not JSON: the decoder never gets that far.
    assert refusal(f'{{"a": {wide}, "b": nonsense'.encode()) == [("(body)", "max-items")]
    exactly = json.dumps({f"k{i}": 1 for i in range(MAX_ITEMS)})
    assert read_body(f'{{"a": {exactly}}}'.encode())["a"]["k999"] == 1


def test_a_body_over_the_values_budget_stops_the_decoder_where_it_is() -> None:
    small = json.dumps({"a": 1, "b": 2, "c": 3, "d": 4})
    many = ", ".join([f"[{', '.join([small] * 1000)}]"] * 3)  # 3,000 objects, 15,000 values
    assert refusal(f'{{"x": [{many}], "y": nonsense'.encode()) == [("(body)", "max-values")]


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        (b"", "json"),
        (b"   ", "json"),
        (b"{not json", "json"),
        (b'{"a": "\xc3\x28"}', "utf-8"),
        (b"[]", "object"),
        (b"null", "object"),
        (b"[" * 200_000 + b"]" * 200_000, "max-depth"),
        (b'{"n": ' + b"1" * 5_000 + b"}", "json"),
    ],
)
def test_unreadable_bodies_are_refused_naming_the_body(raw: bytes, rule: str) -> None:
    assert refusal(raw) == [("(body)", rule)]


# Hostile shapes built from a few drawn numbers (a drawn dict of 1,000 keys would be slow):
# wide objects and lists near the items limit, many small objects near the values budget,
# deep nesting near the depth limit, long strings, odd numbers and keys.
LEAVES = st.sampled_from(
    ['"x"', "0", "1.5", "true", "null", "{}", "[]", '"\\ud800"', "1e999", '"' + "y" * 30 + '"']
)
KEYS = st.sampled_from(["k", "$k", "a.b", "", "k\\u0000", "κλειδί", "名前"])


@st.composite
def hostile_json(draw: st.DrawFn) -> bytes:
    leaf = draw(LEAVES)
    key = draw(KEYS)
    value = leaf
    for _ in range(draw(st.integers(0, 40))):  # levels of nesting
        width = draw(st.sampled_from([1, 2, 3, 10, MAX_ITEMS - 1, MAX_ITEMS, MAX_ITEMS + 1]))
        if len(value) * width > 2 * MAX_BODY_BYTES:
            break
        if draw(st.booleans()):
            value = "{" + ", ".join(f'"{key}{i}": {value}' for i in range(width)) + "}"
        else:
            value = "[" + ", ".join([value] * width) + "]"
    return f'{{"partner_ref": "P-1", "x": {value}}}'.encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_json())
def test_the_budget_agrees_with_the_full_limits(raw: bytes) -> None:
    full: Any
    try:
        full = json.loads(raw)
    except (ValueError, RecursionError):
        full = None
    full_errors = body_errors(full) if full is not None else None
    try:
        body = read_body(raw)
    except InvalidSubmission as exc:
        rules = [e.rule for e in exc.errors]
        assert [e.field for e in exc.errors] == ["(body)"] and set(rules) <= BODY_RULES
        if rules != ["max-size"]:
            # The budget refuses only what the full limits refuse too.
            assert full_errors is None or full_errors, rules
        return
    assert len(raw) <= MAX_BODY_BYTES
    assert _same(body, full)  # read as sent, nothing changed


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)  # NaN != NaN


def test_values_the_decoder_cannot_count_are_counted_by_the_full_check_next() -> None:
    # The decoder counts the members of objects; list items it cannot see, so a body of
    # long lists passes it and the full check (which intake runs next) refuses it.
    lists = f'{{"x": [{", ".join([json.dumps([0] * MAX_ITEMS)] * 10)}]}}'.encode()
    body = read_body(lists)
    assert [(e.field, e.rule) for e in body_errors(body)] == [("(body)", "max-values")]
