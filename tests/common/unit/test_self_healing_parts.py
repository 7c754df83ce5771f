"""The parts services heal with: backoff, readiness, the store handle, and the hook into
aio-pika's robust connection."""

from __future__ import annotations

import sqlite3

import pytest
from aio_pika import RobustConnection
from grpc_health.v1 import health_pb2

from common.bus import Backoff, BackoffRobustConnection, ServiceBroker, make_broker
from common.grpc_server import NOT_SERVING, SERVING, Readiness
from common.store_handle import StoreHandle, StoreUnavailable, store_error_is_transient
from common.store_recovery import safe_url as _safe_url


def test_backoff_doubles_up_to_its_cap_with_jitter_and_resets() -> None:
    b = Backoff(initial_s=0.5, cap_s=4.0)
    waits = [b.next_wait() for _ in range(8)]
    ceilings = [0.5, 1, 2, 4, 4, 4, 4, 4]
    for wait, ceiling in zip(waits, ceilings, strict=True):
        assert ceiling / 2 <= wait <= ceiling
    assert b.attempt == 8
    b.reset()
    assert b.attempt == 0 and b.next_wait() <= 0.5


def test_backoff_jitter_spreads_the_waits() -> None:
    b = Backoff(initial_s=8, cap_s=8)
    assert len({round(b.next_wait(), 6) for _ in range(20)}) > 10


def test_the_robust_connection_hook_still_exists_in_aio_pika() -> None:
    # BackoffRobustConnection overrides this private per-attempt step; if an upgrade
    # renames it, reconnects would silently lose the backoff.
    assert hasattr(RobustConnection, "_RobustConnection__connect_transport")
    assert "_RobustConnection__connect_transport" in vars(BackoffRobustConnection)


def test_the_broker_connects_with_the_backoff_connection() -> None:
    broker = make_broker("amqp://guest:guest@127.0.0.1:1/", backoff=Backoff(0.1, 2))
    assert isinstance(broker, ServiceBroker)
    assert broker._connection_kwargs["connection_class"] is BackoffRobustConnection
    assert (broker.backoff.initial_s, broker.backoff.cap_s) == (0.1, 2)


class FakeChecker:
    def __init__(self) -> None:
        self.status: dict[str, int] = {}
        self.shutting_down = False

    async def set(self, name: str, status: int) -> None:
        if not self.shutting_down:
            self.status[name] = status

    async def enter_graceful_shutdown(self) -> None:
        self.shutting_down = True
        self.status = dict.fromkeys(self.status, NOT_SERVING)


async def test_readiness_is_serving_only_while_every_condition_holds(caplog) -> None:  # type: ignore[no-untyped-def]
    checker = FakeChecker()
    r = Readiness("intake")
    await r.attach(checker, ["complaints.v1.IntakeService"])
    assert checker.status == {
        "complaints.v1.IntakeService": NOT_SERVING,
        "": NOT_SERVING,
        "liveness": SERVING,  # alive, not ready: a liveness probe must not restart it
    }
    await r.set("store", True)
    await r.set("broker", True)
    assert not r.ready and "consumers" in r.missing()
    await r.set("consumers", True)
    assert r.ready and set(checker.status.values()) == {SERVING}

    await r.set("broker", False, "connection lost")
    assert checker.status[""] == NOT_SERVING and checker.status["liveness"] == SERVING
    assert "broker: connection lost" in r.missing()
    assert "intake not ready (broker: connection lost)" in caplog.text
    await r.set("broker", True)
    assert checker.status[""] == health_pb2.HealthCheckResponse.SERVING

    await r.stopping()
    assert not r.ready and checker.status[""] == NOT_SERVING


def test_the_store_handle_refuses_until_open_then_is_the_store() -> None:
    class Engine:
        operations = {"get": 1}

        def get(self, cls: type, key: str) -> str:
            return f"{key}!"

        def close(self) -> None:
            pass

    attempts: list[int] = []

    def opener() -> Engine:
        attempts.append(1)
        if len(attempts) == 1:
            raise sqlite3.OperationalError("database is locked")
        return Engine()

    handle = StoreHandle(opener, "intake")
    get = handle.get  # bound before the store opens, as handlers do
    assert handle.operations == {}
    assert hasattr(handle, "outbox_backlog")  # callers may ask; calling it waits
    with pytest.raises(StoreUnavailable):
        get(object, "a")
    with pytest.raises(sqlite3.OperationalError):
        handle.open()
    handle.open()
    assert get(object, "a") == "a!" and handle.get(object, "b") == "b!"
    assert handle.operations == {"get": 1}
    handle.open()
    assert len(attempts) == 2  # opened once


