"""The optional extra Submission fields that routing acts on (the "flags").

`Submission` keeps unknown fields (``extra="allow"``), so partners may send these without a
schema change. Each flag is listed here once, with where it lives and what it means; a
procedure file names the flags it honours (``flags:``), the loader refuses a name that is
not in this catalogue, and routing refuses a submission that sets a flag its procedure does
not honour (a silently ignored ``criminal: true`` would be a referral never made).
`procedures/README.md` documents the same table for partners.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["submission", "aspect"]
Kind = Literal["bool", "text", "refs", "choice"]


@dataclass(frozen=True)
class FlagSpec:
    """One extra field: where it lives, its type and what setting it means."""

    name: str
    level: Level
    kind: Kind
    meaning: str
    choices: tuple[str, ...] = ()


_SPECS = (
    FlagSpec("local_resolution", "submission", "bool",
             "dso: relatively minor, easily resolved, little or no investigation"),
    FlagSpec("criminal", "aspect", "bool",
             "the aspect alleges a crime: referred to the police"),
    FlagSpec("complex", "submission", "bool", "spso: complex enough to need an investigation"),
    FlagSpec("serious", "submission", "bool", "spso: serious (straight to stage 2)"),
    FlagSpec("high_risk", "submission", "bool", "spso: high-risk (straight to stage 2)"),
    FlagSpec("refuses_stage1", "submission", "bool",
             "spso: the complainant refuses to engage at the frontline"),
    FlagSpec("dissatisfied_after_stage1", "submission", "bool",
             "spso: a stage 1 response was given and the complainant asks for stage 2"),
    FlagSpec("access_restricted", "submission", "bool",
             "spso: the complainant's access to the procedure is restricted"),
    FlagSpec("third_party", "submission", "bool",
             "hmip: from a third party not directly involved in the inspection"),
    FlagSpec("about_probation_service", "submission", "bool",
             "hmip: a service user or victim complaining about a YOT or probation service"),
    FlagSpec("previously_investigated", "submission", "bool",
             "hmip: the matter was previously investigated by the Inspectorate"),
    FlagSpec("legal_proceedings", "submission", "bool",
             "hmip: subject of, or related to, (potential) legal proceedings"),
    FlagSpec("early_resolution", "submission", "bool",
             "hmip: a concern raised to be resolved informally at step 1 (lead inspector, "
             "then Head of Programme), not yet a formal complaint"),
    FlagSpec("submitted_with", "submission", "refs",
             "hmip: partner_refs of complaints submitted at the same time (merge hint)"),
    FlagSpec("late_accepted_reason", "submission", "text",
             "why a complaint outside the time limit is considered anyway (recorded)"),
    FlagSpec("childrens_home", "submission", "bool",
             "children: the provider aspects concern a children's home"),
    FlagSpec("representation_type", "submission", "choice",
             "children: not a complaint; recorded, not run", ("compliment", "representation")),
    FlagSpec("purchased_by_authority", "submission", "bool",
             "children: about an individual for whom the local authority purchases services "
             "(a care-home standards aspect then stays with the authority)"),
    # children's exemptions, each on the aspect it concerns: the rest of a complaint goes on
    FlagSpec("about_school", "aspect", "bool", "children: the aspect is against a school"),
    FlagSpec("child_protection_conference_decision", "aspect", "bool",
             "children: the aspect challenges a decision to place a child on the child "
             "protection register or taken at a conference (not the conference's process)"),
    FlagSpec("staff_grievance", "aspect", "bool",
             "children: a staff grievance (conditions of service, management, support)"),
    FlagSpec("staff_disciplinary", "aspect", "bool",
             "children: a matter for the staff disciplinary procedure"),
    FlagSpec("guardian_ad_litem", "aspect", "bool",
             "children: the aspect is about the Guardian ad Litem service"),
    FlagSpec("care_home_standards", "aspect", "bool",
             "children: standards of care in a regulated care home (a provider aspect): "
             "a matter for the regulator unless purchased_by_authority"),
    FlagSpec("private_self_funding", "aspect", "bool",
             "children: a service the person arranges and pays for privately"),
    FlagSpec("non_social_care", "aspect", "bool",
             "children: about a council service that is not social care"),
    FlagSpec("court_order_appeal", "aspect", "bool",
             "children: an appeal against a Court order (not how the case was handled)"),
    FlagSpec("section7_report", "aspect", "bool",
             "children: the aspect concerns a Section 7 report (excluded only when the whole "
             "complaint does)"),
)

FLAGS: dict[str, FlagSpec] = {spec.name: spec for spec in _SPECS}
