"""The consumer's refusals without a broker (`common.consumer.process`): a body it cannot
read, however hostile, is dead-lettered at once and handed to the handler's
``on_invalid`` (`Answering`), never raised (which would retry it to the limit)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.bus import COMPLAINTS, DLX, QueueSpec
from common.consumer import Answering, Incoming, Invalid, process
from common.contracts import FieldError
from tests.support.fakes import Delivery, FakePublisher, RawMessage

SPEC = QueueSpec("probe.work", COMPLAINTS, ("probe.#",))


def Message(body: bytes) -> Delivery:  # noqa: N802 - reads as the delivery it builds
    return Delivery(body, RawMessage(routing_key="probe.x", exchange="complaints"))


class Recorder:
    def __init__(self, refuse: bool = False) -> None:
        self.handled: list[Incoming] = []
        self.invalid: list[tuple[Incoming | None, list[FieldError]]] = []
        self.refuse = refuse

    async def handle(self, msg: Incoming) -> None:
        self.handled.append(msg)
        if self.refuse:
            raise Invalid([FieldError(field="x", rule="r", message="no")])

    async def on_invalid(self, incoming: Incoming | None, _: Any, errors: list[FieldError]) -> None:
        self.invalid.append((incoming, errors))


def run(body: bytes, recorder: Recorder, **kw: Any) -> tuple[str, FakePublisher]:
    publisher = FakePublisher()
    handler = Answering(recorder.handle, recorder.on_invalid)
    outcome = asyncio.run(process(SPEC, Message(body), handler, publisher, **kw))  # type: ignore[arg-type]
    return outcome, publisher


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (b"", "object"),
        (b"{oops", "json"),
        (b"\xff\xfe", "json"),
        (b"[" * 100_000 + b"]" * 100_000, "max-depth"),
        (b"[1]", "object"),
    ],
)
def test_an_unreadable_body_goes_to_on_invalid_and_the_dlq_once(body: bytes, rule: str) -> None:
    recorder = Recorder()
    outcome, publisher = run(body, recorder)
    assert outcome == "rejected" and recorder.handled == []
    ((incoming, errors),) = recorder.invalid
    assert incoming is None and [(e.field, e.rule) for e in errors] == [("(body)", rule)]
    assert [m.exchange for m in publisher.sent] == [DLX.name]


def test_a_refusal_by_the_handler_reaches_on_invalid_with_the_message() -> None:
    recorder = Recorder(refuse=True)
    outcome, publisher = run(b'{"a": 1}', recorder)
    assert outcome == "rejected"
    ((incoming, _),) = recorder.invalid
    assert incoming is not None and incoming.body == {"a": 1}
    assert len(publisher.sent) == 1


def test_an_explicit_on_invalid_overrides_the_handlers() -> None:
    recorder, other = Recorder(), Recorder()
    run(b"{oops", recorder, on_invalid=other.on_invalid)
    assert recorder.invalid == [] and len(other.invalid) == 1


def test_any_other_error_is_raised_for_a_retry() -> None:
    async def crash(msg: Incoming) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        asyncio.run(process(SPEC, Message(b"{}"), crash, FakePublisher()))  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        st.integers(1, 100_000).map(lambda n: b"{" * n),
        st.integers(1, 100_000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
    )
)
def test_no_body_crashes_the_consumer(body: bytes) -> None:
    recorder = Recorder()
    outcome, publisher = run(body, recorder)
    assert outcome in {"ok", "rejected"}
    assert len(recorder.handled) + len(recorder.invalid) == 1
    assert len(publisher.sent) == (1 if outcome == "rejected" else 0)
