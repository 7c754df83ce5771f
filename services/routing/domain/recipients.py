"""Who is told, decided once (issue 18): every recipient of a routed complaint, from the
decision's strands, copies and referrals, the submission and the procedure data.

Each `Recipient` names the rule that makes it one, the kind of body, the letter, when it
goes (at routing, on a later lifecycle event, or only once the provider release is
confirmed) and the data it may see. The `case.routed` and `case.referred` events carry them;
notifications only addresses, renders and delivers. Pure, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from common.contracts.recipients import RELEASE_FACT, Recipient, RecipientWhen
from common.contracts.submission import (
    Complainant,
    Representative,
    RepresentativeKind,
    Submission,
)
from procedures.schema import Copy as CopySpec
from procedures.schema import Procedure
from services.routing.domain.context import RoutingContext
from services.routing.domain.models import Copy, Referral, Strand

Fire = Callable[[str, str, str], None]

# children seed 004, "Confidential complaints": only these may hear of one.
CONFIDENTIAL_ALLOWED = frozenset({"complainant", "representative", "cco", "police", "social_care"})

_KEPT_INFORMED = (
    'seed 004 "Role of the Complaints Manager" — "ensuring the complainant is kept informed '
    'at all stages"; '
    "seed 003 template letters"
)
_REPRESENTED = (
    'seed 004 "Role of the Complaints Manager" — "ensuring that advocacy services are '
    'explained, offered and '
    'provided when required"; "ensuring the complainant is kept informed at all stages"'
)
_MP = (
    'seed 004 "Procedure stage 1" — "The Complaints Team will write to the MP to advise them '
    'of the current position of the investigation"'
)
_OFFICERS = 'seed 003 "send details of the complaint to those named ... comments"'
_ALERTS = "the owner of the strand is reminded before a deadline and told of a breach"
_CONFIDENTIAL = (
    'seed 004 "Confidential complaints": reminders go to the Children\'s Complaints Officer'
)
_RELEASE = (
    'seed 004 "Complaints involving regulated services" — "should be confirmed by the '
    "Complaints Manager with the child or young person before releasing the complaint to "
    'the relevant care service provider"'
)

# A copy's ``when`` -> when it goes and the event that sends it.
_COPY_WHEN: dict[str, tuple[RecipientWhen, str]] = {
    "on_receipt": ("at_routing", "case.routed"),
    "on_routing": ("at_routing", "case.routed"),
    "with_response": ("on_event", "case.responded"),
    "on_outcome": ("on_event", "case.responded"),
    # dso seed 000: a local resolution taken on as a formal complaint is copied then.
    "on_formal": ("on_event", "case.escalated"),
}


def referral_strand(ctx: RoutingContext, referral: Referral) -> int:
    """The strand a referral belongs to: its own, or the first (a child-protection referral
    made before any split, or with an exclusion, belongs to the first strand)."""
    if referral.strand is not None:
        return referral.strand
    return ctx.strands[0].strand if ctx.strands else 1


def confidential_child(procedure: str, submission: Submission) -> bool:
    """A confidential complaint by or about a child (children seed 004, "Confidential
    complaints"): only `CONFIDENTIAL_ALLOWED` may be told."""
    return submission.confidential and (submission.complainant.is_child or procedure == "children")


def decide_recipients(ctx: RoutingContext) -> list[Recipient]:
    """Every recipient of the complaint, in a stable order: the complainant and their
    representatives, then per strand the copies, the referrals, officers and alerts."""
    sub = ctx.submission
    restricted = sub.confidential and (sub.complainant.is_child or ctx.procedure.name == "children")
    out = _correspondents(ctx, restricted)
    for copy in ctx.copies:
        out += _copy(ctx, copy)
    fired = {c.rule for c in ctx.copies}
    for referral in ctx.referrals:
        along = [c for c in ctx.procedure.copies if c.rule in fired]
        out += referral_recipients(
            ctx.procedure,
            ctx.submission,
            referral,
            referral_strand(ctx, referral),
            ctx.fire,
            copies=along,
        )
    for strand in ctx.strands:
        out += _strand_recipients(ctx, strand, restricted or "restricted" in strand.flags)
    if ctx.exclusion is not None and not ctx.strands:
        out.append(_alerts(ctx, None, restricted))
    kept: list[Recipient] = []
    seen: set[tuple[object, ...]] = set()
    # A referral whose body may not be told (a confidential child complaint): nor is the
    # complainant told it was made.
    withheld = {r.referral for r in out if restricted and r.kind not in CONFIDENTIAL_ALLOWED}
    out = [r for r in out if not (r.kind == "complainant" and r.referral in withheld - {None})]
    for r in out:
        key = (r.kind, r.letter, r.strand, r.on, r.referral)
        if key in seen:
            continue
        if restricted and r.kind not in CONFIDENTIAL_ALLOWED:
            ctx.fire(
                r.rule,
                f"not written to {r.body or r.kind}: a confidential complaint by or about a "
                "child is told only to the complainant, their representative, the Children's "
                "Complaints Officer and the child-protection bodies",
                'seed 004 "Confidential complaints"',
            )
            seen.add(key)
            continue
        seen.add(key)
        kept.append(r)
    return kept


def _how_to_reach(person: Complainant | Representative) -> dict[str, Any]:
    """A person's name and what delivery needs to reach them (channel, address, needs)."""
    return {
        "name": person.name,
        "contact": person.contact,
        "address": person.address,
        "prefers": person.prefers,
        "needs": person.needs,
    }


def _correspondents(ctx: RoutingContext, restricted: bool) -> list[Recipient]:
    """The complainant, unless anonymous, and each representative with their authority."""
    person = ctx.submission.complainant
    if person.anonymous:
        ctx.fire(
            "complainant_not_written_to",
            "anonymous: no letters to the complainant",
            'seed 004 "Anonymous complaints" — "recorded and referred to the Complaints Manager"',
        )
        return []
    out = [
        Recipient(
            rule="complainant",
            kind="complainant",
            body="the complainant",
            letter="correspondence",
            when="on_event",
            on="",
            data="full",
            source=_KEPT_INFORMED,
            **_how_to_reach(person),
        )
    ]
    rep = person.represented_by
    if rep is not None:
        recipient = _representative(ctx, rep, restricted)
        if recipient is not None:
            out.append(recipient)
    return out


def _representative(ctx: RoutingContext, rep: Representative, restricted: bool) -> Recipient | None:
    if rep.kind is RepresentativeKind.MP:
        if restricted:
            return None  # dropped with its reason by `decide_recipients`
        fired = any(c.rule == "mp_position" for c in ctx.copies)
        return Recipient(
            rule="mp_position" if fired else "mp_represents",
            kind="mp",
            body=f"the MP, {rep.name}",
            letter="position",
            when="on_event",
            on="",
            data="position",
            consent="an MP acting for a constituent needs no written authority",
            source=_MP,
            **_how_to_reach(rep),
        )
    if not rep.authorised:
        ctx.fire(
            "representative_not_authorised",
            f"the {rep.kind} named is not written to: the submission records no authority "
            "from the complainant (representative.authorised)",
            _REPRESENTED,
        )
        return None
    ctx.fire(
        "representative",
        f"the {rep.kind} acting for the complainant, with their authority, is sent a copy "
        "of every letter the complainant is sent",
        _REPRESENTED,
    )
    return Recipient(
        rule="representative",
        kind="representative",
        body=f"the complainant's {rep.kind}, {rep.name}",
        letter="correspondence",
        when="on_event",
        on="",
        data="full",
        consent="authorised by the complainant (representative.authorised)",
        source=_REPRESENTED,
        **_how_to_reach(rep),
    )


def _copy(ctx: RoutingContext, copy: Copy) -> list[Recipient]:
    spec = ctx.procedure.copy_rule(copy.rule)
    if spec.kind == "mp":
        return []  # the MP is a representative: `_representative`
    when, on = _COPY_WHEN[spec.when]
    if spec.with_referral is not None:
        return []  # sent with its referral: `referral_recipients`
    return [
        Recipient(
            rule=copy.rule,
            kind=spec.kind,
            body=spec.to,
            letter=spec.letter,
            when=when,
            on=on,
            data=spec.data,
            aspects=_copy_aspects(ctx, spec, copy.strand),
            marking=spec.marking,
            strand=copy.strand,
            consent=f"authority given ({spec.consent})" if spec.consent else "",
            source=spec.source,
            name=ctx.submission.location.provider if spec.kind == "provider" else None,
        )
    ]


def _copy_aspects(ctx: RoutingContext, spec: CopySpec, strand_no: int | None) -> list[int] | None:
    if spec.data != "relevant" or strand_no is None:
        return None
    strand = next(s for s in ctx.strands if s.strand == strand_no)
    kinds = {str(k) for k in spec.aspect_kinds}
    return [a.index for a in strand.aspects if not kinds or a.kind in kinds]


def referral_recipients(
    procedure: Procedure,
    submission: Submission,
    referral: Referral,
    strand: int,
    fire: Fire | None = None,
    *,
    copies: Sequence[CopySpec] = (),
) -> list[Recipient]:
    """Who a referral is written to (the body first), from its rule in the procedure data:
    a provider's letters held until the release is confirmed when the rule says so, the
    complainant told with it when the rule says so, and the ``copies`` fired that go with
    it (``with_referral``), showing its parts."""
    spec = procedure.referral(referral.rule)
    when: RecipientWhen = "on_release" if spec.release else "at_routing"
    consent = ""
    if spec.release:
        shared = submission.consent.share_with_provider
        consent = (
            "the complainant agreed at intake to share it with the provider "
            "(consent.share_with_provider)"
            if shared
            else "no agreement to share it with the provider was given at intake "
            "(consent.share_with_provider)"
        )
        if fire is not None:
            fire(
                f"{referral.rule}_release",
                f"{referral.to} is sent nothing until the Complaints Manager confirms "
                f"safeguarding and the child's wishes (case.{RELEASE_FACT}); {consent}",
                _RELEASE,
            )
    name = submission.location.provider if spec.kind == "provider" else None
    out = [
        Recipient(
            rule=referral.rule,
            kind=spec.kind,
            body=referral.to,
            letter=spec.letter,
            when=when,
            on="case.referred",
            data=spec.data,
            aspects=list(referral.aspects),
            update_kind="signposted" if spec.kind == "complainant" else None,
            strand=strand,
            referral=referral.rule,
            urgency=referral.urgency,
            consent=consent,
            source=spec.source,
            name=name,
        )
    ]
    if spec.inform_complainant and not submission.complainant.anonymous:
        out.append(
            Recipient(
                rule=referral.rule,
                kind="complainant",
                body="the complainant",
                letter="update",
                when=when,
                on="case.referred",
                data="full",
                update_kind="provider-referral",
                strand=strand,
                referral=referral.rule,
                consent=consent,
                source=spec.source,
            )
        )
    for c in copies:
        if c.with_referral != referral.rule:
            continue
        out.append(
            Recipient(
                rule=c.rule,
                kind=c.kind,
                body=c.to,
                letter=c.letter,
                when="at_routing",
                on="case.referred",
                data=c.data,
                aspects=list(referral.aspects),
                strand=strand,
                referral=referral.rule,
                source=c.source,
            )
        )
    return out


def _strand_recipients(ctx: RoutingContext, strand: Strand, restricted: bool) -> list[Recipient]:
    out = []
    if "officer_comments" in strand.clocks and not strand.minimal and not restricted:
        out.append(
            Recipient(
                rule="officer_comments",
                kind="officer",
                body="each officer named in the strand's aspects",
                letter="comments",
                when="on_event",
                on="",
                data="relevant",
                strand=strand.strand,
                source=_OFFICERS,
            )
        )
    out.append(_alerts(ctx, strand, restricted))
    return out


def _alerts(ctx: RoutingContext, strand: Strand | None, restricted: bool) -> Recipient:
    if restricted:
        return Recipient(
            rule="confidential_oversight",
            kind="cco",
            body="the Children's Complaints Officer",
            letter="alerts",
            when="on_event",
            on="",
            data="none",
            strand=strand.strand if strand else None,
            source=_CONFIDENTIAL,
        )
    owner = strand.owner if strand else ""
    return Recipient(
        rule="owner",
        kind="team",
        body=ctx.procedure.owner(owner).title if owner else "the owning team",
        letter="alerts",
        when="on_event",
        on="",
        data="none",
        strand=strand.strand if strand else None,
        name=owner or None,
        source=_ALERTS,
    )
