"""dso routing (seed 000, "DSO on a page"): categories, healthcare by nation, cross-cutting split.

- ``local_resolution: true`` -> one strand resolved on the spot by any staff member.
- Healthcare aspects alone: England -> the NHS provider, Home Office records dates only;
  Scotland / Northern Ireland -> the local healthcare manager, with only the complainant's
  details and the subject going to DS Complaints and the IMB, marked "healthcare complaint".
- Other aspects: the most serious category present decides the strand (serious misconduct
  -> PSU, 12 weeks; minor misconduct or service delivery -> the supplier, 20 working days).
- Both together ("cross-cutting"): two strands, the healthcare aspects to the onsite
  healthcare manager and the rest to the DS Complaints Team, each with its own clocks.
  Serious misconduct stays the PSU's in every combination ("allocated to Professional
  Standards Unit for investigation"): beside healthcare its strand is owned by the PSU and
  DS Complaints gets a copy (the complaint is "copied to both the onsite healthcare manager
  and DS Complaints Team"), so reminders and breach notices go to the PSU.
- ``aspects[i].criminal: true`` (serious misconduct only) -> referred to the police.
"""

from __future__ import annotations

from typing import Any

from common.contracts.events import FieldError
from common.contracts.submission import AspectKind, Nation, Submission
from services.routing.domain.context import RoutingContext
from services.routing.domain.rules.base import RuleSet

_SEVERITY = ("serious-misconduct", "minor-misconduct", "service-delivery")
_DEVOLVED = (Nation.SCOTLAND, Nation.NORTHERN_IRELAND)


def check(
    submission: Submission, flags: dict[str, Any], aspect_flags: list[dict[str, Any]]
) -> list[FieldError]:
    """Local resolution is never for serious misconduct; criminal allegations are serious."""
    errors = []
    kinds = [a.kind for a in submission.aspects]
    if flags.get("local_resolution") and AspectKind.SERIOUS_MISCONDUCT in kinds:
        errors.append(
            FieldError(
                field="local_resolution",
                rule="local-resolution-minor-only",
                message="serious misconduct is a formal complaint for the PSU, never local "
                "resolution (seed 000 'Local resolution': 'relatively minor')",
            )
        )
    for i, af in enumerate(aspect_flags):
        if af.get("criminal") and kinds[i] is not AspectKind.SERIOUS_MISCONDUCT:
            errors.append(
                FieldError(
                    field=f"aspects[{i}].criminal",
                    rule="criminal-is-serious-misconduct",
                    message=f"a criminal allegation is serious misconduct, not {kinds[i]} "
                    "(seed 000 'Serious misconduct': 'criminal allegations referred to "
                    "police'); send it with kind serious-misconduct",
                )
            )
    return errors


def route(ctx: RoutingContext) -> None:
    """Local resolution, or formal strands split by healthcare (see the module docstring)."""
    active = ctx.active_aspects
    if ctx.flag("local_resolution"):
        ctx.add_strand(
            stage="local_resolution",
            category="local-resolution",
            aspects=active,
            because="partner marked it relatively minor and easily resolved",
        )
        ctx.copy("imb_copy_on_formal", strand=ctx.strands[-1])
        return
    health = ctx.aspects_of("healthcare")
    rest = [i for i in active if i not in health]
    cross = bool(health and rest)
    if cross:
        ctx.fire(
            "cross_cutting",
            f"healthcare aspects {health} and other aspects {rest}: "
            "split, each area acknowledges its own aspects with its own target date",
            'seed 000 "Cross-cutting complaints"',
        )
    if rest:
        _formal(ctx, rest, cross)
    if health:
        _healthcare(ctx, health, cross)


def _formal(ctx: RoutingContext, aspects: list[int], cross: bool) -> None:
    kinds = {str(ctx.aspect(i).kind) for i in aspects}
    category = next((k for k in _SEVERITY if k in kinds), "service-delivery")
    stage = ctx.procedure.category(category).stage
    assert stage is not None
    serious = category == "serious-misconduct"
    # Serious misconduct is the PSU's (the stage's owner) even beside healthcare.
    owner = "ds-complaints" if cross and not serious else None
    because = f"most serious aspect is {category}"
    if cross:
        because += "; the non-healthcare aspects of a cross-cutting complaint"
        if serious:
            because += ", owned by the PSU and copied to DS Complaints"
    strand = ctx.add_strand(
        stage=stage,
        category=category,
        aspects=aspects,
        because=because,
        owner=owner,
        flags=["dco_certification_review"] if serious else [],
    )
    ctx.copy("imb_copy", strand=strand)
    if serious:
        if cross:
            ctx.copy("cross_cutting_ds_complaints", strand=strand)
        ctx.copy("response_to_ie_manager", strand=strand)
    else:
        ctx.copy("response_to_ds_complaints", strand=strand)
        if ctx.submission.location.provider:
            ctx.copy("supplier_investigates", strand=strand)
    ctx.copy("response_to_imb", strand=strand)
    criminal = [i for i in aspects if ctx.aspect_flag(i, "criminal")]
    if criminal:
        ctx.refer("criminal_allegation", aspects=criminal, strand=strand)


def _healthcare(ctx: RoutingContext, aspects: list[int], cross: bool) -> None:
    if ctx.submission.nation in _DEVOLVED:
        strand = ctx.add_strand(
            stage="healthcare_devolved",
            category="healthcare",
            aspects=aspects,
            owner="healthcare-manager",
            minimal=True,
            flags=["healthcare_complaint_marking"],
            because="healthcare in Scotland or Northern Ireland: the Complaints Team logs it "
            "and gives a reference; only the complainant's details and the subject "
            "are passed on (minimal data)",
        )
        for rule in (
            "healthcare_notice_ds_complaints",
            "healthcare_notice_imb",
            "healthcare_outcome_ds_complaints",
            "healthcare_outcome_imb",
            "healthcare_outcome_ie_manager",
        ):
            ctx.copy(rule, strand=strand)
        # The minimal marking is for DS Complaints and the IMB; the local healthcare
        # manager investigates, so the referral carries the healthcare points.
        ctx.refer("local_healthcare_manager", aspects=aspects, strand=strand)
    elif cross:
        strand = ctx.add_strand(
            stage="healthcare_england",
            category="healthcare",
            aspects=aspects,
            owner="healthcare-manager",
            flags=["nhs_procedure"],
            because="healthcare aspects of a cross-cutting complaint in England go "
            "to the onsite healthcare manager",
            source='seed 000 "Cross-cutting complaints"',
        )
        ctx.copy("onsite_healthcare_manager", strand=strand)
    else:
        strand = ctx.add_strand(
            stage="healthcare_england",
            category="healthcare",
            aspects=aspects,
            flags=["dates_only", "not_monitored"],
            because="healthcare only, in England: the Home Office records the date of the "
            "complaint and the date received, and monitors it no further",
        )
        ctx.refer("nhs_provider", aspects=aspects, strand=strand)


RULES = RuleSet(route=route, check=check)
