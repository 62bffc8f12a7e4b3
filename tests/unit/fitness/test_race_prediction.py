"""A plan's race prediction: efforts from executed sessions, the basis, the times and the trend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.fitness.prediction import Effort, EffortKind, OnTrackStatus, riegel
from app.fitness.race_prediction import choose_basis, race_prediction, session_effort

TODAY = date(2025, 6, 30)
HALF = 21097.5


def lap(metres: float, seconds: float) -> dict[str, float]:
    return {"distanceM": metres, "movingTimeS": seconds}


class TestSessionEffort:
    def test_a_race_is_the_whole_run(self) -> None:
        effort = session_effort(
            "race", TODAY, distance_m=10000, time_s=2700, laps=[], planned_slowest_s_per_km=None
        )
        assert effort == Effort(10000, 2700, TODAY, EffortKind.RACE)

    def test_a_threshold_session_keeps_only_its_work_laps(self) -> None:
        # Warm-up at 6:00/km, 4 x 1 km at 4:25 (band slow end 4:30 = 270 s, +3 % = 278 s),
        # recoveries at 7:00/km, cool-down at 6:10/km.
        laps = [lap(2000, 720)] + [lap(1000, 265), lap(200, 84)] * 4 + [lap(1500, 555)]
        effort = session_effort(
            "threshold",
            TODAY,
            distance_m=8300,
            time_s=2671,
            laps=laps,
            planned_slowest_s_per_km=270,
        )
        assert effort == Effort(4000, 1060, TODAY, EffortKind.THRESHOLD)

    def test_easy_runs_and_sessions_without_laps_say_nothing(self) -> None:
        assert (
            session_effort(
                "easy",
                TODAY,
                distance_m=8000,
                time_s=2880,
                laps=[lap(8000, 2880)],
                planned_slowest_s_per_km=360,
            )
            is None
        )
        assert (
            session_effort(
                "intervals",
                TODAY,
                distance_m=8000,
                time_s=2400,
                laps=[],
                planned_slowest_s_per_km=240,
            )
            is None
        )


class TestBasis:
    def test_adaptive_beats_races_and_baseline(self) -> None:
        race = Effort(5000, 1320, TODAY - timedelta(days=10), EffortKind.RACE)
        basis = choose_basis([], [race], 1500, TODAY)
        assert basis is not None
        # A single race gives the adaptive 5 km its own time.
        assert (basis.kind, basis.distance_m, basis.time_s) == (
            "adaptive_5k",
            5000,
            pytest.approx(1320, abs=0.5),
        )

    def test_an_older_race_then_the_baseline(self) -> None:
        old_race = Effort(10000, 2900, TODAY - timedelta(days=200), EffortKind.RACE)
        basis = choose_basis([], [old_race], 1500, TODAY)
        assert basis is not None
        assert (basis.kind, basis.time_s) == ("recent_race", 2900)
        stale = Effort(10000, 2900, TODAY - timedelta(days=400), EffortKind.RACE)
        baseline = choose_basis([], [stale], 1500, TODAY)
        assert baseline is not None
        assert baseline.kind == "baseline_5k"
        assert choose_basis([], [stale], None, TODAY) is None


class TestRacePrediction:
    def test_times_goal_and_trend(self) -> None:
        # A 22:00 5 km race ten days ago; 14 days earlier only the 24:00 baseline was known.
        race = Effort(5000, 1320, TODAY - timedelta(days=10), EffortKind.RACE)
        prediction = race_prediction(
            HALF, efforts=[], recent_races=[race], baseline_5k_s=1440, goal_time_s=6300, today=TODAY
        )
        assert prediction is not None
        assert prediction.basis.kind == "adaptive_5k"
        assert prediction.riegel_s == pytest.approx(riegel(1320, 5000, HALF), abs=1)
        assert prediction.predicted_time_s == prediction.vdot_equivalent_s
        # A 22:00 5 km is VDOT 44.5; its half (about 1:41) is well ahead of a 1:45 goal.
        assert prediction.vdot == pytest.approx(44.5, abs=0.1)
        assert 6000 < prediction.predicted_time_s < 6120
        assert prediction.on_track is not None
        assert prediction.on_track.status is OnTrackStatus.AHEAD
        # Two weeks ago the basis was the 24:00 baseline, a slower prediction.
        assert prediction.previous_predicted_time_s is not None
        assert prediction.previous_predicted_time_s > prediction.predicted_time_s
        assert prediction.trend == "improving"

    def test_no_goal_no_status_and_no_basis_no_prediction(self) -> None:
        prediction = race_prediction(
            HALF, efforts=[], recent_races=[], baseline_5k_s=1440, goal_time_s=None, today=TODAY
        )
        assert prediction is not None
        assert (prediction.on_track, prediction.trend) == (None, "steady")
        none = race_prediction(
            HALF, efforts=[], recent_races=[], baseline_5k_s=None, goal_time_s=6000, today=TODAY
        )
        assert none is None
