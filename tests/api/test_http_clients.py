"""HTTP as browsers and caching clients use it: CORS, ETags, compression, batching, APQ."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest

from app.server import create_app
from app.settings import Settings, SettingsError, load_settings
from graphql_schema.persisted_queries import PersistedQueryStore
from tests.conftest import Account, serve
from tests.factories import build_world

FRONTEND = "https://app.example.com"
VIEWER = "{ viewer { runner { id } } }"


@pytest.fixture
async def cors_http(settings: Settings):
    allowed = settings.model_copy(update={"allowed_origins": (FRONTEND, "http://localhost:5173")})
    async with (
        serve(create_app(allowed)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):
        yield client


def preflight(origin: str) -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }


class TestCors:
    async def test_a_preflight_from_an_allowed_origin_is_204_with_the_access_control_headers(
        self, cors_http: httpx.AsyncClient
    ):
        response = await cors_http.options("/graphql", headers=preflight(FRONTEND))
        assert response.status_code == 204
        assert response.content == b""
        assert response.headers["access-control-allow-origin"] == FRONTEND
        assert "POST" in response.headers["access-control-allow-methods"]
        allowed_headers = response.headers["access-control-allow-headers"].lower()
        assert "authorization" in allowed_headers
        assert "content-type" in allowed_headers
        assert response.headers["access-control-max-age"] == "600"

    async def test_the_answer_to_an_allowed_origin_carries_allow_origin(
        self, cors_http: httpx.AsyncClient, make_account
    ):
        account: Account = await make_account()
        response = await cors_http.post(
            "/graphql", json={"query": VIEWER}, headers={"origin": FRONTEND, **account.headers}
        )
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == FRONTEND

    async def test_another_origin_gets_no_access_control_headers(
        self, cors_http: httpx.AsyncClient
    ):
        response = await cors_http.options(
            "/graphql", headers=preflight("https://evil.example.net")
        )
        assert response.status_code == 400
        assert "access-control-allow-origin" not in response.headers

    def test_the_origins_are_read_as_a_comma_separated_list(self, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("CADENCE_ALLOWED_ORIGINS", f"{FRONTEND}, http://localhost:5173/")
        assert load_settings().allowed_origins == (FRONTEND, "http://localhost:5173")

    def test_a_malformed_origin_list_is_one_line_naming_the_setting(
        self, monkeypatch: pytest.MonkeyPatch
    ):
        monkeypatch.setenv("CADENCE_ALLOWED_ORIGINS", "app.example.com")
        with pytest.raises(SettingsError) as caught:
            load_settings()
        assert "\n" not in str(caught.value)
        assert str(caught.value).startswith("invalid setting CADENCE_ALLOWED_ORIGINS:")


class TestGetCaching:
    async def test_a_get_query_has_an_etag_and_a_repeat_is_304(self, http, make_account):
        account: Account = await make_account()
        first = await http.get("/graphql", params={"query": VIEWER}, headers=account.headers)
        assert first.status_code == 200
        assert first.headers["cache-control"] == "private, no-cache"
        tag = first.headers["etag"]
        again = await http.get(
            "/graphql",
            params={"query": VIEWER},
            headers={**account.headers, "if-none-match": tag},
        )
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == tag

    async def test_another_viewer_gets_another_etag(self, http, make_account):
        one: Account = await make_account("one")
        two: Account = await make_account("two")
        first = await http.get("/graphql", params={"query": VIEWER}, headers=one.headers)
        second = await http.get(
            "/graphql",
            params={"query": VIEWER},
            headers={**two.headers, "if-none-match": first.headers["etag"]},
        )
        assert second.status_code == 200
        assert second.json()["data"]["viewer"]["runner"]["id"] == str(two.runner_id)


class TestCompression:
    async def test_an_answer_over_1_kb_is_gzipped_and_a_small_one_is_not(
        self, api_url: str, make_account, repositories
    ):
        account: Account = await make_account()
        world = await build_world(repositories, account.runner_id, 8)
        big = (
            "query($id: ID!) { plan(id: $id) { weeks(from: 1, to: 8) "
            "{ sessions { title scheduledDate status } } } }"
        )
        async with httpx.AsyncClient(base_url=api_url, timeout=10) as raw:
            headers = {**account.headers, "accept-encoding": "gzip"}
            response = await raw.post(
                "/graphql",
                json={"query": big, "variables": {"id": str(world.plan["_id"])}},
                headers=headers,
            )
            small = await raw.post("/graphql", json={"query": VIEWER}, headers=headers)
        assert response.headers["content-encoding"] == "gzip"
        assert len(response.content) > 1024
        assert "errors" not in response.json()
        assert "content-encoding" not in small.headers


class TestBatching:
    async def test_a_batch_is_answered_with_a_readable_graphql_error(self, http, make_account):
        account: Account = await make_account()
        response = await http.post(
            "/graphql", json=[{"query": VIEWER}, {"query": VIEWER}], headers=account.headers
        )
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BATCHING_NOT_SUPPORTED"
        assert error["message"].startswith("Batched requests are not supported")


def persisted(query_hash: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": query_hash}}


class TestAutomaticPersistedQueries:
    async def test_unknown_hash_then_registration_then_hash_only_over_get(self, http, make_account):
        account: Account = await make_account()
        query = VIEWER + " # apq " + account.email
        query_hash = hashlib.sha256(query.encode()).hexdigest()
        unknown = await http.post(
            "/graphql", json={"extensions": persisted(query_hash)}, headers=account.headers
        )
        assert unknown.status_code == 404
        assert unknown.json() == {
            "errors": [
                {
                    "message": "PersistedQueryNotFound",
                    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                }
            ]
        }
        registered = await http.post(
            "/graphql",
            json={"query": query, "extensions": persisted(query_hash)},
            headers=account.headers,
        )
        expected = {"data": {"viewer": {"runner": {"id": str(account.runner_id)}}}}
        assert registered.json() == expected
        by_hash = await http.get(
            "/graphql",
            params={"extensions": json.dumps(persisted(query_hash))},
            headers={**account.headers, "accept": "*/*"},
        )
        assert by_hash.json() == expected

    async def test_a_hash_that_does_not_match_the_query_is_refused(self, http, make_account):
        account: Account = await make_account()
        response = await http.post(
            "/graphql",
            json={"query": VIEWER, "extensions": persisted("0" * 64)},
            headers=account.headers,
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"] == "provided sha does not match query"

    def test_the_store_forgets_the_least_recently_used_query_past_its_capacity(self):
        store = PersistedQueryStore(capacity=2)
        store.put("a", "{ a }")
        store.put("b", "{ b }")
        assert store.get("a") == "{ a }"
        store.put("c", "{ c }")
        assert (store.get("a"), store.get("b"), store.get("c")) == ("{ a }", None, "{ c }")
        assert len(store) == 2
