"""Platform-wide settings (prefix ``PLATFORM_``); each service adds its own in ``config.py``."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class PlatformSettings(BaseSettings):
    """Where the broker, the store and the shared clock are. Read from the environment."""

    model_config = SettingsConfigDict(env_prefix="PLATFORM_", extra="ignore")

    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    mongo_url: str = "mongodb://127.0.0.1:27027/?directConnection=true"
    # Database names are `<db_prefix><service>`, so test runs and tenants never share data.
    db_prefix: str = "complaints_"
    # When set, every service reads time from this file (see common.clock.FileClock).
    clock_file: Path | None = None
    publish_timeout_s: float = 10.0
    delivery_limit: int = 5
    log_level: str = "INFO"
    log_json: bool = True
    # Where gRPC servers listen (0.0.0.0 in containers).
    grpc_host: str = "127.0.0.1"
    # Bearer tokens are HMAC-signed with this secret (override it in production).
    auth_secret: str = "dev-only-secret-change-me"
