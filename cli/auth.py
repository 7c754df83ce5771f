"""``complaints auth token``: a bearer token for the platform's gRPC services.

    TOKEN=$(complaints auth token --role operator --sub alice)
    TOKEN=$(complaints auth token --role partner --sub acme-bot --partner acme-housing --ttl 1h)
    grpcurl -plaintext -H "authorization: Bearer $TOKEN" 127.0.0.1:50055 list

The token is a JWT signed with ``PLATFORM_AUTH_SECRET`` (`common.auth.issue`), the secret
the services verify with: run this where the platform's settings are (the same
environment or ``.env``). Only the token is printed (on stdout), so ``$(...)`` takes it;
anything else goes to stderr. With ``PLATFORM_MODE=production`` and an unsafe secret
(the development default or a short one) nothing is signed, as the services would refuse
to start with it. See docs/grpc.md.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich.markup import escape

from cli.output import fail

app = typer.Typer(help="Bearer tokens for the gRPC services.", no_args_is_help=True)

# common.auth.Role's values (not imported here: the CLI starts without the JWT stack;
# tests/cli/unit/test_cli_auth.py checks the two agree).
ROLES = (
    "central-team",
    "investigating-officer",
    "childrens-complaints-officer",
    "auditor",
    "partner",
    "operator",
)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
DURATION = re.compile(r"^(\d+)([smhd]?)$")
MAX_TTL_S = 30 * 86_400
PARTNER_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")  # as `partners add`


def ttl_seconds(text: str) -> int:
    """``--ttl`` as seconds: a whole number with an optional unit, ``s`` (the default),
    ``m``, ``h`` or ``d``; more than 0 and at most 30 days. Raises `ValueError` saying
    which rule the text breaks."""
    found = DURATION.match(text.strip().lower())
    if not found:
        raise ValueError(
            f"--ttl {text!r}: a whole number with an optional unit s, m, h or d "
            "(e.g. 900, 30m, 12h, 7d)"
        )
    seconds = int(found.group(1)) * UNITS[found.group(2) or "s"]
    if not 0 < seconds <= MAX_TTL_S:
        raise ValueError(f"--ttl {text!r}: must be more than 0 and at most 30d")
    return seconds


@app.command()
def token(
    role: Annotated[str, typer.Option(help=f"The caller's role: {', '.join(ROLES)}.")],
    sub: Annotated[
        str, typer.Option(help="Who the caller is (the token's subject), as services log it.")
    ],
    partner: Annotated[
        str | None,
        typer.Option(help="The partner's id (as in `complaints partners add`): role partner only."),
    ] = None,
    ttl: Annotated[
        str,
        typer.Option(help="How long the token is valid: 900, 30m, 12h, 7d (at most 30d)."),
    ] = "12h",
) -> None:
    """Print a token for ROLE and SUB, signed with PLATFORM_AUTH_SECRET (stdout: the token
    alone, for TOKEN=$(complaints auth token ...))."""
    if role not in ROLES:
        fail(f"--role {escape(repr(role))} is not a role; the roles are: {', '.join(ROLES)}")
    if not sub.strip():
        fail("--sub must not be empty: it names who the caller is")
    if role == "partner" and not partner:
        fail("--partner is required with --role partner: the partner whose cases it sees")
    if partner is not None and role != "partner":
        fail(f"--partner is for --role partner only (not {role})")
    if partner is not None and not PARTNER_ID.match(partner):
        fail(
            f"--partner {escape(repr(partner))}: lower-case letters, digits and '-', "
            "1-63 characters, starting and ending with a letter or digit"
        )
    try:
        seconds = ttl_seconds(ttl)
    except ValueError as exc:
        fail(escape(str(exc)))

    from common.auth import issue
    from common.settings import DEV_AUTH_SECRET, PlatformSettings

    platform = PlatformSettings()
    unsafe = [r for r in platform.refusals() if "AUTH_SECRET" in r]
    if unsafe and platform.mode == "production":  # the services would not start with it
        fail(f"no token signed: PLATFORM_MODE is production and {'; '.join(unsafe)}")
    if platform.auth_secret == DEV_AUTH_SECRET:
        typer.echo(
            "note: signed with the development default of PLATFORM_AUTH_SECRET: only a "
            "platform on development defaults accepts it",
            err=True,
        )
    typer.echo(issue(platform.auth_secret, sub.strip(), role, partner=partner, ttl_s=seconds))
