"""GraphQL over HTTP as its specification says: media types, status codes, GET, limits."""

from __future__ import annotations

import httpx

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY = "{ serverInfo { name } }"


class TestMediaTypes:
    async def test_graphql_response_json_answers_400_without_data_on_parse_errors(
        self, http: httpx.AsyncClient
    ):
        response = await http.post(
            "/graphql", json={"query": "{ serverInfo {"}, headers={"accept": GRAPHQL_RESPONSE}
        )
        assert response.status_code == 400
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
        body = response.json()
        assert "data" not in body
        assert "Syntax Error" in body["errors"][0]["message"]

    async def test_validation_errors_are_400_too(self, http: httpx.AsyncClient):
        response = await http.post(
            "/graphql", json={"query": "{ nope }"}, headers={"accept": GRAPHQL_RESPONSE}
        )
        assert response.status_code == 400
        assert "data" not in response.json()

    async def test_variable_errors_are_400(self, http: httpx.AsyncClient):
        response = await http.post(
            "/graphql",
            json={"query": "query Q($n: Int!) { serverInfo { version } }", "variables": {"n": "x"}},
            headers={"accept": GRAPHQL_RESPONSE},
        )
        assert response.status_code == 400
        body = response.json()
        assert "data" not in body
        assert "$n" in body["errors"][0]["message"]

    async def test_application_json_keeps_200_and_drops_data_on_request_errors(
        self, http: httpx.AsyncClient
    ):
        response = await http.post(
            "/graphql", json={"query": "{ nope }"}, headers={"accept": "application/json"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert "data" not in response.json()

    async def test_success_with_graphql_response_json(self, http: httpx.AsyncClient):
        response = await http.post(
            "/graphql", json={"query": QUERY}, headers={"accept": GRAPHQL_RESPONSE}
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
        assert response.json()["data"]["serverInfo"]["name"]

    async def test_unacceptable_accept_is_406(self, http: httpx.AsyncClient):
        response = await http.post(
            "/graphql", json={"query": QUERY}, headers={"accept": "application/xml"}
        )
        assert response.status_code == 406


class TestGetAndIde:
    async def test_get_runs_queries(self, http: httpx.AsyncClient):
        response = await http.get("/graphql", params={"query": QUERY})
        assert response.status_code == 200
        assert response.json()["data"]["serverInfo"]["name"]

    async def test_get_refuses_mutations(self, http: httpx.AsyncClient):
        response = await http.get("/graphql", params={"query": "mutation { x }"})
        assert response.status_code in {400, 405}

    async def test_graphiql_is_served_to_browsers(self, http: httpx.AsyncClient):
        response = await http.get("/graphql", headers={"accept": "text/html"})
        assert response.status_code == 200
        assert "graphiql" in response.text.lower()


class TestBodyLimit:
    async def test_oversized_body_is_413(self, http: httpx.AsyncClient):
        padding = " " * 1_100_000
        response = await http.post("/graphql", json={"query": QUERY + padding})
        assert response.status_code == 413
        assert "too large" in response.text
