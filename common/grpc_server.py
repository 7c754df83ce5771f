"""gRPC servers of the platform: health and reflection on, errors mapped in one place."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from common.auth import Caller
from common.contracts.events import FieldError

log = logging.getLogger(__name__)


class NotFound(LookupError):
    pass


class Refused(Exception):
    """An action not allowed now (maps to FAILED_PRECONDITION)."""


class Denied(PermissionError):
    pass


class BadRequest(ValueError):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message} ({e.rule})" for e in errors))


_STATUS: list[tuple[type[BaseException], grpc.StatusCode]] = [
    (BadRequest, grpc.StatusCode.INVALID_ARGUMENT),
    (NotFound, grpc.StatusCode.NOT_FOUND),
    (Refused, grpc.StatusCode.FAILED_PRECONDITION),
    (Denied, grpc.StatusCode.PERMISSION_DENIED),
]


def maps_errors[**P, T](
    fn: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[T]]:
    """Decorate a servicer method: domain errors become the matching gRPC status."""

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        context: grpc.aio.ServicerContext = args[-1]  # type: ignore[assignment]
        try:
            return await fn(*args, **kwargs)
        except tuple(cls for cls, _ in _STATUS) as exc:
            code = next(c for cls, c in _STATUS if isinstance(exc, cls))
            await context.abort(code, str(exc))
            raise  # unreachable: abort raises

    return wrapper


SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class Readiness:
    """Whether the service can do its work, as its gRPC health service tells it.

    SERVING only while every condition holds (``store``: open; ``broker``: connected;
    ``consumers``: subscribed to every queue), NOT_SERVING otherwise, for the overall
    service ``""`` and each of the server's services. Each change of the overall state is
    logged once, with what is missing. The service name ``liveness`` is SERVING as long
    as the process serves at all (until shutdown)."""

    CONDITIONS = ("store", "broker", "consumers")
    # A health service name that says SERVING while the process runs, ready or not: for
    # liveness probes, so a broker outage makes pods unready, not restarted.
    LIVENESS = "liveness"

    def __init__(self, service: str, conditions: Iterable[str] = CONDITIONS):
        self.service = service
        self._missing: dict[str, str] = {c: "not yet checked" for c in conditions}
        self._checkers: list[tuple[Any, list[str]]] = []
        self._stopping = False

    @property
    def ready(self) -> bool:
        return not self._missing and not self._stopping

    def missing(self) -> str:
        """What keeps the service from being ready, for logs and refusals."""
        if self._stopping:
            return "shutting down"
        return "; ".join(f"{c}: {why}" for c, why in self._missing.items()) or "nothing"

    async def attach(self, checker: Any, names: Iterable[str]) -> None:
        self._checkers.append((checker, [*names, ""]))
        await self._publish(checker, [*names, ""])
        await _maybe_await(checker.set(self.LIVENESS, SERVING))

    async def set(self, condition: str, ok: bool, why: str = "") -> None:
        """Record ``condition`` as met (``ok``) or not (``why``)."""
        was = self.ready
        if ok:
            self._missing.pop(condition, None)
        else:
            self._missing[condition] = why or "unavailable"
        if self.ready != was:
            if self.ready:
                log.info("%s ready: health SERVING", self.service)
            else:
                log.warning("%s not ready (%s): health NOT_SERVING", self.service, self.missing())
            for checker, names in self._checkers:
                await self._publish(checker, names)

    async def stopping(self) -> None:
        """NOT_SERVING from now on, for good (the process is shutting down)."""
        self._stopping = True
        for checker, _ in self._checkers:
            await _maybe_await(checker.enter_graceful_shutdown())

    async def _publish(self, checker: Any, names: list[str]) -> None:
        status = SERVING if self.ready else NOT_SERVING
        for name in names:
            await _maybe_await(checker.set(name, status))


async def _maybe_await(result: Any) -> None:
    if isinstance(result, Awaitable):
        await result


class ReadinessInterceptor(grpc.aio.ServerInterceptor):
    """While the store is not open, every call but health and reflection is answered
    UNAVAILABLE with what is missing (a client retries; nothing half-done)."""

    def __init__(self, readiness: Readiness):
        self._readiness = readiness

    async def intercept_service(self, continuation, details):  # type: ignore[no-untyped-def]
        handler = await continuation(details)
        if (
            handler is None
            or details.method.startswith(OPEN_METHODS)
            or "store" not in self._readiness._missing
        ):
            return handler
        why = f"{self._readiness.service} is not ready: {self._readiness.missing()}"
        return _abort_with(handler, grpc.StatusCode.UNAVAILABLE, why)


async def start_server(
    port: int,
    register: Callable[[grpc.aio.Server], Iterable[str]],
    *,
    host: str = "127.0.0.1",
    interceptors: Iterable[Any] = (),
    readiness: Readiness | None = None,
) -> tuple[grpc.aio.Server, int]:
    """Start a server; ``register`` adds servicers and returns their full service names.
    Its health service follows ``readiness`` (always SERVING without one)."""
    server = grpc.aio.server(interceptors=list(interceptors))
    names = list(register(server))
    checker = health.aio.HealthServicer() if hasattr(health, "aio") else health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(checker, server)
    if readiness is not None:
        await readiness.attach(checker, names)
    else:
        for name in [*names, ""]:
            await _maybe_await(checker.set(name, SERVING))
    reflection.enable_server_reflection(
        [*names, reflection.SERVICE_NAME, health.SERVICE_NAME], server
    )
    bound = server.add_insecure_port(f"{host}:{port}")
    await server.start()
    log.info("gRPC listening", extra={"port": bound, "services": names})
    return server, bound


# -- the caller (authenticated and authorised by common.access.gate.Gate) --------------------

_caller: ContextVar[Caller | None] = ContextVar("grpc_caller", default=None)
OPEN_METHODS = ("/grpc.health.v1.Health/", "/grpc.reflection.")


def current_caller() -> Caller:
    """The authenticated caller of the gRPC call being served (set by `common.access.gate`)."""
    caller = _caller.get()
    if caller is None:
        raise Denied("no authenticated caller")
    return caller


def _abort_with(handler, code: grpc.StatusCode, why: str, before=None):  # type: ignore[no-untyped-def]
    """A handler of the same kind as ``handler`` that answers ``code`` with ``why``."""

    async def refuse(request, context):  # type: ignore[no-untyped-def]
        if before is not None:
            before(context)
        await context.abort(code, why)

    async def refuse_stream(request, context):  # type: ignore[no-untyped-def]
        if before is not None:
            before(context)
        await context.abort(code, why)
        yield  # pragma: no cover - makes this an async generator

    kinds = {
        "unary_unary": (grpc.unary_unary_rpc_method_handler, refuse),
        "unary_stream": (grpc.unary_stream_rpc_method_handler, refuse_stream),
        "stream_unary": (grpc.stream_unary_rpc_method_handler, refuse),
        "stream_stream": (grpc.stream_stream_rpc_method_handler, refuse_stream),
    }
    make, behaviour = next(
        (kinds[k] for k in kinds if getattr(handler, k, None) is not None), kinds["unary_unary"]
    )
    return make(
        behaviour,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )
