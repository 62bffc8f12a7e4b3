"""Fuzzing the API from outside: generated operations and raw bodies, and what counts as a failure.

Shared by `tests/api/test_fuzz.py` (bounded, in the suite) and `bench/fuzz_by_hand.py` (5,000
operations, counted). Operations come from hypothesis-graphql, drawn from the schema itself:
valid ones (POSITIVE) and ones with one violation each (NEGATIVE). They are sent by an
attacker runner whose ID arguments are drawn from its own ids and a victim's; the victim's
own words (its race's name, its email, ids of its the attacker never sends) must never show.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import string
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import graphql
import httpx
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes
from pymongo import AsyncMongoClient

from app.accounts import ensure_account
from app.auth import issue_token
from app.clock import Clock
from app.settings import Settings
from graphql_schema.schema import build_schema
from repositories.registry import Repositories
from tests.api.tracking_helpers import IMPORT, runner_in_plan, strava_run
from tests.conftest import Account, free_port
from tests.conftest import graphql as post_graphql

FAILURE_CLASSES = (
    "5xx",
    "unexpected error",
    "reset connection",
    "leaked trace",
    "other runner's data",
)
TRACE = re.compile(r'Traceback \(most recent call last\)|File "[^"]+", line \d+')
UNEXPECTED = "Unexpected error."


@dataclass
class World:
    """Two runners on a live server: the attacker sends the fuzz, the victim must not leak."""

    url: str
    attacker: Account
    ids: list[str]
    victim_markers: list[str]
    schema_sdl: str


@dataclass
class Tally:
    """How many requests were sent, and how many fell in each failure class (with examples)."""

    sent: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, request: str, failures: list[str]) -> None:
        """Count one request and its failures, keeping the first example of each class."""
        self.sent += 1
        for failure in failures:
            self.failures[failure] += 1
            self.examples.setdefault(failure, request[:300])


def failures_of(response: httpx.Response | None, victim_markers: list[str]) -> list[str]:
    """The failure classes one answer falls in (`None`: the connection broke)."""
    if response is None:
        return ["reset connection"]
    found = []
    text = response.text
    if response.status_code >= 500:
        found.append("5xx")
    if UNEXPECTED in text:
        found.append("unexpected error")
    if TRACE.search(text):
        found.append("leaked trace")
    if any(marker in text for marker in victim_markers):
        found.append("other runner's data")
    return found


def send(
    client: httpx.Client, body: bytes, content_type: str = "application/json"
) -> httpx.Response | None:
    """POST a raw body to /graphql; `None` when the connection broke."""
    try:
        return client.post("/graphql", content=body, headers={"content-type": content_type})
    except httpx.TransportError:
        return None


# --- generated operations ------------------------------------------------------------------


def _json_nodes() -> st.SearchStrategy[graphql.ValueNode]:
    names = st.from_regex(r"[a-z][a-zA-Z0-9_]{0,8}", fullmatch=True)
    leaves = st.one_of(
        st.integers(-(2**31), 2**31 - 1).map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
        st.text(max_size=20).map(nodes.String),
        st.booleans().map(lambda value: graphql.BooleanValueNode(value=value)),
        st.just(graphql.NullValueNode()),
    )

    def containers(
        children: st.SearchStrategy[graphql.ValueNode],
    ) -> st.SearchStrategy[graphql.ValueNode]:
        fields = st.dictionaries(names, children, max_size=4).map(
            lambda items: nodes.Object(
                [
                    graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=value)
                    for key, value in items.items()
                ]
            )
        )
        lists = st.lists(children, max_size=4).map(nodes.List)
        return st.one_of(fields, lists)

    return st.recursive(leaves, containers, max_leaves=12)


def custom_scalars(ids: list[str]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Values for the schema's own scalars, and IDs drawn from both runners' ids."""
    days = st.dates(date(2020, 1, 1), date(2032, 12, 31)).map(date.isoformat)
    # Hypothesis takes naive bounds and puts the timezone on what it draws.
    instants = st.datetimes(datetime(2020, 1, 1), datetime(2032, 12, 31), timezones=st.just(UTC))  # noqa: DTZ001
    garbage = st.one_of(
        st.text(max_size=16),
        st.sampled_from(["2027-13-45", "0000-00-00", "9999-99-99T99:99:99Z", "", "yesterday"]),
    )
    return {
        "ID": st.one_of(
            st.sampled_from(ids), st.text(string.hexdigits, min_size=24, max_size=24), garbage
        ).map(nodes.String),
        "Date": st.one_of(days, garbage).map(nodes.String),
        "DateTime": st.one_of(instants.map(datetime.isoformat), garbage).map(nodes.String),
        "JSON": _json_nodes(),
        "Upload": st.one_of(garbage.map(nodes.String), st.just(graphql.NullValueNode())),
    }


