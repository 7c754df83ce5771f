"""Every letter of the demo goes: the example complaints (examples/submissions/, as
``make demo`` submits them) run through the whole platform in one process
(devstack/inprocess.py), and no letter ends ``failed``, none goes to a fallback desk (the
example directory has every recipient the demo needs), and no message is refused."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from devstack.demo import EXAMPLES, PARTNERS, as_of_now
from devstack.inprocess import InProcessPlatform
from services.notifications.adapters.documents import NotificationCase


async def _run(shift: bool) -> tuple[InProcessPlatform, list[tuple[str, dict[str, Any]]]]:
    platform = InProcessPlatform()
    files = sorted(EXAMPLES.glob("*.json"))
    assert files, f"no example submissions in {EXAMPLES}"
    for path in files:
        body = json.loads(path.read_text())
        body = as_of_now(copy.deepcopy(body)) if shift else body
        await platform.submit(PARTNERS.get(body["procedure"], "demo"), body)
    await platform.settle(rounds=10)
    store = platform.runtimes["notifications"].store
    letters = [
        (doc.id, r) for doc in store.find(NotificationCase, {}, order_by="id") for r in doc.letters
    ]
    return platform, letters


@pytest.mark.parametrize("shift", [False, True], ids=["as-written", "as-of-now"])
async def test_no_demo_letter_fails_or_needs_the_fallback_desk(shift: bool) -> None:
    platform, letters = await _run(shift)
    strands = {ref.split("/")[0] for ref, _ in letters}
    assert len(strands) == len(list(EXAMPLES.glob("*.json"))), strands  # each got letters
    failed = [
        (ref, r["template"], r["recipient"], r["address_key"], r["last_error"])
        for ref, r in letters
        if r["status"] == "failed"
    ]
    if not shift:
        # Received in March, handled in December: a letter would promise a date already
        # past (a response, or named officers' comments), so it is refused, loudly, never
        # sent with that date.
        dated = ("acknowledgement", "mp_position", "comments_request")
        assert failed and all(
            "already past on" in why and template in dated
            for _, template, _, _, why in failed
        ), failed
        return
    assert failed == []
    assert [(ref, r["fallback"]) for ref, r in letters if r.get("fallback")] == []
    keys = [m.routing_key for m in platform.bus.published]
    assert "notification.failed" not in keys and "referral.unaddressed" not in keys
    assert platform.bus.refused == []
    assert all(r["status"] == "sent" for _, r in letters)
