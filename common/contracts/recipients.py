"""Who is told about a strand (issue 18: "who is told is decided once").

Routing decides every `Recipient` of a strand or referral and puts them on `case.routed`
and `case.referred` (`common.contracts.events`); notifications only addresses, renders and
delivers to them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.submission import LetterChannel, Needs, PostalAddress

# When a recipient's letter goes: when routing's event arrives (``on`` is ``case.routed`` or
# ``case.referred``); held until the Complaints Manager confirms the provider may have it
# (``case.provider-release-confirmed``, children seed 004); or on a later lifecycle event
# named in ``on`` (``case.responded``: response copies).
RecipientWhen = Literal["at_routing", "on_release", "on_event"]
# The data a recipient may see: ``full`` the complainant's own letters; ``complaint`` the
# complaint and its response (monitors); ``relevant`` the parts it deals with (``aspects``);
# ``minimal`` the complainant's details and the subject only (dso healthcare in Scotland and
# Northern Ireland); ``position`` the position and the response date (an MP); ``outcome``
# the outcome and response only; ``concern`` the concern referred; ``none`` no case content.
RecipientData = Literal[
    "full", "complaint", "relevant", "minimal", "position", "outcome", "concern", "none"
]
# The letter series notifications keeps a calendar for (which template on which lifecycle
# fact); any other ``letter`` is one template sent once, on ``on``.
SERIES = frozenset({"correspondence", "position", "comments", "alerts"})
# The lifecycle fact that releases a children's complaint to the provider (children seed 004).
RELEASE_FACT = "provider-release-confirmed"


class Recipient(BaseModel):
    """One recipient routing decided, with the rule that names it, the kind of body, the
    letter, when it goes and the data it may see. Notifications only addresses (the
    directory entry of ``kind`` for the case, or the person's own ``contact``/``address``),
    renders and delivers; it never decides who is told.

    ``letter``: a template (``copy``, ``response_copy``, ``referral``...) sent once, or a
    series (`SERIES`): ``correspondence`` (every letter the complainant is sent: the
    complainant and each authorised representative), ``position`` (an MP), ``comments``
    (officers named, asked to comment), ``alerts`` (reminders and breaches to the owning team,
    or the Children's Complaints Officer of a confidential complaint).
    ``aspects``: the indexes of the submission's aspects it may see (None: the strand's).
    ``consent``: the authority recorded for it, in words ("" when none is needed).
    ``name``/``contact``/``address``/``prefers``/``needs``: a person's own details (or a
    body's name), so delivery can choose the channel and the format.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    rule: str
    kind: str
    body: str = ""
    letter: str
    when: RecipientWhen = "at_routing"
    on: str = "case.routed"
    data: RecipientData = "full"
    aspects: list[int] | None = None
    marking: str | None = None
    update_kind: str | None = None
    strand: int | None = None
    referral: str | None = None
    urgency: str = "normal"
    consent: str = ""
    source: str = ""
    name: str | None = None
    contact: str | None = None
    address: PostalAddress | None = None
    prefers: LetterChannel | None = None
    needs: Needs = Field(default_factory=Needs)

    @property
    def series(self) -> bool:
        """Whether ``letter`` names a series of letters rather than one template."""
        return self.letter in SERIES

    @property
    def trigger(self) -> str:
        """The event that sends a one-off letter: ``on``, or the release when held."""
        return f"case.{RELEASE_FACT}" if self.when == "on_release" else self.on
