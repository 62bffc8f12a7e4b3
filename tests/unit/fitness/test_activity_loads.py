"""An imported activity's load: which method the runner's profile allows, and the fallbacks."""

from __future__ import annotations

from datetime import date

import pytest

from app.fitness.activity_loads import LoadProfile, load_for, load_profile
from app.fitness.load import LoadMethod, Sex
from app.fitness.vdot import pace_at_fraction_s_per_km, vdot_from_race

TODAY = date(2025, 6, 30)


class TestProfile:
    def test_typed_values_win(self) -> None:
        runner = {
            "identity": {"sex": "female", "dateOfBirth": "1985-01-01"},
            "physical": {"restingHr": 48, "maxHr": 185},
            "running": {"thresholdPaceSPerKm": 270, "baseline5kS": 1500},
            "currentState": {"latestRestingHr": 55},
        }
        assert load_profile(runner, TODAY) == LoadProfile(48, 185, Sex.FEMALE, 270)

    def test_fallbacks_from_wearables_age_and_vdot(self) -> None:
        runner = {
            "identity": {"sex": "other", "dateOfBirth": "1985-06-30"},
            "running": {"baseline5kS": 1440},
            "currentState": {"latestRestingHr": 55},
        }
        profile = load_profile(runner, TODAY)
        # Tanaka at 40: 208 - 28 = 180; "other" takes the default weighting.
        assert profile.max_hr == pytest.approx(180.0, abs=0.01)
        assert (profile.rest_hr, profile.sex) == (55, None)
        # Daniels' T pace (88 % of VDOT) for a 24:00 5 km, VDOT 40.2: 5:04/km.
        assert profile.threshold_pace_s_per_km == pytest.approx(
            pace_at_fraction_s_per_km(vdot_from_race(5000, 1440), 0.88)
        )
        assert profile.threshold_pace_s_per_km == pytest.approx(304, abs=1)

    def test_recent_race_when_no_baseline_and_old_races_ignored(self) -> None:
        races = [
            {"distanceM": 10000, "timeS": 3000, "date": "2025-03-01"},
            {"distanceM": 5000, "timeS": 1200, "date": "2023-03-01"},
        ]
        profile = load_profile({"running": {"recentRaces": races}}, TODAY)
        assert profile.threshold_pace_s_per_km == pytest.approx(
            pace_at_fraction_s_per_km(vdot_from_race(10000, 3000), 0.88)
        )
        assert load_profile({"running": {"recentRaces": races[1:]}}, TODAY) == LoadProfile()


class TestLoadFor:
    def test_trimp_then_rtss_then_nothing(self) -> None:
        full = LoadProfile(50, 190, Sex.MALE, 300)
        trimp = load_for(full, sport="run", duration_s=3600, avg_hr=148, pace_s_per_km=360)
        assert trimp is not None
        # 148 bpm against a threshold of 0.88 x 190 = 167.2 bpm: IF 0.885, an hour = 78.4.
        assert (trimp.method, round(trimp.value, 1)) == (LoadMethod.HEART_RATE, 78.4)
        pace_only = LoadProfile(threshold_pace_s_per_km=300)
        rtss = load_for(pace_only, sport="run", duration_s=3600, avg_hr=148, pace_s_per_km=300)
        assert rtss is not None
        assert (rtss.method, rtss.value) == (LoadMethod.PACE, 100.0)
        assert (
            load_for(LoadProfile(), sport="run", duration_s=3600, avg_hr=148, pace_s_per_km=300)
            is None
        )

    def test_rides_never_use_running_pace(self) -> None:
        pace_only = LoadProfile(threshold_pace_s_per_km=300)
        assert (
            load_for(pace_only, sport="ride", duration_s=3600, avg_hr=None, pace_s_per_km=120)
            is None
        )

    def test_no_duration_no_load(self) -> None:
        full = LoadProfile(50, 190, Sex.MALE, 300)
        assert load_for(full, sport="run", duration_s=0, avg_hr=150, pace_s_per_km=300) is None
