"""Platform-wide settings (prefix ``PLATFORM_``); each service adds its own in ``config.py``."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)

DEV_AUTH_SECRET = "dev-only-secret-change-me"
DEFAULT_VHOST = "complaints"
MIN_SECRET_BYTES = 32


class UnsafeConfiguration(RuntimeError):
    """A production service configured in a way it must not start with (every reason)."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(
            "refusing to start in production mode (PLATFORM_MODE=production): " + "; ".join(reasons)
        )


class PlatformSettings(BaseSettings):
    """Where the broker, the store and the shared clock are. Read from the environment."""

    model_config = SettingsConfigDict(env_prefix="PLATFORM_", extra="ignore")

    # The platform's own vhost (the path), created by scripts/ensure_rabbitmq.sh: nothing
    # else on a shared broker (other projects, tests) meets its queues or dead letters.
    amqp_url: str = f"amqp://guest:guest@127.0.0.1:5672/{DEFAULT_VHOST}"
    # Where each service keeps its state (docs/storage.md): ``sqlite:///<file>`` on one
    # machine (``{service}`` becomes the service's name: a file per service), or
    # ``mongodb://...`` for a cluster. ``<SERVICE>_STORE_URL`` overrides it per service.
    store_url: str = "sqlite:///.data/{service}.db"
    # MongoDB database names are `<db_prefix><service>`, so tenants never share data.
    db_prefix: str = "complaints_"
    # When set, every service reads time from this file (see common.clock.FileClock).
    clock_file: Path | None = None
    publish_timeout_s: float = 10.0
    # Reaching the broker (and a MongoDB store) at start-up and after a lost connection:
    # capped exponential backoff with jitter, from retry_initial_s up to retry_max_s.
    retry_initial_s: float = 0.5
    retry_max_s: float = 30.0
    # One attempt to connect to the broker gives up after this (a broker that accepts
    # the socket but never answers, as one still booting may, would hang it for good).
    connect_timeout_s: float = 10.0
    # How often a running service checks that its store still answers (0: never); while
    # it does not, the service is NOT_SERVING and its handlers wait instead of failing.
    store_probe_s: float = 2.0
    delivery_limit: int = 5
    log_level: str = "INFO"
    log_json: bool = True
    # Where gRPC servers listen (0.0.0.0 in containers).
    grpc_host: str = "127.0.0.1"
    # Prometheus /metrics: service N of 5 listens on base + N (0: off); see common.metrics.
    metrics_port_base: int = 9100
    metrics_host: str = "127.0.0.1"
    # Bearer tokens (JWT, HS256) are signed with this secret: at least 32 bytes in production.
    auth_secret: str = DEV_AUTH_SECRET
    # ``production`` refuses to start with development defaults (see `refusals`);
    # ``development`` only warns about them.
    mode: Literal["development", "production"] = "development"

    @field_validator("mode", mode="before")
    @classmethod
    def _mode_lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    def refusals(self) -> list[str]:
        """Why this configuration is unsafe outside development (empty: nothing found)."""
        reasons: list[str] = []
        if self.auth_secret == DEV_AUTH_SECRET:
            reasons.append("PLATFORM_AUTH_SECRET is the development default")
        elif len(self.auth_secret.encode()) < MIN_SECRET_BYTES:
            reasons.append(
                f"PLATFORM_AUTH_SECRET is shorter than {MIN_SECRET_BYTES} bytes"
                f" ({len(self.auth_secret.encode())})"
            )
        url = urlsplit(self.amqp_url)
        if url.scheme != "amqps":
            reasons.append(
                f"PLATFORM_AMQP_URL does not use TLS (scheme {url.scheme or '?'!r}, not 'amqps')"
            )
        if (url.username or "") == "guest":
            reasons.append("PLATFORM_AMQP_URL uses the broker's default 'guest' user")
        return reasons

    def check_production(self) -> list[str]:
        """Before a service starts: in production raise `UnsafeConfiguration` listing every
        refusal; in development log each one as a warning. Returns the reasons found."""
        reasons = self.refusals()
        if reasons and self.mode == "production":
            raise UnsafeConfiguration(reasons)
        for reason in reasons:
            log.warning("unsafe outside development: %s", reason, extra={"mode": self.mode})
        return reasons

    @property
    def amqp_vhost(self) -> str:
        """The vhost ``amqp_url`` names (its path, unquoted; none or ``/`` is ``/``)."""
        return vhost_of(self.amqp_url)

    def store_url_for(self, service: str) -> str:
        """The store URL of ``service``: its own override, else the platform's."""
        url = os.environ.get(f"{service.upper()}_STORE_URL") or self.store_url
        return url.replace("{service}", service)


def vhost_of(amqp_url: str) -> str:
    """The vhost an AMQP URL names, as the AMQP URI spec reads it: the path after the
    first ``/``, percent-decoded; an empty one is the broker's default vhost ``/``."""
    path = urlsplit(amqp_url).path.removeprefix("/")
    return unquote(path) if path else "/"
