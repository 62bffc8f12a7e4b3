"""Activities in, matched to planned days, analysed; bad input stores nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import orjson
import pytest
from bson import ObjectId

from tests.api.tracking_helpers import (
    import_strava,
    runner_in_plan,
    strava_run,
    week_sessions,
    with_heart_rate_profile,
)
from tests.conftest import graphql

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "activities"


def day_of(session: dict) -> date:
    return date.fromisoformat(session["scheduledDate"])


@pytest.mark.calendar
class TestMatchingOverARealWeek:
    async def test_a_week_of_runs_lands_where_a_runner_expects(self, http, make_account):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        week = await week_sessions(http, account, plan_id, 2)
        runs = [s for s in week if s["type"] not in {"REST", "RACE"}]
        long_run = max(runs, key=lambda s: s["distanceKm"])
        others = [s for s in runs if s is not long_run]
        on_the_day = others[0]
        # Run a day late into a rest day: its own session is the only similar one a day away.
        by_day = {day_of(s): s for s in week}

        def unambiguous_late(session: dict) -> bool:
            next_day = by_day.get(day_of(session) + timedelta(days=1))
            after = by_day.get(day_of(session) + timedelta(days=2))
            similar_after = (
                after is not None
                and after["type"] != "REST"
                and abs(after["distanceKm"] - session["distanceKm"]) < 0.4 * session["distanceKm"]
            )
            return next_day is not None and next_day["type"] == "REST" and not similar_after

        a_day_late = next(s for s in others[1:] if unambiguous_late(s))
        payload = [
            strava_run(day_of(on_the_day), on_the_day["distanceKm"], on_the_day["durationMin"]),
            strava_run(
                day_of(a_day_late) + timedelta(days=1),
                a_day_late["distanceKm"],
                a_day_late["durationMin"],
            ),
            # The long run done the day before its planned day.
            strava_run(
                day_of(long_run) - timedelta(days=1),
                long_run["distanceKm"],
                long_run["durationMin"],
                hour=10,
            ),
            # A second, short run on the same day as the first: not the same session twice.
            strava_run(day_of(on_the_day), 3.0, 18, hour=18),
            # A bike ride on a run day: never a run.
            strava_run(day_of(on_the_day), 30.0, 60, hour=12, sport="Ride"),
            # A run months before the plan: no planned day at all.
            strava_run(date(2020, 5, 5), 6.0, 35),
        ]
        result = await import_strava(http, account, payload)
        assert result["__typename"] == "ActivitiesImported", result
        statuses = [a["matchStatus"] for a in result["activities"]]
        assert statuses[:3] == ["MATCHED", "MATCHED", "MATCHED"]
        assert statuses[3] in {"UNPLANNED", "SUGGESTED"}
        assert statuses[4] == "NOT_A_RUN"
        assert statuses[5] == "UNPLANNED"
        assert (result["linked"], result["notRuns"]) == (3, 1)

        after = {s["id"]: s for s in await week_sessions(http, account, plan_id, 2)}
        for session, activity in ((on_the_day, 0), (a_day_late, 1), (long_run, 2)):
            seen = after[session["id"]]
            assert seen["status"] in {"COMPLETED", "MODIFIED"}
            (execution,) = seen["executions"]
            assert execution["activity"]["id"] == result["activities"][activity]["id"]
        assert after[long_run["id"]]["executions"][0]["analysis"]["complianceColor"] == "GREEN"
        # Days of that week nobody ran are now missed.
        done = {on_the_day["id"], a_day_late["id"], long_run["id"]}
        untouched = [s for s in runs if s["id"] not in done]
        assert untouched
        assert all(after[s["id"]]["status"] == "MISSED" for s in untouched)


class TestReplay:
    async def test_the_same_import_three_times_changes_nothing(
        self, http, make_account, repositories
    ):
        account = await make_account()
        plan_id = await runner_in_plan(http, account)
        week = await week_sessions(http, account, plan_id, 1)
        runs = [s for s in week if s["type"] not in {"REST", "RACE"}]
        payload = [strava_run(day_of(s), s["distanceKm"], s["durationMin"]) for s in runs]

        async def snapshot() -> list:
            query = {"runnerId": account.runner_id}
            collections = (repositories.activities, repositories.executions, repositories.sessions)
            return [
                await repo.collection.find(query).sort("_id", 1).to_list() for repo in collections
            ]

        first = await import_strava(http, account, payload)
        assert first["linked"] == len(runs)
        after_first = await snapshot()
        for _ in range(2):
            again = await import_strava(http, account, payload)
            assert (again["replayed"], again["activities"]) == (len(runs), [])
        assert await snapshot() == after_first


class TestConcurrentLinks:
    async def test_one_execution_per_session_one_session_per_activity(
        self, http, make_account, repositories
    ):
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=0)
        week = await week_sessions(http, account, plan_id, 3)
        runs = [s for s in week if s["type"] not in {"REST", "RACE"}]
        target, other = runs[0], runs[1]
        # Twenty runs from a plan-free day, then everyone races for the same session.
        payload = [
            strava_run(date(2021, 1, 4), 8.0, 45, hour=h % 24, activity_id=700 + h)
            for h in range(20)
        ]
        imported = await import_strava(http, account, payload)
        activity_ids = [a["id"] for a in imported["activities"]]
        link = "mutation L($a: ID!, $s: ID!) { linkActivity(activityId: $a, sessionId: $s) { __typename } }"
        results = await asyncio.gather(
            *(graphql(http, link, {"a": a, "s": target["id"]}, account) for a in activity_ids)
        )
        kinds = [r["data"]["linkActivity"]["__typename"] for r in results]
        assert kinds.count("ExecutionSaved") == 1
        assert kinds.count("Conflict") == 19
        assert (
            await repositories.executions.collection.count_documents(
                {"runnerId": account.runner_id, "sessionId": account_session(target)}
            )
            == 1
        )
        # Nothing lost: every activity still has exactly one execution (planned or not).
        for activity_id in activity_ids:
            assert (
                await repositories.executions.collection.count_documents(
                    {
                        "runnerId": account.runner_id,
                        "activityId": account_session({"id": activity_id}),
                    }
                )
                == 1
            )

        loser = activity_ids[kinds.index("Conflict")]
        results = await asyncio.gather(
            graphql(http, link, {"a": loser, "s": other["id"]}, account),
            graphql(http, link, {"a": loser, "s": runs[2]["id"]}, account),
        )
        kinds = sorted(r["data"]["linkActivity"]["__typename"] for r in results)
        assert kinds == ["Conflict", "ExecutionSaved"]
        linked = await repositories.executions.collection.count_documents(
            {"activityId": account_session({"id": loser}), "sessionId": {"$ne": None}}
        )
        assert linked == 1


class TestConcurrentImports:
    async def test_the_same_run_imported_twice_at_once_is_stored_and_linked_once(
        self, http, make_account, repositories
    ):
        """A retried webhook: two imports of one run race; one stores, the other replays."""
        account = await make_account()
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        weeks = [*await week_sessions(http, account, plan_id, 1)]
        weeks += await week_sessions(http, account, plan_id, 2)
        runs = [s for s in weeks if s["type"] not in {"REST", "RACE", "CROSS_TRAINING", "STRENGTH"}]
        assert len(runs) >= 6
        for round_number, session in enumerate(runs[:6]):
            run = strava_run(
                day_of(session),
                session["distanceKm"],
                session["durationMin"],
                timezone=account.timezone,
            )
            answers = await asyncio.gather(*(import_strava(http, account, [run]) for _ in range(2)))
            assert sorted(len(a["activities"]) for a in answers) == [0, 1], answers
            assert sorted(a["replayed"] for a in answers) == [0, 1], answers
            (stored,) = next(a["activities"] for a in answers if a["activities"])
            activity_id = ObjectId(stored["id"])
            executions = await repositories.executions.collection.find(
                {"runnerId": account.runner_id, "activityId": activity_id}
            ).to_list()
            assert len(executions) == 1, (round_number, executions)
            # Run as planned on its day: linked to that session, and the session says so.
            assert executions[0]["sessionId"] == ObjectId(session["id"]), executions
            linked = await repositories.sessions.collection.find_one(
                {"_id": executions[0]["sessionId"]}
            )
            assert linked["executionId"] == executions[0]["_id"], (round_number, linked)
            assert linked["status"] in {"completed", "modified"}, linked
        # Every session of the two weeks has at most one execution, and says which.
        for session in runs:
            count = await repositories.executions.collection.count_documents(
                {"sessionId": ObjectId(session["id"])}
            )
            stored_session = await repositories.sessions.collection.find_one(
                {"_id": ObjectId(session["id"])}
            )
            assert count == (1 if stored_session.get("executionId") else 0), stored_session


def account_session(session: dict) -> ObjectId:
    return ObjectId(session["id"])


class TestBadInput:
    async def expect_nothing_stored(self, repositories, account) -> None:
        assert (
            await repositories.activities.collection.count_documents(
                {"runnerId": account.runner_id}
            )
            == 0
        )

    @pytest.mark.calendar
    async def test_impossible_values_store_nothing(self, http, make_account, repositories):
        account = await make_account()
        good = strava_run(date(2024, 4, 2), 10, 50)
        for bad, field in (
            (strava_run(date(2024, 4, 3), 10, 50, average_heartrate=300), "average_heartrate"),
            (strava_run(date(2024, 4, 3), -5, 50), "distance"),
            (strava_run(date(2024, 4, 3), 10, 15), "pace"),
            (strava_run(account.today() + timedelta(days=3), 10, 50), "start_date"),
        ):
            result = await import_strava(http, account, [good, bad])
            assert result["__typename"] == "InvalidInput", (field, result)
            assert result["field"].startswith("payload[1]")
            await self.expect_nothing_stored(repositories, account)

    async def test_corrupt_and_mislabelled_files(self, http, make_account, repositories):
        account = await make_account()
        fit = (FIXTURES / "edge1000_ride_2020-06-01.fit").read_bytes()
        for name, data in (
            ("run.fit", fit[: len(fit) // 2]),
            ("run.gpx", fit),
            ("run.tcx", b"<TrainingCenterDatabase><oops"),
            ("empty.fit", b""),
        ):
            body = await upload(http, account, name, data)
            assert body["data"]["uploadActivityFile"]["__typename"] == "InvalidInput", (name, body)
        await self.expect_nothing_stored(repositories, account)

    async def test_file_over_the_limit_is_refused(self, http, make_account, repositories, settings):
        account = await make_account()
        response = await http.post(
            "/graphql",
            headers=account.headers,
            data=multipart_fields(),
            files={
                "0": (
                    "big.fit",
                    b"0" * (settings.max_upload_bytes + 10),
                    "application/octet-stream",
                )
            },
        )
        assert response.status_code == 413
        await self.expect_nothing_stored(repositories, account)


UPLOAD = (
    "mutation U($file: Upload!) { uploadActivityFile(file: $file) { __typename "
    "... on ActivitiesImported { activities { distanceM elapsedTimeS sport } } "
    "... on InvalidInput { field message } } }"
)


def multipart_fields() -> dict:
    return {
        "operations": orjson.dumps({"query": UPLOAD, "variables": {"file": None}}).decode(),
        "map": orjson.dumps({"0": ["variables.file"]}).decode(),
    }


async def upload(http: httpx.AsyncClient, account, name: str, data: bytes) -> dict:
    response = await http.post(
        "/graphql",
        headers={**account.headers, "apollo-require-preflight": "true"},
        data=multipart_fields(),
        files={"0": (name, data, "application/octet-stream")},
    )
    return response.json()


class TestRealFiles:
    async def test_uploaded_tcx_run_keeps_its_distance_and_time(self, http, make_account):
        account = await make_account()
        data = (FIXTURES / "forerunner410_run_2012-12-26.tcx").read_bytes()
        body = await upload(http, account, "forerunner.tcx", data)
        (activity,) = body["data"]["uploadActivityFile"]["activities"]
        assert activity["sport"] == "RUN"
        assert abs(activity["distanceM"] - 4686.3) / 4686.3 < 0.01


STRUCTURED = """
query S($planId: ID!) {
  plan(id: $planId) { weeks { sessions { id scheduledDate type distanceKm durationMin
    hrRange { minBpm maxBpm }
    segments { kind distanceM durationMin repetitions recoveryDurationMin effort
      paceRange { minSPerKm maxSPerKm } }
    executions { actual { distanceKm workPaceSPerKm }
      analysis { complianceColor qualityScore summary distanceVarianceKm paceTargetHit } } } } }
}
"""


async def structured_sessions(http, account, plan_id: str) -> list[dict]:
    body = await graphql(http, STRUCTURED, {"planId": plan_id}, account)
    assert "errors" not in body, body
    return [s for week in body["data"]["plan"]["weeks"] for s in week["sessions"]]


def laps_as_prescribed(session: dict, day: date, timezone: str) -> list[dict]:
    """Strava laps for each block of the session's structure, run at the middle of its band."""
    start = datetime(day.year, day.month, day.day, 7, tzinfo=ZoneInfo(timezone)).astimezone(UTC)
    laps: list[dict] = []

    def lap(distance_m: float, seconds: float) -> None:
        began = start + timedelta(seconds=sum(item["elapsed_time"] for item in laps))
        laps.append(
            {
                "start_date": began.isoformat().replace("+00:00", "Z"),
                "elapsed_time": round(seconds),
                "moving_time": round(seconds),
                "distance": round(distance_m, 1),
            }
        )

    for segment in session["segments"]:
        band = segment["paceRange"]
        pace = (band["minSPerKm"] + band["maxSPerKm"]) / 2 if band else 360.0
        reps = segment["repetitions"] or 1
        for rep in range(reps):
            distance = segment["distanceM"] or segment["durationMin"] * 60 / pace * 1000
            lap(distance, distance / 1000 * pace)
            if rep < reps - 1 and segment["recoveryDurationMin"]:
                lap(
                    segment["recoveryDurationMin"] * 60 / 400 * 1000,
                    segment["recoveryDurationMin"] * 60,
                )
    return laps


