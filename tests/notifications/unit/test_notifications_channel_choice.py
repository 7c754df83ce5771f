"""Issue 18: the channel for each person, from what they gave and what they prefer."""

from __future__ import annotations

import pytest

from common.contracts.submission import Complainant, Representative
from services.notifications.domain.channels import Unreachable, choose

EST = "Ashgrove IRC"
ADDRESS = {"lines": ["12 High Street", "Westshire"], "postcode": "WS1 2AB"}


def person(**fields) -> Complainant:  # type: ignore[no-untyped-def]
    return Complainant.model_validate({"name": "Amal Haddad", **fields})


@pytest.mark.parametrize(
    ("fields", "establishment", "channel", "why"),
    [
        ({"contact": "amal@example.org"}, EST, "email", "by email"),
        (
            {"contact": "amal@example.org", "prefers": "post", "address": ADDRESS},
            EST,
            "post",
            "as they asked",
        ),
        ({"contact": "amal@example.org", "prefers": "hand"}, EST, "hand", "as they asked"),
        # a preference they gave nothing for: said, then the usual order
        (
            {"contact": "amal@example.org", "prefers": "post"},
            EST,
            "email",
            "they asked for post but gave no postal address",
        ),
        # a detained person without email: by hand through the establishment's clerk
        ({"detained_person_ref": "AB123"}, EST, "hand", "complaints clerk of Ashgrove IRC"),
        ({"detained_person_ref": "AB123", "address": ADDRESS}, EST, "hand", "no email"),
        ({"is_child": True, "contact": "01234 567890"}, "Oak House", "hand", "Oak House"),
        # anyone else without email: post, else by hand where the case has an establishment
        ({"address": ADDRESS}, EST, "post", "by post"),
        ({"contact": "01234 567890"}, EST, "hand", "no email or postal address"),
    ],
)
def test_the_channel_is_chosen_from_what_the_person_gave(fields, establishment, channel, why):  # type: ignore[no-untyped-def]
    route = choose(person(**fields), establishment=establishment)
    assert route.channel == channel
    assert why in route.why


def test_a_person_no_channel_can_reach_is_refused_with_the_reason() -> None:
    with pytest.raises(Unreachable, match="no email address, no postal address and no establ"):
        choose(person(contact="01234 567890"), establishment=None)


def test_a_representative_is_reached_by_their_own_details() -> None:
    rep = Representative.model_validate(
        {"kind": "advocate", "name": "Jo Advocate", "address": ADDRESS, "prefers": "post"}
    )
    route = choose(rep, establishment=EST)
    assert (route.channel, route.name, route.postal.postcode) == ("post", "Jo Advocate", "WS1 2AB")  # type: ignore[union-attr]
