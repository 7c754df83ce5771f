"""children routing (seed 004): stage 1 local resolution, with the seed's special cases.

- Child protection: referred immediately to children's social care (and the police when the
  aspect is ``criminal``), even when the complaint itself is excluded; the strand's clock
  is suspended meanwhile.
- Registered providers (children's homes and other regulated services): the provider
  aspects are referred within 5 working days; the local authority strand keeps its own
  parts (or, when there are none, coordinates one joined-up response) and settles the split
  within 10 working days.
- Exemptions (staff grievances and discipline, the Guardian ad Litem Service, register and
  conference decisions, schools, care-home standards, self-funding, Section 7 reports) are
  data in ``exclusions:``, each on the aspects it concerns (`exclusions.py`); ``check``
  refuses a care-home standards aspect that is not a provider aspect.
- By or for a child: overseen by the Children's Complaints Officer; confidential complaints
  are restricted. Anonymous: recorded and referred to the Complaints Manager. MP: told the
  position and the response date. Compliments and representations: recorded, not run.
"""

from __future__ import annotations

from typing import Any, Literal

from common.contracts.events import FieldError
from common.contracts.submission import AspectKind, Channel, RepresentativeKind, Submission
from services.routing.domain.context import RoutingContext
from services.routing.domain.models import Representation
from services.routing.domain.rules.base import RuleSet

_CHILD = 'seed 004 "Complaints by children" — "additionally managed and monitored by the Children’s Complaints Officer"'  # noqa: E501
_CONFIDENTIAL = (
    'seed 004 "Confidential complaints" — "must be able to make ‘confidential complaints.’"'  # noqa: E501
)
_ANONYMOUS = 'seed 004 "Anonymous complaints" — "recorded and referred to the Complaints Manager"'
_MP = 'seed 004 "Procedure stage 1" — "forwarded to the Complaints Team to check whether a formal investigation is already underway"'  # noqa: E501
_MP_REPRESENTATION = (
    'seed 004 "Procedure stage 1" — "the MP letter may be recorded as a representation"'  # noqa: E501
)
_SUSPEND = (
    'seed 004 "Child protection and child protection conferences" — "can be suspended if necessary"'  # noqa: E501
)


def check(
    submission: Submission, flags: dict[str, Any], aspect_flags: list[dict[str, Any]]
) -> list[FieldError]:
    """A criminal allegation must be a child-protection aspect; a care home's standards of
    care, a provider aspect (so that, kept in, it goes to the registered provider)."""
    errors = []
    for i, af in enumerate(aspect_flags):
        kind = submission.aspects[i].kind
        if af.get("criminal") and kind is not AspectKind.CHILD_PROTECTION:
            errors.append(
                FieldError(
                    field=f"aspects[{i}].criminal",
                    rule="criminal-is-child-protection",
                    message="in children's social care a criminal allegation is a "
                    "child-protection concern referred to the police; send it with kind "
                    "child-protection",
                )
            )
        if af.get("care_home_standards") and kind is not AspectKind.PROVIDER:
            errors.append(
                FieldError(
                    field=f"aspects[{i}].care_home_standards",
                    rule="care-home-standards-is-provider",
                    message="standards of care in a regulated care home concern the registered "
                    f"provider: send the aspect with kind provider, not {kind}",
                )
            )
    return errors


def safeguard(ctx: RoutingContext) -> None:
    """Child-protection referrals, made whatever else is decided."""
    concerns = ctx.aspects_of("child-protection", among=range(len(ctx.submission.aspects)))
    if concerns:
        ctx.refer("child_protection", aspects=concerns)
    criminal = [i for i in concerns if ctx.aspect_flag(i, "criminal")]
    if criminal:
        ctx.refer("child_protection_police", aspects=criminal)


def _by_mp(ctx: RoutingContext) -> bool:
    rep = ctx.submission.complainant.represented_by
    return ctx.submission.channel is Channel.MP or (
        rep is not None and rep.kind is RepresentativeKind.MP
    )


def route(ctx: RoutingContext) -> None:
    """A representation is recorded; a complaint gets one stage 1 strand."""
    kind = ctx.flag("representation_type")
    if kind:
        _record_representation(ctx, kind)
        return
    sub = ctx.submission
    provider = ctx.aspects_of("provider")
    own = [i for i in ctx.active_aspects if i not in provider]
    category = "childrens-home" if ctx.flag("childrens_home") else "social-care"
    flags = [
        name
        for name, on in (
            ("childrens_complaints_officer", sub.complainant.is_child),
            ("restricted", sub.confidential),
            ("anonymous", sub.complainant.anonymous),
            ("clock_suspended", bool(ctx.aspects_of("child-protection"))),
            ("mp_representation", _by_mp(ctx)),
        )
        if on
    ]
    because = "local resolution by the manager of the staff or service involved"
    if provider and not own:
        because = (
            "every aspect concerns the registered provider; the authority coordinates one response"
        )
    strand = ctx.add_strand(
        stage="local_resolution",
        category=category,
        aspects=own or provider,
        flags=flags,
        owner="complaints-manager" if sub.complainant.anonymous else None,
        because=because,
        conditional_clocks=["provider_referral", "provider_split"] if provider else [],
    )
    _explain_flags(ctx, flags)
    if "childrens_complaints_officer" in flags or "restricted" in flags:
        ctx.copy("cco_copy", strand=strand)
        ctx.copy("cco_response_copy", strand=strand)
    if provider:
        name = sub.location.provider
        ctx.refer(
            "registered_provider",
            aspects=provider,
            strand=strand,
            to=f"registered provider ({name})" if name else None,
        )
        ctx.copy("care_management_team", strand=strand)
        ctx.copy("contract_monitoring_team", strand=strand)
    health = ctx.aspects_of("healthcare")
    if health:
        ctx.refer("nhs_joint_response", aspects=health, strand=strand)
    if "mp_representation" in flags:
        ctx.copy("mp_position", strand=strand)


def _explain_flags(ctx: RoutingContext, flags: list[str]) -> None:
    words = {
        "childrens_complaints_officer": (
            "by or for a child: also overseen by the Children's Complaints Officer",
            _CHILD,
        ),
        "restricted": (
            "confidential complaint: access restricted to those who need to know",
            _CONFIDENTIAL,
        ),
        "anonymous": ("anonymous: recorded and referred to the Complaints Manager", _ANONYMOUS),
        "clock_suspended": (
            "handling suspended while the child-protection referral is dealt with: the clock stops",
            _SUSPEND,
        ),
        "mp_representation": (
            "an MP advocates for a constituent: check for an investigation "
            "under way, tell the MP the position and the response date; the "
            "response goes to the complainant",
            _MP,
        ),
    }
    for flag in flags:
        reason, source = words[flag]
        ctx.fire(flag, reason, source)


def _record_representation(
    ctx: RoutingContext, kind: Literal["compliment", "representation"]
) -> None:
    spec = ctx.procedure.representations
    assert spec is not None  # read_flags refuses representation_type otherwise
    ctx.representation = Representation(type=kind, recorded=spec.recorded, source=spec.source)
    ctx.fire(
        kind, f"a {kind}, not a complaint: {spec.recorded}; not run as a complaint", spec.source
    )
    if _by_mp(ctx):
        ctx.fire(
            "mp_letter_as_representation",
            "the complainant does not pursue a complaint: "
            "the MP letter is recorded as a representation",
            _MP_REPRESENTATION,
        )


RULES = RuleSet(route=route, check=check, safeguard=safeguard)
