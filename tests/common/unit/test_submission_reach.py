"""Issues 18 and 19: a submission says how to reach a person who has no email (a postal
address, a preferred channel), what they need to read (language, formats, adjustments),
whether their representative has their authority, and the outcome they seek."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from common.contracts.submission import AT_INTAKE, LetterChannel, LetterFormat, Submission
from tests.support.submissions import dso_service_delivery


def _validate(body: dict[str, Any]) -> Submission:
    return Submission.model_validate(body, context={AT_INTAKE: True})


def _rule(body: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        _validate(body)
    return [(".".join(map(str, e["loc"])), e["type"]) for e in caught.value.errors()]


def test_a_detained_person_without_email_is_reached_by_hand_with_their_needs() -> None:
    body = dso_service_delivery()
    body["complainant"].pop("contact", None)
    body["complainant"]["prefers"] = "hand"
    body["complainant"]["needs"] = {
        "language": "pl",
        "formats": ["large-print"],
        "adjustments": "Please read the letter to me.",
    }
    body["complainant"]["address"] = {"lines": ["Room 4, Brook House IRC"], "postcode": "RH6 0PQ"}
    body["complainant"]["represented_by"] = {
        "kind": "friend",
        "name": "Ola Nowak",
        "address": {"lines": ["1 High Street", "Crawley"], "postcode": "RH10 1AA"},
        "prefers": "post",
        "authorised": True,
    }
    body["outcome_sought"] = "An apology and my property returned."
    body["aspects"][0]["outcome_sought"] = "My property returned."
    sub = _validate(body)
    assert sub.complainant.prefers is LetterChannel.HAND
    assert sub.complainant.needs.formats == [LetterFormat.LARGE_PRINT]
    assert sub.complainant.needs.language == "pl"
    assert sub.complainant.address is not None
    assert sub.complainant.address.postcode == "RH6 0PQ"
    rep = sub.complainant.represented_by
    assert rep is not None and rep.authorised and rep.prefers is LetterChannel.POST
    assert sub.outcome_sought == "An apology and my property returned."
    assert sub.aspects[0].outcome_sought == "My property returned."


def test_defaults_say_nothing_was_asked() -> None:
    sub = _validate(dso_service_delivery())
    assert sub.complainant.prefers is None
    assert sub.complainant.needs.formats == [] and sub.complainant.needs.language is None
    assert sub.outcome_sought is None


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("complainant", "prefers"), "pigeon", "complainant.prefers"),
        (("complainant", "needs"), {"formats": ["tiny-print"]}, "complainant.needs.formats.0"),
        (("complainant", "needs"), {"language": "Polish please"}, "complainant.needs.language"),
        (("complainant", "address"), {"lines": []}, "complainant.address.lines"),
        (("complainant", "address"), {"lines": ["a"] * 7}, "complainant.address.lines"),
        (
            ("complainant", "address"),
            {"lines": ["1 High St\r\nBcc: x@y.z"]},
            "complainant.address.lines.0",
        ),
    ],
)
def test_bad_reach_fields_are_refused_naming_the_field(
    path: tuple[str, ...], value: Any, where: str
) -> None:
    body = dso_service_delivery()
    body[path[0]][path[1]] = value
    assert where in [loc for loc, _ in _rule(body)]
