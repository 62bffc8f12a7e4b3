"""The billing side sets the subscription (signed webhook, operator CLI); the prompt follows."""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import httpx
import orjson
import pytest

from app.billing import signature_header
from app.clock import FixedClock
from app.server import create_app
from app.settings import Settings, load_settings
from tests.conftest import Account, graphql, serve

SECRET = "billing-webhook-secret-for-the-tests-0123456789"
PROMPT = "{ viewer { entitlements { showTrackTrainingPrompt } } }"
_event_ids = itertools.count(1)


@dataclass
class Billing:
    """An API whose clock the test holds, with the webhook secret set."""

    http: httpx.AsyncClient
    clock: FixedClock

    def event(
        self,
        account: Account,
        status: str,
        *,
        entitled: bool = True,
        happened: timedelta = timedelta(0),
    ) -> bytes:
        """An event that happened `happened` from the clock's now (negative: earlier)."""
        period_end = self.clock.now() + timedelta(days=30)
        return orjson.dumps(
            {
                "id": f"evt_{next(_event_ids)}_{account.user_id}",
                "type": "subscription.updated",
                "created": int((self.clock.now() + happened).timestamp()),
                "data": {
                    "userId": str(account.user_id),
                    "subscription": {
                        "status": status,
                        "planEntitled": entitled,
                        "tier": "coach",
                        "currentPeriodEnd": period_end.isoformat(),
                    },
                },
            }
        )

    async def deliver(
        self, body: bytes, *, secret: str = SECRET, signed_at: int | None = None
    ) -> httpx.Response:
        timestamp = signed_at if signed_at is not None else int(self.clock.now().timestamp())
        header = signature_header(secret, timestamp, body)
        return await self.http.post(
            "/billing/webhook", content=body, headers={"cadence-signature": header}
        )

    async def prompt(self, account: Account) -> bool:
        body = await graphql(self.http, PROMPT, None, account)
        return body["data"]["viewer"]["entitlements"]["showTrackTrainingPrompt"]


@pytest.fixture
async def billing(settings: Settings, clock, tmp_path) -> AsyncIterator[Billing]:
    held = FixedClock(clock.now())
    with_secret = load_settings(
        mongodb_uri=settings.mongodb_uri,
        database_name=settings.database_name,
        data_dir=tmp_path,
        billing_webhook_secret=SECRET,
    )
    async with (
        serve(create_app(with_secret, clock=held)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as http,
    ):
        yield Billing(http, held)


class TestSignedWebhook:
    async def test_a_valid_event_sets_the_subscription_and_the_prompt_follows(
        self, billing: Billing, make_account
    ):
        account = await make_account("subscriber")
        assert await billing.prompt(account) is False
        response = await billing.deliver(billing.event(account, "active"))
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "applied", "userId": str(account.user_id)}
        assert await billing.prompt(account) is True

        canceled = await billing.deliver(billing.event(account, "canceled"))
        assert canceled.status_code == 200, canceled.text
        assert await billing.prompt(account) is False

    async def test_a_bad_signature_changes_nothing(self, billing: Billing, make_account):
        account = await make_account("forger")
        event = billing.event(account, "active")
        wrong_key = await billing.deliver(event, secret="not-the-billing-secret-at-all-0123456")
        assert wrong_key.status_code == 401
        assert "signature" in wrong_key.json()["error"]
        # A body changed after signing: the header signs other bytes.
        header = signature_header(SECRET, int(billing.clock.now().timestamp()), event)
        tampered = event.replace(b"coach", b"elite")
        response = await billing.http.post(
            "/billing/webhook", content=tampered, headers={"cadence-signature": header}
        )
        assert response.status_code == 401
        # The runner's own token is no signature either.
        as_runner = await billing.http.post(
            "/billing/webhook", content=event, headers=account.headers
        )
        assert as_runner.status_code == 401
        assert await billing.prompt(account) is False

    async def test_a_replayed_delivery_is_refused_and_an_old_event_cannot_reopen(
        self, billing: Billing, make_account
    ):
        account = await make_account("replayer")
        active = billing.event(account, "active")
        signed_at = int(billing.clock.now().timestamp())
        assert (await billing.deliver(active, signed_at=signed_at)).status_code == 200
        canceled = await billing.deliver(billing.event(account, "canceled"))
        assert canceled.status_code == 200

        # Within the window the same event is recognised and applied only once.
        again = await billing.deliver(active, signed_at=signed_at)
        assert (again.status_code, again.json()["status"]) == (200, "duplicate")
        assert await billing.prompt(account) is False

        # Later, the captured delivery is outside the window by the app's clock.
        billing.clock.advance(timedelta(minutes=6))
        late = await billing.deliver(active, signed_at=signed_at)
        assert late.status_code == 401
        assert "replays are refused" in late.json()["error"]
        assert await billing.prompt(account) is False

    async def test_an_older_event_delivered_late_changes_nothing(
        self, billing: Billing, make_account
    ):
        account = await make_account("late-delivery")
        # The subscription was activated, then canceled a minute later; the billing side's
        # retry of the activation arrives after the cancellation.
        activation = billing.event(account, "active", happened=timedelta(minutes=-1))
        cancellation = billing.event(account, "canceled", entitled=False)
        assert (await billing.deliver(cancellation)).json()["status"] == "applied"
        late = await billing.deliver(activation)
        assert (late.status_code, late.json()["status"]) == (200, "stale")
        assert await billing.prompt(account) is False
        # A newer event still applies.
        renewed = await billing.deliver(
            billing.event(account, "active", happened=timedelta(minutes=1))
        )
        assert renewed.json()["status"] == "applied"
        assert await billing.prompt(account) is True

    async def test_an_event_without_its_time_is_refused(self, billing: Billing, make_account):
        account = await make_account("timeless")
        event = orjson.loads(billing.event(account, "active"))
        for created in (None, "yesterday", 1.5, True, -3):
            body = orjson.dumps({**event, "created": created})
            response = await billing.deliver(body)
            assert response.status_code == 400, (created, response.text)
            assert response.json()["field"] == "created"
        assert await billing.prompt(account) is False


class TestOperatorCommand:
    async def test_set_subscription_by_email_unlocks_the_prompt(
        self, http, make_account, settings: Settings, clock
    ):
        account = await make_account("operator")
        period_end = (clock.now() + timedelta(days=30)).isoformat()
        env = {
            **os.environ,
            "MONGODB_URI": str(settings.mongodb_uri),
            "CADENCE_DATABASE_NAME": settings.database_name,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "app",
            "set-subscription",
            "--email",
            account.email,
            "--status",
            "active",
            "--plan-entitled",
            "--period-end",
            period_end,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
        assert process.returncode == 0, err.decode()
        assert account.email in out.decode()
        body = await graphql(http, PROMPT, None, account)
        assert body["data"]["viewer"]["entitlements"]["showTrackTrainingPrompt"] is True
