"""A runner only ever sees their own data: another runner's id reads exactly like a missing one."""

from __future__ import annotations

import httpx
import pytest
from bson import ObjectId
from gql.transport.exceptions import TransportQueryError

from app.planning.week_ids import week_id
from app.settings import Settings
from graphql_schema.schema import build_schema
from tests.api.test_subscriptions import first_event, ws_client
from tests.conftest import graphql
from tests.factories import build_world

# Every root field taking an id, with an operation that uses it; `{id}` is replaced.
ID_FIELDS = {
    ("query", "plan"): 'query { plan(id: "{id}") { id season { coachSummary } } }',
    ("query", "session"): 'query { session(id: "{id}") { id title } }',
    ("query", "week"): 'query { week(id: "{id}") { id weekNumber focusSummary } }',
    ("query", "execution"): 'query { execution(id: "{id}") { id date } }',
    ("query", "sessions"): (
        'query { sessions(from: "2030-01-01", to: "2030-12-31", planId: "{id}") { id } }'
    ),
    ("query", "race"): 'query { race(id: "{id}") { id name } }',
    ("query", "activity"): 'query { activity(activityId: "{id}") { id } }',
    ("query", "adaptationLogs"): (
        'query { adaptationLogs(planId: "{id}") { edges { node { id } } } }'
    ),
    ("mutation", "updateRace"): (
        'mutation { updateRace(id: "{id}", input: {name: "Mine now"}) '
        "{ __typename ... on NotFound { entity message } } }"
    ),
    ("mutation", "setPlanStatus"): (
        'mutation { setPlanStatus(planId: "{id}", status: ABANDONED) '
        "{ __typename ... on NotFound { entity message } } }"
    ),
    ("mutation", "generatePlan"): (
        'mutation { generatePlan(raceId: "{id}") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "activatePlan"): (
        'mutation { activatePlan(planId: "{id}") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "linkActivity"): (
        'mutation { a: linkActivity(activityId: "{id}", sessionId: "{own_session}") '
        "{ __typename ... on NotFound { entity message } } "
        'b: linkActivity(activityId: "{own_activity}", sessionId: "{id2}") '
        "{ __typename ... on NotFound { entity message } } }"
    ),
    ("mutation", "confirmMatch"): (
        'mutation { a: confirmMatch(activityId: "{id}", sessionId: "{own_session}") '
        "{ __typename ... on NotFound { entity message } } "
        'b: confirmMatch(activityId: "{own_activity}", sessionId: "{id2}") '
        "{ __typename ... on NotFound { entity message } ... on InvalidInput { field } } }"
    ),
    ("mutation", "unlinkActivity"): (
        'mutation { unlinkActivity(activityId: "{id}") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "updateActivity"): (
        'mutation { updateActivity(activityId: "{id}", sport: RIDE, name: "mine") '
        "{ __typename ... on NotFound { entity message } } }"
    ),
    ("mutation", "deleteActivity"): (
        'mutation { deleteActivity(activityId: "{id}") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "recordFeedback"): (
        'mutation { recordFeedback(executionId: "{id}", feedback: {rpe: 5}) '
        "{ __typename ... on NotFound { entity message } } }"
    ),
    ("mutation", "skipSession"): (
        'mutation { skipSession(sessionId: "{id}", reason: "ill") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "rescheduleSession"): (
        'mutation { rescheduleSession(sessionId: "{id}", date: "2030-01-09") '
        "{ __typename ... on NotFound { entity message } } }"
    ),
    ("mutation", "assignPlan"): (
        'mutation { assignPlan(planId: "{id}") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "adaptPlan"): (
        'mutation { adaptPlan(planId: "{id}") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "pausePlan"): (
        'mutation { pausePlan(planId: "{id}", days: 7) { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "resumePlan"): (
        'mutation { resumePlan(planId: "{id}") { __typename ... on NotFound { entity message } } }'
    ),
    ("mutation", "setBlackoutDates"): (
        'mutation { setBlackoutDates(planId: "{id}", dates: ["2030-01-09"]) '
        "{ __typename ... on NotFound { entity message } } }"
    ),
    ("mutation", "regeneratePlan"): (
        'mutation { regeneratePlan(planId: "{id}", fromDate: "2030-01-09") '
        "{ __typename ... on NotFound { entity message } } }"
    ),
}
SUBSCRIPTION_ID_FIELDS = {
    ("subscription", "planChanged"): (
        'subscription { planChanged(planId: "{id}") { planId version } }'
    ),
    ("subscription", "sessionStatusChanged"): (
        'subscription { sessionStatusChanged(planId: "{id}") { status } }'
    ),
}
OBJECT_OF_FIELD = {
    "plan": "plan",
    "session": "session",
    "week": "plan",
    "execution": "execution",
    "race": "race",
    "activity": "activity",
    "sessions": "plan",
    "adaptationLogs": "plan",
    "updateRace": "race",
    "setPlanStatus": "plan",
    "assignPlan": "plan",
    "generatePlan": "race",
    "linkActivity": "activity",
    "confirmMatch": "activity",
    "unlinkActivity": "activity",
    "updateActivity": "activity",
    "deleteActivity": "activity",
    "recordFeedback": "execution",
    "skipSession": "session",
    "rescheduleSession": "session",
    "activatePlan": "plan",
    "adaptPlan": "plan",
    "pausePlan": "plan",
    "resumePlan": "plan",
    "setBlackoutDates": "plan",
    "regeneratePlan": "plan",
}


