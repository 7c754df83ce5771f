"""The service's store as the runtime opens it: a handle usable before it is open.

`StoreHandle` is what handlers get (they are built before the store can be opened);
`StoreUnavailable` is raised by its methods until then; `store_error_is_transient` tells a
store failure that may cure itself (retried, `common.store_recovery`) from one that needs a
person (the service stops with the reason, `common.runtime`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from common.storage import Store


class StoreUnavailable(ConnectionError):
    """The service's store is not open (yet): it could not be reached or locked."""


def store_error_is_transient(exc: BaseException) -> bool:
    """True for a store failure that may cure itself (a server down, a file locked, a
    directory not there or not writable yet); False for one that needs a person."""
    if isinstance(exc, sqlite3.OperationalError | OSError | StoreUnavailable):
        return True
    try:
        from pymongo.errors import ConnectionFailure
    except ImportError:  # pragma: no cover - pymongo is a dependency
        return False
    return isinstance(exc, ConnectionFailure)


class StoreHandle:
    """The service's store, opened by the runtime (retried until it opens).

    Handlers are built before the store can be opened, so they get this handle: every
    attribute is the open store's; before it is open, ``operations`` is empty and calling
    any method raises `StoreUnavailable` (a message handled then goes back to its queue)."""

    def __init__(self, opener: Callable[[], Store], service: str):
        self._opener, self._service = opener, service
        self._store: Store | None = None

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def open(self) -> Store:
        """Open the store (blocking; once); raises what the engine raised."""
        if self._store is None:
            self._store = self._opener()
        return self._store

    def require(self) -> Store:
        if self._store is None:
            raise StoreUnavailable(f"{self._service}: the store is not open yet")
        return self._store

    @property
    def operations(self) -> dict[str, int]:
        return self._store.operations if self._store is not None else {}

    def close(self) -> None:
        if self._store is not None:
            self._store.close()  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        store = self.__dict__.get("_store")
        if store is not None:
            return getattr(store, name)

        def later(*args: Any, **kwargs: Any) -> Any:
            return getattr(self.require(), name)(*args, **kwargs)

        return later
