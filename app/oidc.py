"""Tokens from an OpenID Connect provider: discovery, a cached key set, RS256/ES256 checks."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import jwt

from app.auth import InvalidTokenError, TokenExpiredError

PROVIDER_ALGORITHMS = ("RS256", "ES256")


@dataclass(frozen=True, slots=True)
class ProviderSubject:
    """Who a provider token names: its issuer and subject, and the email it claims."""

    issuer: str
    subject: str
    email: str | None


def is_provider_token(token: str) -> bool:
    """Whether a token is signed the way providers sign (not our development HS256)."""
    try:
        return jwt.get_unverified_header(token).get("alg") in PROVIDER_ALGORITHMS
    except jwt.InvalidTokenError:
        return False


class ProviderUnavailableError(Exception):
    """The provider's discovery document or key set cannot be read."""


class OidcProvider:
    """Checks tokens of one issuer for one audience against its published keys.

    The key set is fetched through the issuer's discovery document and kept for `keys_ttl_s`;
    a token naming a key id the cached set lacks fetches it again (a key rotation), at most once
    every `refetch_after_s`, so a flood of made-up key ids cannot hammer the provider.
    """

    def __init__(
        self,
        issuer: str,
        audience: str,
        http: httpx.AsyncClient,
        keys_ttl_s: float = 600,
        refetch_after_s: float = 30,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self._http = http
        self._keys_ttl_s = keys_ttl_s
        self._refetch_after_s = refetch_after_s
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def subject(self, token: str, now: datetime) -> ProviderSubject:
        """The issuer and subject of a token valid at `now` (the application's clock)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            msg = "the bearer token is not valid"
            raise InvalidTokenError(msg) from exc
        algorithm = header.get("alg")
        if algorithm not in PROVIDER_ALGORITHMS:
            msg = f"the bearer token's algorithm must be one of {', '.join(PROVIDER_ALGORITHMS)}"
            raise InvalidTokenError(msg)
        key = await self._key(str(header.get("kid", "")))
        try:
            # Expiry is checked against the application's clock below, not the library's.
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.issuer,
                options={
                    "require": ["iss", "aud", "sub", "exp"],
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.InvalidIssuerError:
            msg = f"the bearer token was not issued by {self.issuer}"
            raise InvalidTokenError(msg) from None
        except jwt.InvalidAudienceError:
            msg = f"the bearer token is not meant for this API (audience {self.audience})"
            raise InvalidTokenError(msg) from None
        except jwt.InvalidTokenError as exc:
            msg = "the bearer token is not valid"
            raise InvalidTokenError(msg) from exc
        _check_times(claims, now)
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            msg = "the bearer token has no subject"
            raise InvalidTokenError(msg)
        email = claims.get("email")
        return ProviderSubject(self.issuer, subject, email if isinstance(email, str) else None)

    async def _key(self, key_id: str) -> jwt.PyJWK:
        async with self._lock:
            age = None if self._fetched_at is None else time.monotonic() - self._fetched_at
            stale = age is None or age > self._keys_ttl_s
            unknown = key_id not in self._keys and (age is None or age > self._refetch_after_s)
            if stale or unknown:
                self._keys = await self._fetch_keys()
                self._fetched_at = time.monotonic()
        key = self._keys.get(key_id)
        if key is None:
            msg = f"the bearer token's key id {key_id!r} is not among {self.issuer}'s keys"
            raise InvalidTokenError(msg)
        return key

    async def _fetch_keys(self) -> dict[str, jwt.PyJWK]:
        discovery = await self._get_json(
            self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        )
        if discovery.get("issuer") != self.issuer:
            msg = f"the discovery document of {self.issuer} names another issuer"
            raise ProviderUnavailableError(msg)
        jwks_uri = discovery.get("jwks_uri")
        if not isinstance(jwks_uri, str):
            msg = f"the discovery document of {self.issuer} has no jwks_uri"
            raise ProviderUnavailableError(msg)
        key_set = await self._get_json(jwks_uri)
        keys: dict[str, jwt.PyJWK] = {}
        for entry in key_set.get("keys", []):
            if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
                continue
            try:
                key = jwt.PyJWK(entry)
            except jwt.PyJWKError:
                continue  # a key type or algorithm we do not verify with
            keys[str(entry.get("kid", ""))] = key
        return keys

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = await self._http.get(url)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            msg = f"cannot read {url}: {exc}"
            raise ProviderUnavailableError(msg) from exc
        if not isinstance(document, dict):
            msg = f"{url} did not answer a JSON object"
            raise ProviderUnavailableError(msg)
        return document


def _check_times(claims: dict[str, Any], now: datetime) -> None:
    expires = claims["exp"]
    if not isinstance(expires, int | float) or isinstance(expires, bool):
        msg = "the bearer token is not valid"
        raise InvalidTokenError(msg)
    if expires <= now.timestamp():
        msg = "the bearer token has expired: sign in again"
        raise TokenExpiredError(msg)
    not_before = claims.get("nbf")
    if isinstance(not_before, int | float) and not_before > now.timestamp():
        msg = "the bearer token is not valid yet"
        raise InvalidTokenError(msg)
