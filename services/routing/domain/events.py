"""A routing decision -> the events that carry it (case.routed per strand, referrals...)."""

from __future__ import annotations

from datetime import datetime

from common.bus import Outgoing
from common.contracts.events import (
    CaseExcluded,
    CaseReferred,
    CaseRouted,
    ComplaintReceived,
    ExcludedAspect,
    ExclusionNotice,
    RepresentationRecorded,
)
from common.contracts.submission import Submission
from procedures import get as procedure_named
from services.routing.domain.models import AspectRef, Exclusion, RoutingDecision, Strand

# Referrals to whoever investigates a minimal-data strand: they carry the aspects though
# the strand's other events do not (seed 000: minimal data to DS Complaints and the IMB;
# "Complaint referred to local healthcare manager for investigation and response").
INVESTIGATOR_REFERRALS = frozenset({"local_healthcare_manager"})

EXCLUDED_STRAND = 1  # the one strand of a complaint the procedure does not deal with


def exclusion_notice(sub: Submission, exclusion: Exclusion) -> ExclusionNotice:
    """``exclusion`` as the event carries it, its aspects in the complainant's words."""
    return ExclusionNotice(
        rule=exclusion.rule,
        reason=exclusion.reason,
        signpost=exclusion.signpost,
        source=exclusion.source,
        aspects=[
            ExcludedAspect(index=i, kind=str(sub.aspects[i].kind), text=sub.aspects[i].text)
            for i in exclusion.aspects
        ],
    )


def excluded_strand(decision: RoutingDecision, kinds: list[str]) -> Strand:
    """The strand that files and answers a complaint excluded as a whole: owned by the
    procedure's entry stage (who would have dealt with it), with no clocks."""
    procedure = procedure_named(decision.procedure)
    stage = procedure.stage(procedure.entry_stage or procedure.stages[0].name)
    return Strand(
        strand=EXCLUDED_STRAND,
        procedure=decision.procedure,
        stage=stage.name,
        category="excluded",
        owner=stage.owner,
        aspects=[AspectRef(index=i, kind=kind) for i, kind in enumerate(kinds)],
        flags=["excluded"],
    )


def decision_messages(
    received: ComplaintReceived, decision: RoutingDecision, now: datetime
) -> list[Outgoing]:
    """Stable message ids: re-deciding the same complaint re-sends the same messages."""
    ref, sub = received.reference, received.submission
    base = {"reference": ref, "procedure": decision.procedure, "occurred_at": now}
    out: list[Outgoing] = []
    if decision.representation is not None:
        event = RepresentationRecorded(
            **base, type=decision.representation.type, recorded=decision.representation.recorded
        )
        out.append(Outgoing.event(event, message_id=f"complaint.representation:{ref}"))
    strands = decision.strands
    notices = [exclusion_notice(sub, e) for e in decision.excluded_aspects]
    if decision.exclusion is not None:
        whole = decision.exclusion
        event = CaseExcluded(
            **base,
            rule=whole.rule,
            reason=whole.reason,
            signpost=whole.signpost,
            source=whole.source,
        )
        out.append(Outgoing.event(event, message_id=f"case.excluded:{ref}"))
        strands = [excluded_strand(decision, [str(a.kind) for a in sub.aspects])]
        # Aspects taken out by one exemption before another covered the rest: all told.
        notices = [*notices, exclusion_notice(sub, whole)]
    total = len(strands)
    for n, strand in enumerate(strands):
        aspects = (
            []
            if strand.minimal
            else [
                {"index": a.index, **sub.aspects[a.index].model_dump(mode="json")}
                for a in strand.aspects
            ]
        )
        routed = CaseRouted(
            **base,
            strand=strand.strand,
            stage=strand.stage,
            strands_total=total,
            category=strand.category,
            owner=strand.owner,
            nation=str(sub.nation),
            calendar=decision.calendar,
            received_on=decision.received_on,
            incident_date=sub.incident_date,
            subject=sub.subject,
            aspects=aspects,
            complainant=sub.complainant,
            consent=sub.consent,
            location=sub.location,
            confidential=sub.confidential or "restricted" in strand.flags,
            minimal=strand.minimal,
            partner_id=received.partner_id,
            clocks=strand.clocks,
            flags=strand.flags,
            rules=[r for r in decision.rules],
            excluded=decision.exclusion is not None,
            exclusions=notices if n == 0 else [],
            outcome_sought=None if strand.minimal else sub.outcome_sought,
            recipients=[
                r
                for r in decision.recipients
                if r.strand in (None, strand.strand) and r.on != "case.referred"
            ],
            recipients_decided=True,
        )
        out.append(Outgoing.event(routed, message_id=f"case.routed:{ref}/{strand.strand}"))
    first = strands[0].strand if strands else None
    minimal = {s.strand for s in strands if s.minimal}
    for i, referral in enumerate(decision.referrals):
        # A referral made before any split (child protection), or with an exclusion
        # (signposting), belongs to the first strand, so those who act on strands (letters,
        # clocks) hear of it; an excluded complaint's strand is that one.
        strand = referral.strand if referral.strand is not None else first
        detail = strand not in minimal or referral.rule in INVESTIGATOR_REFERRALS
        event = CaseReferred(
            **base,
            strand=strand,
            aspects=[
                {"index": a, **sub.aspects[a].model_dump(mode="json")} for a in referral.aspects
            ]
            if detail
            else [],
            aspects_for_recipient_only=strand in minimal and detail,
            to=referral.to,
            urgency=referral.urgency,
            reason=referral.reason,
            data_shared=referral.data_shared,
            rule=referral.rule,
            source=referral.source,
            due=referral.due.isoformat() if referral.due else None,
            recipients=[
                r
                for r in decision.recipients
                if r.on == "case.referred" and r.referral == referral.rule and r.strand == strand
            ],
        )
        out.append(Outgoing.event(event, message_id=f"case.referred:{ref}:{i}:{referral.rule}"))
    return out
