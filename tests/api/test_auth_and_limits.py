"""Auth and the API's limits: readable errors, never 'Unexpected error'."""

from __future__ import annotations

import httpx

from tests.conftest import graphql

VIEWER = "{ viewer { runner { id identity { displayName } } } }"


class TestAuthentication:
    async def test_no_token_is_asked_to_sign_in(self, http: httpx.AsyncClient):
        body = await graphql(http, VIEWER)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert "Authorization: Bearer" in error["message"]

    async def test_bad_token_is_rejected(self, http: httpx.AsyncClient):
        response = await http.post(
            "/graphql", json={"query": VIEWER}, headers={"authorization": "Bearer nope"}
        )
        assert response.json()["errors"][0]["message"] == "the bearer token is not valid"

    async def test_token_opens_the_viewer(self, http: httpx.AsyncClient, make_account):
        account = await make_account("ana")
        body = await graphql(http, VIEWER, account=account)
        runner = body["data"]["viewer"]["runner"]
        assert runner["id"] == str(account.runner_id)
        assert runner["identity"]["displayName"] == account.email.split("@")[0]


class TestLimits:
    async def test_too_deep(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        nested = "id"
        for _ in range(12):
            nested = f"atVersion(version: 1) {{ {nested} }}"
        deep = f"{{ viewer {{ activePlan {{ {nested} }} }} }}"
        body = await graphql(http, deep, account=account)
        assert "exceeds maximum operation depth" in body["errors"][0]["message"]
        assert "data" not in body

    async def test_too_many_aliases(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        aliases = " ".join(f"a{i}: serverInfo {{ version }}" for i in range(40))
        body = await graphql(http, f"{{ {aliases} }}", account=account)
        assert "aliases found. allowed: 30" in body["errors"][0]["message"].lower()
        assert "data" not in body

    async def test_too_many_tokens(self, http: httpx.AsyncClient):
        fields = " ".join("version" for _ in range(2100))
        body = await graphql(http, f"{{ serverInfo {{ {fields} }} }}")
        assert "tokens" in body["errors"][0]["message"]
        assert "data" not in body

    async def test_page_over_100(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        body = await graphql(
            http, "{ activities(first: 101) { edges { cursor } } }", account=account
        )
        error = body["errors"][0]
        assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
        assert "at most 100" in error["message"]


class TestBadInput:
    async def test_malformed_id_names_the_argument(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        body = await graphql(http, '{ plan(id: "12") { id } }', account=account)
        error = body["errors"][0]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
        assert "24 hexadecimal" in error["message"]

    async def test_date_in_the_wrong_format(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        body = await graphql(
            http,
            'query Q($from: Date!) { sessions(from: $from, to: "2027-01-01") { id } }',
            {"from": "01/02/2027"},
            account=account,
        )
        assert "YYYY-MM-DD" in body["errors"][0]["message"]
        assert "$from" in body["errors"][0]["message"]

    async def test_unknown_enum_value(self, http: httpx.AsyncClient, make_account, repositories):
        account = await make_account()
        body = await graphql(
            http,
            'mutation { createRace(input: {name: "X", type: ULTRA, date: "2030-01-01"}) '
            "{ __typename } }",
            account=account,
        )
        assert "ULTRA" in body["errors"][0]["message"]
        assert await repositories.races.for_runner(account.runner_id) == []

    async def test_out_of_range_number_is_a_typed_error_and_nothing_is_written(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        account = await make_account()
        body = await graphql(
            http,
            'mutation { createRace(input: {name: "Spring half", type: HALF_MARATHON, '
            'date: "2030-04-01", goalTimeS: -5}) { __typename ... on InvalidInput '
            "{ field rule message } } }",
            account=account,
        )
        problem = body["data"]["createRace"]
        assert problem["__typename"] == "InvalidInput"
        assert problem["field"] == "goal_time_s"
        assert "greater than 0" in problem["rule"]
        assert await repositories.races.for_runner(account.runner_id) == []

    async def test_profile_section_rule_names_the_field(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        account = await make_account()
        body = await graphql(
            http,
            "mutation { updateRunnerProfile(section: PHYSICAL, values: {maxHr: 400}) "
            "{ __typename ... on InvalidInput { field rule } } }",
            account=account,
        )
        assert body["data"]["updateRunnerProfile"] == {
            "__typename": "InvalidInput",
            "field": "physical.maxHr",
            "rule": "Input should be less than or equal to 250",
        }
        runner = await repositories.runners.get(account.runner_id)
        assert "maxHr" not in runner["physical"]
