"""The assistant-first week and workout and GoFast's planned day, read from a generated plan.

A client written against the assistant-first schema (WeekPlan, WorkoutPlan) or GoFast's
TrainingDayPlanned asks for the seed's names; what comes back must be the plan's own weeks and
sessions: the week ids every session points to, the targets the calendar shows, the shares of
easy, moderate and hard time, GoFast's week index and dates, in miles where GoFast counts miles.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.planning.formatting import KM_PER_MILE
from tests.api.test_generate_plan import start_of
from tests.api.test_seed_components import generated_plan, plan_query
from tests.conftest import graphql

pytestmark = pytest.mark.calendar

WEEKS = """
query Weeks($id: ID!) { plan(id: $id) { id weeks {
  id planId weekNumber startDate endDate targetVolume targetVolumeKm focus keySessionSummaries
  focusSummary targetIntensityMix { easy moderate hard }
  intensityDistribution { easyPct moderatePct hardPct }
  sessions {
    id weekId planId trainingPlanId weekNumber weekIndex dayIndex date scheduledDate type
    sessionType isRestDay title description durationMin distanceKm effortLevel targetPaceDisplay
    targetHeartRateZone structureDisplay physiologicalTarget keyPoints
    segments { kind }
    structure { warmup main cooldown }
    targets { durationMinutes distanceKm paceRange hrZone rpe }
    rationale coachCues
    plannedData { type distanceKm mileage durationMinutes pace hr { minBpm maxBpm } description }
    hrRange { minBpm maxBpm }
  }
} } }
"""
WEEK = """
query Week($id: ID!) { week(id: $id) {
  id planId weekNumber startDate focusSummary targetIntensityMix { easy moderate hard }
  sessions { id weekId }
} }
"""
MIX_FIELDS = ("easy", "moderate", "hard")


async def plan_weeks(http, account) -> tuple[str, list[dict]]:
    plan_id = await generated_plan(http, account)
    data = await plan_query(http, account, WEEKS, plan_id)
    return plan_id, data["plan"]["weeks"]


def sessions_of(weeks: list[dict]) -> list[dict]:
    return [session for week in weeks for session in week["sessions"]]


class TestWeekIds:
    async def test_every_session_points_to_its_week_and_the_id_reads_back(self, http, make_account):
        account = await make_account()
        plan_id, weeks = await plan_weeks(http, account)

        ids = [week["id"] for week in weeks]
        assert len(set(ids)) == len(weeks) == 16
        for week in weeks:
            assert week["planId"] == plan_id
            assert week["id"] != plan_id
            assert plan_id not in week["id"]
            assert {session["weekId"] for session in week["sessions"]} == {week["id"]}
        for week in (weeks[0], weeks[7], weeks[-1]):
            body = await graphql(http, WEEK, {"id": week["id"]}, account)
            assert "errors" not in body, body
            found = body["data"]["week"]
            assert (found["id"], found["planId"], found["weekNumber"], found["startDate"]) == (
                week["id"],
                plan_id,
                week["weekNumber"],
                week["startDate"],
            )
            assert found["focusSummary"] == week["focusSummary"]
            assert found["targetIntensityMix"] == week["targetIntensityMix"]
            assert [s["id"] for s in found["sessions"]] == [s["id"] for s in week["sessions"]]

    async def test_ids_are_the_same_on_every_read(self, http, make_account):
        account = await make_account()
        plan_id, weeks = await plan_weeks(http, account)
        again = await plan_query(http, account, WEEKS, plan_id)
        assert [w["id"] for w in again["plan"]["weeks"]] == [w["id"] for w in weeks]

    async def test_a_session_id_is_not_a_week_id(self, http, make_account):
        account = await make_account()
        _, weeks = await plan_weeks(http, account)
        body = await graphql(http, WEEK, {"id": weeks[0]["sessions"][0]["id"]}, account)
        assert body["data"]["week"] is None
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "is not a week id" in error["message"]

    async def test_another_runners_week_reads_like_a_missing_one(self, http, make_account):
        owner, intruder = await make_account("owner"), await make_account("intruder")
        _, weeks = await plan_weeks(http, owner)
        body = await graphql(http, WEEK, {"id": weeks[2]["id"]}, intruder)
        assert body == {"data": {"week": None}}


class TestWeekPlan:
    async def test_volume_mix_and_focus_are_the_weeks_own(self, http, make_account):
        account = await make_account()
        _, weeks = await plan_weeks(http, account)
        for week in weeks:
            assert week["targetVolume"] == week["targetVolumeKm"]
            mix = week["targetIntensityMix"]
            assert sum(mix[name] for name in MIX_FIELDS) == pytest.approx(100.0, abs=0.05)
            assert all(0 <= mix[name] <= 100 for name in MIX_FIELDS)
            stored = week["intensityDistribution"]
            assert [mix[name] for name in MIX_FIELDS] == [
                stored["easyPct"],
                stored["moderatePct"],
                stored["hardPct"],
            ]
            summary = week["focusSummary"]
            assert summary.startswith(week["focus"])
            for key_session in week["keySessionSummaries"]:
                assert key_session in summary
            if not week["keySessionSummaries"]:
                assert summary.endswith("No key session this week.")
        # A base week runs mostly easy; the race week's race is hard time.
        assert weeks[0]["targetIntensityMix"]["easy"] > 80
        assert weeks[-1]["targetIntensityMix"]["hard"] > weeks[0]["targetIntensityMix"]["hard"]


class TestWorkoutPlan:
    async def test_targets_are_the_sessions_own(self, http, make_account):
        account = await make_account()
        _, weeks = await plan_weeks(http, account)
        sessions = sessions_of(weeks)
        runs = [s for s in sessions if not s["isRestDay"]]
        assert runs
        for session in runs:
            targets = session["targets"]
            assert targets == {
                "durationMinutes": session["durationMin"],
                "distanceKm": session["distanceKm"],
                "paceRange": session["targetPaceDisplay"],
                "hrZone": session["targetHeartRateZone"],
                "rpe": session["effortLevel"],
            }
            assert targets["paceRange"] is not None
            assert re.fullmatch(r"\d+:\d{2}–\d+:\d{2}/km", targets["paceRange"])
            assert 1 <= targets["hrZone"] <= 5
            assert 1 <= targets["rpe"] <= 10

    async def test_rest_days_have_no_targets_and_no_structure(self, http, make_account):
        account = await make_account()
        _, weeks = await plan_weeks(http, account)
        rest = [s for s in sessions_of(weeks) if s["isRestDay"]]
        assert rest
        for session in rest:
            assert session["targets"] is None
            assert session["structure"] is None
            assert session["segments"] == []
            assert session["coachCues"] == session["keyPoints"]
            assert session["rationale"]

    async def test_the_structure_is_the_calendars_in_three_parts(self, http, make_account):
        account = await make_account()
        _, weeks = await plan_weeks(http, account)
        runs = [s for s in sessions_of(weeks) if not s["isRestDay"]]
        with_warmup = [s for s in runs if s["structure"]["warmup"]]
        assert with_warmup, "a 16-week plan has quality sessions with a warm-up"
        for session in runs:
            structure = session["structure"]
            parts = [structure[name] for name in ("warmup", "main", "cooldown")]
            assert " → ".join(part for part in parts if part) == session["structureDisplay"]
            kinds = [segment["kind"] for segment in session["segments"]]
            assert bool(structure["warmup"]) == ("WARMUP" in kinds)
            assert bool(structure["cooldown"]) == ("COOLDOWN" in kinds)
            assert structure["main"]
        for session in with_warmup:
            assert structure_minutes(session["structure"]["warmup"]) > 0
            assert session["structure"]["cooldown"].endswith("cool-down")

    async def test_rationale_and_cues_are_what_the_session_explains(self, http, make_account):
        account = await make_account()
        _, weeks = await plan_weeks(http, account)
        for session in sessions_of(weeks):
            assert session["rationale"] == session["physiologicalTarget"]
            assert session["coachCues"] == session["keyPoints"]
            if session["targets"] and not session["isRestDay"]:
                # The first cue is the pace band the targets give.
                low, high = session["targets"]["paceRange"].removesuffix("/km").split("–")
                assert session["coachCues"][0] == f"Pace {low}–{high} /km."


def structure_minutes(part: str) -> int:
    found = re.match(r"(\d+) min", part)
    assert found, part
    return int(found.group(1))


class TestTrainingDayPlanned:
    async def test_week_index_and_date_follow_the_plans_weeks(self, http, make_account):
        account = await make_account()
        plan_id, weeks = await plan_weeks(http, account)
        first_day = start_of(account)
        assert date.fromisoformat(weeks[0]["startDate"]) == first_day
        for index, week in enumerate(weeks):
            start, end = date.fromisoformat(week["startDate"]), date.fromisoformat(week["endDate"])
            assert start == first_day + timedelta(weeks=index)
            assert len(week["sessions"]) == 7
            for session in week["sessions"]:
                assert session["trainingPlanId"] == plan_id == session["planId"]
                assert session["weekIndex"] == index == session["weekNumber"] - 1
                day = date.fromisoformat(session["date"])
                assert session["date"] == session["scheduledDate"]
                assert start <= day <= end
                assert day == first_day + timedelta(
                    weeks=session["weekIndex"], days=session["dayIndex"]
                )

    async def test_planned_data_is_the_day_in_gofast_units(self, http, make_account):
        account = await make_account()
        _, weeks = await plan_weeks(http, account)
        for session in sessions_of(weeks):
            data = session["plannedData"]
            assert data["type"] == session["sessionType"]
            assert data["description"] == session["description"]
            assert data["durationMinutes"] == session["durationMin"]
            assert data["distanceKm"] == session["distanceKm"]
            assert data["mileage"] == pytest.approx(session["distanceKm"] / KM_PER_MILE, abs=0.005)
            assert data["pace"] == session["targetPaceDisplay"]
            assert data["hr"] == session["hrRange"]
            if session["isRestDay"]:
                assert data["mileage"] == 0
                assert data["pace"] is None
                assert data["hr"] is None
