"""The routing rules of a procedure: exclusions, referrals and copies.

`Exclusion`: a matter the procedure does not deal with (its trigger, `ExclusionWhen`, and
where the complainant goes instead). `Referral` and `Copy`: who else is sent the case or a
letter about it (`BodyKind`), with what data, when. Part of the procedure file format
(`procedures.schema`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from common.contracts.submission import AspectKind
from procedures.fields import Name, Source, Strict, TimescaleField


class ExclusionWhen(Strict):
    """Exactly one trigger: a submission flag set, aspects carrying an aspect flag, aspects of
    a kind, or the time limit missed.

    ``wholly``: an aspect trigger that excludes only when it covers every aspect still in
    scope; otherwise the aspects stay in, as part of the wider complaint. ``unless_flag``: a
    submission flag that, when set, keeps the matter in scope.
    """

    flag: str | None = None
    aspect_flag: str | None = None
    aspect_kind: AspectKind | None = None
    out_of_time: bool = False
    wholly: bool = False
    unless_flag: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ExclusionWhen:
        triggers = [self.flag, self.aspect_flag, self.aspect_kind]
        if sum(t is not None for t in triggers) + self.out_of_time != 1:
            raise ValueError(
                "when: give exactly one of flag, aspect_flag, aspect_kind, out_of_time: true"
            )
        if self.wholly and self.aspect_flag is None and self.aspect_kind is None:
            raise ValueError("wholly: only an aspect_flag or aspect_kind trigger can be wholly")
        return self

    @property
    def per_aspect(self) -> bool:
        return self.aspect_flag is not None or self.aspect_kind is not None


class Exclusion(Strict):
    rule: Name
    when: ExclusionWhen
    reason: str
    # Where the complainant should go instead, said in the letter that answers the
    # exclusion (seed 001 §3 "we will write to you to explain why"; seed 002 ¶11 signposting).
    signpost: str = Field(min_length=1)
    # Why matched aspects stay in scope when the rule does not exclude them (``when.wholly``
    # and a wider complaint, or ``when.unless_flag`` set): recorded in the explanation.
    kept: str | None = None
    referral: str | None = None  # a referral rule fired with the exclusion (signposting)
    source: Source

    @model_validator(mode="after")
    def _kept(self) -> Exclusion:
        keeps = self.when.wholly or self.when.unless_flag is not None
        if keeps and not self.kept:
            raise ValueError(
                "kept: required when when.wholly or when.unless_flag can keep aspects in scope"
            )
        if self.kept and not keeps:
            raise ValueError("kept: only for a rule with when.wholly or when.unless_flag")
        return self


# The kinds of body a copy or referral goes to (issue 18): notifications addresses each
# through its directory entry for the case (`services.notifications.domain.recipients`).
BodyKind = Literal[
    "imb",
    "ds_complaints",
    "ie_manager",
    "provider",
    "psu",
    "police",
    "social_care",
    "healthcare_manager",
    "care_management",
    "contract_monitoring",
    "school",
    "officer",
    "mp",
    "cco",
    "complainant",
]


class Referral(Strict):
    rule: Name
    to: str
    kind: BodyKind  # who receives it (``complainant``: signposting, not a body)
    letter: str = "referral"  # its template
    urgency: Literal["immediate", "prompt", "within", "normal"] = "normal"
    within: TimescaleField | None = None
    reason: str
    data_shared: list[str] = Field(default_factory=list)
    # The data the body may see (`common.contracts.events.RecipientData`).
    data: Literal["concern", "relevant", "complaint", "none"] = "concern"
    # Held until the Complaints Manager confirms the release (children seed 004: "confirmed
    # by the Complaints Manager with the child or young person before releasing").
    release: bool = False
    # The complainant is told the referral was made (children seed 004: "The local authority
    # should also inform the child"), when the body itself is sent it.
    inform_complainant: bool = False
    source: Source

    @model_validator(mode="after")
    def _within(self) -> Referral:
        if (self.urgency == "within") != (self.within is not None):
            raise ValueError("within: give a timescale exactly when urgency is 'within'")
        return self


class Copy(Strict):
    rule: Name
    to: str
    kind: BodyKind  # who receives it
    letter: str = "copy"  # its template (or ``position``: an MP's letters)
    when: Literal["on_receipt", "on_routing", "with_response", "on_outcome", "on_formal"]
    consent: Literal["imb_copy", "share_with_provider"] | None = None
    marking: str | None = None
    data_shared: list[str] = Field(default_factory=list)
    # The data the body may see (`common.contracts.events.RecipientData`).
    data: Literal["complaint", "relevant", "minimal", "position", "outcome"] = "complaint"
    # Only the strand's aspects of these kinds (none listed: every aspect of the strand).
    aspect_kinds: list[AspectKind] = Field(default_factory=list)
    # Sent with the referral of this rule, showing its parts (children seed 004: the parts
    # for the registered provider "should also be sent to ... care management team").
    with_referral: Name | None = None
    source: Source
