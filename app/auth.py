"""Bearer tokens: HS256 JWTs whose `sub` is the user id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from bson import ObjectId

ALGORITHM = "HS256"


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
    try:
        # Expiry is checked against the application's clock below, not the library's.
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
    if expires <= now.timestamp():
        msg = "the bearer token has expired: sign in again"
        raise TokenExpiredError(msg)
    subject = claims["sub"]
    if not isinstance(subject, str) or not ObjectId.is_valid(subject):
        msg = "the bearer token's subject is not a user id"
        raise InvalidTokenError(msg)
    return ObjectId(subject)


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
