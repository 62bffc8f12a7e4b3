"""Sign-in with an OpenID Connect provider: a local issuer, served by the test, with its own keys."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.clock import Clock
from app.server import create_app
from app.settings import Settings
from tests.conftest import serve

AUDIENCE = "cadence-api"
VIEWER = "{ viewer { user { email } runner { id identity { displayName } } activePlan { id } } }"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass
class LocalIssuer:
    """An OpenID Connect issuer on loopback: discovery, a key set, and tokens it signs."""

    url: str = ""
    keys: dict[str, tuple[str, PrivateKey]] = field(default_factory=dict)
    key_set_reads: int = 0

    def add_key(self, algorithm: str) -> str:
        key_id = f"{algorithm.lower()}-{uuid.uuid4().hex[:8]}"
        private: PrivateKey = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if algorithm == "RS256"
            else ec.generate_private_key(ec.SECP256R1())
        )
        self.keys[key_id] = (algorithm, private)
        return key_id

    def key_set(self) -> dict[str, Any]:
        entries = []
        for key_id, (algorithm, private) in self.keys.items():
            algo = jwt.get_algorithm_by_name(algorithm)
            entry = json.loads(algo.to_jwk(private.public_key()))
            entries.append({**entry, "kid": key_id, "use": "sig", "alg": algorithm})
        return {"keys": entries}

    def token(self, key_id: str, **claims: Any) -> str:
        algorithm, private = self.keys[key_id]
        return jwt.encode(claims, private, algorithm=algorithm, headers={"kid": key_id})

    def app(self) -> Starlette:
        async def discovery(_: Request) -> JSONResponse:
            return JSONResponse({"issuer": self.url, "jwks_uri": f"{self.url}/keys"})

        async def keys(_: Request) -> JSONResponse:
            self.key_set_reads += 1
            return JSONResponse(self.key_set())

        return Starlette(
            routes=[Route("/.well-known/openid-configuration", discovery), Route("/keys", keys)]
        )


@pytest.fixture
async def issuer(base_settings: Settings) -> AsyncIterator[LocalIssuer]:
    local = LocalIssuer()
    app = local.app()
    app.state.settings = base_settings  # served like the API, by the suite's uvicorn set-up
    async with serve(app) as url:
        local.url = url
        yield local


@pytest.fixture
async def api(settings: Settings, issuer: LocalIssuer) -> AsyncIterator[httpx.AsyncClient]:
    """The API, trusting the local issuer for tokens meant for AUDIENCE."""
    with_provider = settings.model_copy(
        update={"oidc_issuer": issuer.url, "oidc_audience": AUDIENCE}
    )
    async with (
        serve(create_app(with_provider)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):
        yield client


def claims(issuer: LocalIssuer, clock: Clock, **changes: Any) -> dict[str, Any]:
    now = clock.now()
    base = {
        "iss": issuer.url,
        "aud": AUDIENCE,
        "sub": f"auth0|{uuid.uuid4().hex}",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=10)).timestamp()),
    }
    return {**base, **changes}


async def ask(api: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await api.post(
        "/graphql", json={"query": VIEWER}, headers={"authorization": f"Bearer {token}"}
    )
    return response.json()


class TestProviderTokens:
    @pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
    async def test_first_sign_in_creates_an_empty_runner_and_the_next_finds_it(
        self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock, algorithm: str
    ):
        key_id = issuer.add_key(algorithm)
        email = f"ada-{uuid.uuid4().hex[:6]}@example.org"
        token_claims = claims(issuer, clock, email=email)
        first = await ask(api, issuer.token(key_id, **token_claims))
        assert "errors" not in first, first
        viewer = first["data"]["viewer"]
        assert viewer["user"]["email"] == email
        assert viewer["runner"]["identity"]["displayName"] == email.split("@", maxsplit=1)[0]
        assert viewer["activePlan"] is None
        again = await ask(api, issuer.token(key_id, **token_claims))
        assert again["data"]["viewer"]["runner"]["id"] == viewer["runner"]["id"]

    async def test_two_subjects_are_two_runners_even_with_one_email(
        self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock
    ):
        key_id = issuer.add_key("RS256")
        email = f"same-{uuid.uuid4().hex[:6]}@example.org"
        one = await ask(api, issuer.token(key_id, **claims(issuer, clock, email=email)))
        other = await ask(api, issuer.token(key_id, **claims(issuer, clock, email=email)))
        assert one["data"]["viewer"]["runner"]["id"] != other["data"]["viewer"]["runner"]["id"]
        assert other["data"]["viewer"]["user"]["email"].endswith("@users.cadence.invalid")

    async def test_the_key_set_is_fetched_once_and_cached(
        self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock
    ):
        key_id = issuer.add_key("ES256")
        for _ in range(3):
            body = await ask(api, issuer.token(key_id, **claims(issuer, clock)))
            assert "errors" not in body, body
        assert issuer.key_set_reads == 1

    async def test_a_rotated_key_is_fetched_when_a_token_names_it(
        self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock
    ):
        first = issuer.add_key("RS256")
        assert "errors" not in await ask(api, issuer.token(first, **claims(issuer, clock)))
        rotated = issuer.add_key("RS256")
        # The first read was moments ago: a new key id waits for the refetch interval.
        body = await ask(api, issuer.token(rotated, **claims(issuer, clock)))
        assert "key id" in body["errors"][0]["message"]


class TestRejectedTokens:
    async def error(self, api: httpx.AsyncClient, token: str) -> dict[str, Any]:
        body = await ask(api, token)
        assert body["data"] is None
        error = body["errors"][0]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        return error

    async def test_wrong_issuer(self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock):
        key_id = issuer.add_key("RS256")
        token = issuer.token(key_id, **claims(issuer, clock, iss="https://elsewhere.example"))
        error = await self.error(api, token)
        assert error["message"] == f"the bearer token was not issued by {issuer.url}"

    async def test_wrong_audience(self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock):
        key_id = issuer.add_key("ES256")
        token = issuer.token(key_id, **claims(issuer, clock, aud="another-api"))
        error = await self.error(api, token)
        assert "not meant for this API" in error["message"]

    async def test_expired_by_the_application_clock(
        self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock
    ):
        key_id = issuer.add_key("RS256")
        past = clock.now() - timedelta(minutes=1)
        token = issuer.token(key_id, **claims(issuer, clock, exp=int(past.timestamp())))
        error = await self.error(api, token)
        assert error["message"] == "the bearer token has expired: sign in again"

    async def test_unknown_key_id(self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock):
        issuer.add_key("RS256")
        stranger = LocalIssuer(url=issuer.url)
        key_id = stranger.add_key("RS256")
        error = await self.error(api, stranger.token(key_id, **claims(issuer, clock)))
        assert error["message"] == (
            f"the bearer token's key id {key_id!r} is not among {issuer.url}'s keys"
        )

    async def test_a_key_the_issuer_does_not_hold_fails_the_signature(
        self, api: httpx.AsyncClient, issuer: LocalIssuer, clock: Clock
    ):
        key_id = issuer.add_key("RS256")
        forger = LocalIssuer(url=issuer.url)
        forger.keys[key_id] = ("RS256", rsa.generate_private_key(65537, 2048))
        error = await self.error(api, forger.token(key_id, **claims(issuer, clock)))
        assert error["message"] == "the bearer token is not valid"


class TestSignInAdvice:
    async def test_without_a_token_the_error_names_the_provider_and_dev_token(
        self, api: httpx.AsyncClient, issuer: LocalIssuer
    ):
        body = (await api.post("/graphql", json={"query": VIEWER})).json()
        message = body["errors"][0]["message"]
        assert f"an access token from {issuer.url} for {AUDIENCE}" in message
        assert "`cadence dev-token`" in message

    async def test_development_tokens_still_sign_in(self, api: httpx.AsyncClient, make_account):
        account = await make_account("dev")
        body = await ask(api, account.token)
        assert body["data"]["viewer"]["runner"]["id"] == str(account.runner_id)
