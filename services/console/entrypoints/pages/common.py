"""What every page shares: who is signed in (the session, or the authenticating proxy's
headers), the forms' CSRF token, rendering a template, refusals shown as pages, and one
part of a page that a service may refuse while the rest still shows."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from common.clock import clock_from
from common.settings import PlatformSettings
from services.console.adapters.platform import Platform, Refused
from services.console.config import ConsoleSettings
from services.console.domain.dates import nation_name, uk_date, uk_datetime
from services.console.domain.identity import IdentityError, Person, from_proxy

HERE = Path(__file__).resolve().parent.parent
REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}(/[0-9]{1,3})?$")

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(uk_date=uk_date, uk_datetime=uk_datetime, nation=nation_name)
templates.env.globals.update(new_request_id=lambda: uuid.uuid4().hex)

Handler = Callable[[Request, Person], Awaitable[Response]]


class Denied(Exception):  # noqa: N818
    """A request the console itself refuses: shown as a page with its status and reason."""

    def __init__(self, status: int, title: str, reason: str):
        super().__init__(reason)
        self.status, self.title, self.reason = status, title, reason


class Site:
    """The console's settings, its one connection to the services, and the helpers every
    page uses."""

    def __init__(self, settings: ConsoleSettings, psettings: PlatformSettings):
        self.settings, self.psettings = settings, psettings
        self.production = psettings.mode == "production"
        self._platform: Platform | None = None

    # -- the services ------------------------------------------------------------------------

    def platform(self) -> Platform:
        if self._platform is None:  # made on first use: a test client without lifespan
            self._platform = Platform(self.settings, self.psettings.auth_secret)
        return self._platform

    async def close(self) -> None:
        if self._platform is not None:
            await self._platform.close()
            self._platform = None

    def today(self) -> date:
        return clock_from(self.psettings.clock_file).now().date()

    # -- who, and the forms' token -----------------------------------------------------------

    def person_of(self, request: Request) -> Person | None:
        s = self.settings
        if s.identity == "proxy":
            try:
                return from_proxy(
                    request.headers.get(s.proxy_user_header, ""),
                    request.headers.get(s.proxy_groups_header, ""),
                    s.group_roles,
                )
            except IdentityError:
                return None
        return Person.from_session(request.session.get("person"))

    @staticmethod
    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not token:
            token = request.session["csrf"] = secrets.token_urlsafe(32)
        return token

    @staticmethod
    async def checked_form(request: Request) -> FormData:
        form = await request.form()
        sent = str(form.get("csrf_token", ""))
        expected = request.session.get("csrf", "")
        if not expected or not secrets.compare_digest(sent, expected):
            raise Denied(
                403,
                "Form expired",
                "The form's security token did not match: reload the page and try again.",
            )
        return form

    # -- pages -------------------------------------------------------------------------------

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        flash = request.session.pop("flash", None)
        return templates.TemplateResponse(
            request,
            name,
            {
                "person": self.person_of(request),
                "csrf_token": self.csrf_token(request),
                "flash": flash,
                "development": self.settings.identity == "development",
                "nav": request.url.path,
                **context,
            },
            status_code=status,
        )

    def error(self, request: Request, status: int, title: str, reason: str) -> Response:
        return self.page(request, "error.html", status, title=title, reason=reason)

    @staticmethod
    def flash(request: Request, kind: str, text: str) -> None:
        request.session["flash"] = {"kind": kind, "text": text}

    def signed(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """``handler`` for a signed-in person; a refusal (the console's or a service's)
        becomes a page saying why."""

        async def run(request: Request) -> Response:
            person = self.person_of(request)
            if person is None:
                if self.settings.identity == "proxy":
                    return self.error(
                        request,
                        401,
                        "Not signed in",
                        "The authenticating proxy did not say who you are, or "
                        "none of your groups has a console role.",
                    )
                return RedirectResponse("/signin", 303)
            try:
                return await handler(request, person)
            except Denied as exc:
                return self.error(request, exc.status, exc.title, exc.reason)
            except Refused as exc:
                title = "Refused" if exc.http_status in (401, 403) else "Could not answer"
                return self.error(request, exc.http_status, title, f"{exc.what}: {exc.reason}")

        return run


def case_ref(request: Request) -> str:
    ref = request.path_params["ref"]
    if not REF.match(ref):
        raise Denied(404, "No such case", f"{ref!r} is not a case reference")
    return ref


async def nothing() -> None:
    return None


async def section(call: Awaitable[Any]) -> dict[str, Any]:
    """One part of a page: its data, or why the service refused it (the rest still shows)."""
    try:
        return {"data": await call, "refused": ""}
    except Refused as exc:
        return {"data": None, "refused": exc.reason}
