"""Records' errors -> the platform's gRPC error types (mapped to status codes by
`common.grpc_server.maps_errors`): one place, so every RPC answers alike."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from common.contracts.events import FieldError
from common.grpc_server import BadRequest, Denied, NotFound, Refused
from services.records.domain.errors import InvalidField, Refusal
from services.records.handlers.casework import NoSuchCase, NotAllowed


def records_errors[**P, T](fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Inside `maps_errors`: NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION and
    INVALID_ARGUMENT (naming the field) for the records service's own errors."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await fn(*args, **kwargs)
        except NoSuchCase as exc:
            raise NotFound(str(exc)) from exc
        except NotAllowed as exc:
            raise Denied(str(exc)) from exc
        except InvalidField as exc:
            raise BadRequest(
                [FieldError(field=exc.field, rule=exc.rule, message=exc.message)]
            ) from exc
        except Refusal as exc:
            raise Refused(str(exc)) from exc

    return wrapper
