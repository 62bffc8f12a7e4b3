"""Bearer tokens: HS256 JWTs whose `sub` is the user id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from bson import ObjectId

ALGORITHM = "HS256"
VERIFIED_TOKENS = 4096
"""How many verified tokens (their expiry and subject) are remembered."""


class InvalidTokenError(Exception):
    """The token is missing a part, expired, or not signed by us."""


class TokenExpiredError(InvalidTokenError):
    """The token was valid but its expiry has passed: the client should sign in again."""


def issue_token(user_id: ObjectId, secret: str, ttl: timedelta, now: datetime) -> str:
    """A signed token for the user, valid for `ttl` from `now`."""
    claims = {"sub": str(user_id), "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def user_id_from_token(token: str, secret: str, now: datetime) -> ObjectId:
    """The user id a token carries when it is valid at `now`."""
    expires, subject = _verified_claims(token, secret)
    if expires <= now.timestamp():
        msg = "the bearer token has expired: sign in again"
        raise TokenExpiredError(msg)
    if not isinstance(subject, str) or not ObjectId.is_valid(subject):
        msg = "the bearer token's subject is not a user id"
        raise InvalidTokenError(msg)
    return ObjectId(subject)


@lru_cache(maxsize=VERIFIED_TOKENS)
def _verified_claims(token: str, secret: str) -> tuple[float, object]:
    """A token's expiry and subject, once its signature is verified.

    A client sends the same token with every request: its signature is verified once per
    process, and its expiry is checked against the clock every time.
    """
    try:
        # Expiry is checked against the application's clock by the caller, not the library's.
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.InvalidTokenError as exc:
        msg = "the bearer token is not valid"
        raise InvalidTokenError(msg) from exc
    expires = claims["exp"]
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        msg = "the bearer token is not valid"
        raise InvalidTokenError(msg)
    return float(expires), claims["sub"]


def token_expiry(token: str) -> datetime | None:
    """When a token expires, read without checking it (only for a token already verified)."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        return None
    return datetime.fromtimestamp(expires, UTC)
