"""The typed records of the file's ``alternatives`` (pydantic models, stored as plain
documents) and how `alternatives` reads and writes them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from services.records.domain.casefile import CaseLike

LGSCO = "Local Government and Social Care Ombudsman"


class Mediation(BaseModel):
    type: Literal["mediation"] = "mediation"
    id: str
    stage: str
    method: str
    mediator: str = ""
    status: Literal["offered", "accepted", "declined", "concluded"] = "offered"
    offered_on: str
    offered_by: str
    answered_on: str | None = None
    clock_paused: bool = False
    outcome: str | None = None
    concluded_on: str | None = None
    note: str = ""


class EarlyReferral(BaseModel):
    type: Literal["early-referral"] = "early-referral"
    id: str
    stage: str
    ombudsman: str = LGSCO
    referred_on: str
    referred_by: str
    complainant_agreed: bool
    statement: str
    statement_agreed_on: str
    safeguards: list[str]
    note: str = ""


class HealthcareTask(BaseModel):
    type: Literal["healthcare-escalation"] = "healthcare-escalation"
    id: str
    ombudsman: str
    owner: str
    due: str | None = None
    status: Literal["open", "done"] = "open"
    opened_on: str
    opened_by: str
    done_on: str | None = None
    note: str = ""


Record = Mediation | EarlyReferral | HealthcareTask
_MODELS: dict[str, type[BaseModel]] = {
    "mediation": Mediation,
    "early-referral": EarlyReferral,
    "healthcare-escalation": HealthcareTask,
}


def decode(item: dict[str, Any]) -> Record:
    """A stored record as its typed model."""
    return _MODELS[item["type"]].model_validate(item)  # type: ignore[return-value]


def encode(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json")


def records(case: CaseLike, kind: type[BaseModel]) -> list[Any]:
    return [r for r in map(decode, case.alternatives or []) if isinstance(r, kind)]


def save(case: CaseLike, record: Mediation | EarlyReferral | HealthcareTask) -> None:
    item, items = encode(record), list(case.alternatives or [])
    if any(i.get("id") == record.id for i in items):
        case.alternatives = [item if i.get("id") == record.id else i for i in items]
    else:
        case.alternatives = [*items, item]


def next_id(case: CaseLike, prefix: str) -> str:
    return f"{prefix}{sum(1 for i in case.alternatives or [] if i['id'].startswith(prefix)) + 1}"
