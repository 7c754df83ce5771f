"""code (seed 003), good practice applied on top of every procedure that includes it.

Officers named in a strand's aspects are sent its details and asked for comments within 3
working days (the ``officer_comments`` clock from `procedures/data/code.yaml`), and the
strand's outgoing letters are anonymised ("the officer", "Officer A"). Stages marked
``overlay: false`` (run outside the platform, e.g. dso healthcare under NHS procedures)
are left alone, and the explanation says so. Names never go into the explanation.
"""

from __future__ import annotations

from procedures.schema import Procedure
from services.routing.domain.context import RoutingContext

_CLOCK = "officer_comments"


def apply(ctx: RoutingContext, practice: Procedure) -> None:
    """Add the comments clock and anonymisation to strands whose aspects name officers."""
    assert practice.good_practice is not None
    clock = practice.good_practice.clocks[_CLOCK]
    anonymise = next(d for d in practice.good_practice.duties if d.rule == "anonymise_officers")
    for strand in ctx.strands:
        named = [a.index for a in strand.aspects if ctx.aspect(a.index).officers_named]
        if not named:
            continue
        count = len({o for i in named for o in ctx.aspect(i).officers_named})
        stage = ctx.procedure.stage(strand.stage)
        if not stage.overlay:
            ctx.fire(
                _CLOCK,
                f"strand {strand.strand}: {count} officer(s) named, but "
                f"{stage.title} is handled outside this procedure: no comments clock",
                stage.source,
            )
            continue
        strand.clocks.append(_CLOCK)
        strand.flags.append(anonymise.rule)
        ctx.fire(
            _CLOCK,
            f"strand {strand.strand}: {count} officer(s) named in aspects "
            f"{named}: send them the details and ask for comments within "
            f"{clock.timescale}",
            clock.source,
        )
        ctx.fire(anonymise.rule, f"strand {strand.strand}: {anonymise.text}", anonymise.source)