@pytest.mark.calendar
class TestAnalysisOfStructure:
    async def test_intervals_run_exactly_as_prescribed_are_green(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("laps")
        # A time goal: the build weeks carry interval sessions.
        plan_id = await runner_in_plan(http, account, weeks_ago=10, goal_priority="TIME")
        today = account.today()
        sessions = await structured_sessions(http, account, plan_id)
        intervals = [
            s
            for s in sessions
            if s["type"] == "INTERVALS" and s["scheduledDate"] < today.isoformat()
        ]
        assert intervals, "the plan had an interval session before today"
        session = intervals[-1]
        day = date.fromisoformat(session["scheduledDate"])
        laps = laps_as_prescribed(session, day, account.timezone)
        distance_km = sum(item["distance"] for item in laps) / 1000
        minutes = sum(item["moving_time"] for item in laps) / 60
        result = await import_strava(
            http,
            account,
            [strava_run(day, round(distance_km, 2), minutes, laps=laps, timezone=account.timezone)],
        )
        assert result["activities"][0]["executionId"], result
        after = {s["id"]: s for s in await structured_sessions(http, account, plan_id)}
        (execution,) = after[session["id"]]["executions"]
        analysis = execution["analysis"]
        assert analysis["complianceColor"] == "GREEN", analysis
        assert analysis["qualityScore"] >= 85, analysis
        assert analysis["paceTargetHit"] is True
        assert "slow" not in analysis["summary"]
        assert execution["actual"]["workPaceSPerKm"] is not None

    async def test_a_treadmill_run_with_heart_rate_only_is_not_km_short(
        self, http: httpx.AsyncClient, make_account
    ):
        account = await make_account("treadmill")
        await with_heart_rate_profile(http, account)
        plan_id = await runner_in_plan(http, account, weeks_ago=3)
        today = account.today()
        sessions = await structured_sessions(http, account, plan_id)
        easy = [
            s for s in sessions if s["type"] == "EASY" and s["scheduledDate"] < today.isoformat()
        ]
        assert easy, "the plan had an easy run before today"
        session = easy[-1]
        band = session["hrRange"]
        heart_rate = (band["minBpm"] + band["maxBpm"]) / 2
        run = strava_run(
            date.fromisoformat(session["scheduledDate"]),
            0.0,
            session["durationMin"],
            trainer=True,
            average_heartrate=heart_rate,
            timezone=account.timezone,
        )
        result = await import_strava(http, account, [run])
        assert result["activities"][0]["executionId"], result
        after = {s["id"]: s for s in await structured_sessions(http, account, plan_id)}
        (execution,) = after[session["id"]]["executions"]
        analysis = execution["analysis"]
        assert execution["actual"]["distanceKm"] is None
        assert analysis["distanceVarianceKm"] is None
        assert "short" not in analysis["summary"]
        assert "heart rate on target" in analysis["summary"]
        assert analysis["complianceColor"] == "GREEN"
