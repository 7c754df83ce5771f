"""The console's HTTP app (Starlette): server-rendered pages, every read and every step
a gRPC call to the services as the signed-in person.

Security: a signed session cookie (HttpOnly, SameSite=Strict, Secure), a CSRF token on
every form checked on every POST, a Content-Security-Policy allowing nothing but this
origin's own files, no case data in URLs beyond the reference, ``no-store`` on pages and
no Referer sent on."""

from __future__ import annotations

import asyncio
import re
import secrets
import uuid
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from common.auth import Role
from common.clock import clock_from
from common.settings import PlatformSettings
from services.console.adapters import operations
from services.console.adapters.platform import Platform, Refused
from services.console.config import ConsoleSettings
from services.console.domain import actions as casework
from services.console.domain import caseload, reports
from services.console.domain.dates import nation_name, uk_date, uk_datetime
from services.console.domain.identity import (
    ROLE_LABELS,
    IdentityError,
    Person,
    from_proxy,
    signed_in,
)

HERE = Path(__file__).resolve().parent
REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}(/[0-9]{1,3})?$")
TEMPLATE = re.compile(r"^[a-z0-9-]{1,40}$")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(uk_date=uk_date, uk_datetime=uk_datetime, nation=nation_name)
templates.env.globals.update(new_request_id=lambda: uuid.uuid4().hex)


class Denied(Exception):  # noqa: N818
    def __init__(self, status: int, title: str, reason: str):
        super().__init__(reason)
        self.status, self.title, self.reason = status, title, reason


