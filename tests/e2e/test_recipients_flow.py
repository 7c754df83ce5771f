"""Who is told, over the running platform (issue 18): a child's complaint about a children's
home, made with an advocate who has the child's authority. The advocate is sent the child's
letters; the council's care management and contract monitoring teams get the relevant parts
with the referral; the registered provider gets nothing until the Complaints Manager has
confirmed with the child (``complaints case release``, which records publishes as
``case.provider-release-confirmed``, seed 004), and then gets the relevant parts once.
``route explain REF`` names exactly these recipients."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest

from tests.e2e.casework import Officer
from tests.e2e.conftest import Stack, submit
from tests.support.bus import listen
from tests.support.grpc_client import wait_until

pytestmark = pytest.mark.e2e

ADVOCATE = "sam.advocate@example.org"
CHILD = "jordan.lee@example.org"
PROVIDER = "registered.manager@brightwater.example.org"  # the example directory's


def childrens_home_complaint() -> dict[str, Any]:
    return {
        "partner_ref": f"CSC-{uuid.uuid4().hex[:10]}",
        "procedure": "children",
        "nation": "england",
        "received_at": "2026-11-02T09:00:00+00:00",
        "incident_date": "2026-10-20",
        "channel": "form",
        "complainant": {
            "name": "Jordan Lee",
            "is_child": True,
            "contact": CHILD,
            "represented_by": {
                "kind": "advocate",
                "name": "Sam Advocate",
                "contact": ADVOCATE,
                "authorised": True,
            },
        },
        "consent": {"share_with_provider": False},
        "subject": "My placement at Oak House",
        "aspects": [
            {"kind": "service-delivery", "text": "My review meeting was cancelled twice."},
            {"kind": "provider", "text": "Staff at the home took my phone for a week."},
        ],
        "location": {
            "local_authority": "Westshire Council",
            "provider": "Brightwater Children's Homes",
        },
        "childrens_home": True,
    }


def mail_to(stack: Stack, address: str) -> list[Any]:
    return [m for m in stack.mail() if address in m["To"]]


async def test_the_advocate_is_written_to_and_the_provider_waits_for_the_release(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform = stack.platform
    async with listen(platform.amqp_url, "complaints", "notification.#", "case.#") as events:
        reference = await submit(stack, "westshire", childrens_home_complaint())

        async def advocate_acknowledged():  # type: ignore[no-untyped-def]
            mail = [m for m in mail_to(stack, ADVOCATE) if "cknowledg" in m["Subject"]]
            return mail or None

        [ack] = await wait_until(advocate_acknowledged, timeout=90)
        assert "Jordan Lee" in ack.get_content()
        assert mail_to(stack, CHILD), "the child is written to as well"

        async def teams_copied():  # type: ignore[no-untyped-def]
            sent = {b["recipient"] for b in events.bodies("notification.sent")}
            return {"care_management", "contract_monitoring"} <= sent or None

        await wait_until(teams_copied, timeout=60)
        await asyncio.sleep(2)  # anything that would go to the provider has had its chance
        assert mail_to(stack, PROVIDER) == []
        assert "provider" not in {b["recipient"] for b in events.bodies("notification.sent")}

        # The Complaints Manager confirms with the child, at the CLI; records publishes the
        # fact (``case.provider-release-confirmed``) and notifications sends the held letter.
        officer = Officer(stack, monkeypatch)
        ref = f"{reference}/1"
        await officer.show_when(ref, lambda c: c.get("status") is not None)
        refused = await officer.refused("release", ref, "--safeguarding-checked")
        assert "child_agrees" in refused
        await asyncio.sleep(1)
        assert mail_to(stack, PROVIDER) == [], "a refused release sends nothing"
        await officer.case(
            "release", ref, "--safeguarding-checked", "--child-agrees",
            "--wishes", "The home may see what happened with my phone",
        )  # fmt: skip

        async def provider_mail():  # type: ignore[no-untyped-def]
            return mail_to(stack, PROVIDER) or None

        [letter] = await wait_until(provider_mail, timeout=60)
        text = letter.get_content()
        assert "Staff at the home took my phone for a week." in text
        assert "review meeting" not in text and CHILD not in text
        [fact] = events.bodies("case.provider-release-confirmed")
        assert fact["reference"] == reference
        await asyncio.sleep(2)
        assert len(mail_to(stack, PROVIDER)) == 1, "the provider's letter goes once"

    # `complaints route explain REF` names the advocate and the provider held for the release
    result = await officer.invoke("route", "explain", reference, "--json")
    assert result.exit_code == 0, result.output
    decision = json.loads(result.output)
    kinds = {(r["kind"], r["when"]) for r in decision["recipients"]}
    assert ("representative", "on_event") in kinds
    assert ("provider", "on_release") in kinds
