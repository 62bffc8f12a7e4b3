"""After an adaptation the seed views still tell the truth about the changed days and weeks.

A hard session turned into an easy run, or a day blacked out to rest, must not keep the
replaced workout's coaching cues, targets or share of hard time: a runner reads `coachCues`,
`targets` and the week's `targetIntensityMix` as what to do now.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from tests.api.test_adaptation import ADAPT, BLACKOUT, mutate, run_every_day, window
from tests.api.tracking_helpers import runner_in_plan
from tests.conftest import Account, graphql

pytestmark = pytest.mark.calendar

VIEWS = """
query Views($id: ID!) { plan(id: $id) { weeks {
  id weekNumber targetIntensityMix { easy moderate hard }
  sessions { id weekId scheduledDate type isHard isRestDay title keyPoints coachCues
    targetPaceDisplay targets { paceRange rpe hrZone } structure { warmup main cooldown }
    structureDisplay executions { id } }
} } }
"""
REST_CUES = ["Sleep well and eat enough.", "Gentle walking or mobility is fine."]
EASY_CUE = "Conversational pace; breathing through the nose is a good check."


async def views(http: httpx.AsyncClient, account: Account, plan_id: str) -> dict:
    body = await graphql(http, VIEWS, {"id": plan_id}, account)
    assert "errors" not in body, body
    return body["data"]["plan"]


def days_of(plan: dict) -> dict[str, dict]:
    return {s["scheduledDate"]: s for w in plan["weeks"] for s in w["sessions"]}


def pace_cues(session: dict) -> list[str]:
    return [cue.replace(" ", "") for cue in session["coachCues"] if cue.startswith("Pace ")]


def assert_mix_adds_up(plan: dict) -> None:
    for week in plan["weeks"]:
        mix = week["targetIntensityMix"]
        assert mix["easy"] + mix["moderate"] + mix["hard"] == pytest.approx(100.0, abs=0.05)


async def sore_after_last_run(http: httpx.AsyncClient, account: Account, plan_id: str) -> None:
    """Every run of the past week done, the last one reported with soreness 8 of 10."""
    plan = await views(http, account, plan_id)
    today = account.today()
    runs = [
        s
        for s in window(plan, today - timedelta(days=7), 7)
        if not s["isRestDay"] and s["type"] != "RACE"
    ]
    last = date.fromisoformat(runs[-1]["scheduledDate"])
    full = await graphql(
        http,
        "query P($id: ID!) { plan(id: $id) { weeks { sessions { scheduledDate type "
        "distanceKm durationMin } } } }",
        {"id": plan_id},
        account,
    )
    await run_every_day(http, account, full["data"]["plan"], today - timedelta(days=7), last)
    execution = next(
        e["id"]
        for s in (await views(http, account, plan_id))["weeks"]
        for d in s["sessions"]
        if d["scheduledDate"] == last.isoformat()
        for e in d["executions"]
    )
    feedback = await graphql(
        http,
        "mutation F($e: ID!) { recordFeedback(executionId: $e, feedback: {soreness: 8}) "
        "{ __typename } }",
        {"e": execution},
        account,
    )
    assert feedback["data"]["recordFeedback"]["__typename"] == "ExecutionSaved", feedback


class TestAfterAnAdaptation:
    async def test_a_hard_day_made_easy_has_the_easy_runs_cues_targets_and_share(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("sore")
        plan_id = await runner_in_plan(http, account, weeks_ago=5)
        await sore_after_last_run(http, account, plan_id)
        before = await views(http, account, plan_id)
        coming = window(before, account.today(), 7)
        hard = [s for s in coming if s["isHard"] and s["type"] != "RACE"]
        assert hard, "a hard session is planned in the coming 7 days"

        applied = await mutate(http, account, ADAPT, {"p": plan_id, "preview": False})
        assert applied["applied"] is True, applied
        after = await views(http, account, plan_id)
        now = days_of(after)
        for old in hard:
            easy = now[old["scheduledDate"]]
            assert easy["type"] == "EASY", easy
            # The cues are the easy run's: its own pace band, no cue of the replaced workout.
            assert pace_cues(easy) == [f"Pace{easy['targets']['paceRange']}."]
            assert EASY_CUE in easy["coachCues"]
            assert not set(easy["coachCues"]) & (set(old["coachCues"]) - {EASY_CUE}), easy
            assert easy["targets"]["rpe"] == 3
            assert easy["targets"]["hrZone"] == 2
            assert easy["structure"] == {
                "warmup": None,
                "main": easy["structureDisplay"],
                "cooldown": None,
            }
        # The weeks whose hard time was taken out say so in their intensity mix.
        touched = {old["weekId"] for old in hard}
        for week_before, week_after in zip(before["weeks"], after["weeks"], strict=True):
            if week_before["id"] in touched:
                assert (
                    week_after["targetIntensityMix"]["easy"]
                    > week_before["targetIntensityMix"]["easy"]
                )
        assert_mix_adds_up(after)

    async def test_a_blacked_out_day_has_a_rest_days_cues_and_no_targets(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("blackout-views")
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        before = await views(http, account, plan_id)
        week = before["weeks"][5]
        key = next(s for s in week["sessions"] if s["isHard"])
        result = await mutate(http, account, BLACKOUT, {"p": plan_id, "d": [key["scheduledDate"]]})
        assert result["applied"] is True, result
        after = await views(http, account, plan_id)
        rest = days_of(after)[key["scheduledDate"]]
        assert rest["isRestDay"]
        assert rest["targets"] is None
        assert rest["structure"] is None
        assert pace_cues(rest) == []
        assert rest["coachCues"][1:] == REST_CUES
        assert rest["weekId"] == week["id"]
        assert_mix_adds_up(after)
