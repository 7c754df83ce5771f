"""Where the CLI finds the platform (prefix ``COMPLAINTS_``) and who it is."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from common.auth import Role, issue
from common.settings import PlatformSettings, UnsafeConfiguration


class CliSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMPLAINTS_", extra="ignore")

    intake_addr: str = "127.0.0.1:50051"
    routing_addr: str = "127.0.0.1:50052"
    deadlines_addr: str = "127.0.0.1:50053"
    notifications_addr: str = "127.0.0.1:50054"
    records_addr: str = "127.0.0.1:50055"
    # A bearer token (``complaints auth token``); without one, the CLI signs its own with
    # PLATFORM_AUTH_SECRET as ``user`` in ``role`` (local development).
    token: str = ""
    user: str = "cli"
    role: Role = Role.CENTRAL_TEAM
    timeout_s: float = 10.0

    def bearer(self) -> str:
        if self.token:
            return self.token
        platform = PlatformSettings()
        if platform.mode == "production":
            unsafe = [r for r in platform.refusals() if "AUTH_SECRET" in r]
            if unsafe:  # the services refuse to start with it: no token signed with it either
                raise UnsafeConfiguration(unsafe)
        return issue(platform.auth_secret, self.user, self.role, ttl_s=600)

    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.bearer()}"),)
