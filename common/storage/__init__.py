"""The store contract and its engines; `open_store` picks one from a URL.

``memory://``                      in memory (unit tests)
``sqlite:///path/to/service.db``   SQLite, the default on one machine
``mongodb://host/?replicaSet=rs0``  MongoDB through mongoengine (database ``db``)
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar
from urllib.parse import urlparse

from common.storage.contract import ConcurrencyConflict, Store, UnindexedQuery

P = ParamSpec("P")
T = TypeVar("T")


async def run_sync(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a blocking store call in a worker thread, off the event loop that serves AMQP
    and gRPC (every engine's calls block: SQLite waits for fsync, MongoDB for the net)."""
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))


def open_store(url: str, documents: list[type], *, service: str, db: str = "") -> Store:
    from common.storage.documents import without_dereferencing

    for cls in documents:
        without_dereferencing(cls)
    scheme = urlparse(url).scheme
    if scheme == "memory":
        from common.storage.memory import MemoryStore

        return MemoryStore(documents, service=service)
    if scheme == "sqlite":
        from common.storage.sqlite import SQLiteStore

        # As SQLAlchemy spells it: sqlite:///relative/file.db, sqlite:////absolute/file.db
        path = url.removeprefix("sqlite:///").format(service=service)
        return SQLiteStore(path, documents, service=service)
    if scheme in ("mongodb", "mongodb+srv"):
        from common.storage.mongo import MongoStore

        return MongoStore(url, db or service, documents, service=service)
    raise ValueError(f"store URL {url!r}: the scheme must be memory, sqlite or mongodb")


__all__ = ["ConcurrencyConflict", "Store", "UnindexedQuery", "open_store", "run_sync"]
