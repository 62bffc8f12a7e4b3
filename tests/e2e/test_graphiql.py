"""GraphiQL in headless Chromium (Debian's), with every request off this machine blocked.

Playwright drives the system `chromium` (`make test` installs it); the browser may reach
loopback only: host names other than localhost do not resolve, everything else goes to a
proxy that does not exist, and every request the page makes is recorded and checked.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from app.accounts import DEMO_EMAIL, ensure_account
from app.auth import issue_token
from app.server import create_app
from app.settings import Settings
from graphql_schema.graphiql import assets_built
from repositories.registry import Repositories
from tests.conftest import serve

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
OFFLINE_FLAGS = [
    "--no-sandbox",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",  # loopback bypasses the proxy; nothing else gets out
]
PLAN_CHANGED = 'subscription { planChanged(planId: "%s") { planId status kind summary } }'


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is required: `make test` installs it"
    assert assets_built(), "GraphiQL's assets are missing: run `make`"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=OFFLINE_FLAGS)
        yield launched
        await launched.close()


@pytest.fixture
async def demo_api(settings: Settings, mongo) -> AsyncIterator[tuple[str, Repositories]]:
    """A development server on a fresh database, seeded with the demo runner."""
    database = f"cadence_graphiql_{uuid.uuid4().hex[:8]}"
    demo = settings.model_copy(update={"database_name": database, "seed_demo": True})
    try:
        async with serve(create_app(demo)) as url:
            yield url, Repositories.build(mongo[database])
    finally:
        await mongo.drop_database(database)


async def open_graphiql(browser: Browser, url: str) -> tuple[Page, list[str]]:
    page = await browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda socket: requested.append(socket.url))
    await page.goto(f"{url}/graphql", wait_until="load")
    await page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=20_000)
    return page, requested


async def response_text(page: Page, containing: str, timeout_s: float = 20) -> str:
    """The result pane's text once it contains `containing`."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    text = ""
    while asyncio.get_running_loop().time() < deadline:
        text = await page.evaluate(
            "document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()"
        )
        if containing in text:
            return text
        await asyncio.sleep(0.2)
    raise AssertionError(f"the result pane never showed {containing!r}: {text[:500]!r}")


def off_machine(urls: list[str]) -> list[str]:
    return [
        url
        for url in urls
        if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
        and urlsplit(url).hostname not in LOOPBACK
    ]


class TestGraphiQLOffline:
    async def test_the_readme_zoom_query_runs_with_no_header_typed(self, browser, demo_api):
        url, _ = demo_api
        page, requested = await open_graphiql(browser, url)
        editor = await page.evaluate(
            "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()"
        )
        assert "weeks(from: 1, to: 4)" in editor
        tools = await page.evaluate(
            "[...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')]"
            ".map(editor => editor.CodeMirror.getValue())"
        )
        assert any('"Authorization": "Bearer ' in text for text in tools), tools
        await page.click(".graphiql-execute-button")
        answer = json.loads(await response_text(page, "complianceColor"))
        assert "errors" not in answer
        plan = answer["data"]["viewer"]["activePlan"]
        assert plan["season"]["coachSummary"]
        assert [week["weekNumber"] for week in plan["weeks"]] == [1, 2, 3, 4]
        analysed = [
            execution["analysis"]["complianceColor"]
            for week in plan["weeks"]
            for session in week["sessions"]
            for execution in session["executions"]
        ]
        assert analysed, "the demo runner's synced runs show their analysis"
        assert off_machine(requested) == []
        assert any(u.endswith("/graphiql/vendor/graphiql.min.js") for u in requested)
        await page.close()

    async def test_a_subscription_shows_a_live_event(self, browser, demo_api, settings, clock):
        url, repositories = demo_api
        viewer = await ensure_account(repositories, DEMO_EMAIL)
        token = issue_token(viewer.user_id, settings.jwt_secret, timedelta(hours=1), clock.now())
        auth = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            plan = await http.post(
                "/graphql", json={"query": "{ viewer { activePlan { id } } }"}, headers=auth
            )
            plan_id = plan.json()["data"]["viewer"]["activePlan"]["id"]
            page, requested = await open_graphiql(browser, url)
            await page.evaluate(
                "query => document.querySelector('.graphiql-query-editor .CodeMirror')"
                ".CodeMirror.setValue(query)",
                PLAN_CHANGED % plan_id,
            )
            await asyncio.sleep(1)  # GraphiQL parses the edited document after a short pause
            await page.click(".graphiql-execute-button")
            await asyncio.sleep(1.5)  # GraphiQL opens the WebSocket and subscribes
            paused = await http.post(
                "/graphql",
                json={
                    "query": "mutation($id: ID!) { setPlanStatus(planId: $id, status: PAUSED) "
                    "{ __typename } }",
                    "variables": {"id": plan_id},
                },
                headers=auth,
            )
            assert paused.json()["data"]["setPlanStatus"]["__typename"] == "PlanUpdated"
        event = json.loads(await response_text(page, '"status": "PAUSED"'))
        assert event == {
            "data": {
                "planChanged": {
                    "planId": plan_id,
                    "status": "PAUSED",
                    "kind": "status",
                    "summary": "status changed from active to paused",
                }
            }
        }
        assert off_machine(requested) == []
        assert f"{url.replace('http://', 'ws://')}/graphql" in requested
        await page.close()