class SecurityHeaders:
    """CSP and friends on every response (a pure ASGI middleware)."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def build_app(
    settings: ConsoleSettings | None = None, platform_settings: PlatformSettings | None = None
) -> Starlette:
    settings = settings or ConsoleSettings()
    psettings = platform_settings or PlatformSettings()
    production = psettings.mode == "production"
    refusals = settings.refusals(production)
    if refusals:
        raise SystemExit("the console refuses to start in production:\n  " + "\n  ".join(refusals))
    state: dict[str, Platform] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        state["platform"] = Platform(settings, psettings.auth_secret)
        yield
        await state["platform"].close()

    def platform() -> Platform:
        if "platform" not in state:  # a test client without lifespan
            state["platform"] = Platform(settings, psettings.auth_secret)
        return state["platform"]

    def today() -> date:
        return clock_from(psettings.clock_file).now().date()

    # -- who, and the forms' token -----------------------------------------------------------

    def person_of(request: Request) -> Person | None:
        if settings.identity == "proxy":
            try:
                return from_proxy(
                    request.headers.get(settings.proxy_user_header, ""),
                    request.headers.get(settings.proxy_groups_header, ""),
                    settings.group_roles,
                )
            except IdentityError:
                return None
        return Person.from_session(request.session.get("person"))

    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not token:
            token = request.session["csrf"] = secrets.token_urlsafe(32)
        return token

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

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        person = person_of(request)
        flash = request.session.pop("flash", None)
        return templates.TemplateResponse(
            request,
            name,
            {
                "person": person,
                "csrf_token": csrf_token(request),
                "flash": flash,
                "development": settings.identity == "development",
                "nav": request.url.path,
                **context,
            },
            status_code=status,
        )

    def flash(request: Request, kind: str, text: str) -> None:
        request.session["flash"] = {"kind": kind, "text": text}

    def signed(
        handler: Callable[[Request, Person], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            person = person_of(request)
            if person is None:
                if settings.identity == "proxy":
                    return page(
                        request,
                        "error.html",
                        401,
                        title="Not signed in",
                        reason="The authenticating proxy did not say who you are, or "
                        "none of your groups has a console role.",
                    )
                return RedirectResponse("/signin", 303)
            try:
                return await handler(request, person)
            except Denied as exc:
                return page(request, "error.html", exc.status, title=exc.title, reason=exc.reason)
            except Refused as exc:
                title = "Refused" if exc.http_status in (401, 403) else "Could not answer"
                return page(
                    request,
                    "error.html",
                    exc.http_status,
                    title=title,
                    reason=f"{exc.what}: {exc.reason}",
                )

        return run

    def case_ref(request: Request) -> str:
        ref = request.path_params["ref"]
        if not REF.match(ref):
            raise Denied(404, "No such case", f"{ref!r} is not a case reference")
        return ref

    # -- sign-in -----------------------------------------------------------------------------

    async def home(request: Request) -> Response:
        person = person_of(request)
        return RedirectResponse(person.home() if person else "/signin", 303)

    async def signin(request: Request) -> Response:
        if settings.identity == "proxy":
            return RedirectResponse("/", 303)
        if production:
            return page(
                request,
                "error.html",
                403,
                title="Sign-in refused",
                reason="The development sign-in is refused in production mode.",
            )
        error, values = None, {"role": "", "name": "", "partner": ""}
        if request.method == "POST":
            try:
                form = await checked_form(request)
            except Denied as exc:
                return page(request, "error.html", exc.status, title=exc.title, reason=exc.reason)
            values = {k: str(form.get(k, "")) for k in values}
            try:
                person = signed_in(values["role"], values["name"], values["partner"])
            except IdentityError as exc:
                error = exc
            else:
                request.session.clear()
                request.session["person"] = person.as_session()
                return RedirectResponse(person.home(), 303)
        return page(
            request,
            "signin.html",
            422 if error else 200,
            roles=ROLE_LABELS,
            error=error,
            values=values,
        )

    async def signout(request: Request) -> Response:
        try:
            await checked_form(request)
        except Denied as exc:
            return page(request, "error.html", exc.status, title=exc.title, reason=exc.reason)
        request.session.clear()
        return RedirectResponse("/signin" if settings.identity == "development" else "/", 303)

    # -- the caseload -----------------------------------------------------------------------

    async def cases_page(request: Request, person: Person) -> Response:
        params = dict(request.query_params)
        filters, errors = caseload.filters_from(params)
        try:
            token = caseload.page_token(params.get("page", ""))
        except caseload.FilterError as exc:
            errors.append(exc)
            token = ""
        day = today()
        p = platform()
        week = (caseload.week_end(day)).isoformat()
        first = not token
        main, breached, due = await asyncio.gather(
            p.list_cases(person, token, settings.page_size, **filters.as_request()),
            p.list_cases(person, "", 10, **{**filters.as_request(), "breached_only": True})
            if first
            else _none(),
            p.list_cases(person, "", 10, **{**filters.as_request(), "due_before": week})
            if first and not filters.breached
            else _none(),
        )
        rows, next_token = main
        breached_rows = [r for r in (breached[0] if breached else [])]
        due_rows = [r for r in (due[0] if due else []) if not r["breached"]]
        query = filters.query()
        return page(
            request,
            "cases.html",
            422 if errors else 200,
            filters=filters,
            errors=errors,
            statuses=caseload.STATUSES,
            rows=caseload.ordered(rows, day),
            breached=caseload.ordered(breached_rows, day),
            due=caseload.ordered(due_rows, day),
            today=day.isoformat(),
            week_end=week,
            next_url=f"/cases?{urlencode({**query, 'page': next_token})}" if next_token else "",
            first_url=f"/cases?{urlencode(query)}" if token else "",
        )

    # -- one case ---------------------------------------------------------------------------

    async def case_page(request: Request, person: Person) -> Response:
        ref = case_ref(request)
        p = platform()
        file = await p.case_file(person, ref)
        case = file["case"]
        clocks, letters, routing = await asyncio.gather(
            _section(p.clocks(person, case["case_ref"])),
            _section(p.letters(person, case["case_ref"])),
            _section(p.routing_decision(person, case["reference"])),
        )
        return page(
            request,
            "case.html",
            case=case,
            complaint=file.get("complaint", {}),
            access_log=file.get("access_log", []),
            clocks=clocks,
            letters=letters,
            routing=routing,
            forms=casework.offered(case["allowed_actions"]),
            history=sorted(case["history"], key=lambda h: h["at"]),
        )

    async def case_action(request: Request, person: Person) -> Response:
        ref = case_ref(request)
        form = await checked_form(request)
        action = casework.BY_NAME.get(str(form.get("action", "")))
        if action is None:
            raise Denied(422, "No such action", "The form named no action the console knows.")
        try:
            fields = casework.request_fields(action, dict(form))
        except casework.FormError as exc:
            flash(request, "error", f"{action.title} not done: {exc.message} ({exc.field}).")
            return RedirectResponse(f"/case/{ref}#act-{action.name}", 303)
        request_id = str(form.get("request_id", "")) or uuid.uuid4().hex
        fields.update(ref=ref, request_id=f"console-{request_id[:64]}")
        try:
            reply = await platform().act(person, action.rpc, action.request, fields)
        except Refused as exc:
            if exc.unavailable:
                raise
            flash(request, "error", f"{action.title} refused: {exc.reason}")
            return RedirectResponse(f"/case/{ref}#act-{action.name}", 303)
        what = (
            "already done (the same form was sent twice)"
            if reply.get("duplicate")
            else (", ".join(reply.get("events", [])) or "recorded")
        )
        flash(request, "ok", f"{action.title}: {what}.")
        return RedirectResponse(f"/case/{ref}", 303)

    async def letter_page(request: Request, person: Person) -> Response:
        ref = case_ref(request)
        template = request.query_params.get("template", "")
        recipient = request.query_params.get("recipient", "complainant")
        if not TEMPLATE.match(template) or not TEMPLATE.match(recipient):
            raise Denied(422, "No such letter", "template and recipient: lower-case words")
        preview = await platform().preview(person, ref, template, recipient)
        return page(request, "letter.html", ref=ref, preview=preview)

    # -- reports ----------------------------------------------------------------------------

    async def report_tables(request: Request, person: Person) -> tuple[str, list, dict]:
        q = request.query_params
        kind = q.get("kind", "kpi")
        if kind not in reports.KINDS:
            raise Denied(422, "No such report", f"kind: one of {', '.join(reports.KINDS)}")
        year_text = q.get("year", "") or str(today().year)
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            raise Denied(422, "Bad year", "year: a year such as 2026")
        quarter_text = q.get("quarter", "0") or "0"
        if quarter_text not in ("0", "1", "2", "3", "4"):
            raise Denied(422, "Bad quarter", "quarter: 1 to 4, or 0 for all four")
        year = int(year_text)
        chosen = {
            "kind": kind,
            "year": year_text,
            "quarter": quarter_text,
            "procedure": q.get("procedure", ""),
        }
        if kind == "kpi":
            if chosen["procedure"] and not caseload.WORD.match(chosen["procedure"]):
                raise Denied(422, "Bad procedure", "procedure: letters, digits and - only")
            reply = await platform().kpi(
                person,
                procedure=chosen["procedure"],
                group_by=["procedure", "stage"],
                period="year",
                **{"from": f"{year}-01-01", "to": f"{year}-12-31"},
            )
            table = reports.kpi_table(reply.get("rows", []), reply.get("group_by", []))
            return "Key performance indicators", [table], chosen
        reply = await platform().report(person, kind, year, int(quarter_text))
        tables = [
            reports.Table(t["title"], t["columns"], [r["cells"] for r in t["rows"]])
            for t in reply.get("tables", [])
        ]
        return reply.get("title", kind), tables, chosen

    async def reports_page(request: Request, person: Person) -> Response:
        title, tables, chosen = await report_tables(request, person)
        charts = [reports.chart_of(t) for t in tables]
        if chosen["kind"] == "kpi" and tables and tables[0].rows:
            charts = list(reports.kpi_charts(tables[0]))
        return page(
            request,
            "reports.html",
            title=title,
            tables=tables,
            charts=charts,
            chosen=chosen,
            kinds=reports.KINDS,
            csv_url="/reports.csv?" + urlencode(chosen),
        )

    async def reports_csv(request: Request, person: Person) -> Response:
        title, tables, chosen = await report_tables(request, person)
        name = f"{chosen['kind']}-{chosen['year']}.csv"
        return Response(
            reports.to_csv(tables),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    # -- operations -------------------------------------------------------------------------

    def operator(person: Person) -> None:
        if not person.may_operate():
            raise Denied(
                403,
                "Refused",
                "Operations are for platform operators: queues and health, not complaints.",
            )

    async def ops_page(request: Request, person: Person) -> Response:
        operator(person)
        health = await operations.health(psettings)
        dead: dict[str, Any] = {}
        for q in health["queues"]:
            if q["dlq_messages"]:
                try:
                    dead[q["queue"]] = await operations.dead_letters(psettings.amqp_url, q["queue"])
                except Exception as exc:  # noqa: BLE001 - shown, like the CLI does
                    dead[q["queue"]] = f"cannot read: {type(exc).__name__}: {exc}"
        return page(request, "ops.html", health=health, dead=dead)

    def dlq_target(params: Any) -> tuple[str, str]:
        queue, message_id = str(params.get("queue", "")), str(params.get("message_id", ""))
        if queue not in operations.work_queues():
            raise Denied(
                422, "No such queue", f"queue: one of {', '.join(operations.work_queues())}"
            )
        if not re.match(r"^[A-Za-z0-9:._-]{1,128}$", message_id):
            raise Denied(422, "No such message", "message_id: the id the listing shows")
        return queue, message_id

    async def replay_confirm(request: Request, person: Person) -> Response:
        operator(person)
        queue, message_id = dlq_target(request.query_params)
        found = await operations.dead_letter(psettings.amqp_url, queue, message_id)
        if not found:
            raise Denied(404, "No such dead letter", f"{message_id} is not in {queue}.dlq")
        return page(request, "replay.html", queue=queue, message=found[0])

    async def replay(request: Request, person: Person) -> Response:
        operator(person)
        form = await checked_form(request)
        queue, message_id = dlq_target(form)
        outcomes = await operations.replay(psettings.amqp_url, queue, message_id)
        if not outcomes:
            flash(request, "error", f"{message_id} was no longer in {queue}.dlq.")
        for o in outcomes:
            if o["replayed"]:
                flash(
                    request,
                    "ok",
                    f"Replayed {o['message_id']} to {o['exchange']} ({o['routing_key']}).",
                )
            else:
                flash(request, "error", f"{o['message_id']} not replayed: {o['why']}.")
        return RedirectResponse("/ops", 303)

    async def resend(request: Request, person: Person) -> Response:
        form = await checked_form(request)
        ref, key = str(form.get("case_ref", "")), str(form.get("key", ""))
        if not REF.match(ref) or not key:
            raise Denied(422, "No such letter", "case_ref and key: as the listing shows")
        try:
            await platform().resend(person, ref, key)
            flash(request, "ok", f"Letter {key} of {ref} sent again.")
        except Refused as exc:
            flash(request, "error", f"Not resent: {exc.reason}")
        return RedirectResponse("/ops", 303)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/", home),
        Route("/healthz", healthz),
        Route("/signin", signin, methods=["GET", "POST"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/cases", signed(cases_page)),
        Route("/case/{ref:path}", signed(case_page), methods=["GET"]),
        Route("/case/{ref:path}", signed(case_action), methods=["POST"]),
        Route("/letter/{ref:path}", signed(letter_page)),
        Route("/reports", signed(reports_page)),
        Route("/reports.csv", signed(reports_csv)),
        Route("/ops", signed(ops_page)),
        Route("/ops/replay", signed(replay_confirm), methods=["GET"]),
        Route("/ops/replay", signed(replay), methods=["POST"]),
        Route("/letters/resend", signed(resend), methods=["POST"]),
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


async def _none() -> None:
    return None


async def _section(call: Awaitable[Any]) -> dict[str, Any]:
    """One part of a page: its data, or why the service refused it (the rest still shows)."""
    try:
        return {"data": await call, "refused": ""}
    except Refused as exc:
        return {"data": None, "refused": exc.reason}


__all__ = ["Role", "build_app"]
