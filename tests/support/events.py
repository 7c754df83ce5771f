"""Domain events as other services publish them, for feeding one service in tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from common.contracts.events import CaseLifecycle, CaseRouted

AT = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def routed(procedure: str = "dso", **overrides: Any) -> CaseRouted:
    fields: dict[str, Any] = {
        "reference": f"{procedure.upper()}-2026-{uuid.uuid4().int % 10**6:06d}",
        "strand": 1,
        "procedure": procedure,
        "stage": {
            "dso": "service_delivery",
            "hmip": "formal_complaint",
            "spso": "investigation",
            "children": "local_resolution",
        }[procedure],
        "occurred_at": AT,
        "category": {
            "dso": "service-delivery",
            "hmip": "formal",
            "spso": "complex",
            "children": "social-care",
        }[procedure],
        "owner": {
            "dso": "supplier",
            "hmip": "investigating-officer",
            "spso": "investigator",
            "children": "team-manager",
        }[procedure],
        "nation": {"spso": "scotland"}.get(procedure, "england"),
        "calendar": {"spso": "scotland"}.get(procedure, "england-and-wales"),
        "received_on": date(2026, 11, 2),
        "subject": "Property not returned",
        "aspects": [
            {
                "index": 0,
                "kind": "service-delivery",
                "text": "My bag was not returned.",
                "officers_named": [],
            }
        ],
        "complainant": {"name": "Amal Haddad", "contact": "amal.haddad@example.org"},
        "consent": {"imb_copy": False, "share_with_provider": False},
        "location": {
            "establishment": "Ashgrove IRC",
            "provider": "Example Custodial Services",
            "local_authority": "Westshire Council",
        },
        "partner_id": "ashgrove",
        "clocks": ["response"],
    }
    fields.update(overrides)
    # routing's strands carry each aspect's place in the submission
    fields["aspects"] = [{"index": i, **a} for i, a in enumerate(fields.get("aspects") or [])]
    if "recipients" not in fields:  # routing's own decision for the same complaint
        from tests.support.recipients import decided

        fields["recipients"] = [r.model_dump(mode="json") for r in decided(procedure, fields)]
        fields["recipients_decided"] = True
    return CaseRouted.model_validate(fields)


def lifecycle(case: CaseRouted, status: str, **detail: Any) -> CaseLifecycle:
    return CaseLifecycle(
        reference=case.reference,
        strand=case.strand,
        procedure=case.procedure,
        stage=case.stage,
        occurred_at=AT,
        status=status,
        detail=detail,
    )


def body(event: Any) -> dict[str, Any]:
    return event.model_dump(mode="json")
