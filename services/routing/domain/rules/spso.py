"""spso routing (seed 002 ¶5): stage 1 frontline response, or straight to stage 2.

Stage 2 at once when the complaint is complex, serious or high-risk (``complex``,
``serious``, ``high_risk``, or any serious-misconduct aspect), when the complainant refuses
to engage at the frontline (``refuses_stage1``) or is dissatisfied with a stage 1 response
already given (``dissatisfied_after_stage1``). Confidentiality limits (¶16) become flags.
"""

from __future__ import annotations

from services.routing.domain.context import RoutingContext
from services.routing.domain.rules.base import RuleSet

_STAGE2 = 'seed 002 ¶5 — "we will put the complaint into stage 2 straight away and skip stage 1"'
_ESCALATED = (
    'seed 002 ¶5 Stage 2 — "not satisfied with the frontline response, or refuses '
    'to engage at the frontline"'
)
_CONFIDENTIAL = 'seed 002 ¶16 — "a response to a complaint may be limited by confidentiality"'


def route(ctx: RoutingContext) -> None:
    """One strand, at stage 1 or straight at stage 2, with the confidentiality flags."""
    aspects = ctx.active_aspects
    complex_because = [f for f in ("complex", "serious", "high_risk") if ctx.flag(f)]
    if ctx.aspects_of("serious-misconduct"):
        complex_because.append("serious-misconduct aspect")
    escalated_because = [f for f in ("refuses_stage1", "dissatisfied_after_stage1") if ctx.flag(f)]
    if complex_because:
        category, stage, source = "complex", "investigation", _STAGE2
        because = f"straight to stage 2, stage 1 skipped: {', '.join(complex_because)}"
    elif escalated_because:
        category, stage, source = "escalated", "investigation", _ESCALATED
        because = f"stage 2: {', '.join(escalated_because)}"
    else:
        category, stage, source = "straightforward", "frontline_response", ""
        because = "straightforward: frontline response (most complaints are handled at stage 1)"
    flags = []
    if ctx.aspects_of("minor-misconduct", "serious-misconduct"):
        flags.append("staff_details_withheld")
        ctx.fire(
            "staff_confidentiality",
            "a staff member is complained about: if upheld, the "
            "complainant is told it is upheld without details affecting the staff member",
            _CONFIDENTIAL,
        )
    if ctx.aspects_of("child-protection"):
        flags.append("safety_findings_withheld")
        ctx.fire(
            "safety_confidentiality",
            "a concern about a child's or adult's safety: we check "
            "it was properly dealt with but share no details of our findings",
            _CONFIDENTIAL,
        )
    ctx.add_strand(
        stage=stage, category=category, aspects=aspects, because=because, source=source, flags=flags
    )


RULES = RuleSet(route=route)
