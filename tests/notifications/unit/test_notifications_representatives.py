"""Representatives routing named (issue 18): a copy of every letter the complainant gets,
addressed from the case; notifications decides none of it."""

from __future__ import annotations

import pytest

from services.notifications.config import EXAMPLE_DIRECTORY
from services.notifications.domain import (
    CaseView,
    NoContactAddress,
    load_directory,
    render,
    resolve_recipient,
)
from tests.notifications.unit.builders import deadline, lifecycle, responded, routed, run, sent

ADVOCATE = {"kind": "advocate", "name": "Sam Advocate", "contact": "sam.advocate@example.org",
            "authorised": True}
CHILD = {"name": "Jordan Lee", "contact": "jordan.lee@example.org", "is_child": True}


def test_an_authorised_advocate_gets_each_letter_the_child_gets() -> None:
    ev = routed("children", complainant={**CHILD, "represented_by": ADVOCATE})
    _, letters = run(ev, deadline(ev), lifecycle(ev, "acknowledged"),
                     *responded(ev)[1:])
    mine = [t for k, _, t in sent(letters) if k == "complainant"]
    theirs = [t for k, _, t in sent(letters) if k == "representative"]
    assert mine == theirs == ["acknowledgement", "decision"]
    letter = next(x for x in letters if x.recipient_kind == "representative")
    assert letter.address_key == "representative"
    view = CaseView.from_routed(ev)
    address = resolve_recipient("representative", view, load_directory(EXAMPLE_DIRECTORY))
    assert (address.name, address.email) == ("Sam Advocate", "sam.advocate@example.org")
    assert "Jordan Lee" in render(letter).body


def test_a_representative_without_authority_gets_nothing() -> None:
    ev = routed("children", complainant={**CHILD, "represented_by": {**ADVOCATE,
                                                                     "authorised": False}})
    _, letters = run(ev, deadline(ev), lifecycle(ev, "acknowledged"))
    assert sent(letters, "representative") == []


def test_a_confidential_childs_advocate_is_still_written_to() -> None:
    ev = routed("children", confidential=True,
                complainant={**CHILD, "represented_by": ADVOCATE})
    _, letters = run(ev, deadline(ev), lifecycle(ev, "acknowledged"))
    assert ("representative", "representative", "acknowledgement") in sent(letters)


def test_a_representative_with_only_a_postal_address_has_no_email_address() -> None:
    """Email delivery cannot reach them: the letter fails loudly (post is the delivery
    layer's to add), never quietly."""
    rep = {**ADVOCATE, "contact": None, "address": {"lines": ["1 Main St"], "postcode": "A1"}}
    ev = routed("children", complainant={**CHILD, "represented_by": rep})
    [r] = [r for r in ev.recipients if r.kind == "representative"]
    assert r.address is not None and r.contact is None
    with pytest.raises(NoContactAddress, match="representative"):
        resolve_recipient("representative", CaseView.from_routed(ev),
                          load_directory(EXAMPLE_DIRECTORY))
