"""Realistic submissions for tests, each with a unique partner_ref."""

from __future__ import annotations

import uuid
from typing import Any


def dso_service_delivery(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "partner_ref": f"YW-{uuid.uuid4().hex[:10]}",
        "procedure": "dso",
        "nation": "england",
        "received_at": "2026-11-02T10:15:00+00:00",
        "channel": "form",
        "complainant": {
            "name": "Amal Haddad",
            "contact": "amal.haddad@example.org",
            "detained_person_ref": "HO-448812",
        },
        "consent": {"imb_copy": True, "share_with_provider": True},
        "subject": "Property not returned after transfer",
        "aspects": [
            {
                "kind": "service-delivery",
                "text": "My bag of documents was not returned after my transfer from "
                "Colnbrook on 27 November.",
                "officers_named": [],
            }
        ],
        "location": {"establishment": "Ashgrove IRC", "provider": "Example Custodial Services"},
    }
    body.update(overrides)
    return body


def dso_scotland_cross_cutting(**overrides: Any) -> dict[str, Any]:
    """Healthcare and other issues in one complaint, at a Scottish centre (seed 000)."""
    body = dso_service_delivery(
        nation="scotland",
        subject="Inhaler withheld; no interpreter at induction",
        complainant={
            "name": "Tariq Mensah",
            "contact": "tariq.mensah@example.org",
            "detained_person_ref": "HO-551203",
        },
        location={"establishment": "Glenmoor IRC", "provider": "Example Custodial Services"},
        aspects=[
            {"kind": "healthcare", "text": "The nurse kept my asthma inhaler for two days."},
            {"kind": "service-delivery", "text": "No interpreter was booked for my induction."},
        ],
    )
    body.update(overrides)
    return body


def children_child_protection(**overrides: Any) -> dict[str, Any]:
    """A child's complaint that raises a concern about a child's welfare (seed 004)."""
    body: dict[str, Any] = {
        "partner_ref": f"CSC-{uuid.uuid4().hex[:10]}",
        "procedure": "children",
        "nation": "england",
        "received_at": "2026-11-02T09:00:00+00:00",
        "incident_date": "2026-10-20",
        "channel": "form",
        "complainant": {"name": "Jordan", "is_child": True, "contact": "jordan.b@example.org"},
        "subject": "Visits missed; worried about my brother",
        "aspects": [
            {"kind": "service-delivery", "text": "My social worker missed three visits."},
            {"kind": "child-protection", "text": "My brother has bruises nobody asked about."},
        ],
        "location": {"local_authority": "Westshire Council"},
    }
    body.update(overrides)
    return body
