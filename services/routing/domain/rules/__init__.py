"""The registry: one rules module per procedure, one overlay per good-practice procedure.

A procedure without an entry here still routes, with the default `RuleSet` (one strand at
its entry stage); add a module only for what its YAML file cannot say.
"""

from __future__ import annotations

from collections.abc import Callable

from procedures.schema import Procedure
from services.routing.domain.context import RoutingContext
from services.routing.domain.rules import children, code, dso, hmip, spso
from services.routing.domain.rules.base import RuleSet

RULES: dict[str, RuleSet] = {
    "dso": dso.RULES,
    "hmip": hmip.RULES,
    "spso": spso.RULES,
    "children": children.RULES,
}

Overlay = Callable[[RoutingContext, Procedure], None]
OVERLAYS: dict[str, Overlay] = {"code": code.apply}


def rules_for(procedure: str) -> RuleSet:
    """The procedure's rules, or the default (one strand at the entry stage)."""
    return RULES.get(procedure, RuleSet())


def overlay_for(practice: str) -> Overlay:
    """How a good-practice procedure is applied to the strands of one that includes it."""
    if practice not in OVERLAYS:
        raise KeyError(f"no overlay module for good-practice procedure {practice!r}")
    return OVERLAYS[practice]


__all__ = ["OVERLAYS", "RULES", "RuleSet", "overlay_for", "rules_for"]
