"""Console settings (prefix ``CONSOLE_``): where it listens, how it knows who you are."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES = ("intake", "routing", "deadlines", "notifications", "records")


class ConsoleSettings(BaseSettings):
    """The console's settings, read from ``CONSOLE_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="CONSOLE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8080
    # Signs the session cookie; in production set a long random secret (refused otherwise).
    session_secret: str = "development-console-session-secret"
    # ``development``: a sign-in page where you choose a role and a name (refused when
    # PLATFORM_MODE=production). ``proxy``: an authenticating reverse proxy in front sets
    # the user and groups headers on every request (see docs/console.md).
    identity: Literal["development", "proxy"] = "development"
    proxy_user_header: str = "X-Forwarded-User"
    proxy_groups_header: str = "X-Forwarded-Groups"
    # Groups (as the proxy names them) to roles, e.g. '{"complaints-central": "central-team",
    # "partner-probation": "partner:probation"}' (``partner:<id>`` names the partner).
    group_roles: dict[str, str] = Field(default_factory=dict)
    # Cookies only over HTTPS (browsers keep them on http://localhost too).
    secure_cookies: bool = True
    session_max_age_s: int = 8 * 3600
    page_size: int = 50
    timeout_s: float = 10.0
    # gRPC addresses; empty: ``<SERVICE>_GRPC_PORT`` on 127.0.0.1, else the default ports.
    intake_addr: str = ""
    routing_addr: str = ""
    deadlines_addr: str = ""
    notifications_addr: str = ""
    records_addr: str = ""

    def address(self, service: str) -> str:
        from ops.services import grpc_address

        return getattr(self, f"{service}_addr") or grpc_address(service)

    def refusals(self, production: bool) -> list[str]:
        """What production refuses to start with."""
        if not production:
            return []
        reasons = []
        if self.identity == "development":
            reasons.append(
                "CONSOLE_IDENTITY: the development sign-in is refused in production; "
                "use 'proxy' behind an authenticating reverse proxy"
            )
        if len(self.session_secret) < 32 or self.session_secret.startswith("development"):
            reasons.append("CONSOLE_SESSION_SECRET: must be a random secret of 32+ characters")
        if not self.secure_cookies:
            reasons.append("CONSOLE_SECURE_COOKIES: must be true in production")
        return reasons
