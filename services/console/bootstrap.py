"""Wires the console: its settings, the platform's, and the HTTP app."""

from __future__ import annotations

from starlette.applications import Starlette

from common.settings import PlatformSettings
from services.console.config import ConsoleSettings
from services.console.entrypoints.web import build_app


def build(
    settings: ConsoleSettings | None = None, platform: PlatformSettings | None = None
) -> Starlette:
    return build_app(settings or ConsoleSettings(), platform or PlatformSettings())
