"""The deadlines service over the real broker and store: a children's complaint's clocks
stop for a child-protection referral, resume, extend, breach and progress to stage 2."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import grpc
import pytest

from common.auth import Role
from common.workdays import calendar_for
from complaints.v1 import deadlines_pb2, deadlines_pb2_grpc
from services.deadlines.bootstrap import build
from services.deadlines.config import DeadlinesSettings
from services.deadlines.queries import ClockQueries
from tests.support.bus import listen, publish
from tests.support.events import body, lifecycle, routed
from tests.support.grpc_client import metadata
from tests.support.infra import set_day

pytestmark = pytest.mark.integration


@pytest.fixture
async def deadlines(platform):  # type: ignore[no-untyped-def]
    rt = build(platform, DeadlinesSettings(grpc_port=0, sweep_interval_s=0.2))
    await rt.start()
    yield rt
    await rt.stop()


async def test_stop_resume_extend_breach_and_progress(deadlines, platform) -> None:  # type: ignore[no-untyped-def]
    set_day(platform.clock_file, date(2026, 11, 2))  # Mon 2 Nov 2026: received and routed
    case = routed(
        "children",
        clocks=["acknowledgement", "response"],
        flags=["clock_suspended"],
        received_on=date(2026, 11, 2),
    )
    async with listen(platform.amqp_url, "complaints", "deadline.#", "case.#") as events:
        await publish(platform.amqp_url, "complaints", "case.routed", body(case))
        await events.wait_for(lambda m: len(events.bodies("deadline.stopped")) == 2)
        # Set, then stopped at once with all their working days still to run.
        assert {b["clock"]: b["due"] for b in events.bodies("deadline.set")} == {
            "acknowledgement": "2026-11-05",
            "response": "2026-11-16",
        }
        assert {b["clock"]: b["remaining"] for b in events.bodies("deadline.stopped")} == {
            "acknowledgement": 3,
            "response": 10,
        }

        set_day(platform.clock_file, date(2026, 11, 9))  # Mon 9 Nov: the referral is dealt with
        await publish(
            platform.amqp_url, "complaints", "case.resumed", body(lifecycle(case, "resumed"))
        )
        await events.wait_for(lambda m: len(events.bodies("deadline.resumed")) == 2)
        # 3 wd after Mon 9 Nov: Thu 12 Nov; 10 wd: Mon 23 Nov.
        assert {b["clock"]: b["due"] for b in events.bodies("deadline.resumed")} == {
            "acknowledgement": "2026-11-12",
            "response": "2026-11-23",
        }

        await publish(
            platform.amqp_url,
            "complaints",
            "case.acknowledged",
            body(lifecycle(case, "acknowledged")),
        )
        await publish(
            platform.amqp_url,
            "complaints",
            "case.extended",
            body(
                lifecycle(
                    case,
                    "extended",
                    clock="response",
                    to="2026-11-30",
                    due="2026-11-30",
                    reason="agreed with the complainant",
                )
            ),
        )
        await events.wait_for(lambda m: events.bodies("deadline.set", "response")[1:])
        assert events.bodies("deadline.set", "response")[-1]["due"] == "2026-11-30"

        set_day(platform.clock_file, date(2026, 12, 1))  # Tue 1 Dec: past the extended date
        await events.wait_for(lambda m: events.bodies("deadline.breached", "response"))
        assert not events.bodies("deadline.breached", "acknowledgement")  # it was done
        assert not events.bodies("case.auto-progressed")
        # Stage 1's limit is 20 wd of running time: 2 Nov + 20 + 5 stopped = Mon 7 Dec. Past
        # it the complainant may ask for stage 2 (seed 004 "can"); nothing moves it by itself.
        set_day(platform.clock_file, date(2026, 12, 8))
        await deadlines.handlers.sweep()
        assert not events.bodies("case.auto-progressed")
        asked = lifecycle(case, "escalated", on="2026-12-08", to_stage="investigation")
        await publish(
            platform.amqp_url,
            "complaints",
            "case.escalated",
            body(asked.model_copy(update={"stage": "investigation"})),
        )
        await events.wait_for(
            lambda m: [b for b in events.bodies("deadline.set") if b["stage"] == "investigation"]
        )
    assert not events.bodies("case.auto-progressed")
    stage2 = [b for b in events.bodies("deadline.set") if b["stage"] == "investigation"]
    # 25 wd from Tue 8 Dec 2026: 9-11 (3), 14-18 (8), 21-24 (12), [25, 28 Dec], 29-31 (15),
    # [1 Jan], 4-8 Jan (20), 11-15 Jan (25): Fri 15 Jan 2027.
    assert [(b["clock"], b["due"]) for b in stage2] == [("response", "2027-01-15")]


async def test_an_imported_calendar_version_moves_due_dates(deadlines, platform) -> None:  # type: ignore[no-untyped-def]

    channel = grpc.aio.insecure_channel(f"127.0.0.1:{deadlines.bound_grpc_port}")
    stub = deadlines_pb2_grpc.DeadlineServiceStub(channel)
    md = metadata(platform, Role.OPERATOR)
    ask = deadlines_pb2.AddWorkingDaysRequest(start="2026-11-30", days=5, nation="england")
    try:
        before = await stub.AddWorkingDays(ask, metadata=md, timeout=5)
        # 5 wd after Mon 30 Nov 2026: 1-4 Dec (4), Mon 7 Dec (5).
        assert before.due == "2026-12-07"
        library = calendar_for("england-and-wales").holidays_in(2026)
        events = [
            {"title": t, "date": d.isoformat(), "notes": "", "bunting": True}
            for d, t in library.items()
        ]
        events.append({"title": "Royal event", "date": "2026-12-04", "notes": "", "bunting": True})
        file = {"england-and-wales": {"division": "england-and-wales", "events": events}}
        version = await stub.ImportBankHolidays(
            deadlines_pb2.ImportBankHolidaysRequest(json=json.dumps(file)), metadata=md, timeout=5
        )
        assert version.version == 1 and version.events["england-and-wales"] == len(events)
        again = await stub.ImportBankHolidays(
            deadlines_pb2.ImportBankHolidaysRequest(json=json.dumps(file)), metadata=md, timeout=5
        )
        assert again.version == 1  # the same file is the same version
        after = await stub.AddWorkingDays(ask, metadata=md, timeout=5)
        assert after.due == "2026-12-08"
        assert any(s.reason == "Royal event" for s in after.skipped)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.ImportBankHolidays(
                deadlines_pb2.ImportBankHolidaysRequest(json='{"scotland": {"events": 1}}'),
                metadata=md,
                timeout=5,
            )
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await stub.ImportBankHolidays(
                deadlines_pb2.ImportBankHolidaysRequest(json=json.dumps(file)),
                metadata=metadata(platform, Role.AUDITOR),
                timeout=5,
            )
        assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    finally:
        await channel.close()


async def test_a_lifecycle_fact_that_overtakes_routing_is_obeyed_once_routed(  # type: ignore[no-untyped-def]
    deadlines, platform
) -> None:
    set_day(platform.clock_file, date(2026, 11, 2))
    case = routed("children", clocks=["acknowledgement", "response"], received_on=date(2026, 11, 2))
    async with listen(platform.amqp_url, "complaints", "deadline.#") as events:
        # The acknowledgement is filed before the strand's clocks exist...
        await publish(
            platform.amqp_url,
            "complaints",
            "case.acknowledged",
            body(lifecycle(case, "acknowledged", on="2026-11-03")),
        )
        await publish(platform.amqp_url, "complaints", "case.routed", body(case))
        await events.wait_for(lambda m: len(events.bodies("deadline.set")) == 2)
        queries = ClockQueries(deadlines.store, calendar_for)

        async def acknowledged():  # type: ignore[no-untyped-def]
            # Worked at once, the two messages may be applied in either order.
            clocks = {c.name: str(c.status) for _, c in await queries.clocks_of(case.case_ref)}
            return clocks.get("acknowledgement") == "completed"

        async with asyncio.timeout(15):
            while not await acknowledged():
                await asyncio.sleep(0.1)
        set_day(
            platform.clock_file, date(2026, 11, 9)
        )  # past the acknowledgement's due date (5 Nov)
        await deadlines.handlers.sweep()
        await asyncio.sleep(1)
    # ...and still finishes its clock: no breach of the acknowledgement.
    assert not events.bodies("deadline.breached", "acknowledgement")
    statuses = {c.name: str(c.status) for _, c in await queries.clocks_of(case.case_ref)}
    assert statuses == {"acknowledgement": "completed", "response": "running"}