def root_fields_taking_ids(settings: Settings) -> set[tuple[str, str]]:
    schema = build_schema(settings)._schema
    found = set()
    for kind, root in (
        ("query", schema.query_type),
        ("mutation", schema.mutation_type),
        ("subscription", schema.subscription_type),
    ):
        for name, field in (root.fields if root else {}).items():
            if any(str(arg.type).rstrip("!") == "ID" for arg in field.args.values()):
                found.add((kind, name))
    return found


class TestEveryIdField:
    def test_the_walk_covers_every_root_field_taking_an_id(self, base_settings: Settings):
        assert root_fields_taking_ids(base_settings) == set(ID_FIELDS) | set(SUBSCRIPTION_ID_FIELDS)

    async def test_another_runners_id_answers_like_a_missing_one(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        owner = await make_account("owner")
        intruder = await make_account("intruder")
        world = await build_world(repositories, owner.runner_id, 8, executed_days=2)
        own = await build_world(repositories, intruder.runner_id, 8, executed_days=2)
        ids = {
            "plan": world.plan["_id"],
            "session": world.sessions[1]["_id"],
            "execution": world.executions[0]["_id"],
            "race": world.race["_id"],
            "activity": world.activities[0]["_id"],
        }
        for (_, field), template in ID_FIELDS.items():
            real = str(ids[OBJECT_OF_FIELD[field]])
            missing = str(ObjectId())
            if field == "week":  # a week's id is derived from its plan's
                real, missing = week_id(world.plan["_id"], 1), week_id(ObjectId(), 1)
            document = (
                template.replace("{own_session}", str(own.sessions[2]["_id"]))
                .replace("{own_activity}", str(own.activities[1]["_id"]))
                .replace("{id2}", "{id}" if field == "plan" else str(world.sessions[2]["_id"]))
            )
            missing_document = document.replace(str(world.sessions[2]["_id"]), missing)
            as_intruder = await graphql(http, document.replace("{id}", real), account=intruder)
            as_missing = await graphql(
                http, missing_document.replace("{id}", missing), account=intruder
            )
            assert str(as_intruder).replace(real, "X").replace(
                str(world.sessions[2]["_id"]), "X"
            ) == str(as_missing).replace(missing, "X"), field
            assert "errors" not in as_intruder, (field, as_intruder)

        # Nothing was changed by the attempts.
        race = await repositories.races.get(owner.runner_id, world.race["_id"])
        assert race["name"] == "Test half"
        plan = await repositories.plans.get(owner.runner_id, world.plan["_id"])
        assert plan["status"] == "active"
        assert await repositories.assignments.latest_plan_id(intruder.runner_id) == own.plan["_id"]
        activity = await repositories.activities.get(owner.runner_id, world.activities[0]["_id"])
        assert activity is not None
        assert (activity["sport"], activity.get("name")) == (
            world.activities[0]["sport"],
            world.activities[0].get("name"),
        )
        assert await repositories.executions.collection.count_documents(
            {"runnerId": intruder.runner_id}
        ) == len(own.executions)

    async def test_subscriptions_to_another_runners_plan_answer_like_a_missing_one(
        self, api_url: str, make_account, repositories
    ):
        owner = await make_account("owner")
        intruder = await make_account("intruder")
        world = await build_world(repositories, owner.runner_id, 8)
        real, missing = str(world.plan["_id"]), str(ObjectId())
        async with ws_client(api_url, intruder) as session:
            for template in SUBSCRIPTION_ID_FIELDS.values():
                answers = []
                for plan_id in (real, missing):
                    with pytest.raises(TransportQueryError) as caught:
                        await first_event(session, template.replace("{id}", plan_id), {})
                    answers.append(str(caught.value.errors).replace(plan_id, "X"))
                assert answers[0] == answers[1]
                assert "no plan with id X" in answers[0]


class TestListsHoldOnlyTheViewersData:
    async def test_lists_are_empty_for_a_runner_without_data(
        self, http: httpx.AsyncClient, make_account, repositories
    ):
        owner = await make_account("owner")
        intruder = await make_account("intruder")
        world = await build_world(repositories, owner.runner_id, 8, executed_days=3)
        query = """
        query Lists($planId: ID!) {
          viewer { plans { id } activePlan { id } }
          races { id }
          sessions(from: "2030-01-01", to: "2030-12-31") { id }
          activities(first: 100) { edges { node { id } } }
          adaptationLogs(planId: $planId) { edges { node { id } } }
        }
        """
        variables = {"planId": str(world.plan["_id"])}
        seen = await graphql(http, query, variables, account=intruder)
        assert seen["data"] == {
            "viewer": {"plans": [], "activePlan": None},
            "races": [],
            "sessions": [],
            "activities": {"edges": []},
            "adaptationLogs": {"edges": []},
        }
        own = await graphql(http, query, variables, account=owner)
        assert [p["id"] for p in own["data"]["viewer"]["plans"]] == [str(world.plan["_id"])]
        assert len(own["data"]["sessions"]) == 8 * 7
        assert len(own["data"]["activities"]["edges"]) == 3
