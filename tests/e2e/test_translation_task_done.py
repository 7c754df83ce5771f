"""A translation recorded done before its due day is not reminded (issue 18; seed 004
"information will be provided in large print, translation or in other formats"), over
the running platform as the CLI types it: the person reads Polish, the desk is asked for a
translation due 10 working days later, sends it early and records it with ``complaints
letters task-done``; on the due morning no reminder goes."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.test_paper_letters import polish_reader
from tests.support.grpc_client import wait_until

pytestmark = pytest.mark.e2e


async def test_a_translation_recorded_done_is_not_reminded_on_its_due_day(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer, reference, desk_mail = await polish_reader(stack, monkeypatch)

    async def requested() -> Any:
        return desk_mail("[Format request]") or None

    await wait_until(requested, timeout=60)

    async def letters() -> list[dict[str, Any]]:
        result = await officer.invoke("case", "letters", reference, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)  # type: ignore[no-any-return]

    listed = await letters()
    (task,) = [n for n in listed if n["template"] == "format-request"]
    (reminder,) = [n for n in listed if n["template"] == "format-reminder"]
    assert reminder["status"] == "pending"

    # Thu 5 Nov: the desk sent the Polish letter and records it.
    officer.on(date(2026, 11, 5))
    result = await officer.invoke("letters", "task-done", task["case_ref"], task["key"],
                                  "--note", "Polish translation sent by email")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "translation (pl) due 2026-11-16 at desk:dso-england done 2026-11-05" in result.output
    (reminder,) = [n for n in await letters() if n["template"] == "format-reminder"]
    assert reminder["status"] == "withdrawn"
    assert "recorded done on 2026-11-05" in reminder["last_error"]
    # an unknown key is refused, naming it
    wrong = await officer.invoke("letters", "task-done", task["case_ref"], "ntf-nope")
    assert wrong.exit_code != 0 and "ntf-nope" in wrong.output, wrong.output

    # Mon 16 Nov, the due day, and the morning after: no reminder.
    officer.on(date(2026, 11, 16))
    await asyncio.sleep(4)
    officer.on(date(2026, 11, 17))
    await asyncio.sleep(2)
    assert desk_mail("[Due today]") == []