def test_which_store_errors_are_worth_retrying() -> None:
    from pymongo.errors import ServerSelectionTimeoutError

    assert store_error_is_transient(sqlite3.OperationalError("unable to open database file"))
    assert store_error_is_transient(PermissionError("read-only directory"))
    assert store_error_is_transient(ServerSelectionTimeoutError("no servers"))
    assert not store_error_is_transient(ValueError("store URL: the scheme must be ..."))
    assert not store_error_is_transient(sqlite3.DatabaseError("file is not a database"))


def test_urls_are_logged_without_their_password() -> None:
    assert _safe_url("amqp://guest:secret@host:5672/v") == "amqp://guest:******@host:5672/v"
    assert _safe_url("sqlite:///.data/x.db") == "sqlite:///.data/x.db"


def quick_runtime():  # type: ignore[no-untyped-def]
    from common.runtime import ServiceRuntime
    from common.settings import PlatformSettings

    settings = PlatformSettings(
        store_url="memory://", metrics_port_base=0, retry_initial_s=0.01, retry_max_s=0.02
    )
    rt = ServiceRuntime("svc", settings, documents=[])
    rt._store_up.set()
    for condition in Readiness.CONDITIONS:
        rt.readiness._missing.pop(condition, None)
    return rt


async def test_a_handler_holds_its_message_while_the_store_is_down() -> None:
    from pymongo.errors import AutoReconnect

    rt = quick_runtime()
    store_down = {"probes": 3}
    calls: list[str] = []

    seen_ready: list[bool] = []

    async def probe() -> None:
        seen_ready.append(rt.readiness.ready)
        if store_down["probes"]:
            store_down["probes"] -= 1
            raise AutoReconnect("connection refused")

    rt._probe_store = probe  # type: ignore[method-assign]

    async def handler(msg: str) -> None:
        calls.append(msg)
        if len(calls) == 1:
            assert rt.readiness.ready
            raise AutoReconnect("connection closed")

    await rt.guarded(handler)("m1")  # type: ignore[arg-type]
    assert calls == ["m1", "m1"]  # ran again once the store answered, never failed
    assert seen_ready[0] is True  # the handler's own check: the store was down
    assert seen_ready[1:] == [False, False, False]  # NOT_SERVING while probing
    assert store_down["probes"] == 0 and rt.readiness.ready


async def test_an_error_that_is_not_the_stores_goes_back_to_the_queue() -> None:
    rt = quick_runtime()
    probed: list[int] = []

    async def probe() -> None:
        probed.append(1)  # the store answers

    rt._probe_store = probe  # type: ignore[method-assign]

    async def handler(msg: str) -> None:
        raise ConnectionRefusedError("the SMTP server is down")  # an OSError, not the store

    with pytest.raises(ConnectionRefusedError):
        await rt.guarded(handler)("m1")  # type: ignore[arg-type]
    assert probed == [1] and rt.readiness.ready


async def test_guarding_keeps_a_handlers_answer_to_refused_messages() -> None:
    from common.consumer import Answering

    rt = quick_runtime()

    async def handle(msg: object) -> None: ...

    async def on_invalid(incoming: object, message: object, errors: object) -> None: ...

    guarded = rt.guarded(Answering(handle, on_invalid))
    assert isinstance(guarded, Answering) and guarded.on_invalid is on_invalid


async def test_a_broker_lost_while_the_store_is_down_still_counts() -> None:
    rt = quick_runtime()
    rt._broker_up = True
    await rt.readiness.set("store", False, "not answering")
    await rt._broker_lost(object(), ConnectionResetError("reset"))
    await rt.readiness.set("store", True)
    assert not rt.readiness.ready and "broker: connection lost" in rt.readiness.missing()
    await rt._broker_back(object())
    assert rt.readiness.ready


async def test_closing_a_half_made_connection_at_start_up_is_not_an_outage() -> None:
    rt = quick_runtime()  # not yet connected once: the start-up loop reports instead
    await rt._broker_lost(object(), ConnectionResetError("reset"))
    assert rt.readiness.ready and rt._lost_at is None