def operations(world: World) -> st.SearchStrategy[str]:
    """Queries and mutations of the schema: valid ones and ones with one violation."""
    scalars = custom_scalars(world.ids)
    return st.one_of(
        from_schema(world.schema_sdl, custom_scalars=scalars, mode=Mode.POSITIVE),
        from_schema(world.schema_sdl, custom_scalars=scalars, mode=Mode.NEGATIVE),
    ).map(str)


# --- raw bodies -------------------------------------------------------------------------------

WITH_VARIABLES = (
    'query Q($d: Date!) { sessions(from: $d, to: "2030-01-01") { id } }',
    "query Q($a: String) { activities(after: $a) { edges { cursor } } }",
    "query Q($f: Int!) { activities(first: $f) { edges { cursor } } }",
    "query Q($t: DateTime) { activities(startedFrom: $t) { edges { cursor } } }",
    "query Q($p: ID!) { plan(id: $p) { id } }",
    "mutation M($p: ID!, $n: Int!) { pausePlan(planId: $p, days: $n) { __typename } }",
    "mutation M($f: Upload!) { uploadActivityFile(file: $f) { __typename } }",
    "mutation M($v: JSON!) { importActivities(source: STRAVA, payload: $v) { __typename } }",
    "mutation M($i: ManualActivityInput!) { logActivity(input: $i) { __typename } }",
)

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=16,
)


def _dumps(value: object) -> bytes:
    # The standard library, not orjson: it writes integers past 64 bits, as a stranger may.
    return json.dumps(value, ensure_ascii=False).encode()


