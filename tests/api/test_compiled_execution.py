"""Queries answered from a compiled plan answer exactly as graphql-core's general executor."""

from __future__ import annotations

import orjson
import pytest

from app.accounts import RunnerDirectory
from app.events import InProcessEventBus
from app.observability import Metrics
from graphql_schema.context import Context
from graphql_schema.schema import build_schema
from tests.factories import build_world

ZOOM = """query Zoom($id: ID!, $withWeeks: Boolean = true) {
  plan(id: $id) { __typename id status
    season { coachSummary }
    early: weeks(from: 1, to: 2) { ...WeekFields }
    weeks @include(if: $withWeeks) { weekNumber }
  }
}
fragment WeekFields on Week { weekNumber phase targetVolumeKm
  sessions { id type title scheduledDate status paceRange { minSPerKm }
    display { title paceLabel } keyPoints
    ... on Session { executions { id completionStatus actual { distanceKm }
      analysis { complianceColor } activity { id startTime distanceM } } } } }"""
PLAIN = """query Plain($id: ID!) { plan(id: $id) { id version
  trainingWeeks: weeks { number: weekNumber sessions { __typename id title
    executions { completionStatus activity { id } } } } } }"""

ROOTS = """query Roots($id: ID!) { viewer { plans { id } activePlan { id } } races { id }
  sessions(from: "2030-01-01", to: "2030-12-31") { id }
  activities(first: 100) { edges { node { id } } } plan(id: $id) { id } }"""
"""Root fields reading the database side by side (their driver calls interleave)."""


@pytest.fixture
async def world(make_account, repositories):
    account = await make_account()
    built = await build_world(repositories, account.runner_id, 6, executed_days=8)
    return account, built


async def answer(schema, settings, repositories, clock, query, variables, token) -> bytes:
    context = Context(
        None,
        None,
        settings,
        repositories,
        Metrics(),
        RunnerDirectory(),
        InProcessEventBus(),
        clock,
        token=token,
    )
    result = await schema.execute(query, variable_values=variables, context_value=context)
    errors = [
        {"message": error.message, "path": error.path, "extensions": error.extensions}
        for error in result.errors or []
    ]
    return orjson.dumps({"data": result.data, "errors": errors})


class TestCompiledAnswersAsTheGeneralExecutor:
    @pytest.mark.parametrize(
        ("query", "variables"),
        [
            (PLAIN, {}),
            (ZOOM, {}),
            (ZOOM, {"withWeeks": False}),
            (PLAIN, {"id": "not-an-id"}),
            (PLAIN, {"id": "0123456789abcdef01234567"}),
            ("{ __typename plan: viewer { runner { id } } }", None),
            (ROOTS, {}),
        ],
    )
    async def test_same_answer(self, query, variables, world, settings, repositories, clock):
        account, built = world
        if variables is not None:
            variables = {"id": str(built.plan["_id"]), **variables}
        compiled, general = build_schema(settings), build_schema(settings, compiled=False)
        for token in (account.token, None, "not-a-token"):
            for _ in range(2):  # compiled on the first run, from the plan on the second
                expected = await answer(
                    general, settings, repositories, clock, query, variables, token
                )
                got = await answer(compiled, settings, repositories, clock, query, variables, token)
                assert got == expected
        if query is PLAIN and variables == {}:
            assert len(orjson.loads(got)["data"]["plan"]["trainingWeeks"]) == 6

    async def test_a_stored_document_missing_a_required_field(
        self, world, settings, repositories, clock
    ):
        account, built = world
        variables = {"id": str(built.plan["_id"])}
        await repositories.sessions.collection.update_one(
            {"planId": built.plan["_id"], "weekNumber": 2}, {"$unset": {"title": ""}}
        )
        compiled, general = build_schema(settings), build_schema(settings, compiled=False)
        expected = await answer(
            general, settings, repositories, clock, PLAIN, variables, account.token
        )
        got = await answer(compiled, settings, repositories, clock, PLAIN, variables, account.token)
        assert got == expected
        errors = orjson.loads(got)["errors"]
        assert errors, "a null title of a non-null field is an error"
        assert errors[0]["path"][:3] == ["plan", "trainingWeeks", 1]
