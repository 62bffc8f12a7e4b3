"""The load forecast: a planned session's expected load, and the chart continued to race day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.fitness.activity_loads import LoadProfile
from app.fitness.forecast import (
    PlannedLoadInput,
    heart_rate_reserve_fraction,
    load_forecast,
    planned_session_load,
)
from app.fitness.load import Sex, pmc

TODAY = date(2025, 6, 30)
HR_PROFILE = LoadProfile(rest_hr=50, max_hr=190, sex=Sex.FEMALE, threshold_pace_s_per_km=300)
PACE_PROFILE = LoadProfile(threshold_pace_s_per_km=300)
NOTHING = LoadProfile()


def session(kind: str = "easy", minutes: float = 60, km: float = 10, effort: float = 3):
    return PlannedLoadInput(TODAY, kind, minutes, km, effort)


class TestPlannedSessionLoad:
    def test_effort_maps_onto_heart_rate_reserve(self) -> None:
        assert heart_rate_reserve_fraction(3) == pytest.approx(0.565)
        assert heart_rate_reserve_fraction(8) == pytest.approx(0.84)
        assert heart_rate_reserve_fraction(12) == pytest.approx(0.95)

    def test_heart_rate_profile_gives_heart_rate_tss(self) -> None:
        # RPE 3 -> 56.5 % of the reserve: 50 + 0.565 x 140 = 129.1 bpm; threshold 0.88 x 190.
        intensity = (50 + 0.565 * 140) / (0.88 * 190)
        assert planned_session_load(HR_PROFILE, session()) == pytest.approx(intensity**2 * 100)

    def test_pace_profile_gives_rtss_at_the_planned_pace(self) -> None:
        # 10 km in 60 min = 6:00/km against a 5:00 threshold: IF 0.833, 1 h -> 69.4.
        assert planned_session_load(PACE_PROFILE, session()) == pytest.approx(69.44, abs=0.01)

    def test_no_profile_gives_session_rpe(self) -> None:
        # 50 min at the planned effort 7, threshold on the CR-10 scale: 50/60 x 100 points.
        load = planned_session_load(NOTHING, session("tempo", 50, 10, 7))
        assert load == pytest.approx(50 / 60 * 100)

    def test_rest_and_cross_training_under_a_pace_profile_weigh_nothing(self) -> None:
        assert planned_session_load(HR_PROFILE, session("rest", 0, 0, 0)) == 0.0
        assert planned_session_load(PACE_PROFILE, session("cross_training", 45, 0, 4)) == 0.0

    def test_harder_sessions_weigh_more(self) -> None:
        easy = planned_session_load(HR_PROFILE, session("easy", 50, 8, 3))
        intervals = planned_session_load(HR_PROFILE, session("intervals", 50, 10, 8))
        assert intervals > 1.4 * easy


class TestLoadForecast:
    def test_continues_the_history_and_ends_on_the_last_day(self) -> None:
        start = TODAY - timedelta(days=9)
        history = {start + timedelta(days=i): 60.0 for i in range(10)}  # today's run done too
        plan = [PlannedLoadInput(TODAY + timedelta(days=2), "tempo", 50, 10, 7)]
        forecast = load_forecast(
            NOTHING,
            history,
            history_start=start,
            sessions=plan,
            today=TODAY,
            end=TODAY + timedelta(days=3),
        )
        assert [day.date for day in forecast] == [TODAY + timedelta(days=i) for i in range(4)]
        assert [day.load for day in forecast] == pytest.approx([60.0, 0.0, 50 / 60 * 100, 0.0])
        # The same chart computed in one go from the start.
        whole = pmc([60.0] * 10 + [0.0, 50 / 60 * 100, 0.0])
        assert forecast[-1].ctl == pytest.approx(whole[-1].ctl)
        assert forecast[0].tsb == pytest.approx(whole[9].tsb)

    def test_sessions_outside_the_window_and_a_past_end_are_ignored(self) -> None:
        plan = [PlannedLoadInput(TODAY - timedelta(days=1), "easy", 40, 6, 3)]
        forecast = load_forecast(
            NOTHING, {}, history_start=TODAY, sessions=plan, today=TODAY, end=TODAY
        )
        assert [day.load for day in forecast] == [0.0]
        assert (
            load_forecast(
                NOTHING,
                {},
                history_start=TODAY,
                sessions=[],
                today=TODAY,
                end=TODAY - timedelta(days=1),
            )
            == []
        )
