"""The billing side sets a user's subscription: signed webhook events, never the runner.

A delivery carries `Cadence-Signature: t=<unix seconds>,v1=<hex>`, where `v1` is
HMAC-SHA256, keyed with `CADENCE_BILLING_WEBHOOK_SECRET`, of `"<t>." + the raw body` (the
scheme Stripe uses). A delivery is refused when the signature does not match, or when `t` is
more than the tolerance away from the app's clock: a captured delivery cannot be replayed
later. Within the window, an event id already applied changes nothing, so an old "active" event
replayed after a "canceled" one cannot re-open the subscription. Deliveries may also arrive out
of order (a retried older event after a newer one): each event says when it happened
(`created`, Unix seconds), and an event older than the one that set the subscription is
recorded but changes nothing (`stale`).

The event: `{"id": "evt_…", "type": "subscription.updated", "created": <unix s>,
"data": {"userId" | "email": …, "subscription": {"status", "planEntitled", "tier",
"currentPeriodEnd"}}}`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from pydantic import ValidationError
from pymongo.errors import DuplicateKeyError

from app.errors import InvalidInputError, NotFoundError
from app.models.user import Subscription
from repositories.registry import Repositories

SIGNATURE_HEADER = "cadence-signature"
DEFAULT_TOLERANCE = timedelta(minutes=5)


class SignatureError(Exception):
    """The delivery is not signed with our secret, or was signed too long ago."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The `v1` signature of a body sent at `timestamp` (Unix seconds)."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The whole `Cadence-Signature` header value for a body sent at `timestamp`."""
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(
    secret: str,
    header: str | None,
    body: bytes,
    now: datetime,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> None:
    """Raise `SignatureError` unless `header` signs `body` with `secret`, recently enough."""
    if not header:
        raise SignatureError("the Cadence-Signature header is missing")
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError):
        raise SignatureError("the Cadence-Signature header has no timestamp t=") from None
    expected = sign(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
        raise SignatureError("the signature does not match the body")
    if abs(now.timestamp() - timestamp) > tolerance.total_seconds():
        raise SignatureError(
            f"the delivery was signed at {timestamp}, outside the "
            f"{int(tolerance.total_seconds())} s window: replays are refused"
        )


@dataclass(frozen=True, slots=True)
class Applied:
    """What an event did: `applied`, `duplicate` (seen before) or `stale` (a newer one set it)."""

    user_id: ObjectId
    outcome: str


async def apply_event(repositories: Repositories, event: Any, now: datetime) -> Applied:
    """Set the user's subscription from one verified event (once per event id)."""
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not event["id"]:
        raise InvalidInputError("id", "an event needs an id (a non-empty string)")
    data = event.get("data")
    if not isinstance(data, dict):
        raise InvalidInputError("data", "must be an object with the user and the subscription")
    try:
        subscription = Subscription.model_validate(data.get("subscription"))
    except ValidationError as exc:
        raise InvalidInputError.from_validation(exc, "data.subscription.") from None
    created = _created_of(event)
    user_id = await _user_of(repositories, data)

    async def write(tx: Repositories) -> str:
        if not await tx.billing_events.record(event["id"], user_id, now):
            return "duplicate"
        if not await tx.users.set_subscription_if_newer(user_id, subscription.to_mongo(), created):
            return "stale"
        return "applied"

    try:
        outcome = await repositories.in_transaction(write)
    except DuplicateKeyError:  # the same event, applied by a concurrent delivery meanwhile
        outcome = "duplicate"
    return Applied(user_id=user_id, outcome=outcome)


async def set_subscription(
    repositories: Repositories, email: str, subscription: Subscription, now: datetime
) -> ObjectId:
    """The operator's path (`cadence set-subscription`): set it directly, by email.

    It counts as the latest event: a billing event from before `now` delivered later does not
    undo it.
    """
    user = await repositories.users.by_email(email)
    if user is None:
        raise NotFoundError("user", email)
    await repositories.users.set_subscription(user["_id"], subscription.to_mongo(), now)
    return ObjectId(user["_id"])


def _created_of(event: dict[str, Any]) -> datetime:
    created = event.get("created")
    if isinstance(created, bool) or not isinstance(created, int) or created <= 0:
        raise InvalidInputError("created", "when the event happened, in Unix seconds (an integer)")
    try:
        return datetime.fromtimestamp(created, UTC)
    except (OverflowError, OSError, ValueError):
        raise InvalidInputError("created", "is not a time in Unix seconds") from None


async def _user_of(repositories: Repositories, data: dict[str, Any]) -> ObjectId:
    if isinstance(data.get("userId"), str):
        try:
            user_id = ObjectId(data["userId"])
        except InvalidId:
            raise InvalidInputError("data.userId", "is not a user id") from None
        if await repositories.users.get(user_id) is None:
            raise NotFoundError("user", user_id)
        return user_id
    if isinstance(data.get("email"), str):
        found = await repositories.users.by_email(data["email"])
        if found is None:
            raise NotFoundError("user", data["email"])
        return ObjectId(found["_id"])
    raise InvalidInputError("data", "name the user: userId or email")
