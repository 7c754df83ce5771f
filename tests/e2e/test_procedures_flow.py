"""Procedures end to end: a split Scottish detention complaint, a child-protection referral."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from tests.e2e.conftest import Stack, submit
from tests.support.bus import listen
from tests.support.grpc_client import Cases, wait_until
from tests.support.submissions import children_child_protection, dso_scotland_cross_cutting

pytestmark = pytest.mark.e2e


async def test_scottish_cross_cutting_complaint_becomes_two_strands_each_acknowledged(
    stack: Stack,
) -> None:
    platform = stack.platform
    async with listen(platform.amqp_url, "complaints", "case.#", "deadline.#") as events:
        reference = await submit(stack, "glenmoor", dso_scotland_cross_cutting())
        cases = Cases(stack.addr("records"), platform)
        try:

            async def both_acknowledged():  # type: ignore[no-untyped-def]
                found = [await cases.get(f"{reference}/{n}") for n in (1, 2)]
                ok = all(
                    c
                    and any(
                        x.template == "acknowledgement" and x.status == "sent" for x in c.letters
                    )
                    for c in found
                )
                return found if ok else None

            general, health = await wait_until(both_acknowledged, timeout=60)
        finally:
            await cases.close()
    # "copied to both the onsite healthcare manager and DS Complaints Team"
    assert (general.owner, health.owner) == ("ds-complaints", "healthcare-manager")
    # Received Mon 2 Nov 2026 in Scotland; St Andrew's Day, Mon 30 Nov, is a holiday there:
    # 3-6 Nov (4), 9-13 (9), 16-20 (14), 23-27 (19), [30 Nov skipped], Tue 1 Dec (20).
    assert [c.due for c in general.clocks if c.name == "response"] == ["2026-12-01"]
    assert [c.due for c in health.clocks if c.name == "response"] == ["2026-12-01"]
    acks = [m for m in stack.mail() if "tariq.mensah" in m["To"]]
    assert len(acks) == 2
    # The IMB hears of the healthcare strand by the complainant's details and the subject
    # only, marked "healthcare complaint" (seed 000, "Healthcare complaint").
    imb = [m for m in stack.mail() if "imb.glenmoor" in m["To"] and "/2" in m["Subject"]]
    assert len(imb) == 1
    text = imb[0].get_content()
    assert "Tariq Mensah" in text and "Inhaler withheld" in text
    assert "healthcare complaint" in text.lower()
    assert "asthma inhaler" not in text and "interpreter" not in text.replace(
        "no interpreter at induction", ""
    )
    # The healthcare strand's events carry only the complainant's details and the subject,
    # but for the referral to the local healthcare manager, who investigates (seed 000:
    # "Complaint referred to local healthcare manager for investigation and response").
    for ev in events.messages:
        if ev.body.get("strand") == 2 and not ev.body.get("aspects_for_recipient_only"):
            text = str(ev.body)
            assert "asthma inhaler" not in text and "interpreter was booked" not in text

    async def manager_letters():  # type: ignore[no-untyped-def]
        found = [m for m in stack.mail() if "asthma inhaler" in m.get_content()]
        return found or None

    (manager,) = await wait_until(manager_letters, timeout=30)
    assert "imb." not in manager["To"] and "ds-complaints" not in manager["To"]
    assert "interpreter was booked" not in manager.get_content()  # the other strand's point
    # ... and the file keeps the referral without those points.
    cases = Cases(stack.addr("records"), platform)
    try:
        health_file = await cases.get(f"{reference}/2")
    finally:
        await cases.close()
    assert "case.referred" in [h.type for h in health_file.history]
    assert "asthma inhaler" not in str(health_file)
    routed2 = [
        e for e in events.messages if e.routing_key == "case.routed" and e.body["strand"] == 2
    ]
    assert routed2 and routed2[0].body["minimal"] is True and routed2[0].body["aspects"] == []
    assert routed2[0].body["complainant"]["name"] == "Tariq Mensah"


async def test_child_protection_concern_is_referred_at_once_and_the_clock_stops(
    stack: Stack,
) -> None:
    platform = stack.platform
    async with listen(platform.amqp_url, "complaints", "case.#", "deadline.#") as events:
        reference = await submit(stack, "westshire", children_child_protection())
        await events.wait_for(
            lambda m: (
                sum(e.routing_key == "deadline.stopped" for e in m) >= 2
                and any(e.routing_key == "case.referred" for e in m)
            ),
            timeout=60,
        )
    referred = [e.body for e in events.messages if e.routing_key == "case.referred"]
    assert referred and referred[0]["urgency"] == "immediate"
    assert "social care" in referred[0]["to"].lower()
    stopped = [e.body for e in events.messages if e.routing_key == "deadline.stopped"]
    assert {s["clock"] for s in stopped} >= {"acknowledgement", "response"}
    assert all(s["reference"] == reference for s in stopped)
    # The referral is filed with the case, and the clocks show as stopped.
    cases = Cases(stack.addr("records"), platform)
    try:

        async def filed():  # type: ignore[no-untyped-def]
            case = await cases.get(f"{reference}/1")
            types = [h.type for h in case.history] if case else []
            settled = "case.referred" in types and types.count("deadline.stopped") >= 2
            return case if settled else None

        case = await wait_until(filed, timeout=30)
    finally:
        await cases.close()
    assert {c.status for c in case.clocks if c.name in ("acknowledgement", "response")} == {
        "stopped"
    }


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "submissions").glob("*.json"))


async def test_the_dry_run_explains_exactly_what_the_platform_decided(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli.route import app

    monkeypatch.setenv("COMPLAINTS_ROUTING_ADDR", stack.addr("routing"))
    runner = CliRunner()
    today = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    for path in EXAMPLES:
        body = json.loads(path.read_text())
        reference = await submit(stack, "examples", body)

        async def decided(ref: str = reference):  # type: ignore[no-untyped-def]
            result = await asyncio.to_thread(runner.invoke, app, ["explain", ref, "--json"])
            return result if result.exit_code == 0 else None

        online = await wait_until(decided, timeout=30)
        offline = runner.invoke(app, ["explain", "--file", str(path), "--json", "--today", today])
        assert offline.exit_code == 0, offline.output
        assert json.loads(online.output) == json.loads(offline.output), path.name
