"""An executed day in the seeds' words: assistant-first `Execution`, GoFast `TrainingDayExecuted`.

Runs are uploaded as real TCX files onto days of a generated plan; what the runner reads back
is compared with the activity's own figures and with the planned day.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.api.tracking_helpers import runner_in_plan, upload_file
from tests.conftest import graphql
from tests.tcx_writer import TcxRun, tcx_file

UPLOAD = (
    "mutation U($file: Upload!) { uploadActivityFile(file: $file) { __typename "
    "... on ActivitiesImported { activities { id executionId matchStatus } } "
    "... on InvalidInput { field message } } }"
)
LINK = "mutation L($a: ID!, $s: ID!) { linkActivity(activityId: $a, sessionId: $s) { __typename } }"
WEEK = """
query W($planId: ID!, $week: Int!) {
  plan(id: $planId) { weeks(from: $week, to: $week) { sessions {
    id weekNumber scheduledDate type distanceKm durationMin description targetPaceDisplay
    executions {
      id workoutId performedAt weekIndex planId adherenceScore
      analysis { adherenceScore }
      actualMetrics { durationMinutes distanceKm avgPace hrAvg hrDrift cadence }
      plannedData { type distanceKm mileage durationMinutes pace description }
      activity { id startTime movingTimeSeconds distanceMeters avgHeartRateBpm avgCadenceSpm
        avgPaceSPerKm hrDriftPct }
    } } } }
}
"""


async def upload_run(http, account, run: TcxRun) -> dict:
    """Upload the run as a TCX file; the stored activity (id, execution, match)."""
    body = await upload_file(http, account, "run.tcx", tcx_file(run), UPLOAD)
    answer = body["data"]["uploadActivityFile"]
    assert answer["__typename"] == "ActivitiesImported", answer
    (activity,) = answer["activities"]
    return activity


async def run_on(http, account, session: dict, share: float = 1.0, **track: float) -> TcxRun:
    """Run `share` of the planned session on its day, uploaded and linked to it; the run."""
    day = date.fromisoformat(session["scheduledDate"])
    run = TcxRun(
        datetime(day.year, day.month, day.day, 7, 0, tzinfo=ZoneInfo(account.timezone)),
        minutes=session["durationMin"] * share,
        distance_km=session["distanceKm"] * share,
        **track,
    )
    activity = await upload_run(http, account, run)
    if activity["matchStatus"] != "MATCHED":
        body = await graphql(http, LINK, {"a": activity["id"], "s": session["id"]}, account)
        assert body["data"]["linkActivity"]["__typename"] == "ExecutionSaved", body
    return run


async def sessions_of_week(http, account, plan_id: str, week: int) -> list[dict]:
    body = await graphql(http, WEEK, {"planId": plan_id, "week": week}, account)
    (found,) = body["data"]["plan"]["weeks"]
    return found["sessions"]


@pytest.mark.calendar
class TestAnExecutedDay:
    async def test_reads_as_the_seeds_describe_it(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        week = await sessions_of_week(http, account, plan_id, 2)
        easy = [s for s in week if s["type"] in {"EASY", "RECOVERY"} and s["distanceKm"] > 0]
        full, short = easy[0], easy[1]
        # As planned, with the heart rate 10 % higher in the second half at the same pace.
        await run_on(http, account, full, hr_first_half=140, hr_second_half=154)
        # A third of the planned run.
        await run_on(http, account, short, share=1 / 3)

        after = {s["id"]: s for s in await sessions_of_week(http, account, plan_id, 2)}
        (done,) = after[full["id"]]["executions"]
        activity = done["activity"]
        assert done["workoutId"] == full["id"]
        assert done["planId"] == plan_id
        assert done["weekIndex"] == 1  # GoFast counts weeks from 0: the plan's second week
        assert done["performedAt"] == activity["startTime"]
        metrics = done["actualMetrics"]
        assert metrics["distanceKm"] == pytest.approx(activity["distanceMeters"] / 1000, abs=1e-3)
        assert metrics["durationMinutes"] == pytest.approx(
            activity["movingTimeSeconds"] / 60, abs=0.01
        )
        pace_s = round(activity["avgPaceSPerKm"])
        assert metrics["avgPace"] == f"{pace_s // 60}:{pace_s % 60:02d}"
        assert metrics["hrAvg"] == activity["avgHeartRateBpm"]
        assert metrics["cadence"] == activity["avgCadenceSpm"] == 170
        # Same pace, 140 then 154 bpm: the second half's efficiency is 140/154 of the first's.
        assert metrics["hrDrift"] == activity["hrDriftPct"] == pytest.approx(9.1)
        assert done["adherenceScore"] == done["analysis"]["adherenceScore"]
        assert 0 <= done["adherenceScore"] <= 100
        planned = done["plannedData"]
        assert planned["type"] == full["type"].lower()
        assert planned["distanceKm"] == full["distanceKm"]
        assert planned["mileage"] == pytest.approx(full["distanceKm"] / 1.609344, abs=0.01)
        assert planned["durationMinutes"] == full["durationMin"]
        assert planned["pace"] == full["targetPaceDisplay"]
        assert planned["description"] == full["description"]

        (cut_short,) = after[short["id"]]["executions"]
        assert 0 <= cut_short["adherenceScore"] < done["adherenceScore"]
        # Ten minutes of even heart rate: too short to measure a drift.
        assert cut_short["actualMetrics"]["hrDrift"] is None

        skipped = next(s for s in week if s["type"] not in {"REST", "RACE"} and s not in easy[:2])
        body = await graphql(
            http,
            'mutation S($s: ID!) { skipSession(sessionId: $s, reason: "sick") { __typename } }',
            {"s": skipped["id"]},
            account,
        )
        assert body["data"]["skipSession"]["__typename"] == "SessionSaved", body
        after = {s["id"]: s for s in await sessions_of_week(http, account, plan_id, 2)}
        (nothing,) = after[skipped["id"]]["executions"]
        assert nothing["actualMetrics"] is None
        assert nothing["performedAt"] is None
        assert nothing["plannedData"]["type"] == skipped["type"].lower()

    async def test_a_day_is_another_runners_never(self, http, make_account):
        account, other = await make_account(), await make_account("other")
        plan_id = await runner_in_plan(http, account, weeks_ago=1)
        week = await sessions_of_week(http, account, plan_id, 1)
        day = next(s for s in week if s["type"] == "EASY")
        await run_on(http, account, day)
        after = {s["id"]: s for s in await sessions_of_week(http, account, plan_id, 1)}
        (execution,) = after[day["id"]]["executions"]
        query = "query E($id: ID!) { execution(id: $id) { id actualMetrics { distanceKm } } }"
        mine = await graphql(http, query, {"id": execution["id"]}, account)
        assert mine["data"]["execution"]["actualMetrics"]["distanceKm"] == pytest.approx(
            day["distanceKm"], abs=0.01
        )
        theirs = await graphql(http, query, {"id": execution["id"]}, other)
        assert theirs["data"]["execution"] is None
