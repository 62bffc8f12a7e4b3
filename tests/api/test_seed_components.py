"""The seed's UI components fed from one query each, with the seed's field names and formats.

Each test sends the query the seed's component needs (story 6.1 and the data model name the
components and their fields) for a plan generated through the API, and checks the seed's
formats against the plan's own numbers: every display string must say what the plan holds.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import httpx
import pytest

from tests.api.test_generate_plan import GENERATE, race_for, set_profile, start_of
from tests.conftest import Account, graphql

pytestmark = pytest.mark.calendar

RADAR = """
query Radar($id: ID!) { plan(id: $id) {
  runnerSnapshot {
    capturedAt
    profileRadar { label value uncertain }
    fitnessIndicators { currentVdot currentWeeklyVolume recentConsistencyScore
                        injuryHistoryCount daysToGoal estimatedVdot recentVolume }
    planInfluencers { factor impact dataSource }
    axes { value uncertainty }
  }
  metadata { startDate endDate }
} }
"""
PROGRESSION = """
query Progression($id: ID!) { plan(id: $id) {
  weeks { weekNumber volumeKm intensityScore isRecoveryWeek weekLabel
          isRaceWeek sessions { type distanceKm durationMin effort } }
} }
"""
CALENDAR = """
query Calendar($id: ID!) { plan(id: $id) { weeks { sessions {
  sessionTypeDisplay dayOfWeekShort targetDurationDisplay effortDisplay isKeySession
  targetPaceDisplay description structureDisplay justification
  scheduledDate type durationMin effort effortLevel paceRange { minSPerKm maxSPerKm }
  structureSegments { segmentType durationSeconds }
} } } }
"""
DECISIONS = """
query Decisions($id: ID!) { plan(id: $id) {
  decisions { decisionType what source reasoning confidence relatedRule }
} knowledgeEntries { key } }
"""
SEASON = """
query Season($id: ID!) { plan(id: $id) {
  season { expectedOutcomes { primaryGoal confidenceLevel confidenceReason secondaryOutcomes }
           goalFeasibility { verdict reason } }
} }
"""
RADAR_LABELS = ["Endurance", "Speed", "Recovery", "Consistency", "Injury Risk", "Race Ready"]
PACE = r"(\d+):(\d{2})"
SEGMENT_WORDS = {"warmup": "warm-up", "cooldown": "cool-down", "recovery": "recovery"}


async def generated_plan(http: httpx.AsyncClient, account: Account, weeks: int = 16) -> str:
    await set_profile(http, account)
    race_id = await race_for(http, account, weeks)
    body = await graphql(
        http,
        GENERATE,
        {"raceId": race_id, "options": {"startDate": start_of(account).isoformat()}},
        account,
    )
    result = body["data"]["generatePlan"]
    assert result["__typename"] == "PlanGenerated", result
    return str(result["plan"]["id"])


async def plan_query(http: httpx.AsyncClient, account: Account, query: str, plan_id: str) -> dict:
    body = await graphql(http, query, {"id": plan_id}, account)
    assert "errors" not in body, body
    return body["data"]


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


class TestRadarChart:
    async def test_six_labelled_axes_with_the_numbers_behind_them(self, http, make_account):
        account = await make_account()
        plan_id = await generated_plan(http, account)
        data = await plan_query(http, account, RADAR, plan_id)
        snapshot = data["plan"]["runnerSnapshot"]

        assert datetime.fromisoformat(snapshot["capturedAt"])
        radar = snapshot["profileRadar"]
        assert [point["label"] for point in radar] == RADAR_LABELS
        assert [point["value"] for point in radar] == [a["value"] for a in snapshot["axes"]]
        assert all(0 <= point["value"] <= 100 for point in radar)
        # Estimated axes are the unsure ones: the runner typed no longest run, so "Race Ready"
        # is estimated; the 5 km baseline makes "Speed" a measured axis.
        by_label = {point["label"]: point for point in radar}
        assert by_label["Race Ready"]["uncertain"] is True
        assert by_label["Speed"]["uncertain"] is False

        indicators = snapshot["fitnessIndicators"]
        assert indicators["currentWeeklyVolume"] == indicators["recentVolume"] == 30
        assert indicators["currentVdot"] == indicators["estimatedVdot"]
        assert 35 < indicators["currentVdot"] < 42  # a 25:00 5 km is VDOT 38-39
        assert indicators["injuryHistoryCount"] == 0
        start = date.fromisoformat(data["plan"]["metadata"]["startDate"])
        race_day = date.fromisoformat(data["plan"]["metadata"]["endDate"])
        assert indicators["daysToGoal"] == (race_day - start).days

        influencers = {i["factor"]: i for i in snapshot["planInfluencers"]}
        assert influencers["measured_fitness"]["dataSource"] == "user_reported"
        assert f"VDOT {indicators['currentVdot']:.1f}" in influencers["measured_fitness"]["impact"]
        assert influencers["current_volume"]["dataSource"] == "user_reported"


class TestProgressionChart:
    async def test_volume_intensity_and_labels_follow_the_sessions(self, http, make_account):
        account = await make_account()
        plan_id = await generated_plan(http, account)
        weeks = (await plan_query(http, account, PROGRESSION, plan_id))["plan"]["weeks"]

        assert [week["weekNumber"] for week in weeks] == list(range(1, 17))
        for week in weeks:
            sessions = week["sessions"]
            runs = [s for s in sessions if s["type"] not in {"REST", "CROSS_TRAINING", "STRENGTH"}]
            assert week["volumeKm"] == pytest.approx(sum(s["distanceKm"] for s in runs), abs=0.1)
            minutes = sum(s["durationMin"] for s in sessions)
            load = sum(s["durationMin"] * s["effort"] for s in sessions)
            assert week["intensityScore"] == pytest.approx(10 * load / minutes, abs=0.05)
            assert 0 <= week["intensityScore"] <= 100
            expected_label = (
                "Race" if week["isRaceWeek"] else "Recovery" if week["isRecoveryWeek"] else None
            )
            assert week["weekLabel"] == expected_label
        assert any(week["isRecoveryWeek"] for week in weeks)
        assert weeks[-1]["weekLabel"] == "Race"
        assert len({week["intensityScore"] for week in weeks}) > 3


class TestCalendarWidget:
    async def test_every_day_in_the_seeds_formats(self, http, make_account):
        account = await make_account()
        plan_id = await generated_plan(http, account)
        weeks = (await plan_query(http, account, CALENDAR, plan_id))["plan"]["weeks"]
        sessions = [session for week in weeks for session in week["sessions"]]

        structured = 0
        for session in sessions:
            day = date.fromisoformat(session["scheduledDate"])
            assert (
                session["dayOfWeekShort"]
                == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]
            )
            assert session["effortLevel"] == int(session["effort"] + 0.5)
            assert session["effortDisplay"] == f"{session['effortLevel']}/10"
            assert session["description"]
            assert session["justification"]
            if session["type"] == "REST":
                assert session["sessionTypeDisplay"] == "Rest"
                assert session["targetDurationDisplay"] == "—"
                assert session["effortDisplay"] == "0/10"
                assert session["targetPaceDisplay"] is None
                assert session["isKeySession"] is False
                continue
            assert session["targetDurationDisplay"] == f"{round(session['durationMin'])} min"
            band = session["paceRange"]
            if band is not None:
                match = re.fullmatch(f"{PACE}–{PACE}/km", session["targetPaceDisplay"])
                assert match, session["targetPaceDisplay"]
                fast, slow = seconds(match.expand(r"\1:\2")), seconds(match.expand(r"\3:\4"))
                assert (fast, slow) == (round(band["minSPerKm"]), round(band["maxSPerKm"]))
            segments = session["structureSegments"]
            if not segments:
                assert session["structureDisplay"] is None
                continue
            parts = session["structureDisplay"].split(" → ")
            assert len(parts) == len(segments)
            for part, segment in zip(parts, segments, strict=True):
                word = SEGMENT_WORDS.get(segment["segmentType"])
                if word is not None:
                    assert part == f"{round(segment['durationSeconds'] / 60)} min {word}"
            if [s["segmentType"] for s in segments] == ["warmup", "main", "cooldown"]:
                kind = session["sessionTypeDisplay"].lower()
                minutes = [round(s["durationSeconds"] / 60) for s in segments]
                assert session["structureDisplay"] == (
                    f"{minutes[0]} min warm-up → {minutes[1]} min {kind} → "
                    f"{minutes[2]} min cool-down"
                )
                structured += 1
        assert structured, "a 16-week half-marathon plan has warm-up, main, cool-down sessions"
        shown_types = {s["sessionTypeDisplay"] for s in sessions}
        assert {"Rest", "Easy", "Long Run", "Race"} <= shown_types
        assert all(s["isKeySession"] for s in sessions if s["sessionTypeDisplay"] == "Long Run")


class TestDecisionAudit:
    async def test_each_decision_says_what_where_from_and_how_sure(self, http, make_account):
        account = await make_account()
        plan_id = await generated_plan(http, account)
        data = await plan_query(http, account, DECISIONS, plan_id)
        decisions = data["plan"]["decisions"]
        known = {entry["key"] for entry in data["knowledgeEntries"]}

        assert decisions
        for decision in decisions:
            assert decision["decisionType"] in {
                "periodization",
                "volume",
                "intensity",
                "session_placement",
            }
            assert decision["source"] in {"template", "formula", "modifier", "coach_rule"}
            assert decision["what"]
            assert decision["reasoning"]
            assert decision["relatedRule"] is None or decision["relatedRule"] in known
            confidence = decision["confidence"]
            assert confidence is None or 0 <= confidence <= 1
        paces = next(d for d in decisions if d["what"].startswith("VDOT"))
        assert paces["decisionType"] == "intensity"
        assert paces["confidence"] is not None
        assert {d["decisionType"] for d in decisions} >= {"volume", "periodization"}


class TestSeasonOutcomes:
    async def test_expected_outcomes_follow_the_feasibility(self, http, make_account):
        account = await make_account()
        plan_id = await generated_plan(http, account)
        season = (await plan_query(http, account, SEASON, plan_id))["plan"]["season"]
        outcomes, feasibility = season["expectedOutcomes"], season["goalFeasibility"]

        assert outcomes["primaryGoal"].startswith("Finish Spring half")
        level = {"ACHIEVABLE": "achievable", "AMBITIOUS": "ambitious", "UNLIKELY": "stretch"}
        assert outcomes["confidenceLevel"] == level[feasibility["verdict"]]
        assert outcomes["confidenceReason"] == feasibility["reason"]
        assert any("runs a week" in text for text in outcomes["secondaryOutcomes"])


GOFAST = """
query GoFast($id: ID!) { plan(id: $id) {
  athleteId totalWeeks durationWeeks phaseOverview { phase } phases { phase }
  goalTime targetTime
  race { raceName name raceDate date distanceMiles distanceM raceType type }
} viewer { runner { id } } }
"""


class TestGoFastNames:
    async def test_the_race_and_plan_answer_gofasts_names(self, http, make_account):
        account = await make_account()
        plan_id = await generated_plan(http, account)
        data = await plan_query(http, account, GOFAST, plan_id)
        plan, race = data["plan"], data["plan"]["race"]

        assert plan["athleteId"] == data["viewer"]["runner"]["id"]
        assert plan["totalWeeks"] == plan["durationWeeks"] == 16
        assert plan["phaseOverview"] == plan["phases"]
        assert plan["goalTime"] == plan["targetTime"]
        assert (race["raceName"], race["raceDate"]) == (race["name"], race["date"])
        assert race["distanceMiles"] == pytest.approx(race["distanceM"] / 1609.344)
        assert race["raceType"] == "half"  # GoFast writes 5k, 10k, half, marathon
        assert race["type"] == "HALF_MARATHON"
