"""What a procedure's rules module provides, and the default for a procedure without one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from common.contracts.events import FieldError
from common.contracts.submission import Submission
from services.routing.domain.context import RoutingContext

Check = Callable[[Submission, dict[str, Any], list[dict[str, Any]]], list[FieldError]]


def no_checks(
    submission: Submission, flags: dict[str, Any], aspect_flags: list[dict[str, Any]]
) -> list[FieldError]:
    return []


def nothing(ctx: RoutingContext) -> None:
    return None


def route_entry_stage(ctx: RoutingContext) -> None:
    """One strand at the entry stage with every aspect, in the stage's first category."""
    procedure = ctx.procedure
    stage = procedure.entry_stage
    assert stage is not None  # a complaints procedure always has one (schema)
    categories = [c for c in procedure.categories if c.stage in (stage, None)]
    if not categories:
        raise KeyError(f"{procedure.name}: no category for entry stage {stage!r}")
    ctx.add_strand(
        stage=stage,
        category=categories[0].name,
        aspects=ctx.active_aspects,
        because="every aspect at the procedure's entry stage",
    )


@dataclass(frozen=True)
class RuleSet:
    """``check`` refuses contradictory input; ``safeguard`` runs even for an excluded
    complaint (a child-protection referral is never skipped); ``route`` makes the strands."""

    route: Callable[[RoutingContext], None] = route_entry_stage
    check: Check = no_checks
    safeguard: Callable[[RoutingContext], None] = nothing
