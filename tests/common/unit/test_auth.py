"""Bearer tokens are standard JWTs: round trip, and every way a token is refused."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from common.auth import (
    AUDIENCE,
    ISSUER,
    BadToken,
    Caller,
    Role,
    caller_from_metadata,
    issue,
    verify,
)

SECRET = "s" * 40


def test_round_trip_carries_who_the_caller_is() -> None:
    token = issue(SECRET, "alice", Role.PARTNER, partner="p-1")
    assert verify(SECRET, token) == Caller("alice", Role.PARTNER, "p-1")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE)
    assert claims["iss"] == ISSUER and claims["aud"] == AUDIENCE and claims["sub"] == "alice"
    assert claims["role"] == "partner" and claims["partner"] == "p-1"
    assert 0 < claims["exp"] - time.time() <= 12 * 3600


def test_issue_keeps_its_signature_and_takes_a_ttl() -> None:
    token = issue(SECRET, "bob", "central-team", ttl_s=60)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE)
    assert claims["exp"] - claims["iat"] == 60
    assert verify(SECRET, token) == Caller("bob", Role.CENTRAL_TEAM, None)


def test_expired_token_is_refused_naming_the_subject() -> None:
    token = issue(SECRET, "alice", Role.AUDITOR, ttl_s=-120)
    with pytest.raises(BadToken, match="expired") as info:
        verify(SECRET, token)
    assert info.value.sub == "alice"


def _signed(**changes: object) -> str:
    """Signed when the test runs (not at collection: a slow run would expire it first)."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "eve", "role": "auditor", "exp": now + 600}
    claims.update(changes)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, SECRET, "HS256")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"aud": "another-platform"}, "audience"),
        ({"iss": "someone-else"}, "issuer"),
        ({"exp": None}, "'exp'"),
        ({"role": None}, "'role'"),
        ({"role": "superuser"}, "role"),
        ({"partner": ["p-1"]}, "partner"),
    ],
)
def test_signed_but_wrong_claims_are_refused(changes: dict[str, object], reason: str) -> None:
    with pytest.raises(BadToken, match=reason):
        verify(SECRET, _signed(**changes))


def test_wrong_secret_and_tampered_payload_are_refused() -> None:
    token = issue(SECRET, "alice", Role.PARTNER, partner="p-1")
    with pytest.raises(BadToken, match="signature"):
        verify("another-secret-of-forty-bytes-xxxxxxxxxx", token)
    header, payload, sig = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["role"] = "central-team"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    with pytest.raises(BadToken, match="signature"):
        verify(SECRET, f"{header}.{forged}.{sig}")


def test_unsigned_token_is_refused() -> None:
    token = jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "sub": "eve", "role": "central-team", "exp": 2**40},
        None,
        algorithm="none",
    )
    with pytest.raises(BadToken):
        verify(SECRET, token)


@pytest.mark.parametrize(
    "token", ["", "garbage", "a.b.c", "v1.e30.abc", "a.b", "\x00\xff.x.y", "é.é.é"]
)
def test_malformed_tokens_are_bad_tokens(token: str) -> None:
    with pytest.raises(BadToken):
        verify(SECRET, token)


def test_metadata_needs_a_bearer_token() -> None:
    token = issue(SECRET, "alice", Role.AUDITOR)
    assert caller_from_metadata(SECRET, (("Authorization", f"Bearer {token}"),)).sub == "alice"
    assert caller_from_metadata(SECRET, (("authorization", f"bearer {token}".encode()),))
    with pytest.raises(BadToken, match="no bearer"):
        caller_from_metadata(SECRET, (("x-other", "1"),))
    with pytest.raises(BadToken, match="Bearer"):
        caller_from_metadata(SECRET, (("authorization", "Basic abc"),))
