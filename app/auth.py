"""Bearer tokens: HS256 JWTs whose `sub` is the user id."""

from __future__ import annotations

from datetime import timedelta

import jwt
from bson import ObjectId

from app.models.common import utc_now

ALGORITHM = "HS256"


class InvalidTokenError(Exception):
    """The token is missing a part, expired, or not signed by us."""


def issue_token(user_id: ObjectId, secret: str, ttl: timedelta) -> str:
    """A signed token for the user, valid for `ttl`."""
    now = utc_now()
    claims = {"sub": str(user_id), "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def user_id_from_token(token: str, secret: str) -> ObjectId:
    """The user id a valid token carries."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]}
        )
    except jwt.ExpiredSignatureError as exc:
        msg = "the bearer token has expired: sign in again"
        raise InvalidTokenError(msg) from exc
    except jwt.InvalidTokenError as exc:
        msg = "the bearer token is not valid"
        raise InvalidTokenError(msg) from exc
    subject = claims["sub"]
    if not isinstance(subject, str) or not ObjectId.is_valid(subject):
        msg = "the bearer token's subject is not a user id"
        raise InvalidTokenError(msg)
    return ObjectId(subject)
