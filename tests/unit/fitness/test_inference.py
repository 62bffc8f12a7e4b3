"""The engine's pure part: stored documents in, the runner's current state out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from bson import ObjectId

from app.fitness.inference import RunnerHistory, derive_state
from app.fitness.load import pmc

TODAY = date(2025, 6, 30)
NOW = datetime(2025, 6, 30, 18, 0, tzinfo=UTC)


def activity(days_ago: int, load: float | None, *, km: float = 10.0, **extra: object) -> dict:
    document = {
        "_id": ObjectId(),
        "localDate": (TODAY - timedelta(days=days_ago)).isoformat(),
        "sport": "run",
        "distanceM": km * 1000,
        "movingTimeS": 3000.0,
        **extra,
    }
    if load is not None:
        document["load"] = {"value": load, "method": "rtss"}
    return document


class TestDeriveState:
    def test_history_becomes_the_current_state(self) -> None:
        unloaded = activity(1, None)
        activities = [
            activity(0, 60.0),
            unloaded,
            activity(0, 60.0, duplicateOf=ObjectId()),  # the same run from another source
            activity(10, 40.0, km=8.0),
            activity(2, 30.0, km=20.0, sport="ride"),
        ]
        executions = [
            # The runner rated the run without a load RPE 6: 50 min x 6 = 300 units.
            {
                "activityId": unloaded["_id"],
                "date": unloaded["localDate"],
                "feedback": {"rpe": 6, "soreness": 8},
            },
        ]
        sleep = [
            {"localDate": TODAY.isoformat(), "score": 82, "durationS": 7.5 * 3600, "restingHr": 51}
        ]
        body = [
            {"measuredAt": datetime(2025, 6, 1, tzinfo=UTC), "weightKg": 70.5},
            {"measuredAt": datetime(2025, 6, 20, tzinfo=UTC), "weightKg": 70.1},
        ]
        runner = {
            "health": {
                "injuryHistory": [
                    {"type": "achilles", "resolved": False},
                    {"type": "knee", "resolved": True},
                ]
            }
        }
        derived = derive_state(RunnerHistory(runner, activities, executions, sleep, [], body), NOW)
        state = derived.current_state

        # 182 days of chart, loads 40 (10 days ago), 30 (the ride), RPE 6 for 50 min on the
        # TSS scale (IF 0.94: 73.6 points), 60 (today).
        daily = [0.0] * 182
        daily[-11], daily[-3], daily[-2], daily[-1] = 40.0, 30.0, 50 / 60 * 0.94**2 * 100, 60.0
        expected = pmc(daily)[-1]
        assert state.ctl == pytest.approx(expected.ctl, abs=0.005)
        assert state.atl == pytest.approx(expected.atl, abs=0.005)
        assert state.tsb == pytest.approx(expected.tsb, abs=0.005)
        # Runs only, the duplicate and the ride left out.
        assert state.last_7_days is not None
        assert (state.last_7_days.volume_km, state.last_7_days.run_count) == (20.0, 2)
        assert state.last_28_days is not None
        assert state.last_28_days.run_count == 3
        assert (derived.actual_weekly_volume_km, derived.consistency_score) == (7.0, 25.0)
        assert (state.latest_sleep_score, state.latest_resting_hr, state.latest_weight_kg) == (
            82,
            51.0,
            70.1,
        )
        assert state.readiness is not None
        # Ten days of history: form is left out until CTL's 42-day time constant has passed.
        assert [f.name for f in state.readiness.factors] == ["sleep_score", "sleep_duration_h"]
        assert state.injury_risk is not None
        assert state.injury_risk.level == "high"  # unresolved achilles + soreness 8
        assert state.injury_risk.factors == [
            "unresolved injury: achilles",
            "soreness 8/10 in the last 7 days",
        ]

    def test_an_empty_history_is_a_calm_zero(self) -> None:
        derived = derive_state(RunnerHistory({}, [], [], [], [], []), NOW)
        state = derived.current_state
        assert (state.ctl, state.atl, state.tsb, state.load_trend) == (0.0, 0.0, 0.0, "stable")
        assert state.updated_at == NOW
        assert state.readiness is None
        assert state.injury_risk is not None
        assert state.injury_risk.level == "low"
        assert (derived.actual_weekly_volume_km, derived.consistency_score) == (0.0, 0.0)
