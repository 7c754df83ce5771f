"""What the console's outcome sections show, recorded through the running services as the
central team would (OutcomeService, CaseService, the print queue): a finding, remedies
with one approved payment, a learning record, a mediation offer, a child's eligibility,
and a paper letter printed and handed over."""

from __future__ import annotations

import uuid
from typing import Any

import grpc

from complaints.v1 import (
    cases_pb2,
    cases_pb2_grpc,
    notifications_pb2,
    notifications_pb2_grpc,
    outcomes_pb2,
    outcomes_pb2_grpc,
)
from tests.console.conftest import DAY, Console
from tests.support.grpc_client import metadata, wait_until

SOUGHT = "My documents returned and an apology"
POINT_SOUGHT = "The bag of documents found and returned"
FINDING = "The bag was left in reception at Colnbrook"
APOLOGY = "A written apology from the centre manager"
PAYMENT = "The cost of replacing the lost papers"
LESSON = "Property is checked against the list before a transfer leaves"


def outcome_sought(**overrides: Any) -> dict[str, Any]:
    """The submission fields that give a complaint its outcome sought, overall and per
    point; a detained person with no email, so its letters go on paper by hand."""
    return {
        "outcome_sought": SOUGHT,
        "complainant": {"name": "Amal Haddad", "detained_person_ref": "HO-448812"},
        "aspects": [
            {
                "kind": "service-delivery",
                "text": "My bag of documents was not returned after my transfer.",
                "outcome_sought": POINT_SOUGHT,
            }
        ],
        **overrides,
    }


def _id() -> str:
    return f"console-test-{uuid.uuid4().hex}"


async def record_outcomes(console: Console, ref: str, words: str = "") -> None:
    """A finding on P1; R1 an apology due two days after the platform's day, R2 a payment
    approved; a learning record; mediation offered. ``words`` is put in each text (a test
    then looks for it where it must not show)."""
    stack = console.stack
    central = metadata(stack.platform, sub="Ruth Central")
    channel = grpc.aio.insecure_channel(stack.addr("records"))
    outcomes = outcomes_pb2_grpc.OutcomeServiceStub(channel)
    cases = cases_pb2_grpc.CaseServiceStub(channel)
    due = DAY.replace(day=DAY.day + 2).isoformat()
    steps: list[tuple[Any, Any]] = [
        (
            outcomes.RecordFinding,
            outcomes_pb2.RecordFindingRequest(point="P1", finding="upheld", reason=FINDING + words),
        ),
        (
            outcomes.AddRemedy,
            outcomes_pb2.AddRemedyRequest(
                type="apology", description=APOLOGY + words, owner="Ian Officer", due=due,
                point="P1",
            ),
        ),
        (
            outcomes.AddRemedy,
            outcomes_pb2.AddRemedyRequest(
                type="financial", description=PAYMENT + words, owner="Finance team",
                due="2026-11-27", amount="400", reason="Papers lost in the transfer",
            ),
        ),
        (outcomes.ApproveRemedy, outcomes_pb2.ApproveRemedyRequest(remedy="R2")),
        (
            outcomes.RecordLearning,
            outcomes_pb2.RecordLearningRequest(
                root_cause="record-keeping", lesson=LESSON + words, owner="Head of escorting",
                service_change="A signed property list travels with each person",
            ),
        ),
        (cases.Mediation, cases_pb2.MediationRequest(op="offer", mediator="Sam Mediator")),
    ]  # fmt: skip
    try:
        for rpc, request in steps:
            request.ref, request.request_id = ref, _id()
            await rpc(request, metadata=central, timeout=15)
    finally:
        await channel.close()


async def record_eligibility(console: Console, ref: str) -> None:
    stack = console.stack
    async with grpc.aio.insecure_channel(stack.addr("records")) as channel:
        await cases_pb2_grpc.CaseServiceStub(channel).RecordEligibility(
            cases_pb2.EligibilityRequest(ref=ref, request_id=_id(), basis="child-in-need"),
            metadata=metadata(stack.platform),
            timeout=15,
        )


async def hand_over_acknowledgement(console: Console, reference: str) -> None:
    """The complaints clerk prints the acknowledgement in the print queue and hands it over
    on the platform's day (as the central team may)."""
    stack = console.stack
    central = metadata(stack.platform, sub="Ruth Central")
    async with grpc.aio.insecure_channel(stack.addr("notifications")) as channel:
        letters = notifications_pb2_grpc.NotificationServiceStub(channel)

        async def queued() -> Any:
            reply = await letters.ListPrintQueue(
                notifications_pb2.ListPrintQueueRequest(reference=reference),
                metadata=central,
                timeout=10,
            )
            return next((j for j in reply.jobs if j.template == "acknowledgement"), None)

        job = await wait_until(queued, timeout=60)
        which = notifications_pb2.PrintJobRequest(case_ref=job.case_ref, key=job.key)
        await letters.MarkPrinted(which, metadata=central, timeout=10)
        await letters.MarkHandedOver(
            notifications_pb2.HandOverRequest(
                case_ref=job.case_ref, key=job.key, on=DAY.isoformat()
            ),
            metadata=central,
            timeout=10,
        )
