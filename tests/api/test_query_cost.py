"""The cost limit refuses what would starve others, before it runs; aliases compute once."""

from __future__ import annotations

import httpx

from bench.zoom import FULL_DEPTH
from graphql_schema.schema import build_schema
from tests.api.test_zoom import commands_for
from tests.conftest import CommandRecorder, graphql
from tests.factories import build_world

COMPUTED = (
    "progress { totals { completed adherenceScore } weeks { weekNumber completed } } "
    "loadForecast { date ctl atl tsb } prediction { predictedTimeS } versions { version }"
)


def thirty_aliases(plan_id: str) -> str:
    """The issue's query: 30 aliases of a plan's computed fields (about 1,000 tokens)."""
    aliases = " ".join(f'p{i}: plan(id: "{plan_id}") {{ {COMPUTED} }}' for i in range(30))
    return f"{{ {aliases} }}"


class TestCostLimit:
    async def test_thirty_aliases_of_computed_fields_are_refused_before_running(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 16, executed_days=6)
        response = await http.post(
            "/graphql",
            json={"query": thirty_aliases(str(world.plan["_id"]))},
            headers={**account.headers, "accept": "application/graphql-response+json"},
        )
        assert response.status_code == 400
        body = response.json()
        assert "data" not in body
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
        assert error["extensions"]["cost"] > error["extensions"]["limit"]
        assert "fewer aliases" in error["message"]

    async def test_the_full_zoom_and_a_five_year_chart_stay_within_the_budget(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 24, executed_days=6)
        body = await graphql(http, FULL_DEPTH, {"id": str(world.plan["_id"])}, account)
        assert "errors" not in body, body
        assert len(body["data"]["plan"]["weeks"]) == 24
        chart = await graphql(
            http,
            "query C($a: Date!, $b: Date!) { viewer { runner { fitness(from: $a, to: $b) "
            "{ date load ctl atl tsb } } } }",
            {"a": "2021-01-01", "b": "2025-12-31"},
            account,
        )
        assert "errors" not in chart, chart
        assert len(chart["data"]["viewer"]["runner"]["fitness"]) == 1826

    async def test_the_refusal_is_cached_with_validation(self, base_settings):
        schema = build_schema(base_settings)
        for _ in range(2):
            result = await schema.execute(thirty_aliases("0" * 24))
            assert result.errors
            assert result.errors[0].extensions["code"] == "QUERY_TOO_COSTLY"


class TestComputedOnce:
    async def test_aliases_of_one_computed_field_read_the_database_once(
        self,
        http: httpx.AsyncClient,
        make_account,
        repositories,
        command_recorder: CommandRecorder,
        database_name: str,
    ):
        account = await make_account()
        world = await build_world(repositories, account.runner_id, 16, executed_days=6)
        plan_id = str(world.plan["_id"])

        async def reads(count: int) -> tuple[int, dict]:
            fields = " ".join(
                f"f{i}: loadForecast {{ date ctl }} p{i}: prediction {{ predictedTimeS }} "
                f"v{i}: versions {{ version }} g{i}: progress {{ totals {{ completed }} }}"
                for i in range(count)
            )
            query = f'{{ plan(id: "{plan_id}") {{ {fields} }} }}'
            body, sent = await commands_for(
                http, command_recorder, database_name, query, None, account
            )
            return len(sent), body["data"]["plan"]

        await reads(1)  # the viewer's runner is looked up once per process
        one, single = await reads(1)
        five, many = await reads(5)
        assert five == one
        assert all(many[f"f{i}"] == single["f0"] for i in range(5))
        assert all(many[f"g{i}"] == single["g0"] for i in range(5))
