"""Accounts and their runners: who the viewer is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256

from bson import ObjectId
from pydantic import ValidationError

from app.auth import user_id_from_token
from app.events import ACCOUNT_CLOSED, Event, EventBus
from app.models.personalization import ProfileSubscription, ProfileSubscriptionStatus
from app.models.runner import Identity, RunnerDocument
from app.models.user import UserDocument
from app.oidc import OidcProvider, ProviderSubject, is_provider_token
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
    """Maps users and provider subjects to their runner, cached per process (it never changes).

    Whether the account is still open is not cached: it is checked on every call.
    """

    def __init__(self, max_entries: int = 100_000) -> None:
        self._runner_of: dict[ObjectId, ObjectId] = {}
        self._subjects: dict[tuple[str, str], ObjectId] = {}
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

    async def viewer_for_subject(
        self, repositories: Repositories, subject: ProviderSubject
    ) -> Viewer | None:
        """The viewer a provider's subject maps to; the first sign-in creates the account.

        A closed account is refused like any other (`AccountClosedError`); a deleted one is
        forgotten, so the subject's next sign-in starts a new, empty account.
        """
        key = (subject.issuer, subject.subject)
        user_id = self._subjects.get(key)
        if user_id is None:
            user_id = (await ensure_provider_account(repositories, subject)).user_id
            if len(self._subjects) >= self._max_entries:
                self._subjects.clear()
            self._subjects[key] = user_id
        try:
            return await self.viewer(repositories, user_id)
        except AccountClosedError:
            self._subjects.pop(key, None)
            raise


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
    return await _with_runner(repositories, user["_id"], email.split("@", 1)[0])


async def ensure_provider_account(repositories: Repositories, subject: ProviderSubject) -> Viewer:
    """The user a provider's subject signs in as, created with an empty runner the first time.

    Accounts are found by issuer and subject only, never by email: an email claim does not
    link to an account made elsewhere. The email is kept when no other account has it;
    otherwise the account gets an address under the reserved `.invalid` domain.
    """
    placeholder = f"{sha256(f'{subject.issuer} {subject.subject}'.encode()).hexdigest()[:24]}"
    placeholder_email = f"{placeholder}@users.cadence.invalid"
    emails = [subject.email, placeholder_email] if subject.email else [placeholder_email]
    for email in emails:
        try:
            document = UserDocument(
                email=email, oidc_issuer=subject.issuer, oidc_subject=subject.subject
            )
        except ValidationError:
            continue  # an email claim that is no address
        user = await repositories.users.ensure_for_subject(document)
        if user is not None:
            name = subject.email.split("@", 1)[0] if subject.email else "runner"
            return await _with_runner(repositories, user["_id"], name)
    msg = "no account could be made for this subject"
    raise RuntimeError(msg)


async def _with_runner(repositories: Repositories, user_id: ObjectId, name: str) -> Viewer:
    runner = await repositories.runners.ensure_for_user(
        RunnerDocument(user_id=user_id, identity=Identity(display_name=name))
    )
    return Viewer(user_id=user_id, runner_id=runner["_id"])


async def sign_in(
    token: str,
    *,
    jwt_secret: str,
    provider: OidcProvider | None,
    repositories: Repositories,
    directory: RunnerDirectory,
    now: datetime,
) -> Viewer | None:
    """The viewer a bearer token signs in: a provider's token, or a development token.

    A token signed as providers sign (RS256/ES256) goes to the provider when one is
    configured; everything else is checked as our own HS256 token.
    """
    if provider is not None and is_provider_token(token):
        subject = await provider.subject(token, now)
        return await directory.viewer_for_subject(repositories, subject)
    return await directory.viewer(repositories, user_id_from_token(token, jwt_secret, now))


def subscription_active(user: dict[str, object] | None, now: datetime) -> bool:
    """Whether the account's subscription is active: billing status `active`, period not ended.

    A subscription still marked active whose paid period has ended (a missed webhook) does not
    count: the period end, when known, must be in the future.
    """
    subscription = user.get("subscription") if user else None
    if not isinstance(subscription, dict) or subscription.get("status") != "active":
        return False
    period_end = subscription.get("currentPeriodEnd")
    if isinstance(period_end, datetime):
        ends = period_end if period_end.tzinfo else period_end.replace(tzinfo=UTC)
        return ends > now
    return True


def plan_entitled(user: dict[str, object] | None) -> bool:
    """Whether the account's subscription unlocks plan tracking."""
    subscription = user.get("subscription") if user else None
    return isinstance(subscription, dict) and subscription.get("planEntitled") is True


def profile_subscription(user: dict[str, object] | None, now: datetime) -> ProfileSubscription:
    """The subscription in the seed's terms: `active` or `inactive`, and plan-entitled."""
    active = subscription_active(user, now)
    return ProfileSubscription(
        status=ProfileSubscriptionStatus.ACTIVE if active else ProfileSubscriptionStatus.INACTIVE,
        plan_entitled=plan_entitled(user),
    )


def shows_track_training_prompt(user: dict[str, object] | None, now: datetime) -> bool:
    """The "Track my training" prompt: only for an active, plan-entitled subscription."""
    return subscription_active(user, now) and plan_entitled(user)
