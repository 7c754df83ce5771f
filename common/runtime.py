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

from common.bus import Publisher, QueueSpec, declare_topology, make_broker
from common.clock import Clock, clock_from
from common.consumer import Handler, subscribe
from common.grpc_server import AuthInterceptor, start_server
from common.metrics import ServiceMetrics, metrics_port
from common.outbox import Aggregate, OutboxRelay
from common.settings import PlatformSettings
from common.storage import Store, open_store

log = logging.getLogger(__name__)


@dataclass
class ServiceRuntime:
    """The wiring every service shares. Build it, add parts, then `run` or `start`."""

    name: str
    platform: PlatformSettings = field(default_factory=PlatformSettings)
    # Every document class the service stores (aggregates and append-only records).
    documents: list[type] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock: Clock = clock_from(self.platform.clock_file)
        self.broker = make_broker(self.platform.amqp_url)
        self.publisher = Publisher(self.broker, self.platform.publish_timeout_s)
        self.store: Store = open_store(
            self.platform.store_url_for(self.name),
            self.documents,
            service=self.name,
            db=self.db,
        )
        self.metrics = ServiceMetrics(self.name, self.store)
        self.queues: list[tuple[QueueSpec, Handler]] = []
        self.grpc_register: Callable[[grpc.aio.Server], Iterable[str]] | None = None
        self.grpc_port = 0
        self.background: list[Callable[[], Awaitable[None]]] = []
        # The timed jobs by name, so a harness can run one at once (devstack.inprocess).
        self.jobs: dict[str, Callable[[], Awaitable[object]]] = {}
        aggregates = [d for d in self.documents if issubclass(d, Aggregate)]
        self.relay = OutboxRelay(
            self.publisher, self.store, aggregates, on_published=self.metrics.count_published
        )
        # Catches outboxes a crash or a broker outage left behind (handlers publish their
        # own at once); a slow timer on an index, so an idle service does almost nothing.
        self.every(self.relay.sweep_age_s, self.relay.sweep, "outbox sweep", first_after=True)
        self._tasks: list[asyncio.Task[None]] = []
        self._server: grpc.aio.Server | None = None
        self.bound_grpc_port: int | None = None

    @property
    def db(self) -> str:
        return f"{self.platform.db_prefix}{self.name}"

    def every(
        self,
        interval_s: float,
        job: Callable[[], Awaitable[object]],
        what: str,
        *,
        first_after: bool = False,
    ) -> None:
        """Run ``job`` every ``interval_s`` while the service runs; a failure is logged
        and the job tried again next time (timer sweeps, delivery retries)."""
        self.jobs[what] = job

        async def loop() -> None:
            if first_after:
                await asyncio.sleep(interval_s)
            while True:
                try:
                    await job()
                except Exception:
                    log.exception("%s failed; will retry", what)
                await asyncio.sleep(interval_s)

        self.background.append(loop)

    async def start(self) -> None:
        for spec, handler in self.queues:
            subscribe(
                self.broker,
                spec,
                handler,
                self.publisher,
                delivery_limit=self.platform.delivery_limit,
                metrics=self.metrics,
            )
        await self.broker.connect()
        await declare_topology(
            self.broker, tuple(s for s, _ in self.queues), self.platform.delivery_limit
        )
        await self.broker.start()
        self.metrics.serve(
            metrics_port(self.name, self.platform.metrics_port_base), self.platform.metrics_host
        )
        # Whatever the last run of this service left unpublished goes out first.
        await self.relay.sweep(older_than_s=0)
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
        self.store.close()
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
    from common.settings import UnsafeConfiguration

    platform = PlatformSettings()
    setup_logging(name, platform.log_level, platform.log_json)
    try:
        platform.check_production()  # production: refuses; development: warns
    except UnsafeConfiguration as exc:
        log.critical("%s will not start: %s", name, exc)
        raise SystemExit(2) from exc
    asyncio.run(build(platform).run())
