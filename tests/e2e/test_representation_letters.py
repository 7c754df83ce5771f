"""Representations and compliments over the running platform, through the CLI (children
seed 004): "The Directorate will respond to the issues raised and set out what action
will be taken": ``complaints representations answer`` sends the young person the answer
with the action; "the first line manager ... ensure that the positive sentiments are
feedback to the staff concerned": ``complaints representations compliment`` sends the
manager the notice, from the address directory, or to the fallback desk, listed by
``complaints ops health``, when the directory has no entry for them."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest

from ops.referrals import check_referrals
from tests.e2e.casework import Officer
from tests.e2e.conftest import Stack, submit
from tests.support.grpc_client import wait_until

pytestmark = pytest.mark.e2e

JESS = "jess.ward@example.org"
MANAGER = "dana.price@westshire.example.gov.uk"  # the example directory's
DESK = "safeguarding.duty@westshire.example.gov.uk"  # desk:children-england


def representation(kind: str, subject: str, text: str) -> dict[str, Any]:
    return {
        "partner_ref": f"CSC-{uuid.uuid4().hex[:10]}",
        "procedure": "children",
        "nation": "england",
        "received_at": "2026-11-02T09:00:00+00:00",
        "channel": "form",
        "complainant": {"name": "Jess Ward", "contact": JESS},
        "subject": subject,
        "aspects": [{"kind": "service-delivery", "text": text}],
        "location": {"local_authority": "Westshire Council"},
        "representation_type": kind,
    }


def mail(stack: Stack, to: str, words: str) -> list[Any]:
    return [m for m in stack.mail() if to in m["To"] and words in m["Subject"]]


async def test_an_answered_representation_is_a_letter_with_the_action(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    body = representation("representation", "Evening activities", "Could the centre open later?")
    reference = await submit(stack, "westshire", body)

    async def answered() -> Any:
        result = await officer.invoke(
            "representations", "answer", reference, "--json",
            "--summary", "We will look at opening hours with the youth service",
            "--action", "A trial of Thursday evenings from January",
        )  # fmt: skip
        return json.loads(result.output) if result.exit_code == 0 else None

    await wait_until(answered, timeout=45.0)

    async def letter() -> Any:
        return mail(stack, JESS, "our answer") or None

    [sent] = await wait_until(letter, timeout=45.0)
    text = sent.get_content()
    assert "What we will do: A trial of Thursday evenings from January" in text
    assert "We will look at opening hours with the youth service" in text
    assert f"Your views {reference}" in sent["Subject"]
    await asyncio.sleep(2)
    assert len(mail(stack, JESS, "our answer")) == 1, "one letter per answer"


async def test_a_compliment_goes_to_the_manager_or_loudly_to_the_desk(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = Officer(stack, monkeypatch)
    known = await submit(stack, "westshire", representation(
        "compliment", "Kind staff", "Lee was so kind when I moved in."))  # fmt: skip
    unknown = await submit(stack, "westshire", representation(
        "compliment", "Great key worker", "Mo always listens."))  # fmt: skip

    async def passed_on(reference: str, manager: str, staff: str) -> Any:
        result = await officer.invoke(
            "representations", "compliment", reference, "--staff", staff,
            "--manager", manager, "--json",
        )  # fmt: skip
        return json.loads(result.output) if result.exit_code == 0 else None

    await wait_until(lambda: passed_on(known, "Dana Price", "Lee Carter"), timeout=45.0)
    await wait_until(lambda: passed_on(unknown, "Robin Unlisted", "Mo Ahmed"), timeout=45.0)

    async def to_manager() -> Any:
        return mail(stack, MANAGER, known) or None

    [notice] = await wait_until(to_manager, timeout=45.0)
    text = notice.get_content()
    assert "Dear Dana Price," in text and "Lee Carter" in text
    assert "Lee was so kind when I moved in." in text

    async def to_desk() -> Any:
        return mail(stack, DESK, unknown) or None

    [desk] = await wait_until(to_desk, timeout=45.0)
    assert desk["Subject"].startswith("[Compliment notice for the desk]")
    assert "no entry for officer:robin-unlisted in the address directory" in desk.get_content()

    report = await asyncio.to_thread(check_referrals, stack.platform)
    [row] = [r for r in report["undeliverable"] if r["case_ref"] == unknown]
    assert (row["recipient"], row["status"], row["desk"]) == (
        "manager", "sent", "desk:children-england",
    )  # fmt: skip
    assert not [r for r in report["referrals"] if r["case_ref"] in (known, unknown)]
