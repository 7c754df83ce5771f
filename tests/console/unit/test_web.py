"""The console's HTTP behaviour without the services: sign-in, CSRF, cookies, security
headers, production's refusals, the proxy's identity, and a service that is down."""

from __future__ import annotations

import re
import warnings

import pytest

from common.settings import PlatformSettings
from services.console.config import ConsoleSettings
from services.console.entrypoints.web import CSP, build_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

DOWN = {f"{s}_addr": "127.0.0.1:9" for s in ("routing", "deadlines", "notifications", "records")}


def client(production: bool = False, base_url: str = "http://testserver", **settings: object):  # type: ignore[no-untyped-def]
    platform = PlatformSettings(mode="production" if production else "development")
    app = build_app(ConsoleSettings(**{**DOWN, **settings}), platform)  # type: ignore[arg-type]
    return TestClient(app, base_url=base_url)


def token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def sign_in(c: TestClient, role: str = "central-team", **extra: str):  # type: ignore[no-untyped-def]
    page = c.get("/signin")
    data = {"csrf_token": token(page.text), "role": role, "name": "Ruth", **extra}
    return c.post("/signin", data=data, follow_redirects=False)


def test_signing_in_sets_a_signed_httponly_strict_secure_cookie_and_goes_home() -> None:
    c = client(base_url="https://testserver")
    reply = sign_in(c)
    assert (reply.status_code, reply.headers["location"]) == (303, "/cases")
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie


def test_every_page_carries_the_content_security_policy_and_is_not_cached() -> None:
    reply = client().get("/signin")
    assert reply.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP
    assert reply.headers["cache-control"] == "no-store"
    assert reply.headers["referrer-policy"] == "no-referrer"


def test_a_form_without_its_token_is_refused() -> None:
    c = client(secure_cookies=False)
    c.get("/signin")
    reply = c.post("/signin", data={"csrf_token": "forged", "role": "central-team", "name": "R"})
    assert reply.status_code == 403 and "security token" in reply.text
    sign_in(c)
    reply = c.post("/case/DSO-2026-000001/1", data={"action": "close"})
    assert reply.status_code == 403
    assert c.post("/signout", data={"csrf_token": "forged"}).status_code == 403
    signin = c.get("/signin")  # still signed in: the forged sign-out did nothing
    assert "Ruth, Central complaints team" in signin.text
    reply = c.post("/signout", data={"csrf_token": token(signin.text)}, follow_redirects=False)
    assert reply.headers["location"] == "/signin"
    assert c.get("/cases", follow_redirects=False).headers["location"] == "/signin"


def test_a_bad_sign_in_says_which_field_and_why() -> None:
    c = client(secure_cookies=False)
    reply = sign_in(c, role="partner")
    assert reply.status_code == 422
    assert "a partner needs its id" in reply.text


def test_pages_need_a_person_and_a_service_down_is_said_plainly() -> None:
    c = client(secure_cookies=False)
    assert c.get("/cases", follow_redirects=False).headers["location"] == "/signin"
    sign_in(c)
    reply = c.get("/cases")
    assert reply.status_code == 503 and "not reachable" in reply.text
    assert c.get("/ops").status_code == 403  # operators only
    assert c.get("/case/not a ref").status_code == 404


def test_production_refuses_the_development_sign_in_and_weak_settings() -> None:
    with pytest.raises(SystemExit, match="CONSOLE_IDENTITY.*\n.*CONSOLE_SESSION_SECRET"):
        client(production=True)
    strong = {"identity": "proxy", "session_secret": "s" * 40}
    c = client(production=True, **strong)
    assert c.get("/signin", follow_redirects=False).headers["location"] == "/"


def test_behind_a_proxy_the_person_comes_from_its_headers() -> None:
    c = client(identity="proxy", group_roles={"ops": "operator", "central": "central-team"})
    assert c.get("/cases").status_code == 401
    reply = c.get(
        "/cases", headers={"X-Forwarded-User": "ruth", "X-Forwarded-Groups": "staff,central"}
    )
    assert reply.status_code == 503 and "ruth" in reply.text  # signed in; records is down
    reply = c.get(
        "/",
        headers={"X-Forwarded-User": "olu", "X-Forwarded-Groups": "ops"},
        follow_redirects=False,
    )
    assert reply.headers["location"] == "/ops"


def test_each_page_module_answers_at_its_address() -> None:
    """The pages split by area (pages/*.py) are all routed: each refuses a bad request with
    its own reason before calling any service."""
    c = client(secure_cookies=False)
    sign_in(c)
    assert c.get("/healthz").text == "ok"
    reply = c.get("/reports?kind=nope")
    assert reply.status_code == 422 and "kind: one of kpi" in reply.text
    reply = c.get("/reports.csv?kind=kpi&year=1999")
    assert reply.status_code == 422 and "year: a year such as 2026" in reply.text
    reply = c.get("/letter/DSO-2026-000001/1?template=Bad%20One")
    assert reply.status_code == 422 and "template and recipient" in reply.text
    assert c.get("/ops/replay?queue=x&message_id=y").status_code == 403  # operators only
    assert c.get("/static/console.css").headers["content-type"].startswith("text/css")
    reply = c.get("/case/DSO-2026-000001/1")  # the case page: records is down
    assert reply.status_code == 503 and "not reachable" in reply.text
