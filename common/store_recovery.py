"""How a service opens its store and keeps handling messages while it comes and goes.

`StoreRecovery` is the part of `common.runtime.ServiceRuntime` that opens the store at
start-up (retried with capped exponential backoff and jitter), holds each message while
the store is down (``guarded``: unacknowledged, so it costs no delivery attempt), probes it
(one indexed read and the write lock taken and let go) until it answers again, and keeps
health NOT_SERVING meanwhile (docs/operations.md, "Recovery"). ``safe_url`` writes a URL
for the logs without its password.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from common.bus import Backoff
from common.consumer import Answering, Handler
from common.grpc_server import Readiness
from common.settings import PlatformSettings
from common.store_handle import StoreHandle, StoreUnavailable, store_error_is_transient

# The runtime's logger: these lines read, and are filtered, as the runtime's own.
log = logging.getLogger("common.runtime")

# The store probe's wait for the write lock: longer than any commit of this platform
# (milliseconds) and short enough that health tells of a locked store within seconds.
STORE_WRITE_PROBE_S = 2.0


class StoreRecovery:
    """The store's side of a service's runtime (mixed into `ServiceRuntime`, which sets
    these attributes up)."""

    name: str
    platform: PlatformSettings
    readiness: Readiness
    _store: StoreHandle
    _stopping: bool
    _store_up: asyncio.Event
    _store_down_since: float | None
    _store_watch: asyncio.Task[None] | None

    def _backoff(self) -> Backoff:
        return Backoff(self.platform.retry_initial_s, self.platform.retry_max_s)

    def _try_open_store_now(self) -> None:
        """Open the store while building, as before, so tools that build a runtime
        without starting it have their store; if it cannot be opened yet, `start`
        retries it."""
        try:
            self._store.open()
        except Exception as exc:
            if not store_error_is_transient(exc):
                raise
            log.warning("%s: store not available yet (%s); will retry at start", self.name, exc)

    async def _open_store(self) -> None:
        backoff = self._backoff()
        while not self._store.is_open:
            try:
                await asyncio.to_thread(self._store.open)
            except Exception as exc:
                if not store_error_is_transient(exc):
                    log.critical(
                        "%s: cannot open its store %s: %s; not retrying (fix the store URL "
                        "or the file)",
                        self.name,
                        safe_url(self.platform.store_url_for(self.name)),
                        exc,
                    )
                    raise
                wait = backoff.next_wait()
                await self.readiness.set("store", False, str(exc))
                log.warning(
                    "%s: store %s unavailable (attempt %d: %s); next attempt in %.1f s",
                    self.name,
                    safe_url(self.platform.store_url_for(self.name)),
                    backoff.attempt,
                    exc,
                    wait,
                    extra={"attempt": backoff.attempt, "next_wait_s": round(wait, 2)},
                )
                await asyncio.sleep(wait)
        if backoff.attempt:
            log.info("%s: store open after %d failed attempt(s)", self.name, backoff.attempt)
        await self.readiness.set("store", True)
        self._store_up.set()

    def guarded(self, handler: Handler) -> Handler:
        """``handler``, holding its message while the store is down (see module doc)."""

        async def handle(msg: Any) -> None:
            while True:
                await self._until_store_up()
                try:
                    await handler(msg)
                    return
                except Exception as exc:
                    if self._stopping or not store_error_is_transient(exc):
                        raise
                    if await self._store_answers():
                        raise  # not the store's doing: back to the queue, as always
                    self.store_lost(exc)

        if isinstance(handler, Answering):
            return replace(handler, handle=handle)
        return handle

    async def _until_store_up(self) -> None:
        if self._store_up.is_set():
            return
        waiting = asyncio.ensure_future(self._store_up.wait())
        try:
            while not waiting.done():
                if self._stopping:
                    raise StoreUnavailable(f"{self.name} is stopping; the store is down")
                await asyncio.wait({waiting}, timeout=0.5)
        finally:
            waiting.cancel()

    def store_lost(self, exc: BaseException) -> None:
        """The store stopped answering: NOT_SERVING, handlers wait, probe until it does."""
        if not self._store_up.is_set():
            return
        self._store_up.clear()
        self._store_down_since = time.monotonic()
        log.warning("%s: store stopped answering (%s); handlers wait for it", self.name, exc)
        if self._store_watch is None or self._store_watch.done():
            self._store_watch = asyncio.create_task(self._reach_store(str(exc)))

    async def _reach_store(self, why: str) -> None:
        await self.readiness.set("store", False, f"not answering ({why})")
        backoff = self._backoff()
        while not self._stopping:
            try:
                await self._probe_store()
            except Exception as exc:
                wait = backoff.next_wait()
                log.warning(
                    "%s: store still not answering (attempt %d: %s); next attempt in %.1f s",
                    self.name,
                    backoff.attempt,
                    str(exc) or type(exc).__name__,
                    wait,
                    extra={"attempt": backoff.attempt, "next_wait_s": round(wait, 2)},
                )
                await asyncio.sleep(wait)
                continue
            took = time.monotonic() - (self._store_down_since or time.monotonic())
            log.info("%s: store answering again after %.1f s", self.name, took)
            self._store_up.set()
            await self.readiness.set("store", True)
            return

    async def _store_answers(self) -> bool:
        try:
            await self._probe_store()
        except Exception:
            return False
        return True

    async def _probe_store(self) -> None:
        """One cheap indexed read that needs the store to answer, then the write lock
        taken and let go (nothing written): a store that can be read but not written is
        not answering."""
        timeout = max(self.platform.connect_timeout_s, 1.0) * 4
        await asyncio.wait_for(asyncio.to_thread(self._store.outbox_backlog), timeout)
        await asyncio.wait_for(
            asyncio.to_thread(self._store.probe_write, STORE_WRITE_PROBE_S), timeout
        )

    async def _watch_store(self) -> None:
        """Every ``store_probe_s``, notice a store that stopped answering while idle."""
        while not self._stopping:
            await asyncio.sleep(self.platform.store_probe_s)
            if not self._store_up.is_set():
                continue
            try:
                await self._probe_store()
            except Exception as exc:
                if store_error_is_transient(exc):
                    self.store_lost(exc)
                else:
                    log.exception("%s: store probe failed", self.name)


def safe_url(url: str) -> str:
    """``url`` without its password, for logs."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":******@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
