"""Platform-wide settings (prefix ``PLATFORM_``); each service adds its own in ``config.py``."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class PlatformSettings(BaseSettings):
    """Where the broker, the store and the shared clock are. Read from the environment."""

    model_config = SettingsConfigDict(env_prefix="PLATFORM_", extra="ignore")

    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # Where each service keeps its state (docs/storage.md): ``sqlite:///<file>`` on one
    # machine (``{service}`` becomes the service's name: a file per service), or
    # ``mongodb://...`` for a cluster. ``<SERVICE>_STORE_URL`` overrides it per service.
    store_url: str = "sqlite:///.data/{service}.db"
    # MongoDB database names are `<db_prefix><service>`, so tenants never share data.
    db_prefix: str = "complaints_"
    # When set, every service reads time from this file (see common.clock.FileClock).
    clock_file: Path | None = None
    publish_timeout_s: float = 10.0
    delivery_limit: int = 5
    log_level: str = "INFO"
    log_json: bool = True
    # Where gRPC servers listen (0.0.0.0 in containers).
    grpc_host: str = "127.0.0.1"
    # Prometheus /metrics: service N of 5 listens on base + N (0: off); see common.metrics.
    metrics_port_base: int = 9100
    metrics_host: str = "127.0.0.1"
    # Bearer tokens are HMAC-signed with this secret (override it in production).
    auth_secret: str = "dev-only-secret-change-me"

    def store_url_for(self, service: str) -> str:
        """The store URL of ``service``: its own override, else the platform's."""
        url = os.environ.get(f"{service.upper()}_STORE_URL") or self.store_url
        return url.replace("{service}", service)
