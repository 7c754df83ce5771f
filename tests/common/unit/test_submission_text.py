"""Issue 21: what can reach a mail header is one line, and a contact that looks like an
email address is exactly one valid address. Names in every script are still taken."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from common.contracts.submission import AT_INTAKE, NOT_SINGLE_LINE, Submission
from tests.support.submissions import dso_service_delivery

# Every one-line field a partner sends, as a path into the body, and how to set it.
ONE_LINE_FIELDS = [
    "complainant.name",
    "complainant.contact",
    "complainant.detained_person_ref",
    "complainant.represented_by.name",
    "complainant.represented_by.contact",
    "subject",
    "aspects.0.officers_named.0",
    "location.establishment",
    "location.provider",
    "location.local_authority",
    "attachments.0.name",
    "attachments.0.media_type",
]
BREAKS = ["\r\n", "\n", "\r", "\x00", "\t", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]


def body_with(path: str, value: str) -> dict[str, Any]:
    body = dso_service_delivery()
    body["complainant"]["represented_by"] = {
        "kind": "advocate",
        "name": "Jo Advocate",
        "contact": "jo@example.org",
    }
    body["aspects"][0]["officers_named"] = ["Officer Dent"]
    body["attachments"] = [
        {"name": "letter.pdf", "media_type": "application/pdf", "sha256": "0" * 64, "size": 1}
    ]
    *parents, last = path.split(".")
    here: Any = body
    for part in parents:
        here = here[int(part)] if part.isdigit() else here[part]
    here[int(last) if last.isdigit() else last] = value
    return body


def errors_of(body: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        Submission.model_validate(body, context={AT_INTAKE: True})
    except ValidationError as exc:
        return [(".".join(str(p) for p in e["loc"]), e["type"]) for e in exc.errors()]
    return []


@pytest.mark.parametrize("path", ONE_LINE_FIELDS)
@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(b[0]):04X}" for b in BREAKS])
def test_a_line_break_or_control_character_is_refused_naming_the_field(path: str, brk: str) -> None:
    value = f"Eve{brk}Bcc: x"
    assert errors_of(body_with(path, value)) == [(path, "single-line")]


def test_the_header_injection_from_the_report_is_refused() -> None:
    body = body_with("complainant.name", "Eve\r\nBcc: x@y")
    with pytest.raises(ValidationError) as refused:
        Submission.model_validate(body, context={AT_INTAKE: True})
    (error,) = refused.value.errors()
    assert error["type"] == "single-line" and "U+000D" in error["msg"]


def test_free_text_keeps_its_lines() -> None:
    body = dso_service_delivery()
    body["aspects"][0]["text"] = "First paragraph.\r\n\r\nSecond paragraph,\tindented."
    assert errors_of(body) == []


@pytest.mark.parametrize(
    "contact",
    [
        "a@example.org,b@example.org",
        "a@example.org b@example.org",
        "a@example.org;b@example.org",
        "Amal <amal@example.org>",
        "amal@",
        "@example.org",
        "amal@localhost",
        "amal@@example.org",
        "amal@example..org",
    ],
)
@pytest.mark.parametrize("path", ["complainant.contact", "complainant.represented_by.contact"])
def test_a_contact_that_is_not_one_email_address_is_refused(path: str, contact: str) -> None:
    assert errors_of(body_with(path, contact)) == [(path, "email")]


@pytest.mark.parametrize(
    "contact",
    [
        "amal.haddad@example.org",
        "Amal.O'Neill+complaints@example.org",
        "siân@example.org",
        "ceri@enghraifft.cymru",
        "01632 960001",
        "+44 1632 960001",
        "c/o Ashgrove IRC, Unit 4, Example Road, Slough SL1 1AA",
    ],
)
def test_a_valid_address_a_phone_number_or_an_address_on_one_line_is_kept(contact: str) -> None:
    body = body_with("complainant.contact", contact)
    assert errors_of(body) == []
    assert Submission.model_validate(body, context={AT_INTAKE: True}).complainant.contact == contact


def test_a_submission_accepted_before_these_rules_can_still_be_read() -> None:
    """Outside intake (an event on the way, a stored case) nothing is refused later."""
    body = body_with("complainant.name", "Eve\r\nBcc: x@y")
    body["complainant"]["contact"] = "a@example.org,b@example.org"
    assert errors_of(body)  # refused at intake
    read = Submission.model_validate(body)
    assert read.complainant.contact == "a@example.org,b@example.org"


NAMES = [
    "王秀英",  # Chinese
    "محمد عبد الله",  # Arabic
    "Ольга Петрова",  # Cyrillic
    "Siân Ó Briain",  # Irish fadas
    "Seán Ó Súilleabháin",
    "Llŷr ap Gruffydd",  # Welsh
    "Dafydd ab Ŵyn",
    "Zoë D'Arcy-Smith",
    "Nguyễn Thị Minh Khai",
    "श्री गणेश",
    "Ṣọlá Adébáyọ̀",
]


@pytest.mark.parametrize("name", NAMES)
def test_names_in_every_script_are_accepted(name: str) -> None:
    for path in (
        "complainant.name",
        "complainant.represented_by.name",
        "aspects.0.officers_named.0",
    ):
        body = body_with(path, name)
        assert errors_of(body) == [], path


# Any printable text: letters, marks, numbers, punctuation, symbols and spaces of every
# script, but no control characters and no line or paragraph separators.
PRINTABLE = st.characters(
    categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters="\x85\u2028\u2029"
)


@settings(max_examples=300, deadline=None)
@given(st.text(PRINTABLE, min_size=1, max_size=80).filter(lambda t: t.strip()))
def test_any_printable_name_is_accepted(name: str) -> None:
    body = body_with("complainant.name", name)
    assert errors_of(body) == []
    assert (
        Submission.model_validate(body, context={AT_INTAKE: True}).complainant.name == name.strip()
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(PRINTABLE, max_size=20),
    st.characters(categories=["Cc", "Zl", "Zp"]),
    st.text(PRINTABLE, min_size=1, max_size=20).filter(lambda t: t.strip()),
)
def test_any_name_with_a_control_character_inside_is_refused(
    before: str, control: str, after: str
) -> None:
    name = f"X{before}{control}{after}"
    assert NOT_SINGLE_LINE.search(name)
    assert errors_of(body_with("complainant.name", name)) == [("complainant.name", "single-line")]
