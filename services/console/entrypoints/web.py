"""The console's HTTP app (Starlette): server-rendered pages, every read and every step
a gRPC call to the services as the signed-in person. The pages are in ``pages/``, one
module per area; what they share in ``pages/common.py``.

Security: a signed session cookie (HttpOnly, SameSite=Strict, Secure), a CSRF token on
every form checked on every POST, a Content-Security-Policy allowing nothing but this
origin's own files (``security.py``), no case data in URLs beyond the reference,
``no-store`` on pages and no Referer sent on."""

from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from common.settings import PlatformSettings
from services.console.config import ConsoleSettings
from services.console.entrypoints.pages import case, caseload, operations, reports, signin
from services.console.entrypoints.pages.common import HERE, Site
from services.console.entrypoints.security import CSP, SecurityHeaders


def build_app(
    settings: ConsoleSettings | None = None, platform_settings: PlatformSettings | None = None
) -> Starlette:
    settings = settings or ConsoleSettings()
    site = Site(settings, platform_settings or PlatformSettings())
    refusals = settings.refusals(site.production)
    if refusals:
        raise SystemExit("the console refuses to start in production:\n  " + "\n  ".join(refusals))

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        site.platform()
        yield
        await site.close()

    routes: list[BaseRoute] = [
        *signin.routes(site),
        *caseload.routes(site),
        *case.routes(site),
        *reports.routes(site),
        *operations.routes(site),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=settings.session_secret,
            session_cookie="console_session",
            max_age=settings.session_max_age_s,
            same_site="strict",
            https_only=settings.secure_cookies,
        ),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


__all__ = ["CSP", "build_app"]
