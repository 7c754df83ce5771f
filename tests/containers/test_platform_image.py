"""The platform's own image, as deploy/ uses it, runs the five services against the
RabbitMQ container with SQLite stores, and one example complaint goes all the way through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devstack.demo import as_of_now
from tests.containers.conftest import ImageStack
from tests.e2e.conftest import submit
from tests.support.grpc_client import Cases, wait_until

pytestmark = [pytest.mark.containers, pytest.mark.e2e]

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "examples" / "submissions" / "code-officers-named.json"
)


async def test_an_example_complaint_is_accepted_filed_and_acknowledged(
    image_stack: ImageStack,
) -> None:
    stack = image_stack
    assert set(stack.containers) == {"intake", "routing", "deadlines", "notifications", "records"}
    assert stack.platform.store_url.startswith("sqlite:///")
    # Moved to today as `make demo` sends the examples: a letter never promises a passed date.
    body = as_of_now(json.loads(EXAMPLE.read_text()))
    reference = await submit(stack, "examples", body)
    cases = Cases(stack.addr("records"), stack.platform)

    async def acknowledged():  # type: ignore[no-untyped-def]
        case = await cases.get(f"{reference}/1")
        if case and any(
            x.template == "acknowledgement" and x.status == "sent" for x in case.letters
        ):
            return case
        return None

    try:
        case = await wait_until(acknowledged, timeout=90)
    finally:
        await cases.close()
    assert case.procedure == "dso"
    assert case.clocks, "the deadlines service set no clock"
    letters = [m for m in stack.mail() if body["complainant"]["contact"] in m["To"]]
    assert len(letters) == 1, [m["To"] for m in stack.mail()]
    # The stores are the containers' SQLite files, in the directory mounted into them.
    assert sorted(p.name for p in (stack.workdir / "stores").glob("*.db"))
