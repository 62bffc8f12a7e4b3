"""Accounts and their runners: who the viewer is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bson import ObjectId

from app.events import ACCOUNT_CLOSED, Event, EventBus
from app.models.runner import Identity, RunnerDocument
from app.models.user import UserDocument
from repositories.registry import Repositories

DEMO_EMAIL = "demo@cadence.run"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in user and their runner: every query is scoped to `runner_id`."""

    user_id: ObjectId
    runner_id: ObjectId


class AccountClosedError(Exception):
    """The token's account was deleted or disabled."""

    def __init__(self) -> None:
        super().__init__("this account was deleted or disabled: it can no longer sign in")


class RunnerDirectory:
    """Maps users to their runner; the mapping never changes, so it is cached per process.

    Whether the account is still open is not cached: it is checked on every call.
    """

    def __init__(self, max_entries: int = 100_000) -> None:
        self._runner_of: dict[ObjectId, ObjectId] = {}
        self._max_entries = max_entries

    async def viewer(self, repositories: Repositories, user_id: ObjectId) -> Viewer | None:
        """The viewer for a token's user, or None when the user has no runner.

        Raises `AccountClosedError` when the account was deleted or disabled: that is read on
        every call (one `_id` lookup), never cached, so a closed account is refused at once
        by every process.
        """
        if not await repositories.users.is_open(user_id):
            self._runner_of.pop(user_id, None)
            raise AccountClosedError
        runner_id = self._runner_of.get(user_id)
        if runner_id is None:
            runner_id = await repositories.runners.id_for_user(user_id)
            if runner_id is None:
                return None
            if len(self._runner_of) >= self._max_entries:
                self._runner_of.clear()
            self._runner_of[user_id] = runner_id
        return Viewer(user_id=user_id, runner_id=runner_id)


async def close_account(
    repositories: Repositories, events: EventBus, user_id: ObjectId, now: datetime, *, delete: bool
) -> bool:
    """Disable (or delete) an account; whether it was open.

    Its tokens are refused from the next request on (`RunnerDirectory.viewer` checks every
    time), and its open WebSockets close as soon as the event arrives (`ACCOUNT_CLOSED`).
    """
    runner_id = await repositories.runners.id_for_user(user_id)
    closed = (
        await repositories.users.delete(user_id)
        if delete
        else await repositories.users.disable(user_id, now)
    )
    if runner_id is not None:
        await events.publish(Event(runner_id, ACCOUNT_CLOSED, {"userId": str(user_id)}))
    return closed


async def ensure_account(repositories: Repositories, email: str) -> Viewer:
    """The user with this email and their runner, both created (empty) when missing."""
    user = await repositories.users.ensure(UserDocument(email=email))
    name = email.split("@", 1)[0]
    runner = await repositories.runners.ensure_for_user(
        RunnerDocument(user_id=user["_id"], identity=Identity(display_name=name))
    )
    return Viewer(user_id=user["_id"], runner_id=runner["_id"])


def shows_track_training_prompt(user: dict[str, object] | None, now: datetime) -> bool:
    """The "Track my training" prompt: only for an active, plan-entitled subscription.

    A subscription still marked active whose paid period has ended (a missed webhook) does not
    count: the period end, when known, must be in the future.
    """
    subscription = user.get("subscription") if user else None
    if not isinstance(subscription, dict):
        return False
    if subscription.get("status") != "active" or subscription.get("planEntitled") is not True:
        return False
    period_end = subscription.get("currentPeriodEnd")
    if isinstance(period_end, datetime):
        ends = period_end if period_end.tzinfo else period_end.replace(tzinfo=UTC)
        return ends > now
    return True
