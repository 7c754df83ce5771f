"""Runs one service: store, broker topology, subscribers, outbox relay, gRPC, shutdown.

Each service's ``bootstrap.py`` builds its handlers and hands them to `ServiceRuntime`;
this is the only place where the process-level plumbing lives.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import grpc

from common import store
from common.bus import Publisher, QueueSpec, declare_topology, make_broker
from common.clock import Clock, clock_from
from common.consumer import Handler, subscribe
from common.grpc_server import AuthInterceptor, start_server
from common.outbox import Aggregate, OutboxRelay
from common.settings import PlatformSettings

log = logging.getLogger(__name__)


@dataclass
class ServiceRuntime:
    """The wiring every service shares. Build it, add parts, then `run` or `start`."""

    name: str
    platform: PlatformSettings = field(default_factory=PlatformSettings)

    def __post_init__(self) -> None:
        self.clock: Clock = clock_from(self.platform.clock_file)
        self.broker = make_broker(self.platform.amqp_url)
        self.publisher = Publisher(self.broker, self.platform.publish_timeout_s)
        self.documents: list[type[Aggregate]] = []
        self.other_documents: list[type] = []
        self.queues: list[tuple[QueueSpec, Handler]] = []
        self.grpc_register: Callable[[grpc.aio.Server], Iterable[str]] | None = None
        self.grpc_port = 0
        self.background: list[Callable[[], Awaitable[None]]] = []
        self.relay = OutboxRelay(self.publisher, self.documents)
        # Catches outboxes a crash left behind (the handlers flush their own at once).
        self.every(2.0, self.relay.sweep, "outbox sweep")
        self._tasks: list[asyncio.Task[None]] = []
        self._server: grpc.aio.Server | None = None
        self.bound_grpc_port: int | None = None

    @property
    def db(self) -> str:
        return f"{self.platform.db_prefix}{self.name}"

    def every(self, interval_s: float, job: Callable[[], Awaitable[object]], what: str) -> None:
        """Run ``job`` every ``interval_s`` while the service runs; a failure is logged
        and the job tried again next time (timer sweeps, delivery retries)."""

        async def loop() -> None:
            while True:
                try:
                    await job()
                except Exception:
                    log.exception("%s failed; will retry", what)
                await asyncio.sleep(interval_s)

        self.background.append(loop)

    def connect_store(self) -> None:
        store.connect(alias=self.name, url=self.platform.mongo_url, db=self.db)

    async def start(self) -> None:
        await store.run_sync(self.connect_store)
        await store.run_sync(store.ensure_indexes, [*self.documents, *self.other_documents])
        for spec, handler in self.queues:
            subscribe(
                self.broker,
                spec,
                handler,
                self.publisher,
                delivery_limit=self.platform.delivery_limit,
            )
        await self.broker.connect()
        await declare_topology(
            self.broker, tuple(s for s, _ in self.queues), self.platform.delivery_limit
        )
        await self.broker.start()
        for job in self.background:
            self._tasks.append(asyncio.create_task(job(), name=f"{self.name}-job"))
        if self.grpc_register is not None:
            self._server, self.bound_grpc_port = await start_server(
                self.grpc_port,
                self.grpc_register,
                host=self.platform.grpc_host,
                interceptors=[AuthInterceptor(self.platform.auth_secret)],
            )
        log.info("%s started", self.name)

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop(grace=5)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.broker.stop()
        log.info("%s stopped", self.name)

    async def run(self) -> None:
        """Start, serve until SIGINT/SIGTERM, stop cleanly."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await self.start()
        await stop.wait()
        await self.stop()


def serve(name: str, build: Callable[[PlatformSettings], ServiceRuntime]) -> None:
    """``python -m services.<name>``: settings from the environment, JSON logs, run."""
    from common.logs import setup_logging

    platform = PlatformSettings()
    setup_logging(name, platform.log_level, platform.log_json)
    asyncio.run(build(platform).run())
