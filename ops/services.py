"""Each service's gRPC health and Prometheus endpoint, where they listen.

gRPC: the standard ``grpc.health.v1`` service every server runs (common.grpc_server),
at ``127.0.0.1:<SERVICE>_GRPC_PORT``, else ``COMPLAINTS_<SERVICE>_ADDR`` (the address the
other commands use), else the default port 50051-50055. Metrics (common.metrics):
``<SERVICE>_METRICS_PORT``, else ``PLATFORM_METRICS_PORT_BASE`` + 1..5; ``off`` when
turned off, not a problem.
"""

from __future__ import annotations

import os
import urllib.request
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.settings import PlatformSettings

# The services and their default gRPC ports (services/<name>/config.py ``grpc_port``).
SERVICES: dict[str, int] = {
    "intake": 50051,
    "routing": 50052,
    "deadlines": 50053,
    "notifications": 50054,
    "records": 50055,
}
TIMEOUT_S = 2.0


def grpc_address(service: str) -> str:
    port = os.environ.get(f"{service.upper()}_GRPC_PORT")
    if port:
        return f"127.0.0.1:{int(port)}"
    return os.environ.get(f"COMPLAINTS_{service.upper()}_ADDR") or (
        f"127.0.0.1:{SERVICES[service]}"
    )


def grpc_health(address: str, timeout_s: float = TIMEOUT_S) -> tuple[str, str]:
    """``(status, detail)``: SERVING, NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN or unreachable."""
    with grpc.insecure_channel(address) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=timeout_s
            )
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                return "unreachable", str(exc.details())  # type: ignore[attr-defined]
            return code.name, str(exc.details())  # type: ignore[attr-defined]
    return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status), ""


def metrics_url(service: str, settings: PlatformSettings) -> str | None:
    from common.metrics import metrics_port

    port = metrics_port(service, settings.metrics_port_base)
    if port is None:
        return None
    host = settings.metrics_host
    host = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 - a listen address
    return f"http://{host}:{port}/metrics"


def metrics_reachable(url: str, timeout_s: float = TIMEOUT_S) -> tuple[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as reply:  # noqa: S310 - http only
            return ("ok", "") if reply.status == 200 else ("unreachable", f"HTTP {reply.status}")
    except OSError as exc:
        return "unreachable", str(getattr(exc, "reason", exc))


def check_service(service: str, settings: PlatformSettings) -> dict[str, Any]:
    address = grpc_address(service)
    status, detail = grpc_health(address)
    url = metrics_url(service, settings)
    metrics, metrics_detail = ("off", "") if url is None else metrics_reachable(url)
    problems = []
    if status != "SERVING":
        why = f" ({detail})" if detail else ""
        problems.append(f"{service}: gRPC {status} at {address}{why}")
    if metrics == "unreachable":
        problems.append(f"{service}: metrics unreachable at {url} ({metrics_detail})")
    return {
        "service": service,
        "grpc_address": address,
        "grpc": status,
        "metrics_url": url,
        "metrics": metrics,
        "ok": not problems,
        "problems": problems,
    }
