"""hmip routing (seed 001): a formal complaint (Step 2) to an Investigating Officer, or a
concern for early resolution (Step 1) with the lead inspector when the submission says so.

Seed 001 §4 Step 1: "Some concerns can be resolved informally ... These issues should be
raised with the individuals involved"; Step 2: "If your concern ... has not been resolved at
step 1, you can raise a formal complaint". A complaint logged with the Inspectorate is the
formal complaint Step 2 describes ("We will log the complaint and acknowledge its receipt"),
so that is the default; ``early_resolution: true`` marks a concern raised to be resolved
informally first (during an inspection, with the lead inspector, then the Head of
Programme). Step 1 has no time limit: the 10 working days are the formal complaint's (Step
2.1), so the out-of-time exclusion keeps such a concern in (``unless_flag`` in the file).

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
    """One Step 2 strand: staff conduct or service; merge hint when submitted together. Or
    one Step 1 strand for a concern marked for early resolution."""
    aspects = ctx.active_aspects
    if ctx.flag("early_resolution"):
        ctx.add_strand(
            stage="early_resolution",
            category="early-resolution",
            aspects=aspects,
            because="early resolution (Step 1): the concern is raised to be resolved "
            "informally with the lead inspector, then the Head of Programme",
        )
        ctx.fire(
            "early_resolution",
            "Step 1: resolved informally if it can be; if not, the complainant may make a "
            "formal complaint (Step 2) with new evidence why the step 1 conclusion is wrong",
            'seed 001 §4 Step 1 — "Some concerns can be resolved informally"',
        )
        return
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
