"""The "Track my training" prompt: shown only for an active, plan-entitled subscription."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from app.models.user import Subscription, SubscriptionStatus
from tests.conftest import graphql

# Depends on the date: run on every day of the calendar check too.
pytestmark = pytest.mark.calendar

PROMPT = "{ viewer { entitlements { showTrackTrainingPrompt } } }"


async def prompt_for(http: httpx.AsyncClient, make_account, repositories, subscription) -> bool:
    account = await make_account("subscriber")
    if subscription is not None:
        await repositories.users.set_subscription(account.user_id, subscription.to_mongo())
    body = await graphql(http, PROMPT, None, account)
    assert "errors" not in body, body
    return body["data"]["viewer"]["entitlements"]["showTrackTrainingPrompt"]


class TestTrackTrainingPrompt:
    async def test_a_new_account_does_not_see_it(self, http, make_account, repositories):
        assert await prompt_for(http, make_account, repositories, None) is False

    async def test_an_active_plan_entitled_subscription_sees_it(
        self, http, make_account, repositories, clock
    ):
        active = Subscription(
            status=SubscriptionStatus.ACTIVE,
            plan_entitled=True,
            current_period_end=clock.now() + timedelta(days=20),
        )
        assert await prompt_for(http, make_account, repositories, active) is True

    @pytest.mark.parametrize(
        ("status", "entitled", "period_end_days"),
        [
            (SubscriptionStatus.ACTIVE, False, 20),  # active, but without plan tracking
            (SubscriptionStatus.TRIALING, True, 20),
            (SubscriptionStatus.PAST_DUE, True, 20),
            (SubscriptionStatus.CANCELED, True, 20),
            (SubscriptionStatus.ACTIVE, True, -1),  # still marked active, but the period ended
        ],
    )
    async def test_anything_else_does_not(
        self, http, make_account, repositories, clock, status, entitled, period_end_days
    ):
        subscription = Subscription(
            status=status,
            plan_entitled=entitled,
            current_period_end=clock.now() + timedelta(days=period_end_days),
        )
        assert await prompt_for(http, make_account, repositories, subscription) is False
