"""The store: mongoengine connections, one database per service, off the event loop.

mongoengine is synchronous. Services call it only through `run_sync`, which runs the
call in a worker thread, so the event loop that serves AMQP and gRPC is never blocked.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

import mongoengine

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


def connect(*, alias: str, url: str, db: str) -> None:
    """Register the mongoengine connection ``alias`` (the service name) to ``db``."""
    mongoengine.disconnect(alias=alias)
    mongoengine.connect(
        db=db,
        host=url,
        alias=alias,
        uuidRepresentation="standard",
        tz_aware=True,
        serverSelectionTimeoutMS=10_000,
    )
    log.info("store connected", extra={"db": db, "alias": alias})


def ensure_indexes(documents: Iterable[type[mongoengine.Document]]) -> None:
    """Create the indexes each document declares (idempotent; run at start-up)."""
    for doc in documents:
        doc.ensure_indexes()


async def run_sync(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a blocking store call in a worker thread."""
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))
