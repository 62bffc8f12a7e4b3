"""The whole app at a chosen instant: one injected clock decides "now" everywhere.

The app is started with a `FixedClock` on a database of its own and seeds the demo runner;
every date the runner sees (plan start, progress, runs, token expiry) follows that clock, not
the machine's, and moves when the clock is moved.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx

from app.accounts import DEMO_EMAIL, ensure_account
from app.auth import issue_token
from app.clock import FixedClock
from app.demo import WEEKS_DONE
from app.server import create_app
from app.settings import load_settings
from repositories.registry import Repositories
from tests.conftest import serve

DEMO = """
{ viewer { activePlan { metadata { startDate } progress { asOf totals { sessionsDue upcoming } } }
  runner { currentState { updatedAt } } } }
"""
ACTIVITIES = "{ activities(first: 100) { edges { node { localDate } } } }"
# Sunday 28 March 2027, 01:30 UTC: the hour Paris moves its clocks forward.
INSTANT = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


async def ask(http: httpx.AsyncClient, token: str, query: str) -> dict:
    response = await http.post(
        "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


class TestAppAtAChosenInstant:
    async def test_seed_progress_and_tokens_follow_the_injected_clock(
        self, mongodb_uri: str, mongo, tmp_path
    ):
        clock = FixedClock(INSTANT)
        database = f"cadence_clock_{uuid.uuid4().hex[:8]}"
        settings = load_settings(
            mongodb_uri=mongodb_uri, database_name=database, data_dir=tmp_path, seed_demo=True
        )
        try:
            async with (
                serve(create_app(settings, clock=clock)) as url,
                httpx.AsyncClient(base_url=url, timeout=10) as http,
            ):
                repositories = Repositories.build(mongo[database])
                viewer = await ensure_account(repositories, DEMO_EMAIL)
                token = issue_token(
                    viewer.user_id, settings.jwt_secret, timedelta(hours=1), clock.now()
                )
                today = date(2027, 3, 28)
                monday = today - timedelta(days=today.weekday())

                seeded = (await ask(http, token, DEMO))["viewer"]
                plan = seeded["activePlan"]
                assert (
                    plan["metadata"]["startDate"]
                    == (monday - timedelta(weeks=WEEKS_DONE)).isoformat()
                )
                assert plan["progress"]["asOf"] == today.isoformat()
                # The seed's import refreshed the state at the clock's instant.
                updated = seeded["runner"]["currentState"]["updatedAt"]
                assert datetime.fromisoformat(updated) == INSTANT
                runs = (await ask(http, token, ACTIVITIES))["activities"]["edges"]
                assert runs
                assert max(edge["node"]["localDate"] for edge in runs) < today.isoformat()

                # A week later on the same clock: more sessions are due, fewer upcoming.
                clock.advance(timedelta(days=7))
                fresh = issue_token(
                    viewer.user_id, settings.jwt_secret, timedelta(hours=1), clock.now()
                )
                later = (await ask(http, fresh, DEMO))["viewer"]["activePlan"]["progress"]
                assert later["asOf"] == (today + timedelta(days=7)).isoformat()
                assert later["totals"]["sessionsDue"] > plan["progress"]["totals"]["sessionsDue"]
                assert later["totals"]["upcoming"] < plan["progress"]["totals"]["upcoming"]

                # The first token was issued for an hour of the app's time: a week on, it has
                # expired, although the machine's clock has hardly moved.
                response = await http.post(
                    "/graphql",
                    json={"query": "{ viewer { runner { id } } }"},
                    headers={"authorization": f"Bearer {token}"},
                )
                message = response.json()["errors"][0]["message"]
                assert "expired" in message
        finally:
            await mongo.drop_database(database)
