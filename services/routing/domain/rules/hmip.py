"""hmip routing (seed 001): a formal complaint (Step 2) to an Investigating Officer.

Exclusions (third party, service user or victim about a YOT / probation service, policy
disagreement, previously investigated, legal proceedings, out of time) are data in
`procedures/data/hmip.yaml` and applied before this runs. Here: the category (staff conduct
when a member of staff is complained about, who is then informed and asked to comment) and
the merge hint for complaints submitted together.
"""

from __future__ import annotations

from services.routing.domain.context import RoutingContext
from services.routing.domain.rules.base import RuleSet

_CONDUCT = ("minor-misconduct", "serious-misconduct")


def route(ctx: RoutingContext) -> None:
    """One Step 2 strand: staff conduct or service; merge hint when submitted together."""
    aspects = ctx.active_aspects
    conduct = ctx.aspects_of(*_CONDUCT)
    category = "staff-conduct" if conduct else "service"
    flags = ["staff_to_comment"] if conduct else []
    together = ctx.flag("submitted_with") or []
    if together:
        flags.append("merge_candidate")
    because = (
        "a member of staff is complained about"
        if conduct
        else "about the way the Inspectorate carried out its work"
    )
    strand = ctx.add_strand(
        stage="formal_complaint",
        category=category,
        aspects=aspects,
        flags=flags,
        because=f"formal complaint (Step 2), {because}",
    )
    if conduct:
        ctx.copy("staff_informed", strand=strand)
    if together:
        ctx.fire(
            "single_investigation",
            f"submitted together with {', '.join(together)}: may be merged into a single "
            "investigation with a single response",
            'seed 001 §4 Step 2.4 — "we may choose to undertake a single investigation"',
        )


RULES = RuleSet(route=route)
