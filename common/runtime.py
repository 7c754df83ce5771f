"""Runs one service: store, broker topology, subscribers, outbox relay, gRPC, shutdown.

Each service's ``bootstrap.py`` builds its handlers and hands them to `ServiceRuntime`;
this is the only place where the process-level plumbing lives.

A service heals itself (docs/operations.md, "Recovery"):

- At start-up it serves gRPC health at once, NOT_SERVING, then opens its store and
  connects to the broker, each retried with capped exponential backoff and jitter
  (``PLATFORM_RETRY_INITIAL_S`` .. ``PLATFORM_RETRY_MAX_S``), one log line per failed
  attempt with the next wait. Once the store is open, the broker connected, the topology
  declared and every consumer subscribed, health says SERVING and the log says
  ``<service> started``.
- When the broker connection is lost, health says NOT_SERVING; aio-pika's robust
  connection reconnects with the same backoff (`common.bus.BackoffRobustConnection`) and
  restores channels, queues and consumers; then SERVING again. Unacknowledged messages
  go back to their queue (nothing lost); handlers are idempotent (nothing doubled).
- When the store stops answering while the service runs (a handler's store call fails
  with a connection error, or the probe every ``PLATFORM_STORE_PROBE_S`` does: one
  indexed read, and a write lock taken and let go within ``STORE_WRITE_PROBE_S``, so a
  SQLite file another process holds locked counts as down though it can be read), health
  says NOT_SERVING and handlers hold their message (unacknowledged, so it costs no
  delivery attempt) until a probe, retried with the same backoff, reaches the store;
  then they run it again (they are idempotent) and health says SERVING.
- Timed jobs (sweeps, retries) wait while the service is not ready.
- A store error that retrying cannot cure (a bad URL, a corrupt file) stops the service
  with the reason (exit 1), for its supervisor to report.

The store's side of this lives in `common.store_recovery` (the handle handlers get, in
`common.store_handle`); this module wires the rest: broker, subscribers, outbox relay,
gRPC, timed jobs, start and stop.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import grpc

from common.access.gate import FactsOf, Gate, OnDenied
from common.bus import Publisher, QueueSpec, declare_topology, make_broker
from common.clock import Clock, clock_from
from common.consumer import Handler, subscribe
from common.grpc_server import Readiness, ReadinessInterceptor, start_server
from common.metrics import ServiceMetrics, metrics_port
from common.outbox import Aggregate, OutboxRelay
from common.settings import PlatformSettings
from common.storage import Store, open_store
from common.store_handle import StoreHandle
from common.store_recovery import StoreRecovery, safe_url

log = logging.getLogger(__name__)


@dataclass
class ServiceRuntime(StoreRecovery):
    """The wiring every service shares. Build it, add parts, then `run` or `start`."""

    name: str
    platform: PlatformSettings = field(default_factory=PlatformSettings)
    # Every document class the service stores (aggregates and append-only records).
    documents: list[type] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock: Clock = clock_from(self.platform.clock_file)
        self.readiness = Readiness(self.name)
        self.broker = make_broker(
            self.platform.amqp_url,
            backoff=self._backoff(),
            connect_timeout_s=self.platform.connect_timeout_s,
            on_close=self._broker_lost,
            on_reconnected=self._broker_back,
        )
        self.publisher = Publisher(self.broker, self.platform.publish_timeout_s)
        store_url = self.platform.store_url_for(self.name)
        self._store = StoreHandle(
            lambda: open_store(store_url, self.documents, service=self.name, db=self.db),
            self.name,
        )
        self.store: Store = self._store  # type: ignore[assignment]
        self._try_open_store_now()
        self.metrics = ServiceMetrics(self.name, self.store)
        self.queues: list[tuple[QueueSpec, Handler]] = []
        self.grpc_register: Callable[[grpc.aio.Server], Iterable[str]] | None = None
        self.grpc_port = 0
        # What the gate needs to decide on cases: the facts of the strands a reference
        # names, from this service's own store, and where refusals are filed (besides
        # the log). Services without cases keep the defaults.
        self.case_facts: FactsOf | None = None
        self.on_denied: OnDenied | None = None
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
        self._subscribed = False
        self._stopping = False
        self._lost_at: float | None = None
        self._broker_up = False  # connected once (from then on aio-pika reconnects)
        self._store_up = asyncio.Event()
        self._store_down_since: float | None = None
        self._store_watch: asyncio.Task[None] | None = None

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
                if not self.readiness.ready:
                    await self._until_ready()
                try:
                    await job()
                except Exception:
                    log.exception("%s failed; will retry", what)
                await asyncio.sleep(interval_s)

        self.background.append(loop)

    # -- readiness and recovery ----------------------------------------------------------

    async def _connect_broker(self) -> None:
        """Connect, declare the topology and start every consumer, retrying the whole
        step with backoff until it succeeds (a broker may go away half-way)."""
        backoff = self._backoff()
        while True:
            try:
                await self.broker.connect()
                await declare_topology(
                    self.broker, tuple(s for s, _ in self.queues), self.platform.delivery_limit
                )
                await self.broker.start()
                break
            except Exception as exc:
                wait = backoff.next_wait()
                await self.readiness.set("broker", False, str(exc) or type(exc).__name__)
                log.warning(
                    "%s: broker %s unreachable (attempt %d: %s); next attempt in %.1f s",
                    self.name,
                    safe_url(self.platform.amqp_url),
                    backoff.attempt,
                    str(exc) or type(exc).__name__,
                    wait,
                    extra={"attempt": backoff.attempt, "next_wait_s": round(wait, 2)},
                )
                # Drop the half-made connection; the next attempt starts clean.
                await self.broker.stop()
                await asyncio.sleep(wait)
        if backoff.attempt:
            log.info("%s: broker connected after %d failed attempt(s)", self.name, backoff.attempt)
        self._broker_up = True
        await self.readiness.set("broker", True)
        await self.readiness.set("consumers", True)

    async def _broker_lost(self, connection: Any, exc: BaseException | None = None) -> None:
        """aio-pika: the connection closed (it reconnects by itself unless we stop)."""
        if self._stopping or self._lost_at is not None or not self._broker_up:
            return  # shutting down, already lost, or still connecting at start-up
        self._lost_at = time.monotonic()
        why = f"connection lost ({exc or 'closed'}); reconnecting"
        await self.readiness.set("broker", False, why)
        await self.readiness.set("consumers", False, "waiting for the broker")

    async def _broker_back(self, connection: Any) -> None:
        """aio-pika: reconnected, channels, queues and consumers restored."""
        if self._stopping:
            return
        took = time.monotonic() - self._lost_at if self._lost_at is not None else 0.0
        log.info(
            "%s: broker connection restored after %.1f s; consumers resubscribed",
            self.name,
            took,
            extra={"outage_s": round(took, 2)},
        )
        self._lost_at = None
        await self.readiness.set("broker", True)
        await self.readiness.set("consumers", True)
        # What failed to publish during the outage (its lease released) goes out now.
        self._tasks.append(asyncio.create_task(self._sweep_after(0), name="reconnect-sweep"))

    async def _sweep_after(self, delay_s: float) -> None:
        """One outbox sweep of everything pending, ``delay_s`` from now (a failure is
        logged; the timer sweep catches up)."""
        await asyncio.sleep(delay_s)
        if not self.readiness.ready:
            await self._until_ready()
        try:
            await self.relay.sweep(older_than_s=0)
        except Exception:
            log.exception("%s: outbox sweep failed; the timer sweep will retry", self.name)

    async def _until_ready(self) -> None:
        while not self.readiness.ready:
            await asyncio.sleep(0.2)

    def gate(self) -> Gate:
        """The interceptor that authenticates and authorises every call."""
        if self.case_facts is None:
            return Gate(self.platform.auth_secret, on_denied=self.on_denied)
        return Gate(self.platform.auth_secret, facts_of=self.case_facts, on_denied=self.on_denied)

    # -- life ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve health (NOT_SERVING), open the store, connect the broker and subscribe
        (each retried until it works), then run the timed jobs: SERVING."""
        if self.grpc_register is not None:
            self._server, self.bound_grpc_port = await start_server(
                self.grpc_port,
                self.grpc_register,
                host=self.platform.grpc_host,
                interceptors=[
                    ReadinessInterceptor(self.readiness),
                    self.gate(),
                ],
                readiness=self.readiness,
            )
        self.metrics.serve(
            metrics_port(self.name, self.platform.metrics_port_base), self.platform.metrics_host
        )
        await self._open_store()
        if not self._subscribed:
            for spec, handler in self.queues:
                subscribe(
                    self.broker,
                    spec,
                    self.guarded(handler),
                    self.publisher,
                    delivery_limit=self.platform.delivery_limit,
                    metrics=self.metrics,
                )
            self._subscribed = True
        await self._connect_broker()
        # Whatever the last run of this service left unpublished goes out first; what it
        # had leased when it died goes out as soon as those leases run out, not a timer
        # tick later.
        await self.relay.sweep(older_than_s=0)
        self._tasks.append(
            asyncio.create_task(self._sweep_after(self.relay.lease_s + 1), name="lease-sweep")
        )
        for job in self.background:
            self._tasks.append(asyncio.create_task(job(), name=f"{self.name}-job"))
        if self.platform.store_probe_s > 0:
            self._tasks.append(asyncio.create_task(self._watch_store(), name="store-probe"))
        log.info("%s started", self.name)

    async def stop(self) -> None:
        self._stopping = True
        await self.readiness.stopping()
        if self._server is not None:
            await self._server.stop(grace=5)
        if self._store_watch is not None:
            self._tasks.append(self._store_watch)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.broker.stop()
        self._store.close()
        log.info("%s stopped", self.name)

    async def run(self) -> None:
        """Start, serve until SIGINT/SIGTERM, stop cleanly."""
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        starting = asyncio.create_task(self.start(), name=f"{self.name}-start")
        stopped = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({starting, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if starting.done():
                starting.result()  # a failure that retrying cannot cure ends the process
                await stopped
            else:  # asked to stop while still waiting for the store or the broker
                log.info("%s: asked to stop before it was ready", self.name)
                starting.cancel()
                await asyncio.gather(starting, return_exceptions=True)
        finally:
            stopped.cancel()
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
