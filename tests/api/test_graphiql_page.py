"""The GraphiQL page: our own assets only, and the demo runner's header in development only."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from app.auth import user_id_from_token
from app.server import create_app
from app.settings import Environment, Settings
from graphql_schema.graphiql import README_ZOOM_QUERY
from tests.conftest import serve

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
CONFIG = re.compile(r'<script id="cadence-graphiql-config" type="application/json">(.*?)</script>')


@pytest.fixture
async def production_http(settings: Settings):
    production = settings.model_copy(
        update={"env": Environment.PRODUCTION, "jwt_secret": uuid.uuid4().hex * 2}
    )
    async with (
        serve(create_app(production)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):
        yield client


class TestGraphiQLPage:
    async def test_every_asset_comes_from_this_server(self, http: httpx.AsyncClient):
        page = await http.get("/graphql", headers=BROWSER)
        assert page.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources, page.text
        assert all(source.startswith("/graphiql/") for source in sources), sources
        for source in sources:
            asset = await http.get(source)
            assert asset.status_code == 200, source
            assert len(asset.content) > 100, source

    async def test_development_fills_in_a_valid_demo_token(
        self, http: httpx.AsyncClient, settings: Settings, clock
    ):
        page = await http.get("/graphql", headers=BROWSER)
        config = httpx.Response(200, content=CONFIG.search(page.text).group(1)).json()
        scheme, token = config["headers"]["Authorization"].split(" ")
        assert scheme == "Bearer"
        assert user_id_from_token(token, settings.jwt_secret, clock.now())
        assert "weeks(from: 1, to: 4)" in config["query"]

    async def test_production_fills_in_no_token(self, production_http: httpx.AsyncClient):
        page = await production_http.get("/graphql", headers=BROWSER)
        config = httpx.Response(200, content=CONFIG.search(page.text).group(1)).json()
        assert config["headers"] is None
        assert re.search(r"eyJ[\w-]+\.[\w-]+\.[\w-]+", page.text) is None, "a JWT in the page"


def test_graphiql_opens_on_the_readmes_query(project_root):
    readme = (project_root / "README.md").read_text()
    block = re.search(r"```graphql\n(.*?)```", readme, re.DOTALL)
    assert block, "the README shows the zoom query in a graphql block"
    opened = "\n".join(line for line in README_ZOOM_QUERY.splitlines() if not line.startswith("#"))
    assert opened.split() == block.group(1).split()
