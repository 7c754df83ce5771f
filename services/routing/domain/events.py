"""A routing decision -> the events that carry it (case.routed per strand, referrals...)."""

from __future__ import annotations

from datetime import datetime

from common.bus import Outgoing
from common.contracts.events import (
    CaseExcluded,
    CaseReferred,
    CaseRouted,
    ComplaintReceived,
    RepresentationRecorded,
)
from services.routing.domain.models import RoutingDecision


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
    if decision.exclusion is not None:
        event = CaseExcluded(
            **base,
            rule=decision.exclusion.rule,
            reason=decision.exclusion.reason,
            source=decision.exclusion.source,
        )
        out.append(Outgoing.event(event, message_id=f"case.excluded:{ref}"))
    total = len(decision.strands)
    for strand in decision.strands:
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
        )
        out.append(Outgoing.event(routed, message_id=f"case.routed:{ref}/{strand.strand}"))
    first = decision.strands[0].strand if decision.strands else None
    minimal = {s.strand for s in decision.strands if s.minimal}
    for i, referral in enumerate(decision.referrals):
        # A referral made before any split (child protection) belongs to the first strand,
        # so those who act on strands (letters, clocks) hear of it; none if excluded.
        strand = referral.strand if referral.strand is not None else first
        event = CaseReferred(
            **base,
            strand=strand,
            aspects=[]
            if strand in minimal
            else [{"index": a, **sub.aspects[a].model_dump(mode="json")} for a in referral.aspects],
            to=referral.to,
            urgency=referral.urgency,
            reason=referral.reason,
            data_shared=referral.data_shared,
            rule=referral.rule,
            source=referral.source,
            due=referral.due.isoformat() if referral.due else None,
        )
        out.append(Outgoing.event(event, message_id=f"case.referred:{ref}:{i}:{referral.rule}"))
    return out
