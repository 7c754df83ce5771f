"""Signing in and out (the development sign-in; behind a proxy the proxy says who), the
home redirect and the health check."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from services.console.domain.identity import ROLE_LABELS, IdentityError, signed_in
from services.console.entrypoints.pages.common import Denied, Site


def routes(site: Site) -> list[Route]:
    async def home(request: Request) -> Response:
        person = site.person_of(request)
        return RedirectResponse(person.home() if person else "/signin", 303)

    async def signin(request: Request) -> Response:
        if site.settings.identity == "proxy":
            return RedirectResponse("/", 303)
        if site.production:
            return site.error(
                request,
                403,
                "Sign-in refused",
                "The development sign-in is refused in production mode.",
            )
        error, values = None, {"role": "", "name": "", "partner": ""}
        if request.method == "POST":
            try:
                form = await site.checked_form(request)
            except Denied as exc:
                return site.error(request, exc.status, exc.title, exc.reason)
            values = {k: str(form.get(k, "")) for k in values}
            try:
                person = signed_in(values["role"], values["name"], values["partner"])
            except IdentityError as exc:
                error = exc
            else:
                request.session.clear()
                request.session["person"] = person.as_session()
                return RedirectResponse(person.home(), 303)
        return site.page(
            request,
            "signin.html",
            422 if error else 200,
            roles=ROLE_LABELS,
            error=error,
            values=values,
        )

    async def signout(request: Request) -> Response:
        try:
            await site.checked_form(request)
        except Denied as exc:
            return site.error(request, exc.status, exc.title, exc.reason)
        request.session.clear()
        return RedirectResponse("/signin" if site.settings.identity == "development" else "/", 303)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return [
        Route("/", home),
        Route("/healthz", healthz),
        Route("/signin", signin, methods=["GET", "POST"]),
        Route("/signout", signout, methods=["POST"]),
    ]
