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
