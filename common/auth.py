"""Bearer tokens signed by the platform, carrying who the caller is: standard JWTs (HS256).

Claims: ``iss`` (`ISSUER`), ``aud`` (`AUDIENCE`), ``sub`` (the user), ``role``, ``partner``
(or null), ``iat`` and ``exp``. `issue` makes one (``complaints auth token`` prints one for
operators); `verify` checks signature, algorithm, expiry, audience and issuer, and the
claims' shape, raising `BadToken` with a short reason for anything else. Deploy adds mTLS
in front; roles are decided per service. The secret's strength is checked once at start
(`PlatformSettings.check_production`), not on every token.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jwt
from jwt.warnings import InsecureKeyLengthWarning

ISSUER = "complaints-platform"
AUDIENCE = "complaints-platform"
ALGORITHM = "HS256"
DEFAULT_TTL_S = 12 * 3600
LEEWAY_S = 30  # clock skew tolerated between services

# Short development secrets are reported (production: refused) by the settings' check.
warnings.filterwarnings("ignore", category=InsecureKeyLengthWarning)


class Role(StrEnum):
    CENTRAL_TEAM = "central-team"
    INVESTIGATING_OFFICER = "investigating-officer"
    CHILDRENS_COMPLAINTS_OFFICER = "childrens-complaints-officer"
    AUDITOR = "auditor"
    PARTNER = "partner"
    OPERATOR = "operator"


@dataclass(frozen=True)
class Caller:
    sub: str
    role: Role
    partner: str | None = None


class BadToken(Exception):  # noqa: N818
    """A token that does not prove who the caller is; ``str()`` is a short reason and
    ``sub`` the claimed subject when the token was signed by us but refused."""

    def __init__(self, reason: str, sub: str | None = None):
        super().__init__(reason)
        self.sub = sub


def issue(
    secret: str,
    sub: str,
    role: Role | str,
    *,
    partner: str | None = None,
    ttl_s: int = DEFAULT_TTL_S,
) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": sub,
        "role": str(Role(role)),
        "partner": partner,
        "iat": now,
        "exp": now + ttl_s,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify(secret: str, token: str) -> Caller:
    try:
        data = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            leeway=LEEWAY_S,
            options={"require": ["exp", "aud", "iss", "sub", "role"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise BadToken("token expired", _unverified_sub(token)) from exc
    except jwt.InvalidAudienceError as exc:
        raise BadToken("token not for this platform (audience)") from exc
    except jwt.InvalidIssuerError as exc:
        raise BadToken("token from another issuer") from exc
    except jwt.InvalidSignatureError as exc:
        raise BadToken("bad signature") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise BadToken(f"token lacks the {exc.claim!r} claim") from exc
    except jwt.InvalidAlgorithmError as exc:
        raise BadToken("token signed with a refused algorithm") from exc
    except jwt.DecodeError as exc:
        raise BadToken("malformed token") from exc
    except jwt.PyJWTError as exc:
        raise BadToken(f"invalid token ({type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - a token must never become a stack trace
        raise BadToken("malformed token") from exc
    return _caller(data)


def _caller(data: dict[str, Any]) -> Caller:
    sub, role, partner = data.get("sub"), data.get("role"), data.get("partner")
    if not isinstance(sub, str) or not sub:
        raise BadToken("bad claims: 'sub' must be a non-empty string")
    if not isinstance(role, str) or role not in {r.value for r in Role}:
        raise BadToken("bad claims: unknown 'role'", sub)
    if partner is not None and not isinstance(partner, str):
        raise BadToken("bad claims: 'partner' must be a string or null", sub)
    return Caller(sub=sub, role=Role(role), partner=partner)


def _unverified_sub(token: str) -> str | None:
    """The subject of a token whose signature checked out but that was refused later."""
    try:
        sub = jwt.decode(token, options={"verify_signature": False}).get("sub")
    except Exception:  # noqa: BLE001
        return None
    return sub if isinstance(sub, str) else None


def caller_from_metadata(
    secret: str, metadata: tuple[tuple[str, str | bytes], ...] | None
) -> Caller:
    for key, value in metadata or ():
        if key.lower() == "authorization":
            text = value.decode(errors="replace") if isinstance(value, bytes) else value
            if text.lower().startswith("bearer "):
                return verify(secret, text[7:].strip())
            raise BadToken("the 'authorization' metadata is not 'Bearer <token>'")
    raise BadToken("no bearer token in the 'authorization' metadata")
