"""``complaints auth token``: a token the services accept, printed alone; bad input refused
with the field and the rule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import auth as cli_auth
from cli.main import app
from common.auth import Role, verify

ROOT = Path(__file__).resolve().parents[3]
SECRET = "a-secret-for-these-tests-that-is-long-enough"


@pytest.fixture(autouse=True)
def platform_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLATFORM_AUTH_SECRET", SECRET)
    monkeypatch.setenv("PLATFORM_MODE", "development")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["auth", "token", *args])


def said(text: str) -> str:
    """Output without the terminal's line wrapping."""
    return " ".join(text.split())


def test_the_roles_offered_are_the_platforms() -> None:
    assert tuple(r.value for r in Role) == cli_auth.ROLES


@pytest.mark.parametrize("role", [r.value for r in Role if r is not Role.PARTNER])
def test_a_token_for_each_role_verifies_with_the_platform_secret(role: str) -> None:
    result = run("--role", role, "--sub", "alice")
    assert result.exit_code == 0, result.output
    [token] = result.stdout.splitlines()
    caller = verify(SECRET, token)
    assert (caller.sub, caller.role.value, caller.partner) == ("alice", role, None)


def test_a_partner_token_carries_its_partner_and_expires_when_asked() -> None:
    import jwt

    result = run(
        "--role", "partner", "--sub", "acme-bot", "--partner", "acme-housing", "--ttl", "30m"
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    caller = verify(SECRET, token)
    assert (caller.role, caller.partner) == (Role.PARTNER, "acme-housing")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 1800


def test_the_default_lifetime_is_twelve_hours() -> None:
    import jwt

    claims = jwt.decode(
        run("--role", "auditor", "--sub", "a").stdout.strip(), options={"verify_signature": False}
    )
    assert claims["exp"] - claims["iat"] == 12 * 3600


def test_another_secret_does_not_verify_it() -> None:
    from common.auth import BadToken

    token = run("--role", "operator", "--sub", "alice").stdout.strip()
    with pytest.raises(BadToken, match="bad signature"):
        verify("another-secret-of-the-same-sort-and-length!!", token)


def test_an_unknown_role_is_refused_with_the_list_of_roles() -> None:
    result = run("--role", "boss", "--sub", "alice")
    assert result.exit_code == 1 and result.stdout == ""
    assert "--role 'boss' is not a role; the roles are: " + ", ".join(
        r.value for r in Role
    ) in said(result.stderr)


OPERATOR = ["--role", "operator", "--sub", "x"]
PARTNER = ["--role", "partner", "--sub", "x"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (PARTNER, "--partner is required with --role partner"),
        ([*OPERATOR, "--partner", "acme"], "--partner is for --role partner only"),
        ([*PARTNER, "--partner", "Acme Housing"], "--partner 'Acme Housing': lower-case"),
        (["--role", "operator", "--sub", "  "], "--sub must not be empty"),
        ([*OPERATOR, "--ttl", "0"], "--ttl '0': must be more than 0 and at most 30d"),
        ([*OPERATOR, "--ttl", "31d"], "--ttl '31d': must be more than 0"),
        ([*OPERATOR, "--ttl", "1.5h"], "--ttl '1.5h': a whole number with an optional unit"),
        ([*OPERATOR, "--ttl", "12 hours"], "--ttl '12 hours': a whole number"),
        ([*OPERATOR, "--ttl", "-5"], "--ttl '-5': a whole number"),
    ],
)
def test_bad_input_is_refused_naming_the_option_and_the_rule(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1 and result.stdout == ""
    assert message in said(result.stderr)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("900", 900), ("45s", 45), ("30m", 1800), ("12h", 43200), ("30d", 2592000)],
)
def test_ttl_units(text: str, seconds: int) -> None:
    assert cli_auth.ttl_seconds(text) == seconds


def test_production_signs_nothing_with_an_unsafe_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLATFORM_MODE", "production")
    monkeypatch.setenv("PLATFORM_AUTH_SECRET", "short")
    result = run("--role", "operator", "--sub", "alice")
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        "no token signed: PLATFORM_MODE is production and PLATFORM_AUTH_SECRET is shorter"
        in said(result.stderr)
    )
    monkeypatch.setenv("PLATFORM_AUTH_SECRET", SECRET)
    assert run("--role", "operator", "--sub", "alice").exit_code == 0


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # a short secret
def test_the_development_secret_signs_with_a_note_on_stderr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from common.settings import DEV_AUTH_SECRET

    monkeypatch.delenv("PLATFORM_AUTH_SECRET")
    result = run("--role", "operator", "--sub", "alice")
    assert result.exit_code == 0
    assert verify(DEV_AUTH_SECRET, result.stdout.strip()).sub == "alice"
    assert "development default of PLATFORM_AUTH_SECRET" in said(result.stderr)


def test_the_command_prints_the_token_alone_for_shell_substitution() -> None:
    """As `TOKEN=$(complaints auth token ...)` runs it: stdout is the token and a newline."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PLATFORM_AUTH_SECRET": SECRET}
    out = subprocess.run(
        [sys.executable, "-m", "cli.main", "auth", "token", "--role", "operator", "--sub", "ops"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("\n") == 1 and out.stdout.count(".") == 2  # header.claims.signature
    assert verify(SECRET, out.stdout.strip()).role is Role.OPERATOR
