"""Client mistakes answer readable, typed errors in the GraphQL-over-HTTP shape, never a fault."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest

from app.observability import JsonFormatter
from tests.api.tracking_helpers import runner_in_plan
from tests.conftest import graphql

GRAPHQL_RESPONSE = "application/graphql-response+json"
UNEXPECTED = "Unexpected error."


def assert_readable(body: dict, *words: str) -> None:
    """The answer carries errors that say what is wrong, and no masked fault."""
    errors = body["errors"]
    assert errors
    messages = " ".join(error["message"] for error in errors)
    assert UNEXPECTED not in messages
    for word in words:
        assert word in messages, messages


def assert_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """The server logged no ERROR and no traceback for the client's mistake."""
    faults = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert faults == [], [r.getMessage() for r in faults]


class TestMalformedBodies:
    @pytest.mark.parametrize(
        ("body", "words"),
        [
            pytest.param(b"[" * 5000 + b"]" * 5000, "not valid JSON", id="nested-5000-deep"),
            pytest.param(
                b'{"query": "{ __typename }", "variables": {"n": ' + b"9" * 5000 + b"}}",
                "not valid JSON",
                id="5000-digit-integer",
            ),
            pytest.param(b"true", "JSON object", id="true"),
            pytest.param(b'"x"', "JSON object", id="string"),
            pytest.param(b"null", "JSON object", id="null"),
            pytest.param(b"5", "JSON object", id="number"),
            pytest.param(b'{"query": "{ __typename }"\xff\xfe}', "not valid JSON", id="non-utf8"),
            pytest.param(b'{"query": "{ __typename }", "variables": {"x": NaN}}', "JSON", id="nan"),
            pytest.param(b'{"query": 5}', "`query`", id="query-not-a-string"),
            pytest.param(
                b'{"query": "{ __typename }", "operationName": 5}',
                "operationName",
                id="operation-name-not-a-string",
            ),
        ],
    )
    async def test_is_a_400_in_the_graphql_shape(
        self, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, body: bytes, words: str
    ):
        response = await http.post(
            "/graphql",
            content=body,
            headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE},
        )
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
        answer = response.json()
        assert "data" not in answer
        assert_readable(answer, words)
        assert answer["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert_no_traceback(caplog)


class TestMalformedValues:
    async def test_a_malformed_date_literal(
        self, http: httpx.AsyncClient, make_account, caplog: pytest.LogCaptureFixture
    ):
        account = await make_account()
        body = await graphql(
            http, '{ sessions(from: "2027-13-45", to: "2027-01-01") { id } }', account=account
        )
        assert_readable(body, "YYYY-MM-DD")
        assert "data" not in body
        assert_no_traceback(caplog)

    async def test_a_date_literal_of_the_wrong_kind(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        body = await graphql(
            http, '{ sessions(from: 5, to: "2027-01-01") { id } }', account=account
        )
        assert_readable(body, "YYYY-MM-DD")

    async def test_a_malformed_datetime(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        body = await graphql(
            http, '{ activities(startedFrom: "yesterday") { edges { cursor } } }', account=account
        )
        assert_readable(body, "DateTime")

    async def test_a_garbage_cursor(
        self, http: httpx.AsyncClient, make_account, caplog: pytest.LogCaptureFixture
    ):
        account = await make_account()
        body = await graphql(
            http, '{ activities(after: "%%%garbage") { edges { cursor } } }', account=account
        )
        assert_readable(body, "cursor")
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert_no_traceback(caplog)

    @pytest.mark.parametrize("number", ["1e999", "-1e999"])
    async def test_an_infinite_float_literal(
        self, http: httpx.AsyncClient, make_account, number: str
    ):
        account = await make_account()
        body = await graphql(
            http,
            'mutation { logActivity(input: {sport: RUN, startTime: "2026-01-01T07:00:00Z", '
            f"elapsedTimeS: 1800, distanceM: {number}}}) {{ __typename }} }}",
            account=account,
        )
        assert_readable(body, "out of range")
        assert "data" not in body

    async def test_an_int_literal_too_large(self, http: httpx.AsyncClient, make_account):
        account = await make_account()
        body = await graphql(
            http,
            "{ activities(first: 99999999999999999999) { edges { cursor } } }",
            account=account,
        )
        assert_readable(body, "Int")

    async def test_an_enormous_pause(
        self, http: httpx.AsyncClient, make_account, caplog: pytest.LogCaptureFixture
    ):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        body = await graphql(
            http,
            "mutation P($p: ID!) { pausePlan(planId: $p, days: 2000000000) "
            "{ __typename ... on InvalidInput { field message } } }",
            {"p": plan_id},
            account,
        )
        assert body["data"]["pausePlan"]["__typename"] == "InvalidInput"
        assert body["data"]["pausePlan"]["field"] == "days"
        assert_no_traceback(caplog)

    async def test_a_file_that_is_not_a_file(
        self, http: httpx.AsyncClient, make_account, caplog: pytest.LogCaptureFixture
    ):
        account = await make_account()
        body = await graphql(
            http,
            "mutation U($f: Upload!) { uploadActivityFile(file: $f) { __typename } }",
            {"f": True},
            account,
        )
        assert_readable(body, "$f")
        assert "data" not in body
        literal = await graphql(
            http, "mutation { uploadActivityFile(file: true) { __typename } }", account=account
        )
        assert_readable(literal, "Upload")
        assert_no_traceback(caplog)


class TestOversizedDocuments:
    async def test_repeated_fields_are_refused_with_a_reason(self, http: httpx.AsyncClient):
        fields = " ".join("__typename" for _ in range(1000))
        body = await graphql(http, f"{{ {fields} }}")
        assert_readable(body)
        assert body["errors"][0]["message"] != "Validation aborted."


class TestPlannedSnapshot:
    async def test_the_snapshot_answers_what_was_frozen_and_names_what_was_not(
        self, http: httpx.AsyncClient, make_account, caplog: pytest.LogCaptureFixture
    ):
        account = await make_account()
        await runner_in_plan(http, account)
        today = account.today()
        week = await graphql(
            http,
            f'{{ sessions(from: "{today}", to: "{today + timedelta(days=6)}") {{ id type }} }}',
            account=account,
        )
        run = next(day for day in week["data"]["sessions"] if day["type"] != "REST")
        skipped = await graphql(
            http,
            'mutation S($s: ID!) { skipSession(sessionId: $s, reason: "ill") '
            "{ ... on SessionSaved { session { executionId } } } }",
            {"s": run["id"]},
            account,
        )
        execution_id = skipped["data"]["skipSession"]["session"]["executionId"]
        snapshot = "query E($e: ID!) { execution(id: $e) { plannedSnapshot { %s } } }"
        frozen = await graphql(http, snapshot % "title", {"e": execution_id}, account)
        assert frozen["data"]["execution"]["plannedSnapshot"]["title"]
        live_only = await graphql(http, snapshot % "version", {"e": execution_id}, account)
        assert_readable(live_only, "version", "SessionSnapshot")
        assert_no_traceback(caplog)


class TestLogLines:
    async def test_a_450_kb_operation_name_is_logged_cut(
        self, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ):
        caplog.set_level(logging.INFO, logger="cadence.request")
        name = "Q" * 450_000  # twice in the body: 900 kB, under the body limit
        response = await http.post(
            "/graphql", json={"query": f"query {name} {{ __typename }}", "operationName": name}
        )
        assert response.json()["data"] == {"__typename": "Query"}
        lines = [
            JsonFormatter().format(record)
            for record in caplog.records
            if record.name == "cadence.request"
        ]
        assert lines
        assert max(len(line) for line in lines) < 2_000
        assert "(450000 characters)" in lines[-1]


class TestImpossibleActivities:
    async def test_an_activity_lasting_a_billion_years_is_refused(
        self, http: httpx.AsyncClient, make_account, caplog: pytest.LogCaptureFixture
    ):
        account = await make_account()
        body = await graphql(
            http,
            "mutation { logActivity(input: {elapsedTimeS: 3.3350169371564864e+16, sport: RUN, "
            'startTime: "2029-03-16T23:09:44+00:00", maxHr: -1.7976931348623157e+308}) '
            "{ __typename ... on InvalidInput { field } } }",
            account=account,
        )
        assert body["data"]["logActivity"]["__typename"] == "InvalidInput"
        assert_no_traceback(caplog)
