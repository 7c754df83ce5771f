"""The outcomes record to and from the plain document the case file keeps
(``CaseFile.outcomes``): the domain stays free of storage. Amounts are kept as text, so
no engine rounds a payment."""

from __future__ import annotations

from typing import Any

from services.records.domain.outcomes import CaseOutcomes


def encode(record: CaseOutcomes) -> dict[str, Any]:
    return record.model_dump(mode="json")


def decode(data: dict[str, Any] | None) -> CaseOutcomes:
    return CaseOutcomes.model_validate(data or {})
