"""Checks on a whole procedure file: names that must exist, names that must be unique.

Each problem names the field it is about (``stages[1].owner``); `Procedure` raises them
together so one load reports everything wrong with a file.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from procedures.flags import FLAGS

if TYPE_CHECKING:
    from procedures.schema import Procedure, Stage


def _duplicates(names: list[str], field: str) -> list[str]:
    return [f"{field}: duplicate name {n!r}" for n, count in Counter(names).items() if count > 1]


def kind_problems(p: Procedure) -> list[str]:
    if p.kind == "good-practice":
        bad = [f for f in ("stages", "entry_stage", "includes") if getattr(p, f)]
        problems = [f"{f}: a good-practice procedure has no {f}" for f in bad]
        if p.good_practice is None:
            problems.append("good_practice: required when kind is 'good-practice'")
        return problems
    problems = [] if p.stages else ["stages: a complaints procedure needs at least one stage"]
    if p.entry_stage is None:
        problems.append("entry_stage: required for a complaints procedure")
    if p.good_practice is not None:
        problems.append("good_practice: only a good-practice procedure has this section")
    return problems


def reference_problems(p: Procedure) -> list[str]:
    stages = {s.name for s in p.stages}
    owners = {o.id for o in p.owners}
    problems = _duplicates([s.name for s in p.stages], "stages")
    problems += _duplicates([o.id for o in p.owners], "owners")
    problems += _duplicates([c.name for c in p.categories], "categories")
    rules = [e.rule for e in p.exclusions] + [r.rule for r in p.referrals]
    rules += [c.rule for c in p.copies]
    problems += _duplicates(rules, "exclusions/referrals/copies rule")
    if p.entry_stage is not None and p.entry_stage not in stages:
        problems.append(f"entry_stage: unknown stage {p.entry_stage!r}")
    for i, s in enumerate(p.stages):
        at = f"stages[{i}]"
        if s.owner not in owners:
            problems.append(f"{at}.owner: unknown owner {s.owner!r} (owners: {sorted(owners)})")
        if s.next_stage is not None and s.next_stage not in stages:
            problems.append(f"{at}.next_stage: unknown stage {s.next_stage!r}")
        for name, clock in s.clocks.items():
            after = clock.starts.removeprefix("after:")
            if clock.starts.startswith("after:") and after not in s.clocks:
                problems.append(f"{at}.clocks.{name}.starts: unknown clock {after!r}")
        problems += _transition_problems(s, at, stages)
    for i, c in enumerate(p.categories):
        if c.stage is not None and c.stage not in stages:
            problems.append(f"categories[{i}].stage: unknown stage {c.stage!r}")
    for i, flag in enumerate(p.flags):
        if flag not in FLAGS:
            problems.append(f"flags[{i}]: unknown flag {flag!r} (see procedures/flags.py)")
    referrals = {r.rule for r in p.referrals}
    for i, e in enumerate(p.exclusions):
        for field, level in (
            ("flag", "submission"),
            ("aspect_flag", "aspect"),
            ("unless_flag", "submission"),
        ):
            problems += _exclusion_flag_problems(
                p, f"exclusions[{i}].when.{field}", getattr(e.when, field), level
            )
        if e.when.aspect_kind is not None and e.when.aspect_kind not in p.aspect_kinds:
            problems.append(f"exclusions[{i}].when.aspect_kind: {e.when.aspect_kind} not allowed")
        if e.when.out_of_time and p.time_limit is None:
            problems.append(f"exclusions[{i}].when.out_of_time: the procedure has no time_limit")
        if e.referral is not None and e.referral not in referrals:
            problems.append(f"exclusions[{i}].referral: unknown referral rule {e.referral!r}")
    return problems


def _transition_problems(s: Stage, at: str, stages: set[str]) -> list[str]:
    """Each transition goes to a known stage, after a clock of the stage; one per fact; the
    complainant's request goes where ``next_stage`` says, and a next stage needs one."""
    problems = _duplicates([t.fact for t in s.transitions], f"{at}.transitions fact")
    for k, t in enumerate(s.transitions):
        where = f"{at}.transitions[{k}]"
        if t.to not in stages:
            problems.append(f"{where}.to: unknown stage {t.to!r}")
        if t.to == s.name:
            problems.append(f"{where}.to: a transition must leave the stage {s.name!r}")
        if t.after is not None and t.after not in s.clocks:
            problems.append(f"{where}.after: unknown clock {t.after!r} of stage {s.name!r}")
        if t.fact == "escalated" and s.next_stage in stages and t.to != s.next_stage:
            problems.append(
                f"{where}.to: an escalation goes to next_stage {s.next_stage!r}, not {t.to!r}"
            )
    if s.next_stage is not None and s.transition("escalated") is None:
        problems.append(
            f"{at}.transitions: next_stage {s.next_stage!r} needs a transition with fact: escalated"
        )
    if s.final and s.transitions:
        problems.append(f"{at}.transitions: a final stage has no transitions")
    return problems


def _exclusion_flag_problems(p: Procedure, field: str, name: str | None, level: str) -> list[str]:
    """An exclusion's flag must be a true/false flag of the procedure, at the right level."""
    if name is None:
        return []
    spec = FLAGS.get(name)
    if spec is None:
        return [f"{field}: unknown flag {name!r} (see procedures/flags.py)"]
    problems = []
    if name not in p.flags:
        problems.append(f"{field}: {name!r} is not in flags")
    if spec.level != level:
        other = "aspect_flag" if spec.level == "aspect" else "flag"
        problems.append(f"{field}: {name!r} is set on the {spec.level} (use when.{other})")
    if spec.kind != "bool":
        problems.append(f"{field}: {name!r} is not a true/false flag ({spec.kind})")
    return problems
