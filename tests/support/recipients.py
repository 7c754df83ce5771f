"""Routing's own recipients for an event built by hand in a test (issue 18: who is told is
routing's decision; a test feeding notifications must carry it as routing would)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from common.contracts.events import CaseRouted
from common.contracts.recipients import Recipient
from common.contracts.submission import AspectKind, Submission

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def submission_of(procedure: str, body: dict[str, Any]) -> Submission:
    """The submission a routed strand's body comes from, as near as its fields say."""
    aspects = [
        {"text": a.get("text") or "A point", "kind": a.get("kind", "other"),
         "officers_named": a.get("officers_named") or [],
         **{k: v for k, v in a.items() if k in ("criminal",)}}
        for a in body.get("aspects") or [{"kind": "other", "text": "A point"}]
    ]
    category = str(body.get("category") or "")
    kinds = {str(k) for k in AspectKind}
    if procedure == "dso" and category in kinds and all(a["kind"] != category for a in aspects):
        for a in aspects:  # the strand's category names its aspects' kind (dso)
            a["kind"] = category
    fields: dict[str, Any] = {}
    if category == "local-resolution":
        fields["local_resolution"] = True
    if category == "childrens-home":
        fields["childrens_home"] = True
    if procedure == "hmip":
        fields["incident_date"] = "2026-02-25"
    return Submission.model_validate({
        "partner_ref": "B-1", "procedure": procedure, "nation": body.get("nation", "england"),
        "received_at": AT, "channel": "letter", "complainant": body["complainant"],
        "consent": body.get("consent") or {}, "subject": body.get("subject") or "A complaint",
        "aspects": aspects, "location": body.get("location") or {},
        "confidential": bool(body.get("confidential")), **fields})


def decided(procedure: str, body: dict[str, Any]) -> list[Recipient]:
    """Routing's recipients of the strand ``body`` describes (the strand of its category,
    else the first), renumbered as the body's strand; [] when routing would refuse it."""
    from common.workdays import calendar_for
    from services.routing.domain.decision import RoutingRejected, decide

    try:
        decision = decide(submission_of(procedure, body), today=date(2026, 3, 2),
                          calendar_for=calendar_for)
    except RoutingRejected:
        return []
    strands = decision.strands
    chosen = next((s.strand for s in strands if s.category == body.get("category")),
                  strands[0].strand if strands else 1)
    mine = int(body.get("strand") or 1)
    return [r.model_copy(update={"strand": mine if r.strand is not None else None})
            for r in decision.recipients
            if r.strand in (None, chosen) and r.on != "case.referred"]




def referral_decided(
    event: CaseRouted, rule: str, to: str, reason: str, aspects: list[dict[str, Any]]
) -> list[Recipient]:
    """Routing's recipients of a referral under procedure ``rule`` of ``event``'s strand."""
    from procedures import get as procedure_named
    from services.routing.domain.models import Referral
    from services.routing.domain.recipients import (
        CONFIDENTIAL_ALLOWED,
        confidential_child,
        referral_recipients,
    )

    sub = submission_of(event.procedure, event.model_dump(mode="json"))
    indexes = [int(a["index"]) for a in aspects if "index" in a]
    spec = Referral(rule=rule, to=to, urgency="normal", reason=reason, source="test",
                    aspects=indexes, strand=event.strand)
    procedure = procedure_named(event.procedure)
    people = referral_recipients(procedure, sub, spec, event.strand or 1,
                                 copies=list(procedure.copies))
    if confidential_child(event.procedure, sub):
        people = [r for r in people if r.kind in CONFIDENTIAL_ALLOWED]
    return people
