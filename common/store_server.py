"""The embedded MongoDB-protocol store for local runs and tests: a mongoeco wire server.

``python -m common.store_server --path .data/store.db --port 27027`` serves a SQLite-backed
store; ``--memory`` keeps it in memory (tests). Production uses real MongoDB: only the
connection URL differs. `EmbeddedStore` runs the same server on a thread inside a process.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import signal
import threading
from pathlib import Path

from mongoeco.engines.memory import MemoryEngine
from mongoeco.engines.sqlite import SQLiteEngine
from mongoeco.wire.proxy import AsyncMongoEcoProxyServer


def _engine(path: Path | None):  # type: ignore[no-untyped-def]
    if path is None:
        return MemoryEngine()
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteEngine(str(path))


class EmbeddedStore:
    """A mongoeco server on its own thread and event loop; `url` once started."""

    def __init__(self, path: Path | None = None, host: str = "127.0.0.1", port: int = 0):
        self._path, self._host, self._port = path, host, port
        self._ready: concurrent.futures.Future[str] = concurrent.futures.Future()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="mongoeco", daemon=True)
        self.url = ""

    def start(self) -> str:
        self._thread.start()
        self.url = self._ready.result(timeout=30)
        return self.url

    def stop(self) -> None:
        if self._loop and self._stop:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        try:
            server = AsyncMongoEcoProxyServer(
                engine=_engine(self._path), host=self._host, port=self._port
            )
            address = await server.start()
        except BaseException as error:
            self._ready.set_exception(error)
            raise
        self._ready.set_result(address.uri)
        try:
            await self._stop.wait()
        finally:
            await server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", type=Path, default=Path(".data/store.db"))
    parser.add_argument("--memory", action="store_true", help="keep data in memory only")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=27027)
    args = parser.parse_args()
    store = EmbeddedStore(None if args.memory else args.path, args.host, args.port)
    print(f"store listening at {store.start()}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    store.stop()


if __name__ == "__main__":
    main()
