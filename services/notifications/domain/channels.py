"""How a letter reaches a person: by email, by post, or by hand through the establishment.

Seed 004 asks that the complainant be "kept informed at all stages", and seed 000 that a
detained person be answered in writing; many of them have no email address. The channel
is chosen per recipient (`choose`) from what the person gave (an email address, a postal
address, the establishment they are held or live in) and their stated preference:

1. the channel they prefer, when they gave what it needs;
2. otherwise email, when they gave an email address;
3. otherwise by hand, through the complaints clerk of the establishment on the case, for
   a detained person or a child (a detention centre, a children's home);
4. otherwise post, to the postal address they gave;
5. otherwise by hand through the establishment on the case, if there is one.

None of these: `Unreachable`, and the letter goes to the fallback desk of its procedure
and nation with the reason, so a person who can act gets it (as referrals do).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from common.contracts.submission import Complainant, PostalAddress, Representative
from services.notifications.domain.errors import NotificationsError

EMAIL, POST, HAND = "email", "post", "hand"
RouteName = Literal["email", "post", "hand"]


class Unreachable(NotificationsError):
    """The person gave nothing any channel can use (no email, no postal address, no
    establishment on the case)."""


class Route(BaseModel):
    """The chosen channel for one person, and why, in words for the case file."""

    model_config = ConfigDict(frozen=True)

    channel: RouteName
    why: str
    name: str = ""
    email: str | None = None
    postal: PostalAddress | None = None
    establishment: str | None = None

    @property
    def on_paper(self) -> bool:
        return self.channel != EMAIL


def _email(person: Complainant | Representative) -> str | None:
    contact = (person.contact or "").strip()
    return contact if "@" in contact else None


def choose(person: Complainant | Representative, *, establishment: str | None = None) -> Route:
    """The channel for ``person`` (see the module docstring); raises `Unreachable`."""
    name = person.name or "Complainant"
    email, postal = _email(person), person.address
    held = isinstance(person, Complainant) and bool(person.detained_person_ref or person.is_child)
    est = (establishment or "").strip() or None
    usable = {
        EMAIL: email is not None,
        POST: postal is not None,
        HAND: est is not None,
    }
    base = {"name": name, "email": email, "postal": postal, "establishment": est}
    preferred = str(person.prefers) if person.prefers else None
    if preferred and usable.get(preferred):
        return Route(channel=preferred, why=f"{_words(preferred, est)}, as they asked", **base)  # type: ignore[arg-type]
    unmet = f"they asked for {preferred} but gave no {_needs(preferred)}; " if preferred else ""
    if usable[EMAIL]:
        return Route(channel=EMAIL, why=f"{unmet}by email", **base)  # type: ignore[arg-type]
    if held and usable[HAND]:
        why = f"{unmet}no email; {_words(HAND, est)}"
        return Route(channel=HAND, why=why, **base)  # type: ignore[arg-type]
    if usable[POST]:
        return Route(channel=POST, why=f"{unmet}no email; by post", **base)  # type: ignore[arg-type]
    if usable[HAND]:
        why = f"{unmet}no email or postal address; {_words(HAND, est)}"
        return Route(channel=HAND, why=why, **base)  # type: ignore[arg-type]
    raise Unreachable(
        f"{unmet}no email address, no postal address and no establishment on the case: "
        "no way to send the letter"
    )


def _words(channel: str, establishment: str | None) -> str:
    if channel == HAND:
        return f"by hand through the complaints clerk of {establishment}"
    return f"by {channel}"


def _needs(channel: str | None) -> str:
    return {
        EMAIL: "email address",
        POST: "postal address",
        HAND: "establishment on the case",
    }.get(channel or "", "address")
