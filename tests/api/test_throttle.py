"""Heavy mutations per runner: over the limits a typed SLOW_DOWN, 429 and Retry-After."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from app.server import create_app
from tests.api.tracking_helpers import IMPORT, strava_run
from tests.conftest import Account, serve


@pytest.fixture
async def strict_api(settings):
    """An API process allowing 3 heavy mutations a minute per runner."""
    strict = settings.model_copy(update={"max_heavy_mutations_per_minute": 3})
    async with (
        serve(create_app(strict)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as http,
    ):
        yield http


async def import_one(http: httpx.AsyncClient, account: Account, day: int) -> httpx.Response:
    run = strava_run(date(2024, 3, day), 8.0, 45)
    return await http.post(
        "/graphql",
        json={"query": IMPORT, "variables": {"source": "STRAVA", "payload": [run]}},
        headers={**account.headers, "accept": "application/graphql-response+json"},
    )


class TestHeavyMutations:
    async def test_past_the_rate_a_runner_is_told_to_slow_down_and_others_are_not(
        self, strict_api: httpx.AsyncClient, make_account, repositories
    ):
        busy, other = await make_account("busy"), await make_account("other")
        for day in (1, 2, 3):
            answer = await import_one(strict_api, busy, day)
            assert answer.status_code == 200
            assert answer.json()["data"]["importActivities"]["__typename"] == "ActivitiesImported"
        refused = await import_one(strict_api, busy, 4)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        (error,) = refused.json()["errors"]
        assert error["extensions"]["code"] == "SLOW_DOWN"
        assert error["extensions"]["retryAfterSeconds"] == int(refused.headers["retry-after"])
        assert "try again in" in error["message"]
        stored = await repositories.activities.collection.count_documents(
            {"runnerId": busy.runner_id}
        )
        assert stored == 3  # the refused import wrote nothing
        answer = await import_one(strict_api, other, 4)
        assert answer.status_code == 200
        # Reads are never throttled.
        read = await strict_api.post(
            "/graphql", json={"query": "{ viewer { runner { id } } }"}, headers=busy.headers
        )
        assert "errors" not in read.json()
