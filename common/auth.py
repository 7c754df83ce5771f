"""Bearer tokens signed by the platform (HMAC-SHA256), carrying who the caller is.

A token is ``v1.<payload>.<signature>`` with a base64url JSON payload
``{"sub": "alice", "role": "central-team", "partner": null, "exp": 1767225600}``.
`issue` makes one (``complaints auth token`` prints one for operators); `verify` checks
signature and expiry. Deploy adds mTLS in front; roles are decided per service.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from enum import StrEnum


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
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(
    secret: str, sub: str, role: Role | str, *, partner: str | None = None, ttl_s: int = 12 * 3600
) -> str:
    payload = _b64(
        json.dumps(
            {
                "sub": sub,
                "role": str(Role(role)),
                "partner": partner,
                "exp": int(time.time()) + ttl_s,
            }
        ).encode()
    )
    sig = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
    return f"v1.{payload}.{sig}"


def verify(secret: str, token: str) -> Caller:
    try:
        version, payload, sig = token.split(".")
    except ValueError as exc:
        raise BadToken("malformed token") from exc
    expected = _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())
    if version != "v1" or not hmac.compare_digest(sig, expected):
        raise BadToken("bad signature")
    data = json.loads(_unb64(payload))
    if data.get("exp", 0) < time.time():
        raise BadToken("token expired")
    try:
        return Caller(sub=data["sub"], role=Role(data["role"]), partner=data.get("partner"))
    except (KeyError, ValueError) as exc:
        raise BadToken(f"bad claims: {exc}") from exc


def caller_from_metadata(
    secret: str, metadata: tuple[tuple[str, str | bytes], ...] | None
) -> Caller:
    for key, value in metadata or ():
        if key.lower() == "authorization":
            text = value.decode() if isinstance(value, bytes) else value
            if text.lower().startswith("bearer "):
                return verify(secret, text[7:].strip())
    raise BadToken("no bearer token in the 'authorization' metadata")