def raw_bodies(ids: list[str]) -> st.SearchStrategy[tuple[bytes, str]]:
    """Bodies a stranger might send, with their content type."""
    nested = st.integers(1, 6000).map(lambda depth: b"[" * depth + b"]" * depth)
    digits = st.integers(1, 6000).map(
        lambda count: b'{"query": "{ __typename }", "variables": {"n": ' + b"9" * count + b"}}"
    )
    requests = st.fixed_dictionaries(
        {},
        optional={
            "query": st.one_of(st.sampled_from(WITH_VARIABLES), st.text(max_size=80), json_values),
            "variables": st.one_of(
                json_values,
                st.dictionaries(
                    st.sampled_from(["d", "a", "f", "t", "p", "n", "v", "i"]),
                    st.one_of(json_values, st.sampled_from(ids)),
                    max_size=3,
                ),
            ),
            "operationName": st.one_of(st.none(), st.just("Q"), json_values),
            "extensions": json_values,
        },
    ).map(_dumps)
    json_bodies = st.one_of(
        requests,
        json_values.map(_dumps),
        nested,
        digits,
        st.sampled_from([b"true", b'"x"', b"null", b"5", b"NaN", b"Infinity", b"1e999", b"{"]),
        st.binary(max_size=400),
        requests.map(lambda body: body[: len(body) // 2] + b"\xff\xfe" + body[len(body) // 2 :]),
    ).map(lambda body: (body, "application/json"))
    others = st.tuples(
        st.binary(max_size=200),
        st.sampled_from(
            [
                "multipart/form-data; boundary=x",
                "multipart/form-data",
                "text/plain",
                "application/graphql",
                "application/x-www-form-urlencoded",
                "",
            ]
        ),
    )
    return st.one_of(json_bodies, others)


# --- the world --------------------------------------------------------------------------------


@contextlib.contextmanager
def served_in_process(settings: Settings) -> Iterator[str]:
    """`cadence serve` on the settings' database, in a process of its own; yields its URL.

    Not a thread of this process: Hypothesis forbids the global `random` while it draws, and
    the server's driver uses it.
    """
    port = free_port()
    env = {
        **os.environ,
        "MONGODB_URI": settings.mongodb_uri or "",
        "CADENCE_DATABASE_NAME": settings.database_name,
        "CADENCE_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "app", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _ready(url):
            if process.poll() is not None or time.monotonic() > deadline:
                msg = "the fuzzed server did not start"
                raise RuntimeError(msg)
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


VICTIM_READ = """{ viewer { activePlan { id weeks(from: 1, to: 4) { sessions { id executions { id } } } } }
  activities(first: 10) { edges { node { id } } } races { id } }"""


async def _account(
    repositories: Repositories, settings: Settings, clock: Clock, name: str
) -> Account:
    email = f"{name}-{uuid.uuid4().hex[:10]}@example.com"
    viewer = await ensure_account(repositories, email)
    token = issue_token(viewer.user_id, settings.jwt_secret, timedelta(hours=2), clock.now())
    return Account(email, viewer.user_id, viewer.runner_id, token, "UTC", clock)


async def _runner_with_history(
    http: httpx.AsyncClient, account: Account, race_name: str, *, with_plan: bool
) -> dict:
    if with_plan:
        await runner_in_plan(http, account)
    await post_graphql(
        http,
        "mutation R($i: CreateRaceInput!) { createRace(input: $i) { __typename } }",
        {
            "i": {
                "name": race_name,
                "type": "TEN_K",
                "date": (account.today() + timedelta(days=90)).isoformat(),
            }
        },
        account,
    )
    runs = [strava_run(account.today() - timedelta(days=days), 8, 45) for days in range(1, 8)]
    await post_graphql(http, IMPORT, {"source": "STRAVA", "payload": runs}, account)
    return (await post_graphql(http, VICTIM_READ, account=account))["data"]


def _ids_in(value: object) -> list[str]:
    if isinstance(value, dict):
        return [
            item
            for key, child in value.items()
            for item in ([child] if key == "id" else _ids_in(child))
        ]
    if isinstance(value, list):
        return [item for child in value for item in _ids_in(child)]
    return []


async def make_world(url: str, settings: Settings, clock: Clock) -> World:
    """A victim with a plan, races, activities and executions; an attacker with the same."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        settings.mongodb_uri, tz_aware=True
    )
    try:
        repositories = Repositories.build(client[settings.database_name])
        victim = await _account(repositories, settings, clock, "victim")
        attacker = await _account(repositories, settings, clock, "attacker")
    finally:
        await client.close()
    secret = f"Victim-{uuid.uuid4().hex}"
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        victim_data = await _runner_with_history(http, victim, secret, with_plan=True)
        # A plan takes a while to generate: the victim's is enough for the fuzz to aim at.
        attacker_data = await _runner_with_history(http, attacker, "Attacker 10k", with_plan=False)
    victim_ids = _ids_in(victim_data)
    sent_ids = victim_ids[::2]  # half are sent as arguments; the other half must never show
    never_sent = [value for value in victim_ids if value not in sent_ids]
    return World(
        url=url,
        attacker=attacker,
        ids=[*sent_ids, *_ids_in(attacker_data), str(victim.runner_id), str(victim.user_id)],
        victim_markers=[secret, victim.email, *never_sent],
        schema_sdl=build_schema(settings).as_str(),
    )
