"""The assistant-first seed's profile, plan and adaptation log, as a runner reads them over HTTP.

The seed's `UserProfile` is read through `Runner`, its `Plan` through `Plan` and its
`AdaptationLog` through `AdaptationLog`. Every value is checked against what the runner told
Cadence (the profile), what the billing side sent (the webhook), the plan's own weeks (the
phase, on the app's clock moved across the plan's phase boundaries) and the plan before and
after a change (the log).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from bson import ObjectId

from app.auth import issue_token
from app.settings import Settings
from tests.api import test_billing
from tests.api.test_adaptation import ADAPT, PAUSE, REGENERATE, mutate, sessions_of
from tests.api.test_billing import Billing
from tests.api.test_generate_plan import GENERATE, race_for, start_of
from tests.api.tracking_helpers import runner_in_plan
from tests.conftest import Account, graphql

pytestmark = pytest.mark.calendar

held_clock_api = test_billing.billing
"""The `billing` fixture: an API whose clock the test holds, with the webhook secret set."""

PROFILE = """
{ viewer { runner {
  name experienceLevel injuryFlags
  weeklyAvailability { day timeOfDay maxMinutes }
  preferences { workoutTypes preferredDays longRunDay preferredTimeOfDay hasTrackAccess
                hasHillsAccess hasGymAccess coachingVoice detailLevel wantsExplanations }
  subscription { status planEntitled }
} entitlements { showTrackTrainingPrompt } } }
"""
SEED_PLAN = """
query SeedPlan($id: ID!) { plan(id: $id) {
  runnerId goalDistance goalDate phase
  personalizationInputs {
    baselineFitness { vdot source basis baseline5kS weeklyVolumeKm runsPerWeek longestRecentRunKm }
    availability { day timeOfDay maxMinutes }
    experienceLevel injuryFlags
  }
  loadParameters { estimatedVdot }
  race { date distanceM }
  weeks { weekNumber phase weekStartDate weekEndDate }
} }
"""
PHASE = "query Phase($id: ID!) { plan(id: $id) { phase } viewer { activePlan { phase } } }"
LOGS = """
query Logs($p: ID!) { adaptationLogs(planId: $p) { edges { node {
  id impactedWorkouts impactedSessionIds delta { volumeChange volumeChangeKm intensityChange }
} } } }
"""
DAYS = """
query Days($id: ID!) { plan(id: $id) { weeks { targetVolumeKm sessions {
  id scheduledDate originalScheduledDate type title distanceKm durationMin isHard isKeySession
  status description justification
} } } }
"""


async def update(http: httpx.AsyncClient, account: Account, section: str, values: dict) -> None:
    body = await graphql(
        http,
        "mutation P($s: RunnerSection!, $v: JSON!) { updateRunnerProfile(section: $s, values: $v) "
        "{ __typename ... on InvalidInput { field message } } }",
        {"s": section, "v": values},
        account,
    )
    assert body["data"]["updateRunnerProfile"]["__typename"] == "RunnerUpdated", body


async def read(http: httpx.AsyncClient, query: str, account: Account, **variables) -> dict:
    body = await graphql(http, query, variables, account)
    assert "errors" not in body, body
    return body["data"]


async def describe_runner(http: httpx.AsyncClient, account: Account) -> None:
    """A runner who said who they are, how they train, when they can and what hurt."""
    await update(http, account, "IDENTITY", {"firstName": "Ada", "lastName": "Okafor"})
    await update(
        http,
        account,
        "RUNNING",
        {
            "experienceLevel": "intermediate",
            "currentWeeklyVolumeKm": 30,
            "currentRunsPerWeek": 4,
            "baseline5kS": 1500,
        },
    )
    await update(
        http,
        account,
        "SCHEDULE",
        {
            "availableDays": ["monday", "tuesday", "wednesday", "thursday", "saturday", "sunday"],
            "blockedDays": ["wednesday"],
            "preferredDays": ["tuesday", "saturday"],
            "longRunDay": "sunday",
            "preferredTimeOfDay": "morning",
            "maxSessionMinutes": 120,
            "hasTrackAccess": True,
        },
    )
    await update(
        http,
        account,
        "HEALTH",
        {"injuryHistory": [{"type": "achilles tendinopathy", "date": "2025-04-01"}]},
    )
    await update(http, account, "COACHING", {"tone": "direct"})


def token_at(account: Account, settings: Settings, now: datetime) -> Account:
    """The runner with a token issued at `now` (the app's clock moved: the old one expired)."""
    token = issue_token(account.user_id, settings.jwt_secret, timedelta(hours=1), now)
    return Account(
        account.email, account.user_id, account.runner_id, token, account.timezone, account.clock
    )


def noon_of(day: date, timezone: str) -> datetime:
    """Midday of a calendar day on the runner's clock, as an instant."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


class TestTheProfile:
    async def test_the_profile_answers_what_the_runner_said(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("profile")
        fresh = (await read(http, PROFILE, account))["viewer"]["runner"]
        # A new runner: nothing said yet, nothing invented (the sign-up's name aside).
        assert fresh["injuryFlags"] == []
        assert [block["day"] for block in fresh["weeklyAvailability"]] == [
            "MONDAY",
            "TUESDAY",
            "WEDNESDAY",
            "THURSDAY",
            "FRIDAY",
            "SATURDAY",
            "SUNDAY",
        ]
        assert {block["timeOfDay"] for block in fresh["weeklyAvailability"]} == {None}
        assert {block["maxMinutes"] for block in fresh["weeklyAvailability"]} == {None}
        assert fresh["preferences"]["workoutTypes"] is None
        assert fresh["preferences"]["hasTrackAccess"] is None
        assert fresh["subscription"] == {"status": "INACTIVE", "planEntitled": False}

        await describe_runner(http, account)
        runner = (await read(http, PROFILE, account))["viewer"]["runner"]
        assert runner["name"] == "Ada Okafor"
        assert runner["experienceLevel"] == "INTERMEDIATE"
        assert runner["injuryFlags"] == ["achilles tendinopathy"]
        # Available and not blocked, Monday first: Wednesday is blocked, Friday not available.
        assert runner["weeklyAvailability"] == [
            {"day": day, "timeOfDay": "morning", "maxMinutes": 120}
            for day in ("MONDAY", "TUESDAY", "THURSDAY", "SATURDAY", "SUNDAY")
        ]
        assert runner["preferences"] == {
            "workoutTypes": None,
            "preferredDays": ["TUESDAY", "SATURDAY"],
            "longRunDay": "SUNDAY",
            "preferredTimeOfDay": "morning",
            "hasTrackAccess": True,
            "hasHillsAccess": None,
            "hasGymAccess": None,
            "coachingVoice": "direct",
            "detailLevel": "standard",
            "wantsExplanations": True,
        }

        await update(http, account, "RUNNING", {"experienceLevel": "advanced"})
        await update(http, account, "IDENTITY", {"name": "Ada N. Okafor"})
        again = (await read(http, PROFILE, account))["viewer"]["runner"]
        assert again["experienceLevel"] == "ADVANCED"
        assert again["name"] == "Ada N. Okafor"

    async def test_the_subscription_follows_the_billing_webhook(
        self, held_clock_api: Billing, make_account, settings: Settings
    ):
        billing = held_clock_api
        account = await make_account("subscriber")

        async def subscription() -> tuple[dict, bool]:
            viewer = (await read(billing.http, PROFILE, account))["viewer"]
            prompt = viewer["entitlements"]["showTrackTrainingPrompt"]
            return viewer["runner"]["subscription"], prompt

        assert await subscription() == ({"status": "INACTIVE", "planEntitled": False}, False)
        for status, entitled, expected, prompt in (
            ("active", True, {"status": "ACTIVE", "planEntitled": True}, True),
            ("active", False, {"status": "ACTIVE", "planEntitled": False}, False),
            ("trialing", True, {"status": "INACTIVE", "planEntitled": True}, False),
            ("past_due", True, {"status": "INACTIVE", "planEntitled": True}, False),
            ("canceled", False, {"status": "INACTIVE", "planEntitled": False}, False),
            ("active", True, {"status": "ACTIVE", "planEntitled": True}, True),
        ):
            response = await billing.deliver(billing.event(account, status, entitled=entitled))
            assert response.status_code == 200, response.text
            assert await subscription() == (expected, prompt), status

        # The paid period ends without a webhook: no longer active, by the app's clock.
        billing.clock.advance(timedelta(days=31))
        account = token_at(account, settings, billing.clock.now())
        assert await subscription() == ({"status": "INACTIVE", "planEntitled": True}, False)


async def days_of(http: httpx.AsyncClient, account: Account, plan_id: str) -> dict:
    """The plan's weeks and every field of its days a runner reads."""
    return (await read(http, DAYS, account, id=plan_id))["plan"]


def changed_sessions(before: dict, after: dict) -> set[str]:
    """Ids of the sessions that differ (or appear, or go) between two readings of a plan."""
    old = {s["id"]: s for s in sessions_of(before)}
    new = {s["id"]: s for s in sessions_of(after)}
    return {
        session_id
        for session_id in old.keys() | new.keys()
        if old.get(session_id) != new.get(session_id)
    }


def plan_volume_km(plan: dict) -> float:
    return sum(week["targetVolumeKm"] for week in plan["weeks"])


class TestThePlan:
    async def test_goal_inputs_and_phase_follow_the_plan_and_the_apps_clock(
        self, held_clock_api: Billing, make_account, settings: Settings, repositories
    ):
        billing = held_clock_api
        http = billing.http
        account = await make_account("seedplan")
        await describe_runner(http, account)
        race_id = await race_for(http, account, 16)
        generated = await graphql(
            http,
            GENERATE,
            {"raceId": race_id, "options": {"startDate": start_of(account).isoformat()}},
            account,
        )
        plan_id = generated["data"]["generatePlan"]["plan"]["id"]
        plan = (await read(http, SEED_PLAN, account, id=plan_id))["plan"]
        profile = (await read(http, PROFILE, account))["viewer"]["runner"]

        assert plan["runnerId"] == str(account.runner_id)
        assert plan["goalDistance"] == "HALF_MARATHON"
        assert plan["goalDate"] == plan["race"]["date"] == plan["weeks"][-1]["weekEndDate"]
        inputs = plan["personalizationInputs"]
        assert inputs["experienceLevel"] == "INTERMEDIATE"
        assert inputs["injuryFlags"] == ["achilles tendinopathy"] == profile["injuryFlags"]
        assert inputs["availability"] == profile["weeklyAvailability"]
        assert inputs["baselineFitness"] == {
            "vdot": plan["loadParameters"]["estimatedVdot"],
            "source": "baseline_5k",
            "basis": "your 5 km baseline of 25:00",
            "baseline5kS": 1500.0,
            "weeklyVolumeKm": 30.0,
            "runsPerWeek": 4,
            "longestRecentRunKm": None,
        }

        # The profile changes; the plan keeps what it was generated from.
        await update(http, account, "RUNNING", {"experienceLevel": "advanced"})
        await update(http, account, "HEALTH", {"injuryHistory": []})
        profile = (await read(http, PROFILE, account))["viewer"]["runner"]
        assert (profile["experienceLevel"], profile["injuryFlags"]) == ("ADVANCED", [])
        kept = (await read(http, SEED_PLAN, account, id=plan_id))["plan"]
        assert kept["personalizationInputs"] == inputs

        # The phase on the runner's day: none before the plan, each week's own phase inside
        # it (checked on both sides of every phase boundary), none after race day.
        weeks = plan["weeks"]
        first_day = date.fromisoformat(weeks[0]["weekStartDate"])
        race_day = date.fromisoformat(plan["goalDate"])
        expected: list[tuple[date, str | None]] = [
            (first_day - timedelta(days=1), None),
            (first_day, weeks[0]["phase"]),
        ]
        for previous, week in itertools.pairwise(weeks):
            if week["phase"] != previous["phase"]:
                boundary = date.fromisoformat(week["weekStartDate"])
                expected += [
                    (boundary - timedelta(days=1), previous["phase"]),
                    (boundary, week["phase"]),
                ]
        expected += [(race_day, weeks[-1]["phase"]), (race_day + timedelta(days=1), None)]
        assert [phase for _, phase in expected[1::2][:4]] == ["BASE", "BUILD", "PEAK", "TAPER"]
        assert plan["phase"] is None  # the plan starts weeks from now
        for day, phase in expected:
            billing.clock.advance(noon_of(day, account.timezone) - billing.clock.now())
            on_day = token_at(account, settings, billing.clock.now())
            answer = await read(http, PHASE, on_day, id=plan_id)
            assert answer["plan"]["phase"] == phase, day
            assert answer["viewer"]["activePlan"]["phase"] == phase, day

        # A plan stored before the inputs were kept answers null, not a guess.
        await repositories.plans.collection.update_one(
            {"_id": ObjectId(plan_id)}, {"$unset": {"personalizationInputs": ""}}
        )
        older = (await read(http, SEED_PLAN, on_day, id=plan_id))["plan"]
        assert older["personalizationInputs"] is None


class TestRegeneration:
    async def test_a_regenerated_plan_keeps_the_inputs_it_was_regenerated_from(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("seedregen")
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        generated = (await read(http, SEED_PLAN, account, id=plan_id))["plan"]
        assert generated["personalizationInputs"]["experienceLevel"] == "INTERMEDIATE"
        assert generated["personalizationInputs"]["baselineFitness"]["baseline5kS"] == 1440.0
        await update(http, account, "RUNNING", {"experienceLevel": "advanced", "baseline5kS": 1320})
        await update(http, account, "SCHEDULE", {"blockedDays": ["friday"]})
        result = await mutate(
            http, account, REGENERATE, {"p": plan_id, "f": account.today().isoformat()}
        )
        assert result["__typename"] == "PlanRevised", result
        plan = (await read(http, SEED_PLAN, account, id=plan_id))["plan"]
        profile = (await read(http, PROFILE, account))["viewer"]["runner"]
        inputs = plan["personalizationInputs"]
        assert inputs["experienceLevel"] == "ADVANCED"
        assert inputs["baselineFitness"]["baseline5kS"] == 1320.0
        assert inputs["baselineFitness"]["vdot"] == plan["loadParameters"]["estimatedVdot"]
        assert inputs["availability"] == profile["weeklyAvailability"]
        assert "FRIDAY" not in [block["day"] for block in inputs["availability"]]


class TestTheAdaptationLog:
    async def test_a_pause_names_exactly_the_sessions_it_moved(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("seedpause")
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        before = await days_of(http, account, plan_id)
        first = account.today() + timedelta(days=1)
        paused = await mutate(http, account, PAUSE, {"p": plan_id, "d": 7, "f": first.isoformat()})
        assert paused["__typename"] == "PlanRevised", paused
        after = await days_of(http, account, plan_id)
        await self.assert_logged(http, account, plan_id, before, after)

    async def test_an_adaptation_names_exactly_the_sessions_it_changed(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("seedadapt")
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        before = await days_of(http, account, plan_id)
        # Nothing run for three weeks: the coming days are reduced.
        adapted = await mutate(http, account, ADAPT, {"p": plan_id, "preview": False})
        assert adapted["applied"] is True, adapted
        after = await days_of(http, account, plan_id)
        await self.assert_logged(http, account, plan_id, before, after)

    @staticmethod
    async def assert_logged(
        http: httpx.AsyncClient, account: Account, plan_id: str, before: dict, after: dict
    ) -> None:
        edges = (await read(http, LOGS, account, p=plan_id))["adaptationLogs"]["edges"]
        assert len(edges) == 1
        log = edges[0]["node"]
        changed = changed_sessions(before, after)
        assert changed
        assert sorted(log["impactedWorkouts"]) == sorted(changed)
        assert log["impactedWorkouts"] == log["impactedSessionIds"]
        # The change in km is the change of the plan's week volumes.
        difference = round(plan_volume_km(after) - plan_volume_km(before), 1)
        assert log["delta"]["volumeChange"] == pytest.approx(difference, abs=0.05)
        assert log["delta"]["volumeChange"] == log["delta"]["volumeChangeKm"]
