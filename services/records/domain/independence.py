"""Who may investigate, review, sit beside or sit on a panel for a complaint: the seeds'
independence rules, pure. Each check returns the refusals it finds (`Conflict`, naming
the rule and the seed sentence); the commands raise `NotIndependent` with all of them.

What the platform can see, it checks: the people named in the complaint (the aspects'
``officers_named``) and everyone the file records at an earlier stage, or in another role
at this one (the stage records' ``officer``, the Independent Person, the adjudicating
officer, the quality assurer). What it cannot know (a person's employment history, a
spouse's), the caller attests, with a code per criterion (`IP_ATTESTATIONS`,
`PANEL_ATTESTATIONS`); the attestation is recorded with who gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from services.records.domain.errors import Refusal

SEED_001_IO = (
    'seed 001 step 2 "A senior member of HM Inspectorate of Probation staff who has no direct '
    'connection with the matter will be appointed as the Investigating Officer"'
)
SEED_001_REVIEW = (
    'seed 001 step 3 "A senior member of staff who has not been involved in conducting the '
    'investigation will carry out the internal review"'
)
SEED_004_IO = (
    'seed 004 "Procedure stage 2" "The investigation will be undertaken by someone '
    'independent of the Directorate"'
)
SEED_004_IP = (
    'seed 004 "Procedure stage 2" "The role of this Independent Person, who will be from '
    'outside the Directorate, will be to form an independent view of the complaint"'
)
SEED_004_PANEL = (
    'seed 004 "Procedure stage 3" "The Panel consists of three people independent of the '
    'local authority"'
)
SEED_002_IMPARTIAL = 'seed 002 "to conduct thorough, impartial and fair investigations"'
SEED_000_QA = 'seed 000 "response quality assured by senior officer"'

# Criteria the platform cannot check: code -> the seed sentence the caller attests to.
IP_ATTESTATIONS: dict[str, str] = {
    "not-employee": 'seed 004 "The person appointed should not be an employee of the local '
    'authority"',
    "not-spouse-of-employee-or-member": 'seed 004 "or a spouse of an employee or member of the '
    'authority"',
    "not-employed-in-last-three-years": 'seed 004 "Former local authority staff should be '
    "considered eligible as long as at least three years have elapsed since they were "
    'employed by the local authority"',
}
PANEL_ATTESTATIONS: dict[str, str] = {
    "independent-of-authority": SEED_004_PANEL,
    "not-officer": 'seed 004 "No member of the panel may be an officer ... of the council"',
    "not-spouse-or-civil-partner-of-officer": 'seed 004 "nor the spouse or civil partner of an '
    'officer of the council"',
}
PANEL_SIZE = 3


@dataclass(frozen=True)
class Conflict:
    """One independence rule broken: who, which rule, why in words, the seed sentence."""

    person: str
    rule: str
    why: str
    source: str

    def __str__(self) -> str:
        return f"{self.person}: {self.why} (rule {self.rule}; {self.source})"


class NotIndependent(Refusal):
    """A person appointed who does not meet an independence rule."""

    def __init__(self, role: str, conflicts: Sequence[Conflict]):
        self.conflicts = list(conflicts)
        super().__init__(f"cannot appoint as {role}: " + "; ".join(str(c) for c in self.conflicts))


def same_person(a: str | None, b: str | None) -> bool:
    """Names compared without case or extra spaces ("DCO  smith" is "DCO Smith")."""
    return bool(a and b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()  # type: ignore[union-attr]


def named_in_complaint(aspects: Iterable[dict[str, Any]]) -> list[str]:
    """Everyone the complaint names (its aspects' ``officers_named``)."""
    return list(dict.fromkeys(n for a in aspects for n in a.get("officers_named") or []))


def involved_earlier(stages: Sequence[dict[str, Any]], current: str | None) -> dict[str, str]:
    """Who the file records at earlier stages: person -> what they did (and where)."""
    found: dict[str, str] = {}
    for rec in stages:
        if rec.get("stage") == current:
            continue
        for key, what in _ROLES:
            if rec.get(key):
                found.setdefault(rec[key], f"{what} at stage {rec.get('stage')}")
    return found


def involved_here(record: dict[str, Any]) -> dict[str, str]:
    """Who the current stage's record names, by what they do."""
    return {record[key]: f"{what} at this stage" for key, what in _ROLES if record.get(key)}


_ROLES = (
    ("officer", "investigating officer"),
    ("independent_person", "Independent Person"),
    ("adjudicating_officer", "adjudicating officer"),
    ("quality_assured_by", "quality assurer"),
)


def _io_source(procedure: str, stage: str) -> str:
    if procedure == "hmip":
        return SEED_001_REVIEW if stage == "internal_review" else SEED_001_IO
    if procedure == "children":
        return SEED_004_IO
    return SEED_002_IMPARTIAL


def check_officer(
    officer: str,
    *,
    procedure: str,
    stage: str,
    aspects: Iterable[dict[str, Any]],
    stages: Sequence[dict[str, Any]],
) -> list[Conflict]:
    """An investigating officer (or reviewer) is not named in the complaint and did not
    take part at an earlier stage."""
    source = _io_source(procedure, stage)
    conflicts = [
        Conflict(officer, "named-in-complaint", "is named in the complaint", source)
        for named in named_in_complaint(aspects)
        if same_person(officer, named)
    ]
    for person, what in involved_earlier(stages, stage).items():
        if same_person(officer, person):
            conflicts.append(Conflict(officer, "involved-earlier", f"was the {what}", source))
    return conflicts


def check_independent_person(
    person: str,
    *,
    officer: str,
    aspects: Iterable[dict[str, Any]],
    stages: Sequence[dict[str, Any]],
    stage: str,
    attestations: Iterable[str],
) -> list[Conflict]:
    """The Independent Person is not the investigating officer, not named, not involved at
    an earlier stage, and is attested to meet seed 004's criteria."""
    conflicts = []
    if same_person(person, officer):
        conflicts.append(
            Conflict(person, "ip-is-officer", "is the investigating officer", SEED_004_IP)
        )
    for named in named_in_complaint(aspects):
        if same_person(person, named):
            conflicts.append(
                Conflict(person, "named-in-complaint", "is named in the complaint", SEED_004_IP)
            )
    for other, what in involved_earlier(stages, stage).items():
        if same_person(person, other):
            conflicts.append(Conflict(person, "involved-earlier", f"was the {what}", SEED_004_IP))
    conflicts += _missing(person, attestations, IP_ATTESTATIONS)
    return conflicts


def check_panel(
    members: Sequence[str],
    *,
    aspects: Iterable[dict[str, Any]],
    stages: Sequence[dict[str, Any]],
    stage: str,
    attestations: Iterable[str],
) -> list[Conflict]:
    """Three distinct members, none named in the complaint or involved at an earlier
    stage, each attested independent of the authority (seed 004 stage 3)."""
    conflicts = []
    distinct = list(dict.fromkeys(" ".join(m.split()).casefold() for m in members))
    if len(distinct) != PANEL_SIZE:
        conflicts.append(
            Conflict(
                ", ".join(members) or "(none)",
                "panel-of-three",
                f"a panel is {PANEL_SIZE} different people, not {len(distinct)}",
                SEED_004_PANEL,
            )
        )
    named = named_in_complaint(aspects)
    earlier = {**involved_earlier(stages, stage)}
    for member in members:
        for n in named:
            if same_person(member, n):
                conflicts.append(
                    Conflict(
                        member, "named-in-complaint", "is named in the complaint", SEED_004_PANEL
                    )
                )
        for other, what in earlier.items():
            if same_person(member, other):
                conflicts.append(
                    Conflict(member, "involved-earlier", f"was the {what}", SEED_004_PANEL)
                )
    conflicts += _missing("each member", attestations, PANEL_ATTESTATIONS)
    return conflicts


def check_quality_assurer(by: str, *, record: dict[str, Any]) -> list[Conflict]:
    """The senior officer who quality assures a response did not investigate it."""
    if same_person(by, record.get("officer")):
        return [
            Conflict(
                by,
                "qa-is-investigator",
                "investigated the complaint: quality assurance is by another, senior officer",
                SEED_000_QA,
            )
        ]
    return []


def _missing(who: str, given: Iterable[str], needed: dict[str, str]) -> list[Conflict]:
    have = {g.strip() for g in given}
    unknown = sorted(have - set(needed))
    out = [
        Conflict(
            who,
            "attestation-unknown",
            f"unknown attestation {u!r} (known: {', '.join(needed)})",
            "the platform records only the seed's criteria",
        )
        for u in unknown
    ]
    out += [
        Conflict(who, f"attest-{code}", "not attested: the platform cannot check it", source)
        for code, source in needed.items()
        if code not in have
    ]
    return out
